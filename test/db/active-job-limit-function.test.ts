import { randomUUID } from 'node:crypto';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/create-db.ts';
import { ACTIVE_STATUSES, JOB_STATUSES } from '../../src/domain/choices.ts';
import { activeJobLimitCte, runWithinActiveJobLimit } from '../../src/jobs/active-job-limit.ts';
import { createTenant } from '../../src/tenants/tenants.ts';
import { indexScans } from '../helpers/index-scans.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

describe('the active-job limit checked in a start’s statement', () => {
  let database: TestDatabase;
  let tenantId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ tenant: { id: tenantId } } = await createTenant(database.db, { name: 'limit', maxActiveJobs: 5 }));
  });
  afterAll(() => database?.close());

  it('counts the tenant’s active jobs through jobs_tenant_active also once its plan is cached without the tenant’s value', async () => {
    // One connection, so the settings, the function's cached plans and the statistics flush all
    // belong to the session that commits.
    const single: Db = createDb(database.url, { max: 1 });
    try {
      const scans = () => indexScans(single.db, 'jobs_tenant_active');
      // A table this small is read whole unless told otherwise; told so, the planner still reads
      // it whole when the index's condition does not cover the count's. Every start of a
      // connection after its first few reuses a plan made without the tenant's value.
      await sql`set enable_seqscan = off`.execute(single.db);
      await sql`set plan_cache_mode = force_generic_plan`.execute(single.db);
      const before = await scans();
      // No job of the tenant is active, so each passes the limit and commits.
      for (let i = 0; i < 3; i++) await sql`select paperjson_check_active_job_limit(${tenantId}::uuid, ${randomUUID()}::uuid)`.execute(single.db);
      expect(await scans()).toBeGreaterThanOrEqual(before + 3);
    } finally {
      await single.close();
    }
  });

  // The function (migration 20261207_0004) and the index (20261123_0002) write the active statuses
  // out; these two tests tie both lists to ACTIVE_STATUSES, which the rest of the service reads.
  it('refuses a start exactly when the tenant’s one allowed job is in one of ACTIVE_STATUSES', async () => {
    const outcomes: Record<string, string> = {};
    for (const status of JOB_STATUSES) {
      const { tenant } = await createTenant(database.db, { name: `one-${status}`, maxActiveJobs: 1 });
      const insertJob = await jobInserter(database.db, tenant.id);
      await database.db.executeQuery(CompiledQuery.raw(insertJob(status), [randomUUID()]));
      outcomes[status] = await startWithin(database.db, tenant.id, insertJob);
    }
    const active: readonly string[] = ACTIVE_STATUSES;
    expect(outcomes).toEqual(Object.fromEntries(JOB_STATUSES.map((status) => [status, active.includes(status) ? 'TOO_MANY_ACTIVE_JOBS' : 'committed'])));
  });

  it('counts through a partial index, jobs_tenant_active, that covers exactly the jobs in ACTIVE_STATUSES', async () => {
    const { rows: [index] } = await sql<{ predicate: string }>`
      select pg_get_expr(indpred, indrelid) as predicate from pg_index where indexrelid = 'jobs_tenant_active'::regclass`.execute(database.db);
    // e.g. (status = ANY (ARRAY['PENDING'::text, 'PROCESSING'::text, 'RETRYING'::text]))
    expect(index!.predicate).toMatch(/^\(status = ANY \(ARRAY\[[^\]]*\]\)\)$/);
    const named = [...index!.predicate.matchAll(/'([A-Z_]+)'/g)].map(([, status]) => status);
    expect(named.sort()).toEqual([...ACTIVE_STATUSES].sort());
  });

  it('keeps working when tenants and jobs gain columns named tenant, max_active and others', async () => {
    // A database of its own: its tables are changed.
    const own = await createTestDatabase();
    try {
      for (const table of ['tenants', 'jobs']) {
        await sql`alter table ${sql.table(table)} add column tenant uuid, add column max_active integer, add column others bigint`.execute(own.db);
      }
      const { tenant } = await createTenant(own.db, { name: 'columns', maxActiveJobs: 1 });
      const insertJob = await jobInserter(own.db, tenant.id);
      expect([await startWithin(own.db, tenant.id, insertJob), await startWithin(own.db, tenant.id, insertJob)]).toEqual(['committed', 'TOO_MANY_ACTIVE_JOBS']);
    } finally {
      await own.close();
    }
  });
});

/** A document and a schema of the tenant's, and the insert of a job of theirs in `status` (with the id `id`, parameter $1). */
async function jobInserter(db: Kysely<Database>, tenantId: string) {
  const { rows: [document] } = await sql<{ id: string }>`
    insert into documents (tenant_id, filename, size_bytes, sha256, page_count, text_page_count)
    values (${tenantId}::uuid, 'a.pdf', 1, 'x', 1, 1) returning id`.execute(db);
  const { rows: [schema] } = await sql<{ id: string }>`
    insert into schemas (tenant_id, name, json_schema, total_fields) values (${tenantId}::uuid, 'x', '{}'::json, 1) returning id`.execute(db);
  return (status: string) => `
    insert into jobs (id, tenant_id, document_id, schema_id, status, config, progress, metadata)
    values ($1, '${tenantId}', '${document!.id}', '${schema!.id}', '${status}', '{}', '{}', '{}') returning 1`;
}

/** A start's statement reduced to its PENDING job and the limit's check: 'committed' or the refusal's code. */
async function startWithin(db: Kysely<Database>, tenantId: string, insertJob: (status: string) => string): Promise<string> {
  const id = randomUUID();
  const limited = activeJobLimitCte({ tenantId: '$2', jobId: '$1', after: ['job'], asyncCommit: false });
  const text = `with job as (${insertJob('PENDING')}), ${limited} select count(*) from limited`;
  return runWithinActiveJobLimit(db, (on) => on.executeQuery(CompiledQuery.raw(text, [id, tenantId]))).then(
    () => 'committed',
    (error: { extensions?: { code?: string } }) => error.extensions?.code ?? String(error),
  );
}
