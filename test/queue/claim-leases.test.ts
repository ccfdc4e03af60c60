import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PgBoss, type JobAttempt } from 'pg-boss';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { attemptLockKey, startClaimLeases, type ClaimLeases } from '../../src/queue/claim-leases.ts';

/** A worker's claim leases on a live connection: what a take and a release leave held. */
describe('a claim lease', () => {
  const QUEUE = 'lease-release';
  let parent: string;
  let postgres: EmbeddedPostgres;
  let boss: PgBoss;
  let leases: ClaimLeases;
  /** Plays another worker process's check: the exclusive try-lock a claim's lease keeps it from. */
  let checker: pg.Client;

  const claim = async (): Promise<JobAttempt> => {
    await boss.send(QUEUE, {});
    const [job] = await boss.fetch(QUEUE);
    return { id: job!.id, retryCount: job!.retryCount };
  };
  /** An attempt's lock key, as the leases and the check compute it. */
  const KEY = attemptLockKey('$1::uuid::text', '$2::int');
  /** Whether a check could take the claim's lock now (and then lets it go at once). */
  const checkCouldLock = async ({ id, retryCount }: JobAttempt): Promise<boolean> => {
    const { rows } = await checker.query<{ locked: boolean }>(`select pg_try_advisory_lock(${KEY}) as locked`, [id, retryCount]);
    if (rows[0]!.locked) await checker.query(`select pg_advisory_unlock(${KEY})`, [id, retryCount]);
    return rows[0]!.locked;
  };

  beforeAll(async () => {
    parent = mkdtempSync(path.join(os.tmpdir(), 'paperjson-lease-release-'));
    chmodSync(parent, 0o755); // as root, Postgres runs as the postgres user, who must traverse it
    postgres = await startEmbeddedPostgres({ dir: path.join(parent, 'pg'), ephemeral: true });
    boss = new PgBoss({ connectionString: postgres.url, schema: 'pgboss', max: 3 });
    await boss.start();
    await boss.createQueue(QUEUE, { retryLimit: 0 });
    // The grace keeps this instance's own check off the test's claims.
    leases = startClaimLeases({ connectionString: postgres.url, boss, schema: 'pgboss', queue: QUEUE, logger: pino({ level: 'silent' }), graceSeconds: 600 });
    checker = new pg.Client({ connectionString: postgres.url });
    await checker.connect();
  });

  afterAll(async () => {
    await checker?.end().catch(() => {});
    await leases?.close();
    await boss?.stop({ graceful: false, close: true }).catch(() => {});
    await postgres?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  it('keeps a check from locking its claim while held, and no longer once released', async () => {
    const attempt = await claim();
    const lease = await leases.take(attempt);
    expect(lease).not.toBeNull();
    expect(await checkCouldLock(attempt)).toBe(false);
    await boss.complete(QUEUE, attempt);
    await lease!.release();
    expect(await checkCouldLock(attempt)).toBe(true);
  });

  it("lets a released lock go with the connection's next take, in that take's query", async () => {
    // No unlock goes alone within the test: only the take can have let the first lock go.
    const riding = startClaimLeases({ connectionString: postgres.url, boss, schema: 'pgboss', queue: QUEUE, logger: pino({ level: 'silent' }), graceSeconds: 600, unlockDelayMs: 600_000 });
    try {
      const first = await claim();
      const lease = await riding.take(first);
      await boss.complete(QUEUE, first);
      let released = false;
      void lease!.release().then(() => (released = true));
      expect(await checkCouldLock(first)).toBe(false);
      const second = await claim();
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
    const attempt = await claim();
    await boss.complete(QUEUE, attempt);
    expect(await leases.take(attempt)).toBeNull();
    expect(await checkCouldLock(attempt)).toBe(true);
  });

  it('is refused while a check holds the claim exclusively', async () => {
    const attempt = await claim();
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
    await boss.createQueue(RETRIED, { retryLimit: 2, retryDelay: 0 });
    const retried = startClaimLeases({ connectionString: postgres.url, boss, schema: 'pgboss', queue: RETRIED, logger: pino({ level: 'silent' }), graceSeconds: 600 });
    try {
      await boss.send(RETRIED, {});
      const [first] = await boss.fetch(RETRIED);
      await checker.query(`select pg_advisory_lock(${KEY})`, [first!.id, first!.retryCount]);
      try {
        await boss.fail(RETRIED, { id: first!.id, retryCount: first!.retryCount });
        const [next] = await boss.fetch(RETRIED);
        expect(next?.id).toBe(first!.id);
        expect(next!.retryCount).toBe(first!.retryCount + 1);
        const lease = await retried.take({ id: next!.id, retryCount: next!.retryCount });
        expect(lease).not.toBeNull();
        await boss.complete(RETRIED, { id: next!.id, retryCount: next!.retryCount });
        await lease!.release();
      } finally {
        await checker.query(`select pg_advisory_unlock(${KEY})`, [first!.id, first!.retryCount]);
      }
    } finally {
      await retried.close();
    }
  });
});
