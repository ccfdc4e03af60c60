import pg from 'pg';
import type { JobAttempt } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptLockKey, type ClaimLeases } from '../../src/queue/claim-leases.ts';
import { startClaimLeaseFixture, type ClaimLeaseFixture } from './claim-lease-fixture.ts';

/** A worker's claim leases on a live connection: what a take and a release leave held. */
describe('a claim lease', () => {
  const QUEUE = 'lease-release';
  let fixture: ClaimLeaseFixture;
  let leases: ClaimLeases;
  /** Plays another worker process's check: the exclusive try-lock a claim's lease keeps it from. */
  let checker: pg.Client;

  /** An attempt's lock key, as the leases and the check compute it. */
  const KEY = attemptLockKey('$1::uuid::text', '$2::int');
  /** Whether a check could take the claim's lock now (and then lets it go at once). */
  const checkCouldLock = async ({ id, retryCount }: JobAttempt): Promise<boolean> => {
    const { rows } = await checker.query<{ locked: boolean }>(`select pg_try_advisory_lock(${KEY}) as locked`, [id, retryCount]);
    if (rows[0]!.locked) await checker.query(`select pg_advisory_unlock(${KEY})`, [id, retryCount]);
    return rows[0]!.locked;
  };

  beforeAll(async () => {
    fixture = await startClaimLeaseFixture(QUEUE);
    // The grace keeps this instance's own check off the test's claims.
    leases = fixture.startLeases({ graceSeconds: 600 });
    checker = new pg.Client({ connectionString: fixture.postgres.url });
    await checker.connect();
  });

  afterAll(async () => {
    await checker?.end().catch(() => {});
    await fixture?.stop();
  });

  it('keeps a check from locking its claim while held, and no longer once released', async () => {
    const attempt = await fixture.claim();
    const lease = await leases.take(attempt);
    expect(lease).not.toBeNull();
    expect(await checkCouldLock(attempt)).toBe(false);
    await fixture.boss.complete(QUEUE, attempt);
    await lease!.release();
    expect(await checkCouldLock(attempt)).toBe(true);
  });

  it("lets a released lock go with the connection's next take, in that take's query", async () => {
    // No unlock goes alone within the test: only the take can have let the first lock go.
    const riding = fixture.startLeases({ graceSeconds: 600, unlockDelayMs: 600_000 });
    try {
      const first = await fixture.claim();
      const lease = await riding.take(first);
      await fixture.boss.complete(QUEUE, first);
      let released = false;
      void lease!.release().then(() => (released = true));
      expect(await checkCouldLock(first)).toBe(false);
      const second = await fixture.claim();
      const next = await riding.take(second);
      expect(next).not.toBeNull();
      expect(released).toBe(true);
      expect(await checkCouldLock(first)).toBe(true);
      expect(await checkCouldLock(second)).toBe(false);
    } finally {
      await riding.close();
    }
  });

  it('is refused for a claim that moved on, and then holds nothing', async () => {
    const attempt = await fixture.claim();
    await fixture.boss.complete(QUEUE, attempt);
    expect(await leases.take(attempt)).toBeNull();
    expect(await checkCouldLock(attempt)).toBe(true);
  });

  it('is refused while a check holds the claim exclusively', async () => {
    const attempt = await fixture.claim();
    await checker.query(`select pg_advisory_lock(${KEY})`, [attempt.id, attempt.retryCount]);
    try {
      expect(await leases.take(attempt)).toBeNull();
    } finally {
      await checker.query(`select pg_advisory_unlock(${KEY})`, [attempt.id, attempt.retryCount]);
    }
    const lease = await leases.take(attempt);
    expect(lease).not.toBeNull();
    await lease!.release();
  });

  it("is taken for a job's next attempt while a check still holds the failed attempt's lock", async () => {
    // A check keeps its exclusive lock until after its fail() has committed; a worker that fetches
    // the retry in that moment must still get its lease (a refused take would end the retry unrun).
    const RETRIED = 'lease-retried';
    await fixture.boss.createQueue(RETRIED, { retryLimit: 2, retryDelay: 0 });
    const retried = fixture.startLeases({ queue: RETRIED, graceSeconds: 600 });
    try {
      await fixture.boss.send(RETRIED, {});
      const [first] = await fixture.boss.fetch(RETRIED);
      await checker.query(`select pg_advisory_lock(${KEY})`, [first!.id, first!.retryCount]);
      try {
        await fixture.boss.fail(RETRIED, { id: first!.id, retryCount: first!.retryCount });
        const [next] = await fixture.boss.fetch(RETRIED);
        expect(next?.id).toBe(first!.id);
        expect(next!.retryCount).toBe(first!.retryCount + 1);
        const lease = await retried.take({ id: next!.id, retryCount: next!.retryCount });
        expect(lease).not.toBeNull();
        await fixture.boss.complete(RETRIED, { id: next!.id, retryCount: next!.retryCount });
        await lease!.release();
      } finally {
        await checker.query(`select pg_advisory_unlock(${KEY})`, [first!.id, first!.retryCount]);
      }
    } finally {
      await retried.close();
    }
  });
});
