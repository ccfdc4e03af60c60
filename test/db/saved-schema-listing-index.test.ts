import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/create-db.ts';
import { deleteSchema, insertSchema, listSchemas } from '../../src/schemas/schemas.repository.ts';
import { createTenant } from '../../src/tenants/tenants.ts';
import { indexScans } from '../helpers/index-scans.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

const SCHEMA = { type: 'object', properties: { total: { type: 'number' } } };

describe('the index of a tenant’s saved schemas', () => {
  let database: TestDatabase;
  let tenantId: string;
  let saved: string[];

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ tenant: { id: tenantId } } = await createTenant(database.db, { name: 'listing', maxActiveJobs: 5 }));
    saved = [];
    for (const name of ['invoice', 'receipt', 'statement']) {
      saved.push((await insertSchema(database.db, { tenantId, name, jsonSchema: SCHEMA, totalFields: 1 })).id);
    }
    // What a start with an inline schema stores beside its job.
    for (let i = 0; i < 4; i++) await insertSchema(database.db, { tenantId, name: 'inline', jsonSchema: SCHEMA, totalFields: 1, inline: true });
    expect(await deleteSchema(database.db, tenantId, saved[2]!)).toBe(true);
  });
  afterAll(() => database?.close());

  it('holds only the schemas a listing shows: no job’s inline schema, no deleted one', async () => {
    // VACUUM counts an index's entries exactly (pg_class.reltuples).
    await sql`vacuum schemas`.execute(database.db);
    const { rows } = await sql<{ entries: number }>`
      select reltuples::int as entries from pg_class where relname = 'schemas_saved_listing'`.execute(database.db);
    expect(rows).toEqual([{ entries: 2 }]);
  });

  it('is what the tenant’s schema listing reads', async () => {
    // One connection, so the setting and the statistics flush apply to the listing's own session.
    const single: Db = createDb(database.url, { max: 1 });
    try {
      const scans = () => indexScans(single.db, 'schemas_saved_listing');
      // A table this small is read whole unless told otherwise; told so, the planner still reads
      // it whole when the index's condition does not cover the listing's.
      await sql`set enable_seqscan = off`.execute(single.db);
      // A statement a process repeats is prepared once and, after a few runs, planned without its
      // parameters' values: the index must serve that plan too, so the listing's condition must not
      // leave `inline`'s value to a parameter.
      await sql`set plan_cache_mode = force_generic_plan`.execute(single.db);
      const before = await scans();
      const listed = await listSchemas(single.db, tenantId, { first: 10, after: null });
      expect(listed.map((s) => s.id)).toEqual([saved[1], saved[0]]);
      expect(await scans()).toBeGreaterThan(before);
    } finally {
      await single.close();
    }
  });
});
