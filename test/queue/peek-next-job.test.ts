import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/create-db.ts';
import { peekNextJob } from '../../src/queue/peek-next-job.ts';
import { startClaimLeaseFixture, type ClaimLeaseFixture } from './claim-lease-fixture.ts';

/**
 * The guess of a busy worker slot (worker/next-job-lookahead.ts) is worth its read only if it names
 * the job pg-boss's own fetch hands out next: these fail when the installed pg-boss chooses otherwise.
 */
describe('the next queued job, looked at without claiming it', () => {
  const QUEUE = 'peek-next';
  let fixture: ClaimLeaseFixture;
  let database: Db;

  beforeAll(async () => {
    fixture = await startClaimLeaseFixture(QUEUE);
    database = createDb(fixture.postgres.url, { max: 1 });
  });

  afterAll(async () => {
    await database?.close();
    await fixture?.stop();
  });

  /** Peeks, then fetches as a worker does, until the queue is empty: each pair as [peeked, fetched]. */
  const peekAndFetchAll = async (): Promise<Array<[string | null, string | null]>> => {
    const pairs: Array<[string | null, string | null]> = [];
    for (;;) {
      const peeked = await peekNextJob(database.db, QUEUE);
      const [fetched] = await fixture.boss.fetch(QUEUE, { batchSize: 1 });
      pairs.push([peeked?.id ?? null, fetched?.id ?? null]);
      if (!fetched) return pairs;
    }
  };

  it('names each job in the order pg-boss fetches them: higher priority first, then the oldest', async () => {
    const sent: string[] = [];
    for (const priority of [0, 5, 0, 5, 1]) sent.push((await fixture.boss.send(QUEUE, { n: sent.length }, { priority }))!);
    const pairs = await peekAndFetchAll();
    expect(pairs.map(([, fetched]) => fetched)).toEqual([sent[1], sent[3], sent[4], sent[0], sent[2], null]);
    for (const [peeked, fetched] of pairs) expect(peeked).toBe(fetched);
  });

  it('passes over a job whose start is deferred, as the fetch does, and claims nothing itself', async () => {
    await fixture.boss.send(QUEUE, { later: true }, { startAfter: 3600 });
    const ready = await fixture.boss.send(QUEUE, { now: true });
    const peeked = await peekNextJob(database.db, QUEUE);
    expect(peeked).toEqual({ id: ready, data: { now: true } });
    // Still there to be fetched: looking claimed nothing.
    expect(await peekNextJob(database.db, QUEUE)).toEqual(peeked);
    const pairs = await peekAndFetchAll();
    expect(pairs).toEqual([
      [ready, ready],
      [null, null],
    ]);
  });
});
