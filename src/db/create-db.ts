import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { CONNECTION_RECOVERY_MS, pgSocket } from '../runtime/pg-connection-errors.ts';
import type { Database } from './database.ts';

// bigint counts (COUNT(*)) come back as strings by default; every count we use fits a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface Db {
  db: Kysely<Database>;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function createDb(connectionString: string, options: { max?: number; applicationName?: string } = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'paperjson',
    // Errors of these sockets are known to be a lost connection's (a refused connect while the
    // server restarts names no pg frame), so a job's writes can outlast them (jobs/job-transitions.ts).
    stream: pgSocket,
    // A connect that hangs (a server gone without a word) fails within the window a job's
    // writes wait out a lost connection, instead of holding the job's slot for minutes; keep-alive
    // lets the kernel notice a dead peer of an open connection. A connection that stays
    // half-open mid-statement is still bounded only by the kernel's own timeouts.
    connectionTimeoutMillis: CONNECTION_RECOVERY_MS,
    keepAlive: true,
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
  let closing: Promise<void> | null = null;
  return {
    db,
    pool,
    // Idempotent: shutdown paths may reach it twice (and a pool ended elsewhere must not throw).
    close: () => (closing ??= pool.ended ? Promise.resolve() : db.destroy()),
  };
}
