import type { JobAttempt } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimLeases } from '../../src/queue/claim-leases.ts';
import { startClaimLeaseFixture, type ClaimLeaseFixture } from './claim-lease-fixture.ts';

/**
 * The lease connection is shared by every take, release and check of a worker process, which
 * overlap in time. pg 8 queues a query sent while another runs but deprecates it (pg 9 removes
 * the queue), so the leases must send one query at a time themselves.
 */
describe('the claim lease connection', () => {
  const QUEUE = 'lease-query-order';
  let fixture: ClaimLeaseFixture;
  let leases: ClaimLeases;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);

  beforeAll(async () => {
    process.on('warning', onWarning);
    fixture = await startClaimLeaseFixture(QUEUE);
    // A check every 10 ms overlaps the takes below; the grace keeps it from failing the test's
    // claims between their fetch and their take (it would find them unleased).
    leases = fixture.startLeases({ checkIntervalMs: 10, graceSeconds: 600, unlockDelayMs: 1 });
  });

  afterAll(async () => {
    process.off('warning', onWarning);
    await fixture?.stop();
  });

  it('sends overlapping takes, releases and checks one at a time, each answered as if alone', async () => {
    await Promise.all(Array.from({ length: 20 }, () => fixture.boss.send(QUEUE, {})));
    const jobs = await fixture.boss.fetch(QUEUE, { batchSize: 20 });
    const attempts: JobAttempt[] = jobs.map((job) => ({ id: job.id, retryCount: job.retryCount }));
    expect(attempts).toHaveLength(20);
    // All at once: twenty takes, then their releases, on the one lease connection.
    const taken = await Promise.all(attempts.map((attempt) => leases.take(attempt)));
    expect(taken.every((lease) => lease !== null)).toBe(true);
    await fixture.boss.complete(QUEUE, attempts);
    await Promise.all(taken.map((lease) => lease!.release()));
    expect(warnings.filter((message) => message.includes('already executing a query'))).toEqual([]);
  });
});
