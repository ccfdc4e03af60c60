import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PgBoss, type JobAttempt } from 'pg-boss';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { startClaimLeases, type ClaimLeases } from '../../src/queue/claim-leases.ts';

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
  /** Whether a check could take the claim's lock now (and then lets it go at once). */
  const checkCouldLock = async ({ id }: JobAttempt): Promise<boolean> => {
    const { rows } = await checker.query<{ locked: boolean }>(`select pg_try_advisory_lock(hashtextextended($1::uuid::text, 0)) as locked`, [id]);
    if (rows[0]!.locked) await checker.query(`select pg_advisory_unlock(hashtextextended($1::uuid::text, 0))`, [id]);
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

  it('runs a read sent with the take after the lease is confirmed, in its query, with its values quoted', async () => {
    const attempt = await claim();
    // The claim's own row, read back with the values quoted by the lease connection (one holds a quote).
    const lease = await leases.take(attempt, (literal) => `select state, ${literal("it's")} as quoted from pgboss.job where id = ${literal(attempt.id)}::uuid`);
    expect(lease?.read).toEqual([{ state: 'active', quoted: "it's" }]);
    expect(await checkCouldLock(attempt)).toBe(false);
    await boss.complete(QUEUE, attempt);
    await lease!.release();
    // Without a read, nothing is read.
    const other = await claim();
    const plain = await leases.take(other);
    expect(plain?.read).toEqual([]);
    await boss.complete(QUEUE, other);
    await plain!.release();
  });

  it('takes nothing when the read sent with it fails, and holds no lock', async () => {
    const attempt = await claim();
    await expect(leases.take(attempt, () => 'select 1/0')).rejects.toThrow(/division by zero/);
    expect(await checkCouldLock(attempt)).toBe(true);
    const lease = await leases.take(attempt);
    expect(lease).not.toBeNull();
    await boss.complete(QUEUE, attempt);
    await lease!.release();
  });

  it('is refused for a claim that moved on, and then holds nothing', async () => {
    const attempt = await claim();
    await boss.complete(QUEUE, attempt);
    expect(await leases.take(attempt)).toBeNull();
    expect(await checkCouldLock(attempt)).toBe(true);
  });

  it('is refused while a check holds the claim exclusively', async () => {
    const attempt = await claim();
    await checker.query(`select pg_advisory_lock(hashtextextended($1::uuid::text, 0))`, [attempt.id]);
    try {
      expect(await leases.take(attempt)).toBeNull();
    } finally {
      await checker.query(`select pg_advisory_unlock(hashtextextended($1::uuid::text, 0))`, [attempt.id]);
    }
    const lease = await leases.take(attempt);
    expect(lease).not.toBeNull();
    await lease!.release();
  });
});
