import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/create-db.ts';
import { commitWithinActiveJobLimit } from '../../src/jobs/active-job-limit.ts';
import { createTenant } from '../../src/tenants/tenants.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

describe('the active-job limit checked at a start’s commit', () => {
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
      const scans = async () => {
        await sql`select pg_stat_force_next_flush()`.execute(single.db);
        await sql`select pg_stat_clear_snapshot()`.execute(single.db);
        const { rows } = await sql<{ scans: number }>`
          select idx_scan::int as scans from pg_stat_user_indexes where indexrelname = 'jobs_tenant_active'`.execute(single.db);
        return rows[0]!.scans;
      };
      // A table this small is read whole unless told otherwise; told so, the planner still reads
      // it whole when the index's condition does not cover the count's. Every start of a
      // connection after its first few reuses a plan made without the tenant's value.
      await sql`set enable_seqscan = off`.execute(single.db);
      await sql`set plan_cache_mode = force_generic_plan`.execute(single.db);
      const before = await scans();
      for (let i = 0; i < 3; i++) {
        await single.db.connection().execute(async (connection) => {
          await sql`begin`.execute(connection);
          // No job of the tenant is active, so each passes the limit and commits.
          await commitWithinActiveJobLimit(connection, tenantId);
        });
      }
      expect(await scans()).toBeGreaterThanOrEqual(before + 3);
    } finally {
      await single.close();
    }
  });
});
