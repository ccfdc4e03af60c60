/**
 * Telling a lost Postgres connection's error from any other error that nothing caught.
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

const fromPgSockets = new WeakSet<Error>();

/** The socket factory for pg's `stream` option: errors on it are known to be a pg connection's. */
export function pgSocket(): net.Socket {
  const socket = new net.Socket();
  (socket as EventEmitter).on(errorMonitor, (error: Error) => {
    fromPgSockets.add(error);
  });
  return socket;
}

/** A frame in pg's client or pg-protocol's parser (either copy, should a package bring its own). */
const PG_FRAME = /[\\/]node_modules[\\/](pg[\\/]lib|pg-protocol[\\/]dist)[\\/]/;

/** What a connection that went away says (a restart, a crash, a failover). */
const CONNECTION_LOST = /Connection terminated|ECONNRESET|ECONNREFUSED|EPIPE|terminating connection|database system is (shutting down|starting up|in recovery)/i;

/** Errors of a database connection that went away, judged by what they say (start-up failures, where no other source is running). */
export function isConnectionLost(failure: Error): boolean {
  const code = (failure as { code?: unknown }).code;
  return CONNECTION_LOST.test(failure.message) || code === '57P01' || code === '57P02' || code === '57P03';
}

/**
 * An error provably raised by a pg connection that went away: made on a socket from `pgSocket`,
 * or made inside pg or pg-protocol and saying the connection is lost. Any other error (a bug in
 * pg, an ECONNRESET of another socket, our own code throwing the same words) is not.
 */
export function isLostPgConnection(failure: Error): boolean {
  if (fromPgSockets.has(failure)) return true;
  return isConnectionLost(failure) && PG_FRAME.test(failure.stack ?? '');
}
