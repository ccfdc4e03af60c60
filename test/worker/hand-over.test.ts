import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import { INVOICE_SCHEMA, answerFor, startJob, subtreeOf, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import type { TestApp } from '../helpers/test-app.ts';

/**
 * A worker slot hands over to its next job once the current job's last model answer is in
 * (run-while-ready.ts): the next job starts beside the current one's tail (merging, checks and
 * the writes still going), not after it. One slot, the real service and the Gemini stand-in.
 */
describe('a slot handing over to its next job', () => {
  let app: TestApp;
  let documentId: string;

  beforeAll(async () => {
    // The invoice's header subtree answers first; its other subtrees answer well after, last.
    ({ app } = await startAppWithGeminiStub({
      respond: (request) => answerFor(request, subtreeOf(request) === '' ? 150 : 700),
      env: { WORKER_CONCURRENCY: '1' },
    }));
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
  });
  afterAll(() => app?.stop());

  const startedAt = async (client: pg.Client, jobId: string): Promise<Date | null> => {
    const { rows } = await client.query<{ at: Date }>(`select at from job_events where job_id = $1 and type = 'JOB_STARTED'`, [jobId]);
    return rows[0]?.at ?? null;
  };
  const statusOf = async (client: pg.Client, jobId: string): Promise<string | undefined> =>
    (await client.query<{ status: string }>(`select status from jobs where id = $1`, [jobId])).rows[0]?.status;

  it('starts the next job while the one before still writes its events after its last answer, and both complete', async () => {
    const watcher = new pg.Client({ connectionString: app.database.url });
    const locker = new pg.Client({ connectionString: app.database.url });
    await watcher.connect();
    await locker.connect();
    try {
      const { jobId: first } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA, config: { maxNumConcurrentRequests: 4 } });
      // Once the first job is claimed, and before its header answer's event is written, its row is
      // locked: that write (and so the job's final write after it) waits, past the last answer.
      while (!(await startedAt(watcher, first!))) await new Promise((resolve) => setTimeout(resolve, 5));
      await locker.query('begin');
      await locker.query('select id from jobs where id = $1 for update', [first]);
      // Queued behind the first job in the one slot.
      const { jobId: second } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA, config: { maxNumConcurrentRequests: 4 } });
      let secondStarted: Date | null = null;
      const until = Date.now() + 10_000;
      while (!secondStarted && Date.now() < until) {
        secondStarted = await startedAt(watcher, second!);
        if (!secondStarted) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // The first job's tail is still held by the lock: it has not finished.
      expect(await statusOf(watcher, first!)).toBe('PROCESSING');
      await locker.query('rollback');
      expect(secondStarted).not.toBeNull();
      expect((await waitForJob(app, first!, ['COMPLETED', 'FAILED'])).status).toBe('COMPLETED');
      expect((await waitForJob(app, second!, ['COMPLETED', 'FAILED'])).status).toBe('COMPLETED');
    } finally {
      await locker.query('rollback').catch(() => {});
      await watcher.end();
      await locker.end();
    }
  });
});
