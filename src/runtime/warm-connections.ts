import type pg from 'pg';
import type { Database } from '../db/database.ts';
import { toError } from '../to-error.ts';

/**
 * Loads the service's tables into the catalog caches of every connection a pool keeps, before the
 * process says it is ready.
 *
 * Why: a new Postgres backend knows no table yet. The first statement that reads or writes a table
 * on a connection makes that backend load the table's and its indexes' catalog entries, and the
 * pool's connections are new at every start: the first start mutation or the worker's first claim
 * on each of them paid 10–20 ms more than later ones (a single-table query on a fresh connection
 * of the embedded Postgres: 12–20 ms the first time, 2–3 ms after this warm-up's statement, load
 * 10, indicative only). The statement is one simple-protocol message per connection of one
 * `select … where false` per table (planned, so the table and its indexes are opened; no row is
 * read and nothing is locked beyond the plan's brief share lock), about 25 ms per connection,
 * all connections at once. In the overhead benchmark (seven alternated pairs beside the code
 * without it, load 5-13, indicative only) the first job's start (mutation to first model request)
 * went from a median of 697 to 560 ms, and in burst20 the first start from 424 to 331 ms.
 *
 * Best effort and bounded: a failure or a slow database (past WARM_UP_TIMEOUT_MS) is logged and
 * the start goes on; a statement then pays the cold backend as before. A connection the pool
 * opens later (after a lost one) is not warmed: it is rare, and then costs one slower statement.
 */

/** A start must not wait long on this: past it, the statements still running finish in the background. */
const WARM_UP_TIMEOUT_MS = 5_000;

/**
 * The service's own tables, by name as its statements name them (resolved through the connection's
 * search_path, as theirs are), not every table of the database: DATABASE_URL may point into a
 * database that holds others'. The compiler checks that the list names every table of Database.
 */
const SERVICE_TABLES = ['tenants', 'api_keys', 'documents', 'document_contents', 'document_layouts', 'schemas', 'jobs', 'job_events'] as const;
const everyTableListed: Exclude<keyof Database, (typeof SERVICE_TABLES)[number]> extends never ? true : never = true;
void everyTableListed;

/** The queue's schema holds pg-boss's tables and one partition per queue: a few, but bounded all the same. */
const MAX_QUEUE_TABLES = 64;

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
    // Settles on its own (each client is released either way); only its late failure is muted.
    warming.catch(() => {});
  }
}

/** The service's tables and the queue's (partitions included), each as one planned statement that reads nothing. */
export async function warmUpText(pool: pg.Pool, queueSchema: string): Promise<string> {
  const { rows } = await pool.query<{ name: string }>(
    `select format('%I.%I', schemaname, tablename) as name from pg_catalog.pg_tables where schemaname = $1 order by 1 limit ${MAX_QUEUE_TABLES}`,
    [queueSchema],
  );
  return [...SERVICE_TABLES, ...rows.map((row) => row.name)].map((name) => `select from ${name} where false`).join('; ');
}

async function warmAll(pool: pg.Pool, options: { connections: number; queueSchema: string }): Promise<number> {
  const text = await warmUpText(pool, options.queueSchema);
  // All checked out together, so that each is a different connection (up to the pool's size).
  const opened = await Promise.allSettled(Array.from({ length: options.connections }, () => pool.connect()));
  const clients = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  try {
    const refused = opened.find((result) => result.status === 'rejected');
    if (refused) throw refused.reason;
    // Settled, not raced: a client goes back to the pool only once its statement has ended.
    const ran = await Promise.allSettled(clients.map((client) => client.query(text)));
    const failed = ran.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    return clients.length;
  } finally {
    for (const client of clients) client.release();
  }
}
