import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnService, type ServiceProcess } from '../helpers/child-process.ts';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';
import { INVOICE_SCHEMA, SUBTREE_PATHS, WHOLE_RESULT, answerFor, startJob, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { TEN_SUBTREE_PATHS, TEN_SUBTREE_RESULT, TEN_SUBTREE_SCHEMA, expectSoundLog, jobLog, tenSubtreeAnswer } from './fault-fixtures.ts';

/**
 * Workers as real child processes, killed with SIGKILL at random points while jobs run: every
 * job still finishes exactly once, with the results of a clean run and a sound event log.
 *
 * How many kills: each kill of the worker running a job costs that job the time until a live
 * worker's claim check sees its lease gone (a second, or up to 3 s into an attempt) plus the
 * queue's retry backoff, which doubles per attempt up to JOB_RETRY_DELAY_MAX_SECONDS (60 s by
 * default, 2 s here so twenty kills of one job take a few minutes, not fifteen). The suite kills
 * the long job FAULT_LONG_JOB_KILLS times and the 50 short jobs' workers FAULT_SHORT_JOB_KILLS
 * times (20 each by default).
 */
const LONG_JOB_KILLS = Number(process.env.FAULT_LONG_JOB_KILLS ?? 20);
const SHORT_JOB_KILLS = Number(process.env.FAULT_SHORT_JOB_KILLS ?? 20);
// More retries than kills: every kill of the long job's worker costs it one attempt.
const WORKER_ENV = { JOB_HEARTBEAT_SECONDS: '10', JOB_RETRY_LIMIT: '20', JOB_RETRY_DELAY_MAX_SECONDS: '2', WORKER_CONCURRENCY: '4' };

const randomMs = (min: number, max: number) => min + Math.floor(Math.random() * (max - min));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('workers killed with SIGKILL at random points', () => {
  let stub: GeminiStub;
  let app: TestApp;
  let documentId: string;
  const workers: ServiceProcess[] = [];

  const spawnWorker = async (): Promise<ServiceProcess> => {
    const worker = spawnService('src/bin/worker.ts', {
      DATABASE_URL: app.database.url,
      GEMINI_API_KEY: 'test-key',
      GEMINI_BASE_URL: stub.url,
      ...WORKER_ENV,
    });
    workers.push(worker);
    await worker.waitFor(/worker started/, 60_000);
    return worker;
  };
  const kill = async (worker: ServiceProcess): Promise<void> => {
    worker.kill('SIGKILL');
    await worker.exited;
    workers.splice(workers.indexOf(worker), 1);
  };

  beforeAll(async () => {
    // JOB_RETRY_LIMIT here too: the first process to start creates the queue with its limit.
    ({ app, stub } = await startAppWithGeminiStub({
      worker: false,
      env: {
        MAX_ACTIVE_JOBS: '100',
        JOB_RETRY_LIMIT: WORKER_ENV.JOB_RETRY_LIMIT,
        JOB_RETRY_DELAY_MAX_SECONDS: WORKER_ENV.JOB_RETRY_DELAY_MAX_SECONDS,
      },
    }));
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
  });
  afterEach(async () => {
    for (const worker of [...workers]) await kill(worker);
  });
  afterAll(() => app?.stop());

  it(`one long job survives ${LONG_JOB_KILLS} kills of its worker and finishes once, whole`, async () => {
    // One call at a time, a second each: ten subtrees are ten seconds of model work. Each kill
    // comes 0-1.2 s into a worker's first call, so most attempts die mid-call and some after a
    // subtree was persisted: the job outlives every kill, with resumptions in between.
    stub.respond((request) => tenSubtreeAnswer(request, 1_000));
    const { jobId } = await startJob(app, { documentId, jsonSchema: TEN_SUBTREE_SCHEMA, config: { model: 'GEMINI_2_5_FLASH', maxNumConcurrentRequests: 1 } });
    let kills = 0;
    while (kills < LONG_JOB_KILLS) {
      const worker = await spawnWorker();
      const requestsBefore = stub.requests.length;
      // Wait until this worker is at work on the job (a model call of it arrived), then kill it
      // at a random moment. A resumption may need no model call at all (every subtree was
      // already persisted): then the job just finishes, and there is nothing left to kill.
      let finished = false;
      for (const deadline = Date.now() + 180_000; stub.requests.length === requestsBefore && stub.inFlight === 0; ) {
        const { status } = await jobLog(app, jobId!);
        finished = status === 'COMPLETED' || status === 'FAILED';
        if (finished) break;
        if (Date.now() > deadline) throw new Error(`no model call and no end of job ${jobId} within 180 s`);
        await pause(100);
      }
      if (finished) break;
      await pause(randomMs(0, 1_200));
      await kill(worker);
      kills++;
    }
    await spawnWorker();
    await waitForJob(app, jobId!, ['COMPLETED', 'FAILED'], 240_000);
    const job = await jobLog(app, jobId!);
    expect(job.status, job.errorMessage ?? '').toBe('COMPLETED');
    expect(job.results).toEqual(TEN_SUBTREE_RESULT);
    expect(job.metadata.failedPaths).toEqual([]);
    expectSoundLog(job.events, TEN_SUBTREE_PATHS);
    // Every kill hit a worker that was running the job.
    expect(kills).toBe(LONG_JOB_KILLS);
  }, 600_000);

  it(`fifty short jobs survive ${SHORT_JOB_KILLS} kills of random workers and each finishes once, whole`, async () => {
    stub.respond((request) => answerFor(request, randomMs(20, 200)));
    await Promise.all([spawnWorker(), spawnWorker()]);
    const jobIds: string[] = [];
    for (let i = 0; i < 50; i++) {
      const { jobId, errors } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA, config: { model: 'GEMINI_2_5_FLASH' } });
      expect(errors).toBeUndefined();
      jobIds.push(jobId!);
    }
    for (let kills = 0; kills < SHORT_JOB_KILLS; kills++) {
      await pause(randomMs(200, 2_000));
      await kill(workers[Math.floor(Math.random() * workers.length)]!);
      await spawnWorker();
    }
    for (const jobId of jobIds) {
      await waitForJob(app, jobId, ['COMPLETED', 'FAILED'], 300_000);
      const job = await jobLog(app, jobId);
      expect(job.status, job.errorMessage ?? '').toBe('COMPLETED');
      expect(job.results).toEqual(WHOLE_RESULT);
      expectSoundLog(job.events, SUBTREE_PATHS);
    }
  });
});
