/**
 * The tenant's active-job limit, checked at the end of a start's transaction and committed with
 * it in one round trip.
 *
 * Two concurrent starts of one tenant must not both pass the limit, so the check takes the
 * tenant's row lock and counts after it: the count, a later statement under READ COMMITTED, sees
 * every start that held the lock before. The lock is held until the commit; every trip back to
 * the API's event loop while holding it is a wait for every other start of the tenant, and under
 * load (20 starts at once) those trips, not the database, decided how many starts a second one
 * tenant got. So the lock, the count, the refusal and the commit go in one simple-protocol
 * message: a call of paperjson_check_active_job_limit (a VOLATILE PL/pgSQL function, so each of
 * its statements takes a fresh snapshot, as separate statements do; a function rather than a DO
 * block, which PL/pgSQL would compile and plan afresh for every start: migration
 * 20261207_0002_active_job_limit_functions.ts) followed by COMMIT, which Postgres skips, leaving
 * the transaction aborted, when the function raises.
 *
 * What would remain serial is the commit's WAL flush: a synchronous commit releases the row lock
 * only after it (3.5-6 ms on the bench machine), so one tenant's starts would commit at most one
 * per flush (issue 18's burst20 saw its 20 PENDING commits ~9 ms apart). Where the database allows
 * (flushBeforeAnswerSupported), the lock is released before the flush instead: the transaction
 * commits asynchronously (synchronous_commit off, for it alone), which releases its locks once the
 * commit record is in the WAL buffers, and the same message then flushes the WAL up to a record
 * written after that commit (pg_logical_emit_message with flush, PostgreSQL 17+). The start
 * answers only after that flush, so a start acknowledged to its client is exactly as durable as
 * with a synchronous commit. What changes is who may see the job before it is durable: the
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The simple protocol takes no parameters, so the tenant id is written into the text; it is a
 * uuid read from the database, checked here all the same. The function (see the migration) takes
 * the tenant's row lock with NO KEY UPDATE, not UPDATE: the start's inserts hold KEY SHARE on the
 * tenant row (their foreign keys), and UPDATE would deadlock two starts that both hold it. It
 * counts the tenant's active jobs, the new job included (PENDING, written before), and raises
 * LIMIT_REACHED with the counts as JSON in its detail. The statuses it counts are the migration's
 * literal list, not read from ACTIVE_STATUSES: a change there needs a migration replacing the
 * function (see ACTIVE_STATUSES).
 */
function limitAndCommitSql(tenantId: string, flushAfterCommit: boolean): string {
  if (!UUID.test(tenantId)) throw new Error(`tenant id ${JSON.stringify(tenantId)} is not a uuid`);
  return `${flushAfterCommit ? `${ASYNC_COMMIT_UNLESS_STANDBY};\n` : ''}SELECT paperjson_check_active_job_limit('${tenantId}');\nCOMMIT${flushAfterCommit ? `;\n${FLUSH_WAL}` : ''}`;
}

/**
 * The start's commit is asynchronous, for this transaction alone, unless a synchronous standby is
 * configured now (asked by every start, so one configured while the service runs counts at once):
 * a synchronous commit would wait for the standby, and the flush below does not.
 */
const ASYNC_COMMIT_UNLESS_STANDBY = `SELECT set_config('synchronous_commit', 'off', true) WHERE current_setting('synchronous_standby_names') = ''`;

/**
 * Writes a record to the WAL (non-transactional, so in no transaction's way; read by no one, as
 * the service has no logical decoding) and flushes the WAL up to it: everything this connection
 * committed before it is then on disk. It runs after the COMMIT, so it must not fail: an error
 * here would report a committed start as failed (and a client's retry would start it twice).
 * Should the call be refused (its EXECUTE revoked while the service runs), it waits instead for
 * the WAL writer, which flushes an asynchronous commit within three wal_writer_delay. A DO block,
 * not a function of the service's: a function's EXECUTE could be refused too, and the refusal,
 * after the COMMIT, would be that error (a function saved only 0.06-0.09 ms a start).
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

/**
 * Whether the database lets a start release the limit's lock before its commit's WAL flush (see
 * the top of this file): pg_logical_emit_message takes its `flush` argument (PostgreSQL 17+) and
 * this role may call it. Otherwise starts commit synchronously, as before. (A synchronous standby
 * is asked about by each start: ASYNC_COMMIT_UNLESS_STANDBY.)
 */
export async function flushBeforeAnswerSupported(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ supported: boolean }>`
    select coalesce(has_function_privilege(to_regprocedure('pg_logical_emit_message(boolean,text,text,boolean)'), 'execute'), false) as supported`.execute(db);
  return rows[0]?.supported === true;
}

/**
 * Commits the start's open transaction on `connection` unless the tenant is at its limit, when it
 * throws TOO_MANY_ACTIVE_JOBS and leaves the transaction aborted for the caller's rollback. With
 * `flushAfterCommit` (only where flushBeforeAnswerSupported), the commit releases the tenant lock
 * before its WAL flush, and this resolves once the WAL is flushed past the commit.
 */
export async function commitWithinActiveJobLimit(
  connection: Kysely<Database>,
  tenantId: string,
  { flushAfterCommit = false }: { flushAfterCommit?: boolean } = {},
): Promise<void> {
  try {
    // Handed to the connection as it is: a text of its own for every start, with nothing for the
    // query builder to do (its raw builder copied and compiled the whole text again).
    await connection.executeQuery(CompiledQuery.raw(limitAndCommitSql(tenantId, flushAfterCommit)));
  } catch (error) {
    const pgError = error as { code?: unknown; detail?: unknown };
    if (pgError.code !== LIMIT_REACHED || typeof pgError.detail !== 'string') throw error;
    const { activeJobs, maxActiveJobs } = JSON.parse(pgError.detail) as { activeJobs: number; maxActiveJobs: number };
    throw appError(
      'TOO_MANY_ACTIVE_JOBS',
      `This tenant already has ${activeJobs} active jobs, its limit; wait for one to finish or cancel one.`,
      { activeJobs, maxActiveJobs },
    );
  }
}
