import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { createJobEventBus, type JobEventBus } from '../../src/events/job-event-bus.ts';
import { createJobEventFeed } from '../../src/events/job-event-feed.ts';
import { decodeJobEventNotification, encodeJobEventNotification, JOB_EVENTS_CHANNEL, type NotifiedEvent } from '../../src/events/job-event-notification.ts';
import { appendEvents, appendEventsIfUnchanged, appendStatusEvent, findJobById, findJobForFollow, findJobWithSeq, lockJob, readEvents } from '../../src/jobs/jobs.repository.ts';
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
  lastSeq: async (jobId: string) => (await findJobWithSeq(db, jobId))?.lastSeq ?? 0,
  eventOf: (jobId: string, event: NotifiedEvent) => ({ jobId, ...event }),
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
  /** Settles once this process's bus has heard of the job's event `seq`. */
  const announcedOnBus = (jobId: string, seq: number) =>
    new Promise<void>((resolve) => {
      const off = bus.subscribe(jobId, (heard) => {
        if (heard !== seq) return;
        off();
        resolve();
      });
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

  /**
   * Appends events to the log the way a writer that sends them in its notification does: the rows
   * and the job's last_seq, then one NOTIFY with the batch (or with `notified`, to leave some out).
   */
  const appendNotifying = async (jobId: string, firstSeq: number, payloads: JobEventPayload[], notified = payloads.length) => {
    const at = new Date();
    const events = payloads.map((payload, i) => ({ seq: firstSeq + i, at, payload }));
    const lastSeq = firstSeq + payloads.length - 1;
    await app.database.db.transaction().execute(async (trx) => {
      await trx.insertInto('job_events').values(events.map((e) => ({ job_id: jobId, seq: e.seq, type: e.payload.type, payload: JSON.stringify(e.payload), at }))).execute();
      await trx.updateTable('jobs').set({ last_seq: lastSeq }).where('id', '=', jobId).execute();
      const carried = encodeJobEventNotification({ jobId, seq: lastSeq, events: events.slice(events.length - notified) });
      await sql`select pg_notify(${JOB_EVENTS_CHANNEL}, ${carried})`.execute(trx);
    });
  };

  /** Followers that keep what they received so far, to wait on. */
  const following = (feed: ReturnType<typeof createJobEventFeed<JobEvent>>, jobId: string, count: number) =>
    Array.from({ length: count }, () => {
      const received: JobEvent[] = [];
      const done = (async () => {
        for await (const event of feed.follow(jobId, 0, new AbortController().signal)) received.push(event);
      })();
      return { received, done };
    });
  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('live events whose notification carries them reach every follower as the log holds them, without a read of the log', async () => {
    const jobId = await newJob(); // seq 1: PENDING
    let reads = 0;
    const counted = { ...logOf(db), readEvents: (id: string, after: number, limit: number) => (reads++, readEvents(db, id, after, limit)) };
    const feed = createJobEventFeed(counted, bus);
    const followers = following(feed, jobId, 5);
    await until(() => followers.every((f) => f.received.length === 1));
    const readsAfterReplay = reads;
    await appendNotifying(jobId, 2, [progressEvent(1), progressEvent(2)]);
    await appendNotifying(jobId, 4, [completed]);
    await Promise.all(followers.map((f) => f.done));
    const logged = await readEvents(db, jobId, 0);
    for (const follower of followers) expect(follower.received).toEqual(logged);
    // Read per notification, the two batches would cost at least two reads; a third of the
    // feed's safety poll (5 s) could add one on a very slow machine.
    expect(reads - readsAfterReplay).toBeLessThan(2);
  });

  it("the job's own writes (its creation, a locked append, a guarded append) announce each batch with its events, as the log then holds them", async () => {
    const listener = new pg.Client({ connectionString: app.database.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (message) => heard.push(message.payload ?? ''));
    await listener.query(`listen ${JOB_EVENTS_CHANNEL}`);
    try {
      const jobId = await newJob(); // seq 1, written with the job
      await append(jobId, [progressEvent(1), progressEvent(2)]); // seqs 2-3, under the row lock
      const row = (await findJobById(app.database.db, jobId))!;
      const guarded = await appendEventsIfUnchanged(
        app.database.db,
        jobId,
        { status: row.status, attempts: row.attempts, lastSeq: 3 },
        { firstSeq: 4, at: new Date(), payloads: [progressEvent(3)] },
        {},
      );
      expect(guarded).toEqual({ holdsDeletedContent: false });
      const logged = await readEvents(app.database.db, jobId, 0);
      await until(() => heard.filter((payload) => payload.startsWith(jobId)).length === 3);
      const carried = heard
        .map((payload) => decodeJobEventNotification(payload))
        .filter((notification) => notification?.jobId === jobId)
        .flatMap((notification) => notification!.events!.map((event) => ({ jobId, ...event })));
      expect(logged.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
      expect(carried).toEqual(logged);
    } finally {
      await listener.end();
    }
  });

  it('a notification whose events do not follow on from what the feed handed out makes it read the gap from the log', async () => {
    const jobId = await newJob();
    const feed = createJobEventFeed(logOf(db), bus);
    const followers = following(feed, jobId, 3);
    await until(() => followers.every((f) => f.received.length === 1));
    // Seqs 2 and 3 are committed, but the notification carries only 3.
    await appendNotifying(jobId, 2, [progressEvent(1), progressEvent(2)], 1);
    await appendNotifying(jobId, 4, [completed]);
    await Promise.all(followers.map((f) => f.done));
    for (const follower of followers) expect(follower.received.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('a follower whose cursor is past the end of the log gets nothing at or below its cursor, ends with the job, and holds back no other follower', async () => {
    const jobId = await newJob(); // seq 1: PENDING
    const feed = createJobEventFeed(logOf(db), bus);
    const collectFrom = (after: number) => {
      const received: number[] = [];
      const done = (async () => {
        for await (const event of feed.follow(jobId, after, new AbortController().signal)) received.push(event.seq);
      })();
      return { received, done };
    };
    const ahead = collectFrom(1000);
    const behind = collectFrom(0);
    const nearlyAhead = collectFrom(3);
    await until(() => behind.received.length === 1);
    await appendNotifying(jobId, 2, [progressEvent(1), progressEvent(2)]);
    await appendNotifying(jobId, 4, [completed]);
    await Promise.all([ahead.done, behind.done, nearlyAhead.done]);
    expect(nearlyAhead.received).toEqual([4]);
    expect(behind.received).toEqual([1, 2, 3, 4]);
    expect(ahead.received).toEqual([]);
  });

  it("a follower given the job's status from before its replay does not read it again: a final one ends it after the replay, a live one lets it wait", async () => {
    const jobId = await newJob();
    const noStatusRead = { ...logOf(db), jobStatus: () => Promise.reject(new Error('the status was given')) };
    const feed = createJobEventFeed(noStatusRead, bus);
    const waiting = (async () => {
      const seqs: number[] = [];
      for await (const event of feed.follow(jobId, 0, new AbortController().signal, 'PENDING')) seqs.push(event.seq);
      return seqs;
    })();
    await append(jobId, [progressEvent(1), completed]);
    expect(await waiting).toEqual([1, 2, 3]);
    expect(await collect(feed.follow(jobId, 3, new AbortController().signal, 'COMPLETED'))).toEqual([]);
    expect(await collect(feed.follow(jobId, 1, new AbortController().signal, 'COMPLETED'))).toEqual([2, 3]);
  });

  it('a follower opened with one read gets each event once and in order when events are committed just before and just after that read', async () => {
    const jobId = await newJob(); // seq 1: PENDING
    const { tenantId } = (await findJobById(db, jobId))!;
    // The bus as the feed sees it, to tell whether the feed listens for the job when the read runs.
    let listening = 0;
    const watched: JobEventBus = {
      ...bus,
      subscribe: (id, listener, options) => {
        const off = bus.subscribe(id, listener, options);
        listening++;
        return () => {
          listening--;
          off();
        };
      },
    };
    const feed = createJobEventFeed(logOf(db), watched);
    let reads = 0;
    let listeningAtRead = 0;
    const stream = await feed.open(jobId, 0, new AbortController().signal, async (limit) => {
      reads++;
      listeningAtRead = listening;
      // Announced after the follower joined and also in the read: it must not come twice.
      await appendNotifying(jobId, 2, [progressEvent(1)]);
      const opening = await findJobForFollow(db, tenantId, jobId, 0, limit);
      // Committed after the read's snapshot (and final, so the job leaves the tenant's active
      // ones): only the feed can bring it, and it ends the stream (a follower that joined after
      // its read would miss it and never end).
      const announced = announcedOnBus(jobId, 3);
      await append(jobId, [completed]);
      await announced;
      return opening;
    });
    expect(listeningAtRead).toBe(1);
    expect(await collect(stream!)).toEqual([1, 2, 3]);
    expect(reads).toBe(1);
  });

  it("events announced with their batch while a follower's opening read is in flight reach it from the notification, not from another read of the log", async () => {
    const jobId = await newJob(); // seq 1: PENDING
    const { tenantId } = (await findJobById(db, jobId))!;
    const feed = createJobEventFeed(logOf(db), bus);
    let readsAfterOpening = 0;
    const stream = await feed.open(jobId, 0, new AbortController().signal, async (limit) => {
      const opening = await findJobForFollow(db, tenantId, jobId, 0, limit);
      // Committed after the read's snapshot and announced before the read returns: a worker's
      // claim racing a client that subscribed as soon as its start was answered.
      const announced = announcedOnBus(jobId, 3);
      await append(jobId, [progressEvent(1), completed]);
      await announced;
      readsAfterOpening = logReads;
      return opening;
    });
    expect(await collect(stream!)).toEqual([1, 2, 3]);
    expect(logReads).toBe(readsAfterOpening);
  });

  it('a bus listener that asks for the seq alone gets no events, while one that asks for them gets the batch its notification carried', async () => {
    const jobId = await newJob(); // seq 1: PENDING
    const heard = (options?: { events?: boolean }) =>
      new Promise<{ seq: number | null; events: readonly NotifiedEvent[] | undefined }>((resolve) => {
        const off = bus.subscribe(
          jobId,
          (seq, events) => {
            off();
            resolve({ seq, events });
          },
          options,
        );
      });
    const seqOnly = heard();
    const withEvents = heard({ events: true });
    await appendNotifying(jobId, 2, [progressEvent(1)]);
    expect(await seqOnly).toEqual({ seq: 2, events: undefined });
    expect(await withEvents).toMatchObject({ seq: 2, events: [{ seq: 2, payload: progressEvent(1) }] });
    // Final, so the job leaves the tenant's active ones (the limit) for the tests after this one.
    await append(jobId, [completed]);
  });

  it("a follower opened for a job its read does not find (another tenant's) gets null and leaves the feed", async () => {
    const jobId = await newJob();
    const feed = createJobEventFeed(logOf(db), bus);
    const other = '00000000-0000-4000-8000-000000000000';
    expect(await findJobForFollow(db, other, jobId, 0, 10)).toBeNull();
    expect(await feed.open(jobId, 0, new AbortController().signal, (limit) => findJobForFollow(db, other, jobId, 0, limit))).toBeNull();
    // A follower of the same job that joins afterwards is served as if no one had come before.
    const following = await feed.open(jobId, 0, new AbortController().signal, async (limit) => findJobForFollow(db, (await findJobById(db, jobId))!.tenantId, jobId, 0, limit));
    await append(jobId, [completed]);
    expect(await collect(following!)).toEqual([1, 2]);
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

  it('carries the batch ending at its seq when it fits, and only the seq otherwise', () => {
    const jobId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const at = new Date('2026-01-02T03:04:05.678Z');
    const events = [
      { seq: 7, at, payload: progressEvent(1) },
      { seq: 8, at, payload: completed },
    ];
    expect(decodeJobEventNotification(encodeJobEventNotification({ jobId, seq: 8, events }))).toEqual({ jobId, seq: 8, events });
    // Asked for the seq alone, the batch is not decoded.
    expect(decodeJobEventNotification(encodeJobEventNotification({ jobId, seq: 8, events }), { events: false })).toEqual({ jobId, seq: 8 });
    // Too large for a NOTIFY (8000 bytes): announced by its seq, read from the log.
    const large: JobEventPayload = { type: 'ARRAY_PROGRESS', path: `/${'é'.repeat(4000)}`, itemsExtracted: 1, turn: 1, done: false };
    expect(encodeJobEventNotification({ jobId, seq: 9, events: [{ seq: 9, at, payload: large }] })).toBe(`${jobId}:9`);
    // Not the batch that ends at the seq.
    expect(encodeJobEventNotification({ jobId, seq: 9, events })).toBe(`${jobId}:9`);
    // A malformed batch is dropped; the seq still counts.
    for (const batch of ['[', '[]', '{}', '[{"at":"x","payload":{"type":"JOB_STATUS"}}]', '[{"at":"2026-01-01T00:00:00Z","payload":{"type":"NOPE"}}]', '[1,2,3]']) {
      expect(decodeJobEventNotification(`${jobId}:2:${batch}`), batch).toEqual({ jobId, seq: 2 });
    }
  });
});
