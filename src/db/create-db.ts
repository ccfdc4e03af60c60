import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { CONNECTION_RECOVERY_MS, DEFAULT_QUERY_TIMEOUT_MS, isQueryReadTimeout, pgSocket } from './pg-connection-errors.ts';
import type { Database } from './database.ts';
import { isUnrunNamedStatement, statementNameOf } from './named-statements.ts';
import { statementBoundMs } from './statement-bound.ts';

// bigint counts (COUNT(*)) come back as strings by default; every count we use fits a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const KEPT_CONNECTION_PROBE_MS = 10_000;

export interface Db {
  db: Kysely<Database>;
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * The pg client of the service's pools (kysely's and pg-boss's, queue/create-boss.ts). It sends a
 * statement the process repeats as a named, prepared one (named-statements.ts), gives a statement
 * whose text carries a byte allowance (a document's bytes, statement-bound.ts) a longer bound, and ends its
 * connection when a statement gets no answer within its bound (`query_timeout`).
 * pg (8.23) rejects such a statement with "Query read timeout" but keeps the connection, still
 * waiting for the lost answer: every later statement on it queues behind that one, and the pool,
 * seeing nothing wrong, hands it out again (brianc/node-postgres#3399). Ending it marks it
 * `_ending` before the caller sees the rejection (this handler was attached first), so the pool
 * discards it on release; `end()` destroys the socket since a statement is still in flight. A
 * connection that cannot run one of its named statements again (isUnrunNamedStatement: a stale
 * plan, a prepared statement the server lost) is ended the same way. The error that ended it
 * becomes the `cause` of what later statements on it get ("Client was closed and is not
 * queryable": kysely's ROLLBACK of a transaction whose statement ended it), which would
 * otherwise hide it.
 */
export class ServicePgClient extends pg.Client {
  override query(...args: any[]): any {
    // A statement this process sends again and again goes out named (named-statements.ts).
    // query(text), query(text, values) and either with a callback; values may be undefined (pg-pool).
    const [text, given] = args;
    const values = Array.isArray(given) ? given : given === undefined ? [] : null;
    if (typeof text === 'string' && values) {
      const name = statementNameOf(text, values);
      // Read from this statement's own text, so it cannot reach any other statement (statement-bound.ts).
      const bound = statementBoundMs(this.baseBoundMs(), text);
      if (name !== undefined || bound !== undefined) {
        args.splice(0, 2, { ...(name !== undefined && { name }), text, values, ...(bound !== undefined && { query_timeout: bound }) });
      }
    }
    const callback: unknown = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: Error | null, ...rest: unknown[]) => {
        if (error) this.endIfUnusable(error);
        return callback(error, ...rest);
      };
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) result.catch((error: unknown) => this.endIfUnusable(error));
    return result;
  }

  /** The pool's `query_timeout`, the bound of every statement without an allowance in its text (0: none). */
  private baseBoundMs(): number {
    return (this as unknown as { connectionParameters: { query_timeout?: number | false } }).connectionParameters.query_timeout || 0;
  }

  /** The error this connection was ended for, if ServicePgClient ended it. */
  private endedFor: Error | undefined;

  private endIfUnusable(error: unknown): void {
    if (this.endedFor) {
      if (error instanceof Error && error !== this.endedFor && error.cause === undefined) error.cause = this.endedFor;
      return;
    }
    if (isQueryReadTimeout(error) || isUnrunNamedStatement(error)) {
      this.endedFor = error as Error;
      void this.end().catch(() => undefined);
    }
  }
}

export function createDb(
  connectionString: string,
  options: { max?: number; applicationName?: string; queryTimeoutMs?: number; keepOpen?: boolean } = {},
): Db {
  const max = options.max ?? 10;
  const pool = new pg.Pool({
    Client: ServicePgClient as unknown as new () => pg.ClientBase,
    connectionString,
    max,
    // A service keeps the connections it has opened (pg-pool closes idle ones above `min` after
    // 10 s): a burst of requests after a quiet spell would otherwise wait for up to `max` new
    // connections, each a TCP connect and a SCRAM login, while its first statements queue.
    // Kept connections get TCP keep-alive probes after 10 s idle, not the kernel's 2 h: the
    // probes keep a NAT or load balancer from dropping them in silence, and a peer gone without
    // a reset is noticed while the connection is idle rather than by the next request.
    ...(options.keepOpen && { min: max, keepAliveInitialDelayMillis: KEPT_CONNECTION_PROBE_MS }),
    application_name: options.applicationName ?? 'paperjson',
    // Errors of these sockets are known to be a lost connection's (a refused connect while the
    // server restarts names no pg frame), so a job's writes can outlast them (jobs/job-transitions.ts).
    stream: pgSocket,
    // A connect that hangs (a server gone without a word) fails within the window a job's
    // writes wait out a lost connection, instead of holding the job's slot for minutes; keep-alive
    // lets the kernel notice a dead peer of an idle connection.
    connectionTimeoutMillis: CONNECTION_RECOVERY_MS,
    keepAlive: true,
    // A connection that goes half-open mid-statement (a peer or middlebox gone without a reset)
    // is not noticed by keep-alive while a statement is unanswered, nor by statement_timeout
    // (the server's, and the server is out of reach): only a client-side bound ends the wait.
    // The statement then fails as a lost connection would (isLostPgConnection), and its
    // connection is discarded (ServicePgClient).
    // 0 turns the bound off (migrations).
    query_timeout: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
  });
  // An idle client that loses its server emits 'error' on the pool; without a listener that kills
  // the process. The pool drops the client and the next query opens a fresh connection.
  pool.on('error', () => {});
  // A client checked out of the pool (kysely holds one through a transaction) has no pool
  // listener: if its server goes away between two statements (a Postgres restart), its 'error'
  // would have no listener and end the process. The statement in flight, or the next one, fails
  // instead, and the pool discards the dead client when it is released.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  if (options.keepOpen) openAll(pool, max);
  let closing: Promise<void> | null = null;
  return {
    db,
    pool,
    // Idempotent: shutdown paths may reach it twice (and a pool ended elsewhere must not throw).
    // kysely's destroy() ends the pool only if kysely ever ran a statement (its driver takes the
    // pool lazily): a pool used only through pool.query (the start's warm-up, a start that fails
    // before its first kysely statement) is ended here, or its connections would stay open.
    close: () =>
      (closing ??= pool.ended
        ? Promise.resolve()
        : db.destroy().then(() => {
            if (!pool.ending) return pool.end();
          })),
  };
}

/**
 * Opens the pool's connections in the background and gives them back idle, so the first burst
 * finds them open. Failures are left to the next query (the pool opens connections on demand).
 */
function openAll(pool: pg.Pool, count: number): void {
  // Each is given back as soon as it is open (a slow connect must not hold the others from a
  // query); all are asked for in this tick, so each opens a connection of its own.
  for (let i = 0; i < count; i++) {
    pool.connect().then(
      (client) => client.release(),
      () => {},
    );
  }
}
