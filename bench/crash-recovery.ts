/**
 * How long a job waits after its worker is killed with SIGKILL until another worker resumes it
 * (issue: within 60 s with default settings). Real processes: the API here, workers as child
 * processes with DEFAULT settings, the Gemini stand-in in this process holding one subtree open.
 *
 *   npm run bench:crash            (or: node bench/crash-recovery.ts [rounds])
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { readEvents } from '../src/jobs/jobs.repository.ts';
import { createLogger } from '../src/logger.ts';
import { startService } from '../src/runtime/start-service.ts';
import { spawnService } from '../test/helpers/child-process.ts';
import { startGeminiStub } from '../test/helpers/gemini-stub.ts';
import { answerFor, fixture, INVOICE_SCHEMA, subtreeOf } from '../test/helpers/job-fixtures.ts';
import { readFileSync } from 'node:fs';

const rounds = Number(process.argv[2] ?? 2);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'paperjson-bench-'));
chmodSync(dataDir, 0o755);
const key = 'pj_bench_key_0123456789abcdef';
const stub = await startGeminiStub();
let hold = true;
stub.respond((request) => (subtreeOf(request) === '/notes' && hold ? { kind: 'hang' } : answerFor(request)));
const env = { GEMINI_API_KEY: 'bench', GEMINI_BASE_URL: stub.url };
const config = loadConfig({ ...process.env, ...env, DATA_DIR: dataDir, PORT: '0', BOOTSTRAP_API_KEY: key, LOG_LEVEL: 'warn' });
const service = await startService(config, createLogger('warn', 'bench'), { api: true, worker: false });
const url = `${service.http!.url}/graphql`;
const gql = async (query: string, variables: object) =>
  (await (await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json()) as any;

try {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: 'mutation($f: File!) { uploadDocument(file: $f) { id } }', variables: { f: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.f'] }));
  form.set('0', new Blob([readFileSync(fixture('invoice-2p.pdf'))]), 'invoice.pdf');
  const documentId = ((await (await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form })).json()) as any).data.uploadDocument.id;

  for (let round = 1; round <= rounds; round++) {
    hold = true;
    const first = spawnService('src/bin/worker.ts', { ...env, DATABASE_URL: service.database.url });
    await first.waitFor(/worker started/);
    const started = await gql('mutation($i: StartExtractionJobInput!) { startExtractionJob(input: $i) { jobId } }', { i: { documentId, jsonSchema: INVOICE_SCHEMA } });
    const jobId = started.data.startExtractionJob.jobId as string;
    await stub.waitUntil((s) => s.inFlight === 1 && s.requests.some((r) => subtreeOf(r) === '/notes'));
    const second = spawnService('src/bin/worker.ts', { ...env, DATABASE_URL: service.database.url });
    await second.waitFor(/worker started/);
    first.kill('SIGKILL');
    const killedAt = Date.now();
    await first.exited;
    hold = false;
    for (;;) {
      const events = await readEvents(service.database.db, jobId, 0);
      const resumed = events.filter((e) => e.payload.type === 'JOB_STATUS' && e.payload.status === 'PROCESSING');
      if (resumed.length === 2) {
        console.log(`round ${round}: resumed by another worker ${((resumed[1]!.at.getTime() - killedAt) / 1000).toFixed(1)} s after SIGKILL (JOB_HEARTBEAT_SECONDS=${config.jobHeartbeatSeconds})`);
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    second.kill('SIGKILL');
    await second.exited;
  }
} finally {
  await service.stop();
  await stub.close();
  rmSync(dataDir, { recursive: true, force: true });
}
