import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apikeyCli } from '../helpers/apikey-cli.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

// `npm run apikey -- list` and `-- revoke <prefix>` against a database the service also uses.
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

describe('apikey list and revoke', () => {
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

  it('revoke without a prefix prints the usage and exits with 2', async () => {
    const { code, stderr } = await apikey('revoke');
    expect(code).toBe(2);
    expect(stderr).toMatch(/npm run apikey -- revoke PREFIX/);
  });
});
