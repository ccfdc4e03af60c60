import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handBackClaim } from '../../src/queue/hand-back-claim.ts';
import { EXTRACTION_QUEUE } from '../../src/queue/queues.ts';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';
import { answerFor, INVOICE_SCHEMA, startJob, subtreeOf, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestBoss } from '../helpers/test-boss.ts';

const RETRY_LIMIT = 1;

/** A stop of the worker running a job gives the job back without spending one of its retries. */
describe('a job handed back by stopping workers', () => {
  let app: TestApp;
  let stub: GeminiStub;
  let documentId: string;
  let hang = true;

  beforeAll(async () => {
    // The API alone: each worker below is started and stopped on its database.
    ({ app, stub } = await startAppWithGeminiStub({
      worker: false,
      env: { JOB_RETRY_LIMIT: String(RETRY_LIMIT) },
      respond: (request) => (subtreeOf(request) === '/notes' && hang ? { kind: 'hang' } : answerFor(request)),
    }));
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
  });
  afterAll(() => app?.stop());

  /** The worker's log lines, of every worker started below. */
  const logged: Array<{ msg: string; [field: string]: unknown }> = [];
  const startWorker = (env: Record<string, string> = {}) =>
    startTestApp({
      api: false,
      worker: true,
      database: app.database,
      logger: pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line) as { msg: string }) }),
      env: { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: stub.url, JOB_RETRY_LIMIT: String(RETRY_LIMIT), SHUTDOWN_GRACE_SECONDS: '0', ...env },
    });
  const notesAsked = () => stub.requests.filter((r) => subtreeOf(r) === '/notes').length;

  it('a job handed back by more stops than its retry limit still completes, and is taken again at once', async () => {
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    const stops = RETRY_LIMIT + 2;
    for (let stop = 1; stop <= stops; stop++) {
      logged.length = 0;
      const worker = await startWorker();
      // Its start says what it takes: the job handed back by the stop before.
      if (stop > 1) expect(logged.find((line) => line.msg.startsWith('jobs waiting for a worker'))).toMatchObject({ resuming: 1, waiting: 0 });
      // This attempt is running: its model call for /notes is out (and never answered).
      await stub.waitUntil(() => notesAsked() >= stop, 20_000);
      await worker.stop();
      // The stop said what it waited for, and what it handed back (rather than a silent grace).
      expect(logged.find((line) => line.msg.startsWith('waiting up to 0 s for 1 running job(s) to finish'))).toMatchObject({ jobIds: [jobId], graceSeconds: 0 });
      expect(logged.filter((line) => line.msg.startsWith('job handed back to the queue at stop')).map((line) => line.jobId)).toEqual([jobId]);
      const job = await waitForJob(app, jobId!, ['RETRYING', 'FAILED', 'COMPLETED']);
      expect(job.status).toBe('RETRYING');
      // Ready again now, not after a back-off.
      const { rows } = await sql<{ state: string; ready: boolean }>`
        select state, start_after <= now() as ready from pgboss.job where id = ${jobId}::uuid`.execute(app.database.db);
      expect(rows).toEqual([{ state: 'retry', ready: true }]);
    }
    hang = false;
    const worker = await startWorker();
    try {
      const job = await waitForJob(app, jobId!, ['COMPLETED', 'FAILED'], 30_000);
      expect(job.status).toBe('COMPLETED');
    } finally {
      await worker.stop();
    }
  }, 120_000);

  it("a job that fails for good after stops says how many attempts failed, and that the stops' runs are not counted", async () => {
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    hang = true;
    const stops = 2;
    const asked = notesAsked();
    for (let stop = 1; stop <= stops; stop++) {
      const worker = await startWorker();
      await stub.waitUntil(() => notesAsked() >= asked + stop, 20_000);
      await worker.stop();
      expect((await waitForJob(app, jobId!, ['RETRYING', 'FAILED', 'COMPLETED'])).status).toBe('RETRYING');
    }
    hang = false;
    // A real failure of every later attempt: this job's completion is refused by the database.
    await sql
      .raw(
        `create function refuse_completion() returns trigger language plpgsql as $$ begin raise exception 'completion refused by the test'; end $$;
         create trigger refuse_completion before update on jobs for each row
           when (new.id = '${jobId}'::uuid and new.status = 'COMPLETED') execute function refuse_completion();`,
      )
      .execute(app.database.db);
    const worker = await startWorker({ JOB_RETRY_DELAY_MAX_SECONDS: '1' });
    try {
      const job = await waitForJob(app, jobId!, ['COMPLETED', 'FAILED'], 60_000);
      expect(job.status).toBe('FAILED');
      // RETRY_LIMIT + 1 attempts failed; the two runs the stops handed back are named apart.
      expect(job.errorMessage).toBe(
        `The job failed after ${RETRY_LIMIT + 1} attempts (and ${stops} runs handed back by a stopping worker, not counted): completion refused by the test`,
      );
    } finally {
      await worker.stop();
      await sql.raw('drop trigger refuse_completion on jobs; drop function refuse_completion()').execute(app.database.db);
    }
  }, 120_000);

  it('a job handed back at stops still spends a retry on each real failure', async () => {
    // No worker runs here: this test takes the job's claims itself.
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    const pgBoss = await createTestBoss(app.database.url);
    try {
      const fetchIt = async () => {
        const [fetched] = await pgBoss.fetch(EXTRACTION_QUEUE, { batchSize: 1 });
        expect(fetched?.id).toBe(jobId);
        return { id: fetched!.id, retryCount: fetched!.retryCount };
      };
      for (let stop = 0; stop < 3; stop++) expect(await handBackClaim(app.database.db, EXTRACTION_QUEUE, await fetchIt(), 'stopping')).toBe(true);
      // Real failures: RETRY_LIMIT retries, then the job fails for good.
      for (let failure = 0; failure <= RETRY_LIMIT; failure++) {
        await pgBoss.fail(EXTRACTION_QUEUE, [await fetchIt()], { message: 'a real failure' });
        // pg-boss waits a back-off before a retry: make it ready now.
        await sql`update pgboss.job set start_after = now() where id = ${jobId}::uuid and state = 'retry'`.execute(app.database.db);
      }
      const settled = await pgBoss.findJobs(EXTRACTION_QUEUE, { id: jobId! });
      expect(settled[0]?.state).toBe('failed');
    } finally {
      await pgBoss.stop({ graceful: false, close: true });
    }
  }, 60_000);

  it('a job whose fetch was under way when the worker began to stop is handed back unclaimed, without a retry spent', async () => {
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    const asked = stub.requests.length;
    // A second connection holds the queue table so that the worker's first fetch waits on it.
    const locker = new pg.Client({ connectionString: app.database.url });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table pgboss.job_common in share mode');
      const worker = await startWorker();
      const fetchWaiting = async () =>
        (await locker.query(`select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like '%retry_count = CASE%'`)).rowCount! > 0;
      const deadline = Date.now() + 20_000;
      while (!(await fetchWaiting())) {
        if (Date.now() > deadline) throw new Error("the worker's fetch never waited on the lock");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // The stop begins while the fetch waits; the fetch then returns the job.
      const stopped = worker.stop();
      await locker.query('commit');
      await stopped;
    } finally {
      await locker.end();
    }
    const { rows } = await sql<{ status: string; attempts: number; state: string; ready: boolean; retriesLeft: number }>`
      select j.status, j.attempts, q.state, q.start_after <= now() as ready, q.retry_limit - q.retry_count as "retriesLeft"
      from jobs j join pgboss.job q on q.id = j.id where j.id = ${jobId}::uuid`.execute(app.database.db);
    // Never claimed (no PROCESSING, no model call), and back in the queue, ready, with every retry
    // left (its next claim counts one more than the queue's limit: the first run is not a retry).
    expect(rows).toEqual([{ status: 'PENDING', attempts: 0, state: 'retry', ready: true, retriesLeft: RETRY_LIMIT + 1 }]);
    expect(stub.requests.length).toBe(asked);
  }, 60_000);
});
