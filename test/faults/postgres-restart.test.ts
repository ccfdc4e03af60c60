import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { spawnService, type ServiceProcess } from '../helpers/child-process.ts';
import { startGeminiStub, type GeminiStub } from '../helpers/gemini-stub.ts';
import { START_JOB, fixture } from '../helpers/job-fixtures.ts';
import { TEN_SUBTREE_PATHS, TEN_SUBTREE_RESULT, TEN_SUBTREE_SCHEMA, expectSoundLog, JOB_LOG, tenSubtreeAnswer, type LoggedEvent } from './fault-fixtures.ts';
import { followWithResubscribe } from './resubscribe.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';
import { startPostgresAgain } from '../helpers/start-postgres-again.ts';

/**
 * The database goes away under running jobs: first a clean restart, then a SIGKILL of the
 * postmaster. Our own embedded Postgres (not the suite's shared one) behind a TCP proxy, so the
 * services keep their DATABASE_URL while Postgres comes back on another port. API and worker
 * are child processes, and both must ride out the restarts without exiting: their pools, queue,
 * event bus and claim leases reconnect. A process that exits anyway is restarted, as a
 * supervisor would, so that the jobs still finish and the failure shows what it said.
 */
describe('Postgres restarts while jobs run', () => {
  const key = 'pj_fault_key_0123456789abcdef';
  let parent: string;
  let postgres: EmbeddedPostgres;
  let proxy: TcpProxy;
  let stub: GeminiStub;
  let apiUrl: string;
  const children: ServiceProcess[] = [];
  const exits: Array<{ entry: string; code: number | null; output: string }> = [];

  const pgDir = () => path.join(parent, 'pg');
  const databaseUrl = () => {
    const url = new URL(postgres.url);
    url.port = String(proxy.port);
    url.pathname = '/paperjson';
    return url.toString();
  };

  /** Runs a service process and restarts it whenever it exits, recording how it went. */
  const supervise = (entry: 'src/bin/api.ts' | 'src/bin/worker.ts', env: Record<string, string>) => {
    let stopped = false;
    let current: ServiceProcess;
    const run = () => {
      current = spawnService(entry, { DATABASE_URL: databaseUrl(), GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: stub.url, ...env });
      children.push(current);
      void current.exited.then((code) => {
        if (stopped) return;
        exits.push({ entry, code, output: current.output.join('\n') });
        if (process.env.FAULT_DEBUG) console.error(entry, code, current.output.slice(-40).join("\n"));
        setTimeout(run, 500);
      });
      return current;
    };
    run();
    return {
      get process() {
        return current;
      },
      stop() {
        stopped = true;
        current.kill('SIGKILL');
      },
    };
  };

  const gql = async (query: string, variables: object) =>
    (await (await fetch(apiUrl, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json()) as any;

  const restartPostgres = async (hard: boolean) => {
    if (hard) {
      const pid = Number(readFileSync(path.join(pgDir(), 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGKILL');
      proxy.cutAll();
    } else {
      await postgres.stop();
    }
    postgres = await startPostgresAgain({ dir: pgDir() });
    proxy.retarget(postgres.port);
  };

  beforeAll(async () => {
    parent = mkdtempSync(path.join(os.tmpdir(), 'paperjson-fault-pg-'));
    chmodSync(parent, 0o755);
    postgres = await startEmbeddedPostgres({ dir: pgDir() });
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('create database paperjson');
    await admin.end();
    proxy = await startTcpProxy(postgres.port);
    stub = await startGeminiStub();
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await proxy?.close();
    await stub?.close();
    await postgres?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  it('no accepted job is lost, jobs under a clean restart finish in their first attempt, resubscribing clients see no gap and no duplicate, and API and worker reconnect without exiting', async () => {
    stub.respond((request) => tenSubtreeAnswer(request, 300));
    const api = supervise('src/bin/api.ts', { PORT: '0', BOOTSTRAP_API_KEY: key });
    const [, url] = await api.process.waitFor(/"url":"([^"]+)".*API listening/, 60_000);
    apiUrl = url!;
    const worker = supervise('src/bin/worker.ts', { JOB_HEARTBEAT_SECONDS: '10' });
    await worker.process.waitFor(/worker started/, 60_000);

    const form = new FormData();
    form.set('operations', JSON.stringify({ query: 'mutation($f: File!) { uploadDocument(file: $f) { id } }', variables: { f: null } }));
    form.set('map', JSON.stringify({ 0: ['variables.f'] }));
    form.set('0', new Blob([readFileSync(fixture('invoice-2p.pdf'))]), 'invoice.pdf');
    const documentId = ((await (await fetch(apiUrl, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form })).json()) as any).data.uploadDocument.id;

    /**
     * Starts four jobs, faults the database once the stand-in has seen `faultAfter` calls, and
     * waits for every job to finish; returns what the clients and the jobs' logs said.
     */
    const runJobsThrough = async (fault: () => Promise<void>) => {
      const faultAfter = stub.requests.length + 4;
      const jobIds: string[] = [];
      for (let i = 0; i < 4; i++) {
        const started = await gql(START_JOB, { input: { documentId, jsonSchema: TEN_SUBTREE_SCHEMA, config: { model: 'GEMINI_2_5_FLASH', maxNumConcurrentRequests: 1 } } });
        jobIds.push(started.data.startExtractionJob.jobId);
      }
      const clients = jobIds.map((jobId) => followWithResubscribe(() => apiUrl, key, jobId));
      allClients.push(...clients);
      await stub.waitUntil((s) => s.requests.length >= faultAfter, 60_000);
      await fault();

      // A restarted API may listen on another port (PORT=0): clients follow it.
      const deadline = Date.now() + 240_000;
      for (const jobId of jobIds) {
        for (;;) {
          const job = await gql(JOB_LOG, { id: jobId }).catch(() => null);
          if (job?.data?.job && ['COMPLETED', 'FAILED'].includes(job.data.job.status)) break;
          if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish: ${JSON.stringify(job)}`);
          const listening = api.process.output.map((line) => /"url":"([^"]+)".*API listening/.exec(line)).find(Boolean);
          if (listening) apiUrl = listening[1]!;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
      await Promise.all(clients.map((c) => c.done));
      const jobs: Array<{ status: string; errorMessage: string | null; results: unknown; events: LoggedEvent[] }> = [];
      for (const [i, jobId] of jobIds.entries()) {
        const job = (await gql(JOB_LOG, { id: jobId })).data.job as (typeof jobs)[number];
        expect(job.status, job.errorMessage ?? '').toBe('COMPLETED');
        expect(job.results).toEqual(TEN_SUBTREE_RESULT);
        expectSoundLog(job.events, TEN_SUBTREE_PATHS);
        expect(clients[i]!.errors).toEqual([]);
        expect(clients[i]!.events.map((e) => e.seq)).toEqual(job.events.map((e) => e.seq));
        jobs.push(job);
      }
      return jobs;
    };
    const statusesOf = (job: { events: LoggedEvent[] }) => job.events.filter((e) => e.__typename === 'JobStatusEvent').map((e) => e.status);

    const allClients: ReturnType<typeof followWithResubscribe>[] = [];
    try {
      // A clean restart: a job's writes outlast the lost connection (outlastLostConnection) and its
      // claim lease rides out the same window, so every job finishes in its first attempt.
      const afterRestart = await runJobsThrough(() => restartPostgres(false));
      for (const job of afterRestart) expect(statusesOf(job)).not.toContain('RETRYING');
      // A SIGKILLed postmaster may lose a commit in flight; a job may then legitimately be retried.
      await runJobsThrough(() => restartPostgres(true));
      // Neither process had to be restarted.
      expect(exits.map((exit) => `${exit.entry} exited with ${exit.code}: ${exit.output.slice(-2_000)}`)).toEqual([]);
    } finally {
      for (const client of allClients) client.stop();
      api.stop();
      worker.stop();
    }
  });
});
