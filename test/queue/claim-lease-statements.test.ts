import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptLockKey, type ClaimLeases } from '../../src/queue/claim-leases.ts';
import { startClaimLeaseFixture, type ClaimLeaseFixture } from './claim-lease-fixture.ts';

/**
 * What a take sends Postgres. Planned on every take as literal text, the confirmation on pg-boss's
 * partitioned job table cost Postgres four times its execution, on every job.
 */
describe("a claim lease's statements", () => {
  const QUEUE = 'lease-statements';
  let fixture: ClaimLeaseFixture;
  let leases: ClaimLeases;
  let admin: pg.Client;

  /** The lease connection's last query, as Postgres saw it (the fixture's only lease connection). */
  const lastQuery = async (): Promise<string> => {
    const { rows } = await admin.query<{ query: string }>(`select query from pg_stat_activity where application_name = 'paperjson-claims'`);
    expect(rows).toHaveLength(1);
    return rows[0]!.query;
  };
  const KEY = attemptLockKey('$1::uuid::text', '$2::int');

  beforeAll(async () => {
    fixture = await startClaimLeaseFixture(QUEUE);
    // No check runs within the test (its query would show instead of the take's), and a released
    // lease's unlock waits for the next take.
    leases = fixture.startLeases({ graceSeconds: 600, checkIntervalMs: 600_000, unlockDelayMs: 600_000 });
    admin = new pg.Client({ connectionString: fixture.postgres.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end().catch(() => {});
    await fixture?.stop();
  });

  it('are prepared, and run once on nothing, when the leases start: before any take', async () => {
    await leases.ready;
    // The session is open and its last message prepared the statements and ran the confirmation
    // and the unlock on no job, so the first take's own message plans nothing new.
    const last = await lastQuery();
    expect(last).toMatch(/prepare paperjson_claim_confirm\(.*execute paperjson_claim_confirm\('00000000-0000-0000-0000-000000000000', 0\);\s*execute paperjson_claim_unlock\('\{\}', '\{\}'\)/s);
    // On nothing: no lock of this session's is held.
    const { rows } = await admin.query<{ held: number }>(
      `select count(*)::int as held from pg_locks l join pg_stat_activity a on a.pid = l.pid where a.application_name = 'paperjson-claims' and l.locktype = 'advisory'`,
    );
    expect(rows[0]!.held).toBe(0);
  });

  it('are executions of statements prepared once per session, the riding unlocks too', async () => {
    const first = await fixture.claim();
    const lease = await leases.take(first);
    expect(lease).not.toBeNull();
    expect(await lastQuery()).toMatch(/execute paperjson_claim_lock\(.*execute paperjson_claim_confirm\(/s);
    expect(await lastQuery()).not.toMatch(/pgboss\.job\b/);
    await fixture.boss.complete(QUEUE, first);
    void lease!.release();
    const second = await fixture.claim();
    const next = await leases.take(second);
    expect(next).not.toBeNull();
    expect(await lastQuery()).toMatch(/execute paperjson_claim_unlock\(.*execute paperjson_claim_lock\(.*execute paperjson_claim_confirm\(/s);
    // The riding unlock let the first lease go; the second is held.
    const { rows } = await admin.query<{ first: boolean }>(`select pg_try_advisory_lock(${KEY}) as first`, [first.id, first.retryCount]);
    expect(rows[0]!.first).toBe(true);
    await admin.query(`select pg_advisory_unlock(${KEY})`, [first.id, first.retryCount]);
    await fixture.boss.complete(QUEUE, second);
    void next!.release();
  });

  it('are prepared again on a new session, which has none of the old one', async () => {
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'paperjson-claims'`);
    const attempt = await fixture.claim();
    let lease: Awaited<ReturnType<ClaimLeases['take']>> = null;
    for (const deadline = Date.now() + 10_000; ; ) {
      try {
        lease = await leases.take(attempt);
        break;
      } catch (error) {
        // A take may still meet the terminated connection before its end is noticed.
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    expect(lease).not.toBeNull();
    const { rows } = await admin.query<{ locked: boolean }>(`select pg_try_advisory_lock(${KEY}) as locked`, [attempt.id, attempt.retryCount]);
    expect(rows[0]!.locked).toBe(false);
    expect(await lastQuery()).toMatch(/execute paperjson_claim_confirm\(/);
  });
});
