import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { revokeApiKey } from '../../src/tenants/api-keys.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

/**
 * Who makes the first tenant and its key in a split deployment (`start:api` and `start:worker`
 * on one database, started in any order), and what an API start says about BOOTSTRAP_API_KEY.
 */
describe('the first key of a split deployment', () => {
  const apps: TestApp[] = [];
  const databases: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.stop()));
    await Promise.all(databases.splice(0).map((database) => database.close()));
  });

  async function emptyDatabase(): Promise<TestDatabase> {
    const database = await createTestDatabase();
    databases.push(database);
    return database;
  }

  /** Starts a process's parts on `database`, with what it logs at warn and above collected in `warnings`. */
  async function start(database: TestDatabase, roles: { api: boolean; worker: boolean }, bootstrapKey: string | null, warnings: string[] = []) {
    const logger = pino({ level: 'info' }, { write: (line: string) => void warnings.push(...warningOf(line)) });
    const app = await startTestApp({ database, ...roles, logger, env: { BOOTSTRAP_API_KEY: bootstrapKey ?? '' } });
    apps.push(app);
    return app;
  }

  const tenantNames = async (database: TestDatabase) =>
    (await sql<{ name: string }>`select name from tenants order by name`.execute(database.db)).rows.map((r) => r.name);
  const newKey = () => `pj_first_${randomBytes(12).toString('hex')}`;

  it('a worker started first makes no tenant; APIs started after it, two at once, make BOOTSTRAP_API_KEY the one first key', async () => {
    const database = await emptyDatabase();
    const key = newKey();
    // The worker is given the key too (as a shared .env would): it still makes nothing.
    await start(database, { api: false, worker: true }, key);
    expect(await tenantNames(database)).toEqual([]);

    const [api] = await Promise.all([start(database, { api: true, worker: false }, key), start(database, { api: true, worker: false }, key)]);
    expect(await tenantNames(database)).toEqual(['default']);
    const viewer = await api!.gql('{ viewer { name } }', {}, { key });
    expect(viewer.status).toBe(200);
    expect(viewer.data).toEqual({ viewer: { name: 'default' } });
  });

  it('an API without BOOTSTRAP_API_KEY on an empty database makes no key and says in one line how to make one', async () => {
    const database = await emptyDatabase();
    const warnings: string[] = [];
    await start(database, { api: true, worker: false }, null, warnings);
    expect(await tenantNames(database)).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('npm run apikey -- create --tenant NAME');
    expect(warnings[0]).toContain('BOOTSTRAP_API_KEY');
  });

  it('on a database with tenants, BOOTSTRAP_API_KEY that is not one of its keys, or was revoked, is ignored with a warning', async () => {
    const database = await emptyDatabase();
    const first = newKey();
    await start(database, { api: true, worker: false }, first);

    // The same key again: nothing to say.
    const quiet: string[] = [];
    await start(database, { api: true, worker: false }, first, quiet);
    expect(quiet).toEqual([]);

    const other = newKey();
    const unknown: string[] = [];
    const api = await start(database, { api: true, worker: false }, other, unknown);
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatch(/^BOOTSTRAP_API_KEY is ignored: .*database has tenants/);
    expect((await api.gql('{ viewer { name } }', {}, { key: other })).status).toBe(401);

    await revokeApiKey(database.db, first);
    const revoked: string[] = [];
    await start(database, { api: true, worker: false }, first, revoked);
    expect(revoked).toEqual(['BOOTSTRAP_API_KEY is ignored: it is a key that was revoked, and it stays revoked']);
    expect(await tenantNames(database)).toEqual(['default']);
  });
});

function warningOf(line: string): string[] {
  const entry = JSON.parse(line) as { level: number; msg: string };
  return entry.level >= 40 ? [entry.msg] : [];
}
