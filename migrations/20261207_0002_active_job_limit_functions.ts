import { sql, type Kysely } from 'kysely';

// The active-job limit's check (src/jobs/active-job-limit.ts) as a function instead of a DO block.
// A DO block is parsed and compiled by PL/pgSQL on every call, and its statements planned again
// each time (the tenant id is written into their text); a function is compiled once per
// connection and keeps its statements' plans. Measured on the bench machine (a backend's CPU over
// 3,000 calls, load ~6): 0.35–0.64 → 0.15–0.33 ms a start. VOLATILE (the default), so each of its
// statements takes a fresh snapshot under READ COMMITTED, as the DO block's did: the count, after
// the lock, sees every start committed before the lock was granted. SECURITY INVOKER (the
// default), so the caller's privileges decide, as before.
//
// The service's role needs EXECUTE on it (PUBLIC has it by default). Refused, the start fails
// before its COMMIT, with nothing stored. The WAL flush that may follow the COMMIT stays a DO block
// (active-job-limit.ts, FLUSH_WAL): a function there could be refused after the commit, and a
// committed start would answer an error.
//
// The statuses counted are written out, not passed: they must be the literal list of the partial
// index jobs_tenant_active (20261123_0002_jobs.ts) for a cached generic plan to use that index.
export async function up(db: Kysely<any>): Promise<void> {
  // At the limit it raises SQLSTATE PJ429 with the counts as JSON in DETAIL (active-job-limit.ts
  // reads them). The count includes the caller's new job (PENDING, written before). The parameter
  // and variables are prefixed (p_, v_) so that no column added to tenants or jobs can make a
  // reference in its statements ambiguous (PL/pgSQL refuses those at the call).
  await sql`
    CREATE FUNCTION paperjson_check_active_job_limit(p_tenant_id uuid) RETURNS void LANGUAGE plpgsql AS $fn$
    DECLARE
      v_max_active integer;
      v_others bigint;
    BEGIN
      SELECT max_active_jobs INTO v_max_active FROM tenants WHERE id = p_tenant_id FOR NO KEY UPDATE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'tenant % not found', p_tenant_id;
      END IF;
      SELECT count(*) - 1 INTO v_others FROM jobs WHERE tenant_id = p_tenant_id AND status IN ('PENDING', 'PROCESSING', 'RETRYING');
      IF v_others >= v_max_active THEN
        RAISE EXCEPTION USING ERRCODE = 'PJ429', MESSAGE = 'active-job limit reached',
          DETAIL = json_build_object('activeJobs', v_others, 'maxActiveJobs', v_max_active)::text;
      END IF;
    END
    $fn$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION paperjson_check_active_job_limit(uuid)`.execute(db);
}
