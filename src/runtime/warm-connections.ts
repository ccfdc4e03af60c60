import type pg from 'pg';
import type { Database } from '../db/database.ts';
import { toError } from '../to-error.ts';

/**
 * Loads the service's tables into the catalog caches of every connection a pool keeps, before the
 * process says it is ready.
 *
 * Why: a new Postgres backend knows no table yet. The first statement that reads or writes a table
 * on a connection makes that backend load the table's and its indexes' catalog entries, and the
 * pool's connections are new at every start: the first start mutation on each of them paid
 * 10–20 ms more than later ones (a single-table query on a fresh connection of the embedded
 * Postgres: 12–20 ms the first time, 2–3 ms after this warm-up's statement, load 10, indicative
 * only). The warm-up is one simple-protocol message per connection of one
 * `select … where false` per table (planned, so the table and its indexes are opened; no row is
 * read), about 25 ms per connection, all connections at once. In the overhead benchmark (seven
 * alternated pairs beside the code without it, load 5-13, indicative only) the first job's start
 * (mutation to first model request) went from a median of 697 to 560 ms, and in burst20 the
 * first start from 424 to 331 ms.
 *
 * Only the service's own pool (kysely's) is warmed. pg-boss's pool (queue/create-boss.ts), which
 * runs the worker's fetch of a job and pg-boss's maintenance, opens its connections as it needs
 * them and is not warmed: a worker's first claim on each of its connections still pays the cold
 * backend.
 *
 * Locks: a multi-statement message is one implicit transaction, so the share lock each
 * `select` takes on its table is held until the whole message ends, and a lock held elsewhere on
 * any listed table (REINDEX, ALTER TABLE, LOCK TABLE, pg-boss's partition DDL) would make every
 * connection wait on it. The message therefore bounds itself on the server: it waits at most
 * LOCK_TIMEOUT for any one lock and runs at most STATEMENT_TIMEOUT in all (SET LOCAL, so
 * nothing is left set on the session once the message ends). A connection that hits either ends
 * its message with an error and goes back to the pool at once, its backend no longer waiting.
 *
 * Best effort and bounded: a failure, a lock held elsewhere or a slow database is logged and the
 * start goes on; a statement then pays the cold backend as before. A connection the pool opens
 * later (after a lost one) is not warmed: it is rare, and then costs one slower statement.
 */

/**
 * The start waits no longer than this. The server ends each warm-up message within
 * STATEMENT_TIMEOUT, so this is the bound for what it cannot: connections still being opened
 * (the pool's connect timeout ends those), after which each warms and goes back to the pool.
 */
const WARM_UP_TIMEOUT_MS = 5_000;

/** Longest wait for one table's lock: a lock held elsewhere must not hold the pool's connections. */
const LOCK_TIMEOUT = '500ms';

/** Longest run of the whole message on the server, under WARM_UP_TIMEOUT_MS. */
const STATEMENT_TIMEOUT = '4s';

/**
 * The service's own tables, by name as its statements name them (resolved through the connection's
 * search_path, as theirs are), not every table of the database: DATABASE_URL may point into a
 * database that holds others'. The compiler checks both ways: every name is a table of Database,
 * and every table of Database is named.
 */
const SERVICE_TABLES = ['tenants', 'api_keys', 'documents', 'document_contents', 'document_layouts', 'schemas', 'jobs', 'job_events'] as const satisfies readonly (keyof Database)[];
const everyTableListed: Exclude<keyof Database, (typeof SERVICE_TABLES)[number]> extends never ? true : never = true;
void everyTableListed;

/**
 * What the service's own pool touches of pg-boss's schema: a start's insert of its queue job goes
 * through `job` into the default partition `job_common` (the service's queues are not partitioned)
 * and reads the queue's settings from `queue` (jobs/queue-job-insert-sql.ts); a job's final write
 * completes its claim in `job` (queue/complete-claim-sql.ts). Planning a select on the partitioned
 * `job` prunes every partition, so `job_common` is named on its own. The rest of the schema
 * (pg-boss's other tables, a shared database's partitions) is pg-boss's pool's business.
 */
const QUEUE_TABLES = ['job', 'job_common', 'queue'];

export async function warmPoolConnections(
  pool: pg.Pool,
  options: { connections: number; queueSchema: string },
  log: { warn(obj: object, msg: string): void },
): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not done within ${WARM_UP_TIMEOUT_MS} ms`)), WARM_UP_TIMEOUT_MS);
  });
  const warming = warmAll(pool, options);
  try {
    return await Promise.race([warming, timeout]);
  } catch (e) {
    log.warn({ err: toError(e) }, "warming the database connections' catalog caches failed; their first statements pay for it");
    return 0;
  } finally {
    clearTimeout(timer);
    // Settles on its own within the server's bounds (each client is released either way); only
    // its late failure is muted.
    warming.catch(() => {});
  }
}

/**
 * The warm-up message: the server-side bounds, then one planned statement that reads nothing per
 * table. A queue table that does not exist or that the role may not read is left out, so that
 * it does not fail the message for the others.
 */
export async function warmUpText(pool: pg.Pool, queueSchema: string): Promise<string> {
  const { rows } = await pool.query<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relname = any($2::text[]) and has_table_privilege(c.oid, 'select') order by c.relname`,
    [queueSchema, QUEUE_TABLES],
  );
  const tables = [...SERVICE_TABLES, ...rows.map((row) => row.name)];
  return [
    `set local lock_timeout = '${LOCK_TIMEOUT}'`,
    `set local statement_timeout = '${STATEMENT_TIMEOUT}'`,
    ...tables.map((name) => `select from ${name} where false`),
  ].join('; ');
}

async function warmAll(pool: pg.Pool, options: { connections: number; queueSchema: string }): Promise<number> {
  const text = await warmUpText(pool, options.queueSchema);
  // All checked out together, so that each is a different connection (up to the pool's size).
  const opened = await Promise.allSettled(Array.from({ length: options.connections }, () => pool.connect()));
  const clients = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  try {
    const refused = opened.find((result) => result.status === 'rejected');
    if (refused) throw refused.reason;
    // Settled, not raced: a client goes back to the pool only once its message has ended, which
    // the server's timeouts bound (a client released mid-statement would be handed out busy).
    const ran = await Promise.allSettled(clients.map((client) => client.query(text)));
    const failed = ran.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    return clients.length;
  } finally {
    for (const client of clients) client.release();
  }
}
