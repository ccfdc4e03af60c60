import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../fixtures/read-fixture.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { jsonLines, spawnNode, type NodeProcess } from '../helpers/spawn-node.ts';

// The real API process, as `npm run start:api` runs it, with its stdout (the log) captured.
const apiKey = `pj_logtest_${randomBytes(16).toString('hex')}`;
const wrongKey = `pj_wrong_${randomBytes(16).toString('hex')}`;
let database: TestDatabase;
let api: NodeProcess;
let url: string;

beforeAll(async () => {
  database = await createTestDatabase();
  api = spawnNode('src/bin/api.ts', [], {
    DATABASE_URL: database.url,
    PORT: '0',
    HOST: '127.0.0.1',
    BOOTSTRAP_API_KEY: apiKey,
    LOG_LEVEL: 'debug',
  });
  const listening = JSON.parse(await api.waitForLine((line) => line.includes('"API listening"'))) as { url: string };
  url = listening.url;
});
afterAll(async () => {
  await api?.kill();
  await database?.close();
});

async function gql(query: string, key: string | null, operationName?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, operationName }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** The request log lines so far; waits until there are at least `count`. */
async function requestLines(count: number): Promise<Array<Record<string, unknown>>> {
  await api.waitForLine(() => jsonLines(api.stdout).filter((l) => l.msg === 'request').length >= count, 10_000);
  return jsonLines(api.stdout).filter((l) => l.msg === 'request');
}

describe('the request log', () => {
  it('writes one JSON line per request with tenant, operation name, status and duration', async () => {
    const before = (await requestLines(0)).length;
    const { body } = await gql('query WhoAmI { viewer { id } }', apiKey);
    const tenantId = body.data.viewer.id as string;

    const lines = await requestLines(before + 1);
    expect(lines).toHaveLength(before + 1);
    expect(lines.at(-1)).toMatchObject({
      level: 20, // debug: at info they would flood the terminal while a client follows a job
      method: 'POST',
      path: '/graphql',
      status: 200,
      tenantId,
      operationName: 'WhoAmI',
      durationMs: expect.any(Number),
    });
    expect(lines.at(-1)!.durationMs as number).toBeGreaterThanOrEqual(0);
  });

  it('the operation chosen by operationName is the one logged', async () => {
    const before = (await requestLines(0)).length;
    await gql('query First { viewer { id } } query Second { viewer { name } }', apiKey, 'Second');
    expect((await requestLines(before + 1)).at(-1)).toMatchObject({ operationName: 'Second' });
  });

  it('a refused request is logged with its status and without a tenant', async () => {
    const before = (await requestLines(0)).length;
    expect((await gql('query Sneaky { viewer { id } }', wrongKey)).status).toBe(401);
    const line = (await requestLines(before + 1)).at(-1)!;
    expect(line).toMatchObject({ status: 401, durationMs: expect.any(Number) });
    expect(line.tenantId).toBeUndefined();
  });

  it('an upload is logged once, with its operation but not its contents', async () => {
    const before = (await requestLines(0)).length;
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: 'mutation Upload($f: File!) { uploadDocument(file: $f) { id } }', variables: { f: null } }));
    form.set('map', JSON.stringify({ 0: ['variables.f'] }));
    const marker = `CONTENT-MARKER-${randomBytes(8).toString('hex')}`;
    form.set('0', new Blob([new Uint8Array(fixture('not-a-pdf.pdf')), marker]), 'secret.pdf');
    const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` }, body: form });
    expect(response.status).toBe(422);

    const lines = await requestLines(before + 1);
    expect(lines).toHaveLength(before + 1);
    expect(lines.at(-1)).toMatchObject({ status: 422, operationName: 'Upload' });
    expect(api.stdout.join('\n')).not.toContain(marker);
  });

  it('health checks are not logged as requests', async () => {
    const before = (await requestLines(0)).length;
    await fetch(url.replace(/\/graphql$/, '/health'));
    await gql('query AfterHealth { viewer { id } }', apiKey);
    const lines = await requestLines(before + 1);
    expect(lines.slice(before).map((l) => l.operationName)).toEqual(['AfterHealth']);
  });

  it('never contains an API key, right or wrong', async () => {
    await requestLines(4);
    const output = api.stdout.join('\n') + api.stderr();
    expect(output).not.toContain(apiKey);
    expect(output).not.toContain(wrongKey);
    // Not even the secret part: the prefix pj_ is all a log may show.
    expect(output).not.toContain(apiKey.slice(12));
  });
});
