import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { createBoss } from '../../src/queue/create-boss.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

/** pg-boss as the service makes it, silent, on a test's database: for tests that send or fetch queue jobs themselves. */
export function createTestBoss(connectionString: string): Promise<PgBoss> {
  return createBoss({ connectionString, logger: createLogger('silent', 'test'), jobRetryLimit: 2, heartbeatSeconds: 30 });
}

/**
 * A test database with pg-boss on it for the calling `describe` block: made before its tests and
 * closed after them. Read `database` and `boss` inside the tests (they are set by `beforeAll`).
 */
export function testDatabaseWithBoss(): { readonly database: TestDatabase; readonly boss: PgBoss } {
  let database: TestDatabase | undefined;
  let boss: PgBoss | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    boss = await createTestBoss(database.url);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, close: true });
    await database?.close();
  });
  return {
    get database() {
      if (!database) throw new Error('the test database is made in beforeAll');
      return database;
    },
    get boss() {
      if (!boss) throw new Error('pg-boss is made in beforeAll');
      return boss;
    },
  };
}
