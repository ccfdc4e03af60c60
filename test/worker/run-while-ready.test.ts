import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PgBoss, type Job } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { touchClaim } from '../../src/queue/touch-claim.ts';
import { runWhileReady, type RunWhileReadyOptions } from '../../src/worker/run-while-ready.ts';
import { copyInitialisedCluster } from '../helpers/initialised-cluster.ts';

/** A worker slot running the queue's ready jobs itself, on a real pg-boss. */
describe('a slot running the ready jobs', () => {
  const QUEUE = 'run-while-ready';
  const BEATING = 'run-while-ready-heartbeat';
  let parent: string;
  let postgres: EmbeddedPostgres;
  let boss: PgBoss;

  beforeAll(async () => {
    parent = mkdtempSync(path.join(os.tmpdir(), 'paperjson-run-while-ready-'));
    chmodSync(parent, 0o755); // as root, Postgres runs as the postgres user, who must traverse it
    copyInitialisedCluster(path.join(parent, 'pg'));
    postgres = await startEmbeddedPostgres({ dir: path.join(parent, 'pg'), ephemeral: true });
    boss = new PgBoss({ connectionString: postgres.url, schema: 'pgboss', max: 4, supervise: false, schedule: false });
    // Its pool reports the connections Postgres ends at teardown here, not as uncaught errors.
    boss.on('error', () => {});
    await boss.start();
    await boss.createQueue(QUEUE, { retryLimit: 0 });
    await boss.createQueue(BEATING, { retryLimit: 0, heartbeatSeconds: 10 });
  });

  afterAll(async () => {
    await boss?.stop({ graceful: false, close: true }).catch(() => {});
    await postgres?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  const fetchOne = async (queue: string) => (await boss.fetch(queue, { batchSize: 1 }))[0] ?? null;
  /** A job's run that hands over at once and makes its final write: the slot's next job starts beside it. */
  const handOverAndComplete = async (job: Job<unknown>, handOver: () => void) => {
    handOver();
    await boss.complete(QUEUE, [{ id: job.id, retryCount: job.retryCount }]);
  };
  const stateOf = async (queue: string, id: string) => (await boss.getJobById(queue, id))?.state;
  /**
   * The next BEATING job, as a job of a 2 s heartbeat: the run refreshes a claim every half of the
   * job's heartbeatSeconds, and pg-boss makes no queue of less than 10 (a first refresh after 5 s).
   */
  const fetchBeating = async () => {
    const job = await fetchOne(BEATING);
    if (job) job.heartbeatSeconds = 2;
    return job;
  };
  const options = (queue: string, run: RunWhileReadyOptions<Job<unknown>>['run'], overrides: Partial<RunWhileReadyOptions<Job<unknown>>> = {}): RunWhileReadyOptions<Job<unknown>> => ({
    run,
    fetchNext: () => fetchOne(queue),
    touch: ({ id, retryCount }) => touchClaim(boss, queue, { id, retryCount }),
    taking: () => true,
    onError: (error) => {
      throw error;
    },
    ...overrides,
  });

  it('runs a backlog in order, each job starting only once the one before hands over, and ends on an empty queue', async () => {
    const sent = [];
    for (let i = 0; i < 4; i++) sent.push(await boss.send(QUEUE, { i }));
    const first = (await fetchOne(QUEUE))!;
    const started: string[] = [];
    let working = 0;
    let mostWorking = 0;
    const end = await runWhileReady(
      first,
      options(QUEUE, async (job, handOver) => {
        started.push(job.id);
        working++;
        mostWorking = Math.max(mostWorking, working);
        await new Promise((resolve) => setTimeout(resolve, 20));
        // No model call left (the tail): the next job is fetched (and may start) beside the rest.
        working--;
        handOver();
        await boss.complete(QUEUE, [{ id: job.id, retryCount: job.retryCount }]);
      }),
    );
    expect(end).toBe('empty');
    expect(started).toEqual(sent);
    expect(mostWorking).toBe(1);
    for (const id of sent) expect(await stateOf(QUEUE, id!)).toBe('completed');
  });

  it('fetches a job only once the job two before it has ended, so a fetched job never waits for its lease behind a slow tail', async () => {
    const sent: Array<string | null> = [];
    for (let i = 0; i < 3; i++) sent.push(await boss.send(QUEUE, { i }));
    const first = (await fetchOne(QUEUE))!;
    const events: string[] = [];
    let fetches = 0;
    const end = await runWhileReady(
      first,
      options(
        QUEUE,
        async (job, handOver) => {
          events.push(`start ${sent.indexOf(job.id)}`);
          handOver();
          // The first job's tail is slow (a stalled final write); the second ends at once (a cancelled job, say).
          if (job.id === sent[0]) await new Promise((resolve) => setTimeout(resolve, 300));
          await boss.complete(QUEUE, [{ id: job.id, retryCount: job.retryCount }]);
          events.push(`end ${sent.indexOf(job.id)}`);
        },
        {
          fetchNext: async () => {
            events.push(`fetch ${++fetches}`);
            return fetchOne(QUEUE);
          },
        },
      ),
    );
    expect(end).toBe('empty');
    // The third job is fetched (by the second's finish) only after the first has ended, and starts at once.
    expect(events.indexOf('fetch 2')).toBeGreaterThan(events.indexOf('end 0'));
    expect(events.indexOf('start 2')).toBe(events.indexOf('fetch 2') + 1);
  });

  it('fetches no further job once the worker stops taking jobs, and says the queue may still hold some', async () => {
    const sent = [await boss.send(QUEUE, {}), await boss.send(QUEUE, {})];
    const first = (await fetchOne(QUEUE))!;
    let taking = true;
    const end = await runWhileReady(
      first,
      options(
        QUEUE,
        async (job, handOver) => {
          taking = false;
          handOver();
          await boss.complete(QUEUE, [{ id: job.id, retryCount: job.retryCount }]);
        },
        { taking: () => taking },
      ),
    );
    expect(end).toBe('stopped');
    expect(await stateOf(QUEUE, sent[0]!)).toBe('completed');
    expect(await stateOf(QUEUE, sent[1]!)).toBe('created');
    // Left for the next test's queue to be empty.
    await boss.deleteJob(QUEUE, sent[1]!);
  });

  it('fetches the next job after one that ended without handing over (cancelled or handed back)', async () => {
    const sent = [await boss.send(QUEUE, {}), await boss.send(QUEUE, {})];
    const first = (await fetchOne(QUEUE))!;
    const started: string[] = [];
    const end = await runWhileReady(
      first,
      options(QUEUE, async (job, handOver) => {
        started.push(job.id);
        if (job.id === sent[0]) {
          await boss.fail(QUEUE, [{ id: job.id, retryCount: job.retryCount }]);
          return;
        }
        handOver();
        await boss.complete(QUEUE, [{ id: job.id, retryCount: job.retryCount }]);
      }),
    );
    expect(end).toBe('empty');
    expect(started).toEqual(sent);
    expect(await stateOf(QUEUE, sent[1]!)).toBe('completed');
  });

  it('reports a failed fetch and goes back to the loop once the job it ran has ended', async () => {
    const sent = [await boss.send(QUEUE, {}), await boss.send(QUEUE, {})];
    const first = (await fetchOne(QUEUE))!;
    const reported: unknown[] = [];
    let ended = false;
    const end = await runWhileReady(
      first,
      options(
        QUEUE,
        async (job, handOver) => {
          handOver();
          await boss.complete(QUEUE, [{ id: job.id, retryCount: job.retryCount }]);
          ended = true;
        },
        {
          fetchNext: () => Promise.reject(new Error('connection lost')),
          onError: (error) => void reported.push(error),
        },
      ),
    );
    expect(end).toBe('stopped');
    expect(ended).toBe(true);
    expect(reported).toEqual([new Error('connection lost')]);
    expect(await stateOf(QUEUE, sent[1]!)).toBe('created');
    await boss.deleteJob(QUEUE, sent[1]!);
  });

  it('fetches nothing more once its run limit has passed, leaving the rest to the loop', async () => {
    const sent = [await boss.send(QUEUE, {}), await boss.send(QUEUE, {})];
    const first = (await fetchOne(QUEUE))!;
    let fetches = 0;
    const end = await runWhileReady(
      first,
      options(
        QUEUE,
        handOverAndComplete,
        {
          fetchNext: () => {
            fetches++;
            return fetchOne(QUEUE);
          },
          runLimitMs: 0,
        },
      ),
    );
    expect(end).toBe('stopped');
    expect(fetches).toBe(0);
    expect(await stateOf(QUEUE, sent[1]!)).toBe('created');
    await boss.deleteJob(QUEUE, sent[1]!);
  });

  it('keeps the heartbeat of a job it fetched itself while that job runs', async () => {
    const sent = [await boss.send(BEATING, {}), await boss.send(BEATING, {})];
    const first = (await fetchOne(BEATING))!;
    const heartbeatOf = async (id: string) => (await boss.getJobById(BEATING, id))?.heartbeatOn?.getTime() ?? 0;
    let fetchedAt = 0;
    let beatAfter = 0;
    let toldGone = true;
    const end = await runWhileReady(
      first,
      options(BEATING, async (job, handOver, claimGone) => {
        if (job.id === sent[1]) {
          fetchedAt = await heartbeatOf(job.id);
          // Half of heartbeatSeconds: the first refresh comes after 1 s.
          const deadline = Date.now() + 8_000;
          while (Date.now() < deadline && (beatAfter = await heartbeatOf(job.id)) <= fetchedAt) await new Promise((resolve) => setTimeout(resolve, 200));
          toldGone = claimGone.aborted;
        }
        handOver();
        await boss.complete(BEATING, [{ id: job.id, retryCount: job.retryCount }]);
      }, { fetchNext: fetchBeating }),
    );
    expect(end).toBe('empty');
    expect(fetchedAt).toBeGreaterThan(0);
    expect(beatAfter).toBeGreaterThan(fetchedAt);
    // A refresh that found the claim held tells the run nothing.
    expect(toldGone).toBe(false);
  }, 20_000);

  it('tells a job it fetched itself that its claim is gone once a heartbeat finds it settled elsewhere', async () => {
    const sent = [await boss.send(BEATING, {}), await boss.send(BEATING, {})];
    const first = (await fetchOne(BEATING))!;
    let heldBefore: boolean | null = null;
    let heldAfter: boolean | null = null;
    let toldGone = false;
    const end = await runWhileReady(
      first,
      options(BEATING, async (job, handOver, claimGone) => {
        if (job.id === sent[1]) {
          const attempt = { id: job.id, retryCount: job.retryCount };
          heldBefore = await touchClaim(boss, BEATING, attempt);
          // Another party settles the claim (as a claim check failing it would): the run must hear
          // of it from the slot's heartbeat, the first of which comes after 1 s.
          await boss.fail(BEATING, [attempt]);
          heldAfter = await touchClaim(boss, BEATING, attempt);
          await new Promise<void>((resolve) => {
            const deadline = setTimeout(resolve, 8_000);
            claimGone.addEventListener('abort', () => {
              clearTimeout(deadline);
              resolve();
            });
          });
          toldGone = claimGone.aborted;
          return;
        }
        handOver();
        await boss.complete(BEATING, [{ id: job.id, retryCount: job.retryCount }]);
      }, { fetchNext: fetchBeating }),
    );
    expect(end).toBe('empty');
    expect(heldBefore).toBe(true);
    expect(heldAfter).toBe(false);
    expect(toldGone).toBe(true);
    expect(await stateOf(BEATING, sent[1]!)).toBe('failed');
  }, 20_000);
});
