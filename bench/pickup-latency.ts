/**
 * How long a job sent while a worker is idle waits before the worker starts it (issue: median
 * under 100 ms). Runs the real service (API + worker) on the embedded Postgres (or DATABASE_URL),
 * starts jobs one at a time with the worker idle in between, and reads from each job's event log
 * the gap between its PENDING and PROCESSING status events.
 *
 *   npm run bench:pickup            (or: node bench/pickup-latency.ts [jobs])
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { readEvents } from '../src/jobs/jobs.repository.ts';
import { startService } from '../src/runtime/start-service.ts';

const jobs = Number(process.argv[2] ?? 50);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'paperjson-bench-'));
chmodSync(dataDir, 0o755);
const key = 'pj_bench_key_0123456789abcdef';
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', BOOTSTRAP_API_KEY: key, LOG_LEVEL: 'warn' });
const service = await startService(config, createLogger('warn', 'bench'), { api: true, worker: true });
const url = `${service.http!.url}/graphql`;
const headers = { authorization: `Bearer ${key}` };

try {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: 'mutation($f: File!) { uploadDocument(file: $f) { id } }', variables: { f: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.f'] }));
  form.set('0', new Blob([readFileSync(new URL('../test/fixtures/invoice-2p.pdf', import.meta.url))]), 'invoice.pdf');
  const uploaded = (await (await fetch(url, { method: 'POST', headers, body: form })).json()) as any;
  const documentId = uploaded.data.uploadDocument.id;
  const schema = { type: 'object', properties: { invoice_number: { type: 'string' } } };

  const gaps: number[] = [];
  for (let i = 0; i < jobs; i++) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($i: StartExtractionJobInput!) { startExtractionJob(input: $i) { jobId } }',
        variables: { i: { documentId, jsonSchema: schema } },
      }),
    });
    const jobId = ((await response.json()) as any).data.startExtractionJob.jobId as string;
    // Wait for the job to finish so the worker is idle when the next one is sent.
    for (;;) {
      const events = await readEvents(service.database.db, jobId, 0);
      const pending = events.find((e) => e.payload.type === 'JOB_STATUS' && e.payload.status === 'PENDING');
      const processing = events.find((e) => e.payload.type === 'JOB_STATUS' && e.payload.status === 'PROCESSING');
      const done = events.some((e) => e.payload.type === 'JOB_STATUS' && e.payload.status === 'COMPLETED');
      if (pending && processing && done) {
        gaps.push(processing.at.getTime() - pending.at.getTime());
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  gaps.sort((a, b) => a - b);
  const at = (q: number) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))]!;
  console.log(`pickup latency over ${gaps.length} jobs (PENDING -> PROCESSING event, ms): p50 ${at(0.5)}  p90 ${at(0.9)}  max ${gaps.at(-1)}`);
  console.log(at(0.5) < 100 ? 'target met: median under 100 ms' : 'TARGET MISSED: median is 100 ms or more');
} finally {
  await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
