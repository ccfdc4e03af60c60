/**
 * The tenant's active-job limit, checked inside a start's one statement, which inserts the job and
 * commits it (jobs.repository.ts): no BEGIN, no COMMIT message, so a worker can take the
 * job one round trip after the start's lookups.
 *
 * Two concurrent starts of one tenant must not both pass the limit, so the check takes the
 * tenant's row lock and counts after it. paperjson_check_active_job_limit (migration
 * 20261207_0004_active_job_limit_in_start_statement.ts) is a VOLATILE PL/pgSQL function: under
 * READ COMMITTED each of its statements takes a fresh snapshot, so its count sees every start
 * committed while this one waited for the lock (runWithinActiveJobLimit pins that level where the
 * session's default is higher). It counts the tenant's active jobs other than the new one and
 * raises LIMIT_REACHED at the limit, which fails the statement: nothing of the start is stored.
 * The statement calls it after its inserts (activeJobLimitCte), so the lock is held for the count
 * and the commit only, not for the writes (starts of one tenant queue on it). It takes the
 * tenant's row with NO KEY UPDATE, not UPDATE: the start's inserts hold KEY SHARE on it (their
 * foreign keys), and UPDATE would deadlock two starts that both hold it.
 *
 * What would remain serial is the commit's WAL flush: a synchronous commit releases the row lock
 * only after it (3.5-6 ms on the bench machine), so one tenant's starts would commit at most one
 * per flush (issue 18's burst20 saw its 20 PENDING commits ~9 ms apart). Where the database allows
 * (flushBeforeAnswerSupported), the lock is released before the flush instead: the statement makes
 * its own commit asynchronous (synchronous_commit off, for its transaction alone), which releases
 * its locks once the commit record is in the WAL buffers, and the start then flushes the WAL up to
 * a record written after that commit (flushWalAfterCommit: pg_logical_emit_message with flush,
 * PostgreSQL 17+) before it answers. So a start acknowledged to its client is exactly as durable
 * as with a synchronous commit. What changes is who may see the job before it is durable: the
 * tenant's next start (its count), and a worker woken by the commit's NOTIFY. A crash in that
 * window loses the job with everything that read it: any later commit that is durable flushed the
 * WAL up to itself, which includes this commit, so nothing durable can depend on a lost start. The
 * flushes of concurrent starts then overlap (Postgres flushes for every waiting backend at once).
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { appError } from '../errors.ts';

/** The SQLSTATE paperjson_check_active_job_limit raises at the limit (class PJ is this service's own). */
const LIMIT_REACHED = 'PJ429';
/** ... and when its transaction runs above READ COMMITTED (the database's or the role's default). */
const NOT_READ_COMMITTED = 'PJ001';

/**
 * The CTE `limited` of a start's statement: the limit's check for the tenant and the new job
 * whose ids are the bind parameters `tenantId` and `jobId` (e.g. '$2' and '$1'), run once every CTE
 * named in `after` has been read to its end (their inserts are done then: each is counted before
 * the check's row exists), and, with `asyncCommit`, the statement's commit made asynchronous unless
 * a synchronous standby is configured now (asked by every start, so one configured while the
 * service runs counts at once: a synchronous commit would wait for the standby, and the flush does
 * not). The statement must select from `limited` for it to run at all.
 */
export function activeJobLimitCte({ tenantId, jobId, after, asyncCommit }: { tenantId: string; jobId: string; after: readonly string[]; asyncCommit: boolean }): string {
  const commit = asyncCommit
    ? `, set_config('synchronous_commit', CASE WHEN current_setting('synchronous_standby_names') = '' THEN 'off' ELSE current_setting('synchronous_commit') END, true)`
    : '';
  const written = after.map((name) => `(SELECT count(*) FROM ${name}) ${name}_written`).join(', ');
  return `limited AS (SELECT paperjson_check_active_job_limit(${tenantId}::uuid, ${jobId}::uuid)${commit} FROM ${written})`;
}

/**
 * Runs `statement`, a start's statement holding activeJobLimitCte, and throws TOO_MANY_ACTIVE_JOBS
 * when the check refuses it. The statement is its own transaction, at the session's default
 * isolation level; where that is above READ COMMITTED (a database or role configured so), the
 * check refuses to count (its count would read the statement's first snapshot and miss a start
 * committed while it waited for the tenant lock), and the statement runs again in a transaction
 * pinned to READ COMMITTED: two round trips more, only on such a database.
 */
export async function runWithinActiveJobLimit<T>(db: Kysely<Database>, statement: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  try {
    return await statement(db);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== NOT_READ_COMMITTED) throw atActiveJobLimit(error);
  }
  return db.connection().execute(async (connection) => {
    await sql`begin isolation level read committed`.execute(connection);
    try {
      const result = await statement(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      // A failed rollback leaves a broken connection, which the pool drops when it is released.
      await sql`rollback`.execute(connection).catch(() => {});
      throw atActiveJobLimit(error);
    }
  });
}

/** TOO_MANY_ACTIVE_JOBS for the check's refusal (see activeJobLimitCte), else `error` as it is. */
function atActiveJobLimit(error: unknown): unknown {
  const pgError = error as { code?: unknown; detail?: unknown } | null;
  if (pgError?.code !== LIMIT_REACHED || typeof pgError.detail !== 'string') return error;
  const { activeJobs, maxActiveJobs } = JSON.parse(pgError.detail) as { activeJobs: number; maxActiveJobs: number };
  return appError(
    'TOO_MANY_ACTIVE_JOBS',
    `This tenant already has ${activeJobs} active jobs, its limit; wait for one to finish or cancel one.`,
    { activeJobs, maxActiveJobs },
  );
}

/**
 * Writes a record to the WAL (non-transactional, so in no transaction's way; read by no one, as
 * the service has no logical decoding) and flushes the WAL up to it: everything committed before
 * it is then on disk. It runs after the commit, so it must not fail: an error here would report a
 * committed start as failed (and a client's retry would start it twice). Should the call be
 * refused (its EXECUTE revoked while the service runs), it waits instead for the WAL writer, which
 * flushes an asynchronous commit within three wal_writer_delay. A DO block, not a function of the
 * service's: a function's EXECUTE could be refused too, and the refusal, after the commit, would
 * be that error (a function saved only 0.06-0.09 ms a start).
 */
const FLUSH_WAL = `DO $flush$
DECLARE
  target pg_lsn;
BEGIN
  PERFORM pg_logical_emit_message(false, 'paperjson', '', true);
EXCEPTION WHEN OTHERS THEN
  target := pg_current_wal_insert_lsn();
  WHILE pg_current_wal_flush_lsn() < target LOOP
    PERFORM pg_sleep(0.005);
  END LOOP;
END
$flush$`;

/** Resolves once the WAL is on disk up to a point after every commit made before the call (see FLUSH_WAL). */
export async function flushWalAfterCommit(db: Kysely<Database>): Promise<void> {
  await db.executeQuery(CompiledQuery.raw(FLUSH_WAL));
}

/**
 * Whether the database lets a start release the limit's lock before its commit's WAL flush (see
 * the top of this file): pg_logical_emit_message takes its `flush` argument (PostgreSQL 17+) and
 * this role may call it. Otherwise starts commit synchronously. (A synchronous standby is asked
 * about by each start: activeJobLimitCte.)
 */
export async function flushBeforeAnswerSupported(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ supported: boolean }>`
    select coalesce(has_function_privilege(to_regprocedure('pg_logical_emit_message(boolean,text,text,boolean)'), 'execute'), false) as supported`.execute(db);
  return rows[0]?.supported === true;
}
