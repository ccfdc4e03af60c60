import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apikeyCli } from '../helpers/apikey-cli.ts';
import { spawnNode } from '../helpers/spawn-node.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

/**
 * `npm run apikey` (src/bin/apikey.ts), the operator's command for tenants and their keys, run as
 * a child process against a database the service also uses. Each describe has its own database.
 */

// `npm run apikey -- create --tenant NAME` against a database, then the service on the same one.
describe('apikey create', () => {
  let database: TestDatabase;
  let app: TestApp;
  const { apikey, killAll } = apikeyCli(() => database.url);

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await killAll();
    await app?.stop();
    await database?.close();
  });

  async function viewer(key: string) {
    app ??= await startTestApp({ worker: false, database });
    return app.gql('{ viewer { id name } }', {}, { key });
  }

  let key: string;

  it('creates the tenant and prints a new key as the last line of its output', async () => {
    const { code, lines, stderr } = await apikey('create', '--tenant', 'acme');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    key = lines.at(-1)!;
    expect(key).toMatch(/^pj_[A-Za-z0-9_-]{32,}$/);
    expect(lines.slice(0, -1).join('\n')).toContain('acme');
  });

  it('the printed key authenticates against the service on the same database, as that tenant', async () => {
    const response = await viewer(key);
    expect(response.status).toBe(200);
    expect(response.data.viewer.name).toBe('acme');
  });

  it('stores the key only as a hash: no column of api_keys holds the key', async () => {
    const { rows } = await sql<{ key_hash: string; row: string }>`
      select k.key_hash, row_to_json(k)::text as row from api_keys k join tenants t on t.id = k.tenant_id where t.name = 'acme'
    `.execute(database.db);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key_hash).not.toBe(key);
    expect(rows[0]!.row).not.toContain(key);
    // Nor the secret part of it: at most a short prefix to recognise a key by.
    expect(rows[0]!.row).not.toContain(key.slice(8));
  });

  it('run again for the same tenant, it adds a second, different key and both work', async () => {
    const { code, lines } = await apikey('create', '--tenant', 'acme');
    expect(code).toBe(0);
    const second = lines.at(-1)!;
    expect(second).toMatch(/^pj_/);
    expect(second).not.toBe(key);
    const [a, b] = await Promise.all([viewer(key), viewer(second)]);
    expect(a.data.viewer).toEqual(b.data.viewer);
  });

  it('a key for another tenant answers as that tenant', async () => {
    const { lines } = await apikey('create', '--tenant', 'globex');
    const response = await viewer(lines.at(-1)!);
    expect(response.data.viewer.name).toBe('globex');
  });

  it('without --tenant it prints the usage to stderr and exits with 2, creating nothing', async () => {
    const before = await sql<{ n: string }>`select count(*) as n from api_keys`.execute(database.db);
    const { code, lines, stderr } = await apikey('create');
    expect(code).toBe(2);
    expect(stderr).toMatch(/usage: npm run apikey -- create --tenant NAME/);
    expect(lines).toEqual([]);
    const after = await sql<{ n: string }>`select count(*) as n from api_keys`.execute(database.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });
});

// `npm run apikey -- list` and `-- revoke <prefix>` against a database the service also uses.
describe('apikey list and revoke', () => {
  let database: TestDatabase;
  let app: TestApp;
  const { apikey, killAll } = apikeyCli(() => database.url);

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp({ worker: false, database });
  });
  afterAll(async () => {
    await killAll();
    await app?.stop();
    await database?.close();
  });

  let key: string;

  it('list shows each key by prefix with its tenant, creation, last use and status, never the key', async () => {
    key = (await apikey('create', '--tenant', 'initech')).lines.at(-1)!;
    let listing = await apikey('list');
    expect(listing.code).toBe(0);
    expect(listing.lines[0]).toMatch(/^prefix\s+tenant\s+created\s+last used\s+status$/);
    const row = () => listing.lines.find((l) => l.startsWith(key.slice(0, 7)))!;
    expect(row()).toMatch(/initech\s+\d{4}-\d\d-\d\dT\S+\s+never\s+active$/);
    expect(listing.lines.join('\n')).not.toContain(key.slice(7));

    expect((await app.gql('{ viewer { name } }', {}, { key })).data.viewer.name).toBe('initech');
    listing = await apikey('list');
    expect(row()).toMatch(/initech\s+\S+\s+\d{4}-\d\d-\d\dT\S+\s+active$/);
  });

  it('revoke <prefix> revokes that key: the service refuses it from then on, and list says so', async () => {
    const revoked = await apikey('revoke', key.slice(0, 7));
    expect(revoked.code).toBe(0);
    expect(revoked.lines.join('\n')).toMatch(/Revoked key pj_\S{4} of tenant "initech"/);
    const response = await app.gql('{ viewer { name } }', {}, { key });
    expect(response.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect((await apikey('list')).lines.find((l) => l.startsWith(key.slice(0, 7)))).toMatch(/revoked \d{4}-/);
    expect((await apikey('revoke', key.slice(0, 7))).lines.join('\n')).toMatch(/already revoked/);
  });

  it('revoke of an unknown prefix exits with 1 and says how to find keys', async () => {
    const { code, stderr } = await apikey('revoke', 'pj_????');
    expect(code).toBe(1);
    expect(stderr).toMatch(/No key starts with pj_\?\?\?\?; see npm run apikey -- list/);
  });

  it('revoke of a prefix shorter than the shown one (pj_ alone) asks for more of the key, revoking nothing', async () => {
    const other = (await apikey('create', '--tenant', 'initech')).lines.at(-1)!;
    for (const prefix of ['pj_', other.slice(0, 6)]) {
      const { code, stderr } = await apikey('revoke', prefix);
      expect(code).toBe(1);
      expect(stderr).toBe(`${prefix} is too short to name a key: give the first 7 characters that list shows (e.g. pj_AbCd), or the whole key.\n`);
    }
    expect((await app.gql('{ viewer { name } }', {}, { key: other })).data.viewer.name).toBe('initech');
  });

  it('--help prints the usage to stdout and exits 0; an unknown option says which, with the usage, and exits 2', async () => {
    const help = await apikey('--help');
    expect(help.code).toBe(0);
    expect(help.lines[0]).toMatch(/^usage: npm run apikey -- create --tenant NAME/);
    const unknown = await apikey('list', '--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toMatch(/^Unknown option '--bogus'/);
    expect(unknown.stderr).toMatch(/usage: npm run apikey -- create/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });

  it('against a database name that does not exist, it says so in one line and exits 1', async () => {
    const url = new URL(database.url);
    url.pathname = '/no_such_database';
    const child = spawnNode('src/bin/apikey.ts', ['list'], { DATABASE_URL: url.toString() });
    const { code } = await child.exited;
    expect(code).toBe(1);
    expect(child.stderr().trim()).toMatch(/^could not connect to the database at \S+, database no_such_database, user postgres \(DATABASE_URL\): database "no_such_database" does not exist; /);
  });

  it('revoke without a prefix prints the usage and exits with 2', async () => {
    const { code, stderr } = await apikey('revoke');
    expect(code).toBe(2);
    expect(stderr).toMatch(/npm run apikey -- revoke PREFIX/);
  });
});
