import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../fixtures/read-fixture.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { spawnNode, type NodeProcess } from '../helpers/spawn-node.ts';

// `npm start` as a user runs it: one process with the API, the worker and (without DATABASE_URL)
// an embedded Postgres in DATA_DIR.
const started: NodeProcess[] = [];
let parent: string;
let database: TestDatabase;

beforeAll(async () => {
  parent = mkdtempSync(path.join(os.tmpdir(), 'paperjson-restart-'));
  chmodSync(parent, 0o755); // as root, Postgres runs as the postgres user, who must traverse it
  database = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await Promise.all(started.map((p) => p.kill()));
  await database?.close();
  if (parent) rmSync(parent, { recursive: true, force: true });
});

function start(env: Record<string, string>): NodeProcess {
  const child = spawnNode('src/bin/all-in-one.ts', [], { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env });
  started.push(child);
  return child;
}

/** The GraphQL URL from the banner, once the process says it is running. */
async function banner(child: NodeProcess, lastLine: RegExp): Promise<{ url: string; text: string }> {
  const line = await child.waitForLine(/paperjson is running: /, 45_000);
  await child.waitForLine(lastLine, 5_000);
  return { url: /paperjson is running: (\S+)/.exec(line)![1]!, text: child.stdout.join('\n') };
}

async function stopWithCtrlC(child: NodeProcess): Promise<void> {
  child.child.kill('SIGINT');
  const { code, signal } = await child.exited;
  expect({ code, signal }).toEqual({ code: 0, signal: null });
}

async function gql(url: string, key: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
}

async function upload(url: string, key: string, name: string) {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: 'mutation($f: File!) { uploadDocument(file: $f) { id sha256 } }', variables: { f: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.f'] }));
  form.set('0', new Blob([new Uint8Array(fixture(name))], { type: 'application/pdf' }), name);
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
  return (await response.json()) as { data: { uploadDocument: { id: string; sha256: string } } };
}

describe('npm start with the embedded Postgres', () => {
  it(
    'BOOTSTRAP_API_KEY is the first key; after Ctrl-C and a new start the document and the key are still there',
    async () => {
      const dataDir = path.join(parent, 'data');
      const firstKey = `pj_first_${randomBytes(16).toString('hex')}`;

      const first = start({ DATA_DIR: dataDir, BOOTSTRAP_API_KEY: firstKey });
      const { url, text } = await banner(first, /Header:/);
      const printed = text.split('\n').map((l) => l.trim()).find((l) => /^pj_\S+$/.test(l));
      expect(printed).toBe(firstKey);
      const uploaded = (await upload(url, firstKey, 'invoice-2p.pdf')).data.uploadDocument;
      await stopWithCtrlC(first);
      // Postgres was stopped with the process, not left running.
      expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

      // A different BOOTSTRAP_API_KEY on a database that already has a tenant creates nothing.
      const laterKey = `pj_later_${randomBytes(16).toString('hex')}`;
      const second = start({ DATA_DIR: dataDir, BOOTSTRAP_API_KEY: laterKey });
      const again = await banner(second, /Use your API key/);
      expect(again.text).not.toContain(firstKey);
      expect(again.text).not.toContain(laterKey);

      const read = await gql(again.url, firstKey, 'query($id: ID!) { document(id: $id) { id sha256 pageCount } }', { id: uploaded.id });
      expect(read.data).toEqual({ document: { id: uploaded.id, sha256: uploaded.sha256, pageCount: 2 } });
      expect((await gql(again.url, laterKey, '{ viewer { id } }')).status).toBe(401);
      await stopWithCtrlC(second);
    },
    60_000,
  );

  it(
    'the first start on an empty database prints a new random key with a ready-to-paste GraphiQL header, and the key works',
    async () => {
      const child = start({ DATABASE_URL: database.url, DATA_DIR: path.join(parent, 'unused') });
      const { url, text } = await banner(child, /Header:/);
      const key = /^\s+(pj_\S+)$/m.exec(text)?.[1];
      expect(key).toMatch(/^pj_[A-Za-z0-9_-]{32,}$/);
      expect(text).toContain(`Header:    {"Authorization": "Bearer ${key}"}`);
      expect(text).toContain(`GraphiQL:  ${url}?apiKey=`);
      expect((await gql(url, key!, '{ viewer { name } }')).data).toEqual({ viewer: { name: 'default' } });
      await stopWithCtrlC(child);
      // With DATABASE_URL set nothing is embedded.
      expect(existsSync(path.join(parent, 'unused'))).toBe(false);
    },
    30_000,
  );
});
