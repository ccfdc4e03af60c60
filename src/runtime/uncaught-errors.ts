import type { Logger } from '../logger.ts';
import { toError } from '../to-error.ts';

/** Errors of a database connection that went away (a restart, a crash, a failover). */
const CONNECTION_LOST = /Connection terminated|ECONNRESET|ECONNREFUSED|EPIPE|terminating connection|database system is (shutting down|starting up|in recovery)/i;

export function isConnectionLost(failure: Error): boolean {
  const code = (failure as { code?: unknown }).code;
  return CONNECTION_LOST.test(failure.message) || code === '57P01' || code === '57P03';
}

export function describeError(failure: Error): { name: string; message: string; code: unknown } {
  return { name: failure.name, message: failure.message, code: (failure as { code?: unknown }).code };
}

/** At most one warning per this long about connection errors nobody listened to. */
const WARN_EVERY_MS = 10_000;

/**
 * What an error nothing caught does to the process.
 *
 * A lost database connection whose 'error' event had no listener, thrown synchronously from the
 * socket's handler, is logged and the process runs on. The one known source is pg-boss's LISTEN
 * client: on a broken connection it removes its listeners before ending the client, so a late
 * socket error or FATAL message from the dying server is emitted to nobody. That is safe to
 * outlive: pg has marked the client unusable and failed its queries before emitting, and its
 * owner has already moved on (pg-boss reconnects its listener; pools discard a dead client on
 * release). Every connection of our own keeps a listener (pooled clients too, see createDb).
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
    const lost = isConnectionLost(failure);
    if (lost && origin === 'uncaughtException') {
      if (Date.now() - warnedAt > WARN_EVERY_MS) {
        warnedAt = Date.now();
        logger.warn({ error: describeError(failure) }, 'a lost database connection reported its error to no listener; its owner reconnects, running on');
      }
      return;
    }
    logger.fatal(
      { error: describeError(failure) },
      lost
        ? 'lost the connection to the database; exiting so that a supervisor restarts this process (running jobs resume)'
        : 'uncaught error; exiting',
    );
    process.exit(1);
  });
}
