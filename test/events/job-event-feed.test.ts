import { Kysely, PostgresDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { createJobEventBus, type JobEventBus } from '../../src/events/job-event-bus.ts';
import { createJobEventFeed } from '../../src/events/job-event-feed.ts';
import { decodeJobEventNotification, encodeJobEventNotification } from '../../src/events/job-event-notification.ts';
import { appendEvents, appendStatusEvent, findJobById, lockJob, readEvents } from '../../src/jobs/jobs.repository.ts';
import { EMPTY_PROGRESS, type JobEvent, type JobEventPayload } from '../../src/jobs/job-types.ts';
import { createLogger } from '../../src/logger.ts';
import { INVOICE_SCHEMA, startJob, uploadFixture } from '../helpers/job-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const progressEvent = (n: number): JobEventPayload => ({ type: 'ARRAY_PROGRESS', path: '/items', itemsExtracted: n, turn: n, done: false });
const completed: JobEventPayload = { type: 'JOB_STATUS', status: 'COMPLETED', progress: EMPTY_PROGRESS, errorMessage: null };

async function collect(stream: AsyncGenerator<JobEvent>): Promise<number[]> {
  const seqs: number[] = [];
  for await (const event of stream) seqs.push(event.seq);
  return seqs;
}

/** The job log as the service wires it into the feed (jobs.service.ts), read through `db`. */
const logOf = (db: Kysely<Database>) => ({
  readEvents: (jobId: string, after: number, limit: number) => readEvents(db, jobId, after, limit),
  jobStatus: async (jobId: string) => (await findJobById(db, jobId))?.status ?? null,
});

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('the job event feed shared by all subscribers of an API process', () => {
  let app: TestApp;
  let bus: JobEventBus;
  let documentId: string;
  /** Reads of the job_events table made through `db`. */
  let logReads = 0;
  let db: Kysely<Database>;

  beforeAll(async () => {
    // No worker: the test appends the events itself, as a worker would.
    app = await startTestApp({ worker: false });
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
    bus = await createJobEventBus(app.database.url, createLogger('silent', 'test'));
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: app.database.pool }),
      log: (event) => {
        if (event.level === 'query' && /from "job_events"/.test(event.query.sql)) logReads++;
      },
    });
  });
  afterAll(async () => {
    await bus?.close();
    await app?.stop();
  });

  const newJob = async () => (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId as string;
  const append = (jobId: string, payloads: JobEventPayload[]) =>
    app.database.db.transaction().execute(async (trx) => {
      const job = (await lockJob(trx, jobId))!;
      // Progress events go in as one batch (one notification); a status event, always last here, after them.
      const progress = payloads.filter((p) => p.type !== 'JOB_STATUS');
      if (progress.length > 0) await appendEvents(trx, job, progress);
      for (const p of payloads) if (p.type === 'JOB_STATUS') await appendStatusEvent(trx, job, p);
    });

  it('100 followers of one job each get every event once and in order, with one log read per notification rather than one per follower', async () => {
    const jobId = await newJob(); // seq 1: PENDING
    const feed = createJobEventFeed(logOf(db), bus);
    const signal = new AbortController().signal;
    const readsBefore = logReads;
    const followers = Array.from({ length: 100 }, () => collect(feed.follow(jobId, 0, signal)));
    for (let n = 1; n <= 20; n++) await append(jobId, [progressEvent(n)]);
    await append(jobId, [completed]);
    const seqs = await Promise.all(followers);
    for (const followed of seqs) expect(followed).toEqual(range(1, 22));
    // Each follower's replay (and a gap fill when the shared reader started after it) reads the
    // log a few times, how many depends on timing; the 21 notifications then cost a read or two
    // each for all followers together. Reading per follower and notification would cost at least
    // 100 × 21 = 2,100 reads: the bound sits well below that, well above the timing noise.
    expect(logReads - readsBefore).toBeLessThan(1000);
  });

  it('followers joining at any moment while events are appended see each event after their cursor exactly once', async () => {
    const jobId = await newJob();
    const feed = createJobEventFeed(logOf(db), bus);
    const signal = new AbortController().signal;
    const followers: Array<{ after: number; seqs: Promise<number[]> }> = [];
    for (let n = 1; n <= 30; n++) {
      await append(jobId, [progressEvent(n), progressEvent(n)]);
      const after = n % 3 === 0 ? 0 : 2 * n - 1;
      followers.push({ after, seqs: collect(feed.follow(jobId, after, signal)) });
    }
    await append(jobId, [completed]);
    const last = 1 + 2 * 30 + 1;
    for (const follower of followers) expect(await follower.seqs).toEqual(range(follower.after + 1, last));
  });

  it('a follower whose cursor is at the terminal event ends without waiting', async () => {
    const jobId = await newJob();
    await append(jobId, [completed]);
    const feed = createJobEventFeed(logOf(db), bus);
    expect(await collect(feed.follow(jobId, 2, new AbortController().signal))).toEqual([]);
    expect(await collect(feed.follow(jobId, 1, new AbortController().signal))).toEqual([2]);
  });

  it('a follower stops when its signal aborts, and the others go on', async () => {
    const jobId = await newJob();
    const feed = createJobEventFeed(logOf(db), bus);
    const leaving = new AbortController();
    const left = collect(feed.follow(jobId, 0, leaving.signal));
    const staying = collect(feed.follow(jobId, 0, new AbortController().signal));
    await append(jobId, [progressEvent(1)]);
    leaving.abort();
    await append(jobId, [progressEvent(2), completed]);
    expect((await left).every((seq, i) => seq === i + 1)).toBe(true);
    expect(await staying).toEqual(range(1, 4));
  });
});

describe('the NOTIFY payload of job events', () => {
  it('decodes what it encodes and refuses anything else', () => {
    const jobId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(decodeJobEventNotification(encodeJobEventNotification({ jobId, seq: 42 }))).toEqual({ jobId, seq: 42 });
    for (const payload of [undefined, '', 'x:1', `${jobId}`, `${jobId}:`, `${jobId}:0`, `${jobId}:1.5`, `${jobId}:abc`, `:${jobId}:3`]) {
      expect(decodeJobEventNotification(payload), String(payload)).toBeNull();
    }
  });
});
