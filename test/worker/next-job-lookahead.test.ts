import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimAttempt } from '../../src/jobs/job-transitions.ts';
import { readEvents } from '../../src/jobs/jobs.repository.ts';
import { createLogger } from '../../src/logger.ts';
import { createBoss } from '../../src/queue/create-boss.ts';
import { EXTRACTION_QUEUE } from '../../src/queue/queues.ts';
import { nextJobLookahead } from '../../src/worker/next-job-lookahead.ts';
import { INVOICE_SCHEMA, startJob, uploadFixture } from '../helpers/job-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * A busy slot's read of its likely next job (worker/next-job-lookahead.ts): handed on only for the
 * job the slot's fetch returned, never waited for, and never the cause of a write the row no
 * longer allows.
 */
describe("a worker slot's read of its next job", () => {
  let app: TestApp;
  let boss: PgBoss;
  let documentId: string;
  const logger = createLogger('silent', 'test');

  beforeAll(async () => {
    // No worker: the test plays the slot itself.
    app = await startTestApp({ worker: false });
    boss = await createBoss({ connectionString: app.database.url, logger, jobRetryLimit: 2, heartbeatSeconds: 30 });
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, close: true });
    await app?.stop();
  });

  /** Fetches every queued job, so each test starts from an empty queue. */
  const drain = async () => {
    while ((await boss.fetch(EXTRACTION_QUEUE, { batchSize: 100 })).length > 0);
  };
  const start = async () => (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;

  it('reads the job the next fetch claims, and hands the read on for that job only, once', async () => {
    await drain();
    const lookahead = nextJobLookahead(app.database.db, EXTRACTION_QUEUE, logger);
    const first = await start();
    const second = await start();
    await lookahead.look();
    // The job the slot fetched is the one read (the queue job shares the job's id).
    const [fetched] = await boss.fetch(EXTRACTION_QUEUE, { batchSize: 1 });
    expect(fetched!.id).toBe(first);
    const prepared = await lookahead.take(first);
    expect(prepared?.job).toMatchObject({ id: first, status: 'PENDING', attempts: 0 });
    expect(lookahead.take(first)).toBeNull();

    await lookahead.look();
    expect(lookahead.take(first)).toBeNull();
    // A wrong guess is dropped, not kept for later: the job it named is read again when it comes.
    expect(lookahead.take(second)).toBeNull();
    await drain();
  });

  it('hands on nothing while its read is still out: a hand-over never waits for a guess', async () => {
    await drain();
    const lookahead = nextJobLookahead(app.database.db, EXTRACTION_QUEUE, logger);
    const queued = await start();
    const looking = lookahead.look();
    expect(lookahead.take(queued)).toBeNull();
    await looking;
    expect(lookahead.take(queued)).toBeNull();
    await drain();
  });

  it('hands on nothing when no job is queued', async () => {
    await drain();
    const lookahead = nextJobLookahead(app.database.db, EXTRACTION_QUEUE, logger);
    await lookahead.look();
    const later = await start();
    expect(lookahead.take(later)).toBeNull();
    await drain();
  });

  it('read before a cancel, claims nothing: the claim goes by the row as it is, not as read', async () => {
    await drain();
    const lookahead = nextJobLookahead(app.database.db, EXTRACTION_QUEUE, logger);
    const jobId = await start();
    await lookahead.look();
    const cancelled = await app.gql(`mutation($id: ID!) { cancelExtractionJob(jobId: $id) { status } }`, { id: jobId });
    expect(cancelled.data?.cancelExtractionJob.status).toBe('CANCELLED');
    const prepared = await lookahead.take(jobId);
    expect(prepared?.job.status).toBe('PENDING');
    expect(await claimAttempt(app.database.db, boss, jobId, undefined, prepared!.job)).toBeNull();
    const statuses = (await readEvents(app.database.db, jobId, 0)).flatMap(({ payload }) => (payload.type === 'JOB_STATUS' ? [payload.status] : []));
    expect(statuses).toEqual(['PENDING', 'CANCELLED']);
  });
});
