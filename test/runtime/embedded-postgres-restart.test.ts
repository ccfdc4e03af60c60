import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEN_SUBTREE_PATHS, TEN_SUBTREE_RESULT, TEN_SUBTREE_SCHEMA, expectSoundLog, JOB_LOG, tenSubtreeAnswer, type LoggedEvent } from '../faults/fault-fixtures.ts';
import { startGeminiStub, type GeminiStub } from '../helpers/gemini-stub.ts';
import { copyInitialisedCluster } from '../helpers/initialised-cluster.ts';
import { START_JOB, fixture } from '../helpers/job-fixtures.ts';
import { jsonLines } from '../helpers/spawn-node.ts';
import { isAlive, spawnGroupLeader, type GroupProcess } from './process-group.ts';

// `npm start` has no supervisor: when its embedded Postgres dies, the service itself restarts it.
let parent: string;
let service: GroupProcess | null = null;
let stub: GeminiStub;
const key = 'pj_restart_key_0123456789abcdef';

beforeAll(async () => {
  parent = mkdtempSync(path.join(os.tmpdir(), 'paperjson-pg-restart-'));
  chmodSync(parent, 0o755); // as root, Postgres runs as the postgres user, who must traverse it
  stub = await startGeminiStub();
});
afterEach(() => {
  service?.killGroup();
  service = null;
});
afterAll(async () => {
  await stub?.close();
  if (parent) rmSync(parent, { recursive: true, force: true });
});

function postgresPid(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const status = await fetch(url).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} not ready within ${timeoutMs} ms (last status ${status})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the embedded Postgres of npm start', () => {
  it('is restarted on the same port after a SIGKILL of its postmaster while a job runs: the job completes, the service answers again and still stops cleanly', async () => {
    // On a copy of the run's initialised cluster (global-setup.ts): the restart does not depend on who ran initdb.
    const dataDir = path.join(parent, 'sigkill');
    mkdirSync(dataDir);
    copyInitialisedCluster(path.join(dataDir, 'postgres'));
    service = spawnGroupLeader('src/bin/all-in-one.ts', {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      BOOTSTRAP_API_KEY: key,
      GEMINI_API_KEY: 'test-key',
      GEMINI_BASE_URL: stub.url,
    });
    const listening = await service.waitForLine(/"API listening"/, 90_000);
    const api = JSON.parse(listening).url as string;
    const ready = `${api.replace(/\/graphql$/, '')}/ready`;
    await waitUntilReady(ready, 30_000);
    const gql = async (query: string, variables: object) =>
      (await (await fetch(api, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json()) as any;
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: 'mutation($f: File!) { uploadDocument(file: $f) { id } }', variables: { f: null } }));
    form.set('map', JSON.stringify({ 0: ['variables.f'] }));
    form.set('0', new Blob([readFileSync(fixture('invoice-2p.pdf'))]), 'invoice.pdf');
    const documentId = ((await (await fetch(api, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form })).json()) as any).data.uploadDocument.id;
    // Ten subtrees, one call at a time, 300 ms each: the kill lands mid-job.
    stub.respond((request) => tenSubtreeAnswer(request, 300));
    const started = await gql(START_JOB, { input: { documentId, jsonSchema: TEN_SUBTREE_SCHEMA, config: { model: 'GEMINI_2_5_FLASH', maxNumConcurrentRequests: 1 } } });
    const jobId = started.data.startExtractionJob.jobId as string;
    await stub.waitUntil((s) => s.requests.length >= 3, 60_000);
    const killed = postgresPid(dataDir);

    process.kill(killed, 'SIGKILL');
    await service.waitForLine(/"embedded Postgres restarted; connections resume"/, 90_000);
    await waitUntilReady(ready, 60_000);
    for (const deadline = Date.now() + 120_000; ; ) {
      const status = (await gql(JOB_LOG, { id: jobId }).catch(() => null))?.data?.job?.status;
      if (status === 'COMPLETED' || status === 'FAILED') break;
      if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish after the restart (status ${status})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const job = (await gql(JOB_LOG, { id: jobId })).data.job as { status: string; errorMessage: string | null; results: unknown; events: LoggedEvent[] };
    expect(job.status, job.errorMessage ?? '').toBe('COMPLETED');
    expect(job.results).toEqual(TEN_SUBTREE_RESULT);
    expectSoundLog(job.events, TEN_SUBTREE_PATHS);
    const restarted = postgresPid(dataDir);
    expect(restarted).not.toBe(killed);
    expect(isAlive(restarted)).toBe(true);
    expect(jsonLines(service.stdout).filter((line) => line.msg === 'the embedded Postgres exited unexpectedly; restarting it')).toHaveLength(1);
    expect(jsonLines(service.stdout).filter((line) => Number(line.level) >= 60)).toEqual([]);

    process.kill(-service.pgid, 'SIGINT');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(jsonLines(service.stdout).some((line) => line.msg === 'embedded Postgres stopped')).toBe(true);
    expect(isAlive(restarted)).toBe(false);
  }, 300_000);
});
