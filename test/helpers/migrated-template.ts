import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb } from '../../src/db/create-db.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

async function asAdmin(adminUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/**
 * Makes the database that the run's migrated test databases are copied from (test-database.ts),
 * once per test run (global-setup.ts): the migrations run here, through migrateToLatest as `npm
 * run migrate` runs them. Running them in every test file instead cost each file a second or more
 * (most of it loading the migrator and the migration files afresh); a copy takes a fraction of
 * that. Every connection to the template is closed before this returns, since Postgres refuses
 * to copy a database that anyone is connected to. Returns its name and the teardown that drops it.
 */
export async function createMigratedTemplate(adminUrl: string): Promise<{ name: string; drop: () => Promise<void> }> {
  // Named per run: two runs may share an external DATABASE_URL.
  const name = `template_${randomBytes(6).toString('hex')}`;
  await asAdmin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { max: 1 });
  try {
    await migrateToLatest(db.db);
  } finally {
    await db.close();
  }
  return { name, drop: () => asAdmin(adminUrl, `drop database if exists ${name}`) };
}
