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
 * message: a DO block (each of its statements takes a fresh snapshot, as separate statements do)
 * followed by COMMIT, which Postgres skips, leaving the transaction aborted, when the block raises.
 *
 * What remains serial is the commit itself: Postgres releases the row lock only after the commit's
 * WAL flush, so one tenant's starts commit at most one per flush (3.5-6 ms each on the bench
 * machine, against 0.5-0.9 ms with synchronous_commit off; issue 18's burst20 saw its 20 PENDING
 * commits ~9 ms apart). Going faster without loosening the limit means fewer commits, e.g. the
 * concurrent starts of a tenant committed together, not a shorter lock.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { ACTIVE_STATUSES } from '../domain/choices.ts';
import { appError } from '../errors.ts';

/** The SQLSTATE the block raises at the limit (class PJ is this service's own). */
const LIMIT_REACHED = 'PJ429';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ACTIVE = ACTIVE_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * The simple protocol takes no parameters, so the tenant id is written into the text; it is a
 * uuid read from the database, checked here all the same. NO KEY UPDATE, not UPDATE: the start's
 * inserts hold KEY SHARE on the tenant row (their foreign keys), and UPDATE would deadlock two
 * starts that both hold it. The count includes the new job (PENDING, written before).
 */
function limitAndCommitSql(tenantId: string, before: string): string {
  if (!UUID.test(tenantId)) throw new Error(`tenant id ${JSON.stringify(tenantId)} is not a uuid`);
  return `${before ? `${before};\n` : ''}DO $limit$
DECLARE
  max_active integer;
  others bigint;
BEGIN
  SELECT max_active_jobs INTO max_active FROM tenants WHERE id = '${tenantId}' FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'tenant ${tenantId} not found';
  END IF;
  SELECT count(*) - 1 INTO others FROM jobs WHERE tenant_id = '${tenantId}' AND status IN (${ACTIVE});
  IF others >= max_active THEN
    RAISE EXCEPTION USING ERRCODE = '${LIMIT_REACHED}', MESSAGE = 'active-job limit reached',
      DETAIL = json_build_object('activeJobs', others, 'maxActiveJobs', max_active)::text;
  END IF;
END
$limit$;
COMMIT`;
}

/**
 * Commits the start's open transaction on `connection` unless the tenant is at its limit, when it
 * throws TOO_MANY_ACTIVE_JOBS and leaves the transaction aborted for the caller's rollback.
 * `before`, the start's last writes as parameterless SQL (its queue job, see
 * queue-send-with-commit.ts), goes first in the same message, inside the transaction.
 */
export async function commitWithinActiveJobLimit(connection: Kysely<Database>, tenantId: string, before = ''): Promise<void> {
  try {
    await sql.raw(limitAndCommitSql(tenantId, before)).execute(connection);
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
