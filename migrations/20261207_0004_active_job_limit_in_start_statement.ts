import { sql, type Kysely } from 'kysely';

// The active-job limit's check called from inside a start's one statement (src/jobs/active-job-limit.ts)
// rather than after it, in a transaction of its own. The start's statement inserts the job and
// commits it: there is no BEGIN, no COMMIT message, and one round trip less between the request
// and the moment a worker can take the job. Inside one statement, whether the count sees the
// statement's own new job depends on the order Postgres runs the statement's parts in, so the
// function is told the new job's id and counts the tenant's other active jobs: the same refusals
// as before, whichever order that is.
//
// As 20261207_0002's: VOLATILE, so its count takes a fresh snapshot after the lock and sees every
// start committed before the lock was granted; the statuses written out for jobs_tenant_active; at
// the limit SQLSTATE PJ429 with the counts as JSON in DETAIL; parameters and variables prefixed.
// It refuses to count under an isolation level above READ COMMITTED (SQLSTATE PJ001): its count
// would then read the snapshot of the statement's start and miss a start committed while it waited
// for the lock, and the one statement cannot pin its own isolation level (the start then runs it
// in a transaction that does, active-job-limit.ts).
//
// The one-argument function of 20261207_0002, which counts the caller's job as written before, is
// kept: processes of the version before this one call it until a rolling deploy has replaced them
// (dropping it would fail their starts). Nothing of this version calls it; a later migration may
// drop it once no such process can be left.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION paperjson_check_active_job_limit(p_tenant_id uuid, p_job_id uuid) RETURNS void LANGUAGE plpgsql AS $fn$
    DECLARE
      v_max_active integer;
      v_others bigint;
    BEGIN
      IF current_setting('transaction_isolation') IN ('repeatable read', 'serializable') THEN
        RAISE EXCEPTION USING ERRCODE = 'PJ001', MESSAGE = 'the active-job limit is checked under READ COMMITTED only';
      END IF;
      SELECT max_active_jobs INTO v_max_active FROM tenants WHERE id = p_tenant_id FOR NO KEY UPDATE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'tenant % not found', p_tenant_id;
      END IF;
      SELECT count(*) INTO v_others FROM jobs
        WHERE tenant_id = p_tenant_id AND status IN ('PENDING', 'PROCESSING', 'RETRYING') AND id <> p_job_id;
      IF v_others >= v_max_active THEN
        RAISE EXCEPTION USING ERRCODE = 'PJ429', MESSAGE = 'active-job limit reached',
          DETAIL = json_build_object('activeJobs', v_others, 'maxActiveJobs', v_max_active)::text;
      END IF;
    END
    $fn$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION paperjson_check_active_job_limit(uuid, uuid)`.execute(db);
}
