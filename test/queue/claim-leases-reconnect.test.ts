import pg from 'pg';
import type { JobAttempt } from 'pg-boss';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptLockKey, type ClaimLeaseOptions } from '../../src/queue/claim-leases.ts';
import { startClaimLeaseFixture, type ClaimLeaseFixture } from './claim-lease-fixture.ts';

/**
 * A worker's claim lease when its own lease connection drops: after a real restart of Postgres
 * (our own embedded one, restarted on the same port) the lease is taken again and the claim runs
 * on without a retry; a claim that moved on meanwhile, or a database that stays away, stops the job.
 */
describe('a claim lease whose connection dropped', () => {
  const QUEUE = 'lease-reconnect';
  let fixture: ClaimLeaseFixture;

  const logged: Array<{ name: string; msg: string }> = [];
  const startLeases = (name: string, extra: Partial<ClaimLeaseOptions> = {}) =>
    fixture.startLeases({
      logger: pino({ level: 'debug' }, { write: (line: string) => logged.push({ ...(JSON.parse(line) as { msg: string }), name }) }),
      checkIntervalMs: 100,
      // Every instance also checks; only the one playing another worker checks claims at once, so
      // no other fails a later test's claim between its fetch and its lease.
      graceSeconds: 60,
      ...extra,
    });
  const stateOf = async ({ id }: JobAttempt) => {
    const { rows } = await fixture.boss.getDb().executeSql(`select state, retry_count from pgboss.job where name = $1 and id = $2`, [QUEUE, id]);
    return rows[0] as { state: string; retry_count: number };
  };
  const waitFor = async (what: string, done: () => boolean | Promise<boolean>, timeoutMs = 30_000) => {
    for (const deadline = Date.now() + timeoutMs; !(await done()); ) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    fixture = await startClaimLeaseFixture(QUEUE, { restarts: true });
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it('is taken again after Postgres restarts, and the claim runs on without a retry while other workers check', async () => {
    const leases = startLeases('worker');
    const attempt = await fixture.claim();
    const lease = (await leases.take(attempt))!;
    expect(lease).not.toBeNull();

    await fixture.postgres.stop();
    await fixture.startPostgres(fixture.postgres.port);
    await waitFor('the lease taken again', () => logged.some((l) => l.name === 'worker' && l.msg.startsWith('claim lease taken again')));
    expect(lease.lost.aborted).toBe(false);

    // Another worker process checks for abandoned claims. A claim nobody leases is failed by the
    // same statement that sees ours, so once it is failed, ours has been checked and left alone.
    const abandoned = await fixture.claim();
    const other = startLeases('other', { graceSeconds: 0 });
    await waitFor('the abandoned claim handed back', async () => (await stateOf(abandoned)).state !== 'active');
    // Stopped here: with no grace it would fail the next tests' claims before they are leased.
    await other.close();
    expect(await stateOf(attempt)).toEqual({ state: 'active', retry_count: attempt.retryCount });
    expect(lease.lost.aborted).toBe(false);
    await lease.release();
  }, 120_000);

  it('after Postgres restarts, leaves claims to their owners for the grace, then hands back those nobody took again', async () => {
    const GRACE_SECONDS = 3;
    const checker = startLeases('checker', { graceSeconds: GRACE_SECONDS });
    // Two claims of another worker process, played by a plain session holding their leases as a
    // worker's does; then made older than the claims' own grace (not the earlier tests' 60 s).
    const [back, gone] = [await fixture.claim(), await fixture.claim()];
    const lockShared = async (client: pg.Client, { id, retryCount }: JobAttempt) =>
      client.query(`select pg_advisory_lock_shared(${attemptLockKey('$1::uuid::text', '$2::int')})`, [id, retryCount]);
    const owner = new pg.Client({ connectionString: fixture.postgres.url });
    owner.on('error', () => {}); // ended by the restart
    await owner.connect();
    await lockShared(owner, back);
    await lockShared(owner, gone);
    await fixture.boss.getDb().executeSql(`update pgboss.job set started_on = started_on - interval '10 seconds' where name = $1 and id = any($2::uuid[])`, [QUEUE, [back.id, gone.id]]);

    const port = fixture.postgres.port;
    await fixture.postgres.stop();
    // A check ran while the database was away, so the next "works again" follows the first check back.
    await waitFor('a check failing', () => logged.some((l) => l.name === 'checker' && l.msg === 'claim check failed; retrying'));
    await fixture.startPostgres(port);
    await waitFor('a check back', () => logged.some((l) => l.name === 'checker' && l.msg === 'claim check works again'));
    // No lease is held on either claim now; the first check back left both to their owner.
    expect(await stateOf(back)).toEqual({ state: 'active', retry_count: back.retryCount });
    expect(await stateOf(gone)).toEqual({ state: 'active', retry_count: gone.retryCount });

    // The owner of one claim takes its lease again, later than the check came back; the other never does.
    const retaken = new pg.Client({ connectionString: fixture.postgres.url });
    await retaken.connect();
    try {
      await lockShared(retaken, back);
      await waitFor('the claim nobody took again handed back', async () => (await stateOf(gone)).state !== 'active');
      expect(await stateOf(back)).toEqual({ state: 'active', retry_count: back.retryCount });
    } finally {
      await checker.close();
      await retaken.end();
    }
  }, 120_000);

  it('stops the job when its claim was handed to another worker while the connection was down', async () => {
    const leases = startLeases('moved-on');
    const attempt = await fixture.claim();
    const lease = (await leases.take(attempt))!;
    // Another process's check failed the attempt (here by hand); then the lease connection drops.
    await fixture.boss.fail(QUEUE, attempt, { message: 'taken over' });
    const admin = new pg.Client({ connectionString: fixture.postgres.url });
    await admin.connect();
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'paperjson-claims'`);
    await admin.end();
    await waitFor('the lease lost', () => lease.lost.aborted);
    expect(String((lease.lost.reason as Error).message)).toMatch(/handed to another worker/);
    await lease.release();
  }, 60_000);

  it('stops the job when the database stays away longer than the recovery window', async () => {
    const leases = startLeases('stays-away', { recoveryMs: 500 });
    const attempt = await fixture.claim();
    const lease = (await leases.take(attempt))!;
    const port = fixture.postgres.port;
    await fixture.postgres.stop();
    try {
      await waitFor('the lease lost', () => lease.lost.aborted);
      expect(logged.some((l) => l.name === 'stays-away' && l.msg.startsWith('claim lease lost: the database did not answer in time'))).toBe(true);
    } finally {
      await fixture.startPostgres(port);
    }
    await lease.release();
  }, 60_000);
});
