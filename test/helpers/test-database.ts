import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db } from '../../src/db/create-db.ts';

export interface TestDatabase extends Db {
  url: string;
  name: string;
}

/**
 * A fresh database on the test run's Postgres, migrated (a copy of the template the run's setup
 * migrated, migrated-template.ts) unless `migrate: false` (an empty one). Call `close()` in afterAll.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject('adminDatabaseUrl');
  const template = options.migrate === false ? 'template1' : inject('migratedTemplateDatabase');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { max: 5 });
  return { ...db, url: url.toString(), name };
}
