import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDb } from '../../src/db/create-db.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

describe('migrations', () => {
  let database: TestDatabase;
  afterAll(() => database?.close());

  it('run once when several processes start at the same time', async () => {
    database = await createTestDatabase({ migrate: false });
    const others = [createDb(database.url, { max: 2 }), createDb(database.url, { max: 2 })];
    try {
      const applied = await Promise.all([
        migrateToLatest(database.db),
        ...others.map((o) => migrateToLatest(o.db)),
      ]);
      // Exactly one process applied the migrations; the others found them done.
      expect(applied.filter((names) => names.length > 0)).toHaveLength(1);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(database.db);
      expect(rows[0]!.n).toBe(applied.flat().length);
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
  });

  it('are a no-op when the database is already up to date', async () => {
    expect(await migrateToLatest(database.db)).toEqual([]);
  });
});
