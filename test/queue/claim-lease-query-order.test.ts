import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PgBoss, type JobAttempt } from 'pg-boss';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { startClaimLeases, type ClaimLeases } from '../../src/queue/claim-leases.ts';

/**
 * The lease connection is shared by every take, release and check of a worker process, which
 * overlap in time. pg 8 queues a query sent while another runs but deprecates it (pg 9 removes
 * the queue), so the leases must send one query at a time themselves.
 */
describe('the claim lease connection', () => {
  const QUEUE = 'lease-query-order';
  let parent: string;
  let postgres: EmbeddedPostgres;
  let boss: PgBoss;
  let leases: ClaimLeases;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);

  beforeAll(async () => {
    process.on('warning', onWarning);
    parent = mkdtempSync(path.join(os.tmpdir(), 'paperjson-lease-order-'));
    chmodSync(parent, 0o755); // as root, Postgres runs as the postgres user, who must traverse it
    postgres = await startEmbeddedPostgres({ dir: path.join(parent, 'pg'), ephemeral: true });
    boss = new PgBoss({ connectionString: postgres.url, schema: 'pgboss', max: 3 });
    await boss.start();
    await boss.createQueue(QUEUE, { retryLimit: 0 });
    // A check every 10 ms overlaps the takes below; the grace keeps it from failing the test's
    // claims between their fetch and their take (it would find them unleased).
    leases = startClaimLeases({ connectionString: postgres.url, boss, schema: 'pgboss', queue: QUEUE, logger: pino({ level: 'silent' }), checkIntervalMs: 10, graceSeconds: 600, unlockDelayMs: 1 });
  });

  afterAll(async () => {
    process.off('warning', onWarning);
    await leases?.close();
    await boss?.stop({ graceful: false, close: true }).catch(() => {});
    await postgres?.stop();
    rmSync(parent, { recursive: true, force: true });
  });

  it('sends overlapping takes, releases and checks one at a time, each answered as if alone', async () => {
    await Promise.all(Array.from({ length: 20 }, () => boss.send(QUEUE, {})));
    const jobs = await boss.fetch(QUEUE, { batchSize: 20 });
    const attempts: JobAttempt[] = jobs.map((job) => ({ id: job.id, retryCount: job.retryCount }));
    expect(attempts).toHaveLength(20);
    // All at once: twenty takes, then their releases, on the one lease connection.
    const taken = await Promise.all(attempts.map((attempt) => leases.take(attempt)));
    expect(taken.every((lease) => lease !== null)).toBe(true);
    await boss.complete(QUEUE, attempts);
    await Promise.all(taken.map((lease) => lease!.release()));
    expect(warnings.filter((message) => message.includes('already executing a query'))).toEqual([]);
  });
});
