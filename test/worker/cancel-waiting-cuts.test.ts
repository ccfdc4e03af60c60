import { randomUUID } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobEventBus } from '../../src/events/job-event-bus.ts';
import { createJobEventBus } from '../../src/events/job-event-bus.ts';
import { createLogger } from '../../src/logger.ts';
import { createAdaptiveLimiter } from '../../src/models/limiter.ts';
import { createBoss } from '../../src/queue/create-boss.ts';
import { providerFactory } from '../../src/runtime/create-provider.ts';
import { cutPages, keptPages } from '../../src/worker/cut-pages-cache.ts';
import { prepareRun, runJob, type RunJobDeps } from '../../src/worker/run-job.ts';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';
import { answerFor, INVOICE_SCHEMA, startJob, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import { fixture } from '../fixtures/read-fixture.ts';
import type { TestApp } from '../helpers/test-app.ts';

/**
 * A job whose pages go to the model as PDF, cancelled while its cuts wait for the worker's one
 * document open for cutting: its cuts leave the queue (run-job.ts hands the job's signal to the
 * process's cut cache). The real service's API and database, the Gemini stand-in, runJob itself.
 */
describe("a cancelled job's cuts", () => {
  let app: TestApp;
  let stub: GeminiStub;
  let boss: PgBoss;
  let bus: JobEventBus;
  let deps: RunJobDeps;

  beforeAll(async () => {
    ({ app, stub } = await startAppWithGeminiStub({ respond: (request) => answerFor(request), worker: false }));
    const logger = createLogger('silent', 'test');
    boss = await createBoss({ connectionString: app.database.url, logger, jobRetryLimit: 1, heartbeatSeconds: 30 });
    bus = await createJobEventBus(app.database.url, logger);
    const createProvider = await providerFactory({
      geminiApiKey: 'test-key',
      geminiBaseUrl: stub.url,
      modelTimeoutSeconds: 30,
      modelRetryWindowSeconds: 30,
      processLimiter: createAdaptiveLimiter(4),
    });
    deps = { db: app.service.database.db, boss, bus, logger, createProvider };
  });
  afterAll(async () => {
    await bus?.close();
    await boss?.stop({ graceful: false, close: true, timeout: 5000 });
    await app?.stop();
  });

  it('leave the queue when the job is cancelled while they wait: its document is never cut and no call is made', async () => {
    const documentId = await uploadFixture(app, 'invoice-2p.pdf');
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA, config: { documentInput: 'PDF' } });
    expect(jobId).toBeDefined();

    // Another document holds the process's one document open for cutting: its bytes are slow to come.
    let readBusy!: () => void;
    const busyRead = new Promise<void>((resolve) => (readBusy = resolve));
    const invoice = fixture('invoice-2p.pdf');
    const busy = cutPages(randomUUID(), [1], async () => (await busyRead, invoice));
    try {
      const run = runJob(deps, { jobId: jobId! }, { retryCount: 0, retryLimit: 1, shutdown: new AbortController().signal, prepared: prepareRun(deps.db, { jobId: jobId! }) });
      // Its cuts are asked as its subtrees prepare their first requests, before JOB_STARTED is stored.
      await waitForEvent(jobId!, 'JOB_STARTED');
      const cancelled = await app.gql(`mutation($id: ID!) { cancelExtractionJob(jobId: $id) { status } }`, { id: jobId });
      expect(cancelled.errors).toBeUndefined();
      // It ends while the other document still holds the cutting: its cuts did not wait for their turn.
      await Promise.race([run, new Promise((_, reject) => setTimeout(() => reject(new Error('the cancelled job still waits for its cuts')), 15_000).unref())]);
      expect((await waitForJob(app, jobId!, ['CANCELLED', 'COMPLETED', 'FAILED'])).status).toBe('CANCELLED');
    } finally {
      readBusy();
    }
    await busy;
    // Cut after anything still queued before it (documents take their turns first come, first served).
    await cutPages(randomUUID(), [2], async () => invoice);
    for (const pages of [[1], [2], [1, 2]]) expect(keptPages(documentId, pages)).toBeUndefined();
    expect(stub.requests).toHaveLength(0);
  });

  async function waitForEvent(jobId: string, type: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const row = await app.service.database.db.selectFrom('job_events').select('seq').where('job_id', '=', jobId).where('type', '=', type).executeTakeFirst();
      if (row) return;
      if (Date.now() > deadline) throw new Error(`no ${type} event for job ${jobId}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
});
