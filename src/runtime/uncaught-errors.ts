import type { Logger } from '../logger.ts';
import { toError } from '../to-error.ts';
import { isLostPgConnection } from '../db/pg-connection-errors.ts';

/**
 * An error's type, message and code for a one-line log entry, without its stack. Logged under
 * `failure`, not `error`: the logger's error serializer would reduce this plain object to its
 * message and drop the code.
 */
export function describeError(failure: Error): { name: string; message: string; code: unknown } {
  return { name: failure.name, message: failure.message, code: (failure as { code?: unknown }).code };
}

/** At most one warning per this long about connection errors nobody listened to. */
const WARN_EVERY_MS = 10_000;

/**
 * What an error nothing caught does to the process.
 *
 * A lost Postgres connection whose 'error' event had no listener, thrown synchronously from the
 * socket's handler, is logged and the process runs on. The one known source is pg-boss's LISTEN
 * client: on a broken connection it removes its listeners before ending the client, so a late
 * socket error or FATAL message from the dying server is emitted to nobody. That is safe to
 * outlive: pg has marked the client unusable and failed its queries before emitting, and its
 * owner has already moved on (pg-boss reconnects its listener; pools discard a dead client on
 * release). Every connection of our own keeps a listener (pooled clients too, see createDb).
 * Only errors that provably come from a pg connection qualify (pg-connection-errors.ts): an
 * ECONNRESET of a webhook, a model call or a client socket that nothing handled is a bug whose
 * work stopped halfway, and ends the process like any other.
 *
 * Anything else ends the process, as Node does by default, with one clear line instead of a
 * stack trace: an unhandled rejection (some chain of work stopped halfway), or any other error.
 * A supervisor (systemd, Docker, Kubernetes) then restarts it; running jobs resume on a worker,
 * as after any crash.
 */
export function handleUncaughtErrors(logger: Logger): void {
  let warnedAt = 0;
  process.on('uncaughtException', (error, origin) => {
    const failure = toError(error);
    const lost = isLostPgConnection(failure);
    if (origin === 'uncaughtException' && lost) {
      if (Date.now() - warnedAt > WARN_EVERY_MS) {
        warnedAt = Date.now();
        logger.warn({ failure: describeError(failure) }, 'a lost database connection reported its error to no listener; its owner reconnects, running on');
      }
      return;
    }
    logger.fatal(
      { failure: describeError(failure) },
      lost
        ? 'lost the connection to the database; exiting so that a supervisor restarts this process (running jobs resume)'
        : 'uncaught error; exiting',
    );
    process.exit(1);
  });
}
