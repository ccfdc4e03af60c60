/**
 * Model outage (issue 16): the Gemini stand-in answers 429 for 30 s, then normally. Five jobs of
 * ten subtrees start when the outage starts. Target: every job completes, the last within 5 s
 * of the clean run's time plus the outage; model calls during the outage ≤ 2 per subtree per
 * 10 s. A clean run first gives the baseline. The whole service (API and worker in this
 * process, embedded Postgres), default settings except WORKER_CONCURRENCY=5 so the five jobs
 * run side by side.
 *
 *   node bench/model-outage.ts [outageSeconds=30] [answerDelayMs=300]
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { startService } from '../src/runtime/start-service.ts';
import { startGeminiStub } from '../test/helpers/gemini-stub.ts';
import { fixture, subtreeOf } from '../test/helpers/job-fixtures.ts';
import { TEN_SUBTREE_SCHEMA, tenSubtreeAnswer } from '../test/faults/fault-fixtures.ts';

const outageMs = Number(process.argv[2] ?? 30) * 1000;
const answerDelayMs = Number(process.argv[3] ?? 300);
const JOBS = 5;
const SUBTREES = 10;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'paperjson-bench-'));
chmodSync(dataDir, 0o755);
const key = 'pj_bench_key_0123456789abcdef';
const stub = await startGeminiStub();
let outageEnds = 0;
const limitedAt: number[] = [];
stub.respond((request) => {
  if (Date.now() < outageEnds) {
    limitedAt.push(Date.now());
    return { kind: 'error', status: 429, message: `Resource has been exhausted (subtree ${subtreeOf(request) || '/'}).` };
  }
  return tenSubtreeAnswer(request, answerDelayMs);
});
const config = loadConfig({
  ...process.env,
  GEMINI_API_KEY: 'bench',
  GEMINI_BASE_URL: stub.url,
  DATA_DIR: dataDir,
  PORT: '0',
  BOOTSTRAP_API_KEY: key,
  LOG_LEVEL: 'warn',
  WORKER_CONCURRENCY: String(JOBS),
});
const service = await startService(config, createLogger('warn', 'bench'), { api: true, worker: true });
const url = `${service.http!.url}/graphql`;
const gql = async (query: string, variables: object) =>
  (await (await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json()) as any;

/** Starts the jobs and returns, per job, its final status, failedPaths and seconds to finish. */
async function runJobs(documentId: string) {
  const started = Date.now();
  const ids = await Promise.all(
    Array.from({ length: JOBS }, async () => {
      const response = await gql('mutation($i: StartExtractionJobInput!) { startExtractionJob(input: $i) { jobId } }', {
        i: { documentId, jsonSchema: TEN_SUBTREE_SCHEMA, config: { model: 'GEMINI_2_5_FLASH', maxNumConcurrentRequests: 5 } },
      });
      if (!response.data) throw new Error(JSON.stringify(response.errors));
      return response.data.startExtractionJob.jobId as string;
    }),
  );
  return Promise.all(
    ids.map(async (id) => {
      for (;;) {
        const { data } = await gql('query($id: ID!) { job(id: $id) { status errorMessage finishedAt metadata { failedPaths } } }', { id });
        if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(data.job.status)) {
          return { status: data.job.status as string, failedPaths: data.job.metadata.failedPaths as string[], seconds: (Date.parse(data.job.finishedAt) - started) / 1000 };
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }),
  );
}

try {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: 'mutation($f: File!) { uploadDocument(file: $f) { id } }', variables: { f: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.f'] }));
  form.set('0', new Blob([readFileSync(fixture('invoice-2p.pdf'))]), 'invoice.pdf');
  const documentId = ((await (await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form })).json()) as any).data.uploadDocument.id;

  const clean = await runJobs(documentId);
  const cleanSeconds = Math.max(...clean.map((j) => j.seconds));
  console.log(`clean run: ${JOBS} jobs of ${SUBTREES} subtrees, the last done after ${cleanSeconds.toFixed(1)} s (answers take ${answerDelayMs} ms)`);

  const outageStarted = Date.now();
  outageEnds = outageStarted + outageMs;
  const faulted = await runJobs(documentId);
  const lastSeconds = Math.max(...faulted.map((j) => j.seconds));
  const target = cleanSeconds + outageMs / 1000 + 5;
  const completed = faulted.filter((j) => j.status === 'COMPLETED' && j.failedPaths.length === 0).length;
  console.log(`with ${outageMs / 1000} s of 429s: ${completed} of ${JOBS} jobs completed whole; the last after ${lastSeconds.toFixed(1)} s (target ≤ ${target.toFixed(1)} s: ${lastSeconds <= target ? 'met' : 'MISSED'})`);
  for (const [i, job] of faulted.entries()) {
    console.log(`  job ${i + 1}: ${job.status} after ${job.seconds.toFixed(1)} s${job.failedPaths.length ? `, failed: ${job.failedPaths.join(', ')}` : ''}`);
  }
  const windows: number[] = [];
  for (let from = outageStarted; from < outageEnds; from += 10_000) {
    windows.push(limitedAt.filter((at) => at >= from && at < Math.min(from + 10_000, outageEnds)).length);
  }
  const worst = Math.max(...windows) / (JOBS * SUBTREES);
  console.log(
    `model calls during the outage: ${limitedAt.length} (${windows.join(', ')} per 10 s window); worst window ${worst.toFixed(2)} per subtree per 10 s (target ≤ 2: ${worst <= 2 ? 'met' : 'MISSED'})`,
  );
} finally {
  await service.stop();
  await stub.close();
  rmSync(dataDir, { recursive: true, force: true });
}
