import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutPages, keptPages } from '../../src/worker/cut-pages-cache.ts';
import { prepareRun, runJob, type RunJobDeps } from '../../src/worker/run-job.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';
import { answerFor, INVOICE_SCHEMA, startJob, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import { fixture } from '../fixtures/read-fixture.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { startRunJobHarness, type RunJobHarness } from '../helpers/run-job-harness.ts';

/**
 * A job whose pages go to the model as PDF, cancelled while its cuts wait for the worker's one
 * document open for cutting: its cuts leave the queue (run-job.ts hands the job's signal to the
 * process's cut cache). The real service's API and database, the Gemini stand-in, runJob itself.
 */
describe("a cancelled job's cuts", () => {
  let harness: RunJobHarness;
  let app: TestApp;
  let stub: GeminiStub;
  let deps: RunJobDeps;

  beforeAll(async () => {
    harness = await startRunJobHarness((request) => answerFor(request));
    ({ app, stub, deps } = harness);
  });
  afterAll(async () => {
    await harness?.stop();
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
