/**
 * Telling a lost Postgres connection's error from any other error (one that nothing caught, or
 * one that a database write may wait out: outlastLostConnection below).
 *
 * A pg client that loses its server after its owner took its listeners off (pg-boss's LISTEN
 * client does, see uncaught-errors.ts) emits its error to nobody, and Node throws it. Such an
 * error arrives in one of three shapes, and each is recognised by where it was made, never by
 * its message alone (an ECONNRESET of a webhook or model socket reads the same):
 * - the server's own goodbye (FATAL 57P01 "terminating connection due to administrator
 *   command"): a DatabaseError made by pg-protocol's parser;
 * - "Connection terminated unexpectedly": made by pg's client when its socket closes;
 * - a socket error (ECONNRESET, ETIMEDOUT, ...): made by Node's net code, so its stack names no
 *   pg frame at all. These are tagged at the source instead: pg makes each connection's socket
 *   with the `stream` factory given in its config (a documented pg option, used for proxies and
 *   cloud connectors), and `pgSocket` is that factory: a plain net.Socket whose errors are
 *   recorded through `errorMonitor`, which observes an 'error' event without handling it, so
 *   pg's own error handling is unchanged.
 * A socket under TLS (sslmode) is replaced by a TLSSocket that pg makes itself, whose errors
 * carry no tag: such a late error ends the process (the safe side), and a supervisor restarts it.
 */
import { errorMonitor, type EventEmitter } from 'node:events';
import net from 'node:net';
import { isUnrunNamedStatement } from './named-statements.ts';
import { toError } from '../to-error.ts';

const fromPgSockets = new WeakSet<Error>();

/** The socket factory for pg's `stream` option: errors on it are known to be a pg connection's. */
export function pgSocket(): net.Socket {
  const socket = new net.Socket();
  (socket as EventEmitter).on(errorMonitor, (error: Error) => {
    fromPgSockets.add(error);
  });
  return socket;
}

/**
 * A frame in pg's client, pg-protocol's parser or pg-pool (either copy, should a package bring its
 * own). pg-pool replaces the stack of an error met while connecting (the server's "shutting down"
 * or "starting up" answer) with one that starts in pg-pool itself.
 */
const PG_FRAME = /[\\/]node_modules[\\/](pg[\\/]lib|pg-protocol[\\/]dist|pg-pool)[\\/]/;

/**
 * What a connection that went away says (a restart, a crash, a failover). "not queryable" is pg's
 * answer to a statement on a client whose connection already failed or ended: kysely's ROLLBACK
 * after a transaction lost its connection says it, and its error replaces the first.
 */
const CONNECTION_LOST =
  /Connection terminated|ECONNRESET|ECONNREFUSED|EPIPE|terminating connection|database system is (shutting down|starting up|in recovery)|is not queryable|Query read timeout/i;

/**
 * pg's error for a statement without an answer within `query_timeout` (db/create-db.ts): the
 * connection went half-open, or the server stalled; either way that connection is given up, and
 * the statement counts as one a lost connection failed (CONNECTION_LOST).
 */
export function isQueryReadTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Query read timeout';
}

/**
 * How long a statement may go unanswered before its connection is given up as half-open
 * (DATABASE_QUERY_TIMEOUT_SECONDS, whose default this is): well inside CONNECTION_RECOVERY_MS, so that a job's write that met
 * such a connection is tried again on a fresh one within the window it waits out a lost
 * connection, and far above any statement of the service's (milliseconds; migrations, which may
 * take longer, run without it: runtime/open-database.ts).
 */
export const DEFAULT_QUERY_TIMEOUT_MS = 10_000;

/** Errors of a database connection that went away, judged by what they say (start-up failures, where no other source is running). */
export function isConnectionLost(failure: Error): boolean {
  const code = (failure as { code?: unknown }).code;
  return CONNECTION_LOST.test(failure.message) || code === '57P01' || code === '57P02' || code === '57P03';
}

/**
 * An error of a pg connection that went away: made on a socket from `pgSocket` (proof enough), or
 * saying the connection is lost with a pg, pg-protocol or pg-pool frame in its stack. The frame
 * proves less for a query's error than for an uncaught one: pg's `query` promise captures its
 * stack inside pg/lib/client.js, so every query error has such a frame and, for those, the words
 * decide. That is why CONNECTION_LOST lists only what a lost connection says; an ECONNRESET of
 * another socket, thrown uncaught, names no pg frame and is not taken for one.
 */
export function isLostPgConnection(failure: Error): boolean {
  if (fromPgSockets.has(failure)) return true;
  return isConnectionLost(failure) && PG_FRAME.test(failure.stack ?? '');
}

/**
 * How long work that lost its database connection keeps trying before it gives up: a restart or
 * a failover of Postgres takes seconds. A job's claim lease (queue/claim-leases.ts) and its event
 * writes (jobs/job-transitions.ts) ride out the same window, so a running job outlives an outage
 * whole (no retry spent, no model call repeated) or, past it, stops as any failed attempt does.
 */
export const CONNECTION_RECOVERY_MS = 30_000;
/** The longest pause between two tries to reach the database again. */
export const CONNECTION_RETRY_MS = 250;

/**
 * Whether a statement's failure is worth trying again on another connection: the connection was
 * lost (isLostPgConnection), or could not run a named statement it had prepared and was ended for
 * it (isUnrunNamedStatement: a stale plan after a migration, a prepared statement the server no
 * longer has). A statement met by the latter never ran, and the pool opens a fresh connection
 * that prepares it again. Inside a transaction the caller sees kysely's ROLLBACK fail instead
 * ("is not queryable", a lost connection's words), with the first error as its `cause`.
 */
function isPgConnectionFailure(failure: Error): boolean {
  return isLostPgConnection(failure) || isUnrunNamedStatement(failure);
}

/**
 * Runs `work` again while it fails with a lost pg connection (isPgConnectionFailure: a restart, a
 * terminated backend, a refused connect while the server is down, a connection ended for a stale
 * named statement), pausing 25 ms, doubling up to
 * CONNECTION_RETRY_MS, for up to `windowMs`; any other error is thrown at once. `work` must be
 * safe to run again after a try whose commit may or may not have happened (a connection lost
 * during COMMIT tells the client nothing): the caller makes it idempotent.
 */
export async function outlastLostConnection<T>(
  what: string,
  work: () => Promise<T>,
  options: { windowMs?: number } = {},
): Promise<T> {
  const windowMs = options.windowMs ?? CONNECTION_RECOVERY_MS;
  const deadline = Date.now() + windowMs;
  for (let tries = 0; ; tries++) {
    try {
      return await work();
    } catch (error) {
      const failure = toError(error);
      if (!isPgConnectionFailure(failure)) throw failure;
      if (Date.now() >= deadline) {
        throw new Error(`${what}: the database could not be reached for ${secondsOf(windowMs)} s (${failure.message})`, { cause: failure });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(CONNECTION_RETRY_MS, 25 * 2 ** tries)));
    }
  }
}

/** A window in seconds as a person reads it: whole seconds, tenths below ten. */
const secondsOf = (ms: number): string => (ms >= 10_000 ? String(Math.round(ms / 1000)) : (ms / 1000).toFixed(1));
