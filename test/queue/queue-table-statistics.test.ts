import { sql } from 'kysely';
import * as bossPlans from 'pg-boss/dist/plans.js';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { BOSS_SCHEMA } from '../../src/queue/create-boss.ts';
import { testDatabaseWithBoss } from '../helpers/test-boss.ts';
import { EXTRACTION_QUEUE } from '../../src/queue/queues.ts';
import { analyseQueueTableOnce, JOBS_BEFORE_ANALYSE } from '../../src/queue/queue-table-statistics.ts';

/** The top plan node of EXPLAIN's JSON, as far as this test reads it. */
interface PlanNode {
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
}

const JOBS = 150;

describe("pg-boss's job table gets its first statistics from the worker", () => {
  const setup = testDatabaseWithBoss();

  /** The buffers one run of pg-boss's fetch reads, as its worker slots send it (rolled back). */
  const buffersReadByFetch = () =>
    setup.database.db.connection().execute(async (connection) => {
      const { text } = bossPlans.fetchNextJob({ schema: BOSS_SCHEMA, table: 'job_common', name: EXTRACTION_QUEUE, policy: 'standard', limit: 1, includeMetadata: false });
      await sql`begin`.execute(connection);
      try {
        const { rows } = await sql<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>`explain (analyze, buffers, format json) ${sql.raw(text)}`.execute(connection);
        const plan = rows[0]!['QUERY PLAN'][0]!.Plan;
        return plan['Shared Hit Blocks'] + plan['Shared Read Blocks'];
      } finally {
        await sql`rollback`.execute(connection);
      }
    });

  it('once it has ended its first jobs, so that the fetch no longer visits every job the queue holds', async () => {
    // A queue that has held jobs, most of them done, and has not yet been visited by autovacuum.
    for (let i = 0; i < JOBS; i++) await setup.boss.send(EXTRACTION_QUEUE, { i });
    for (let i = 0; i < 100; i++) {
      const [job] = await setup.boss.fetch(EXTRACTION_QUEUE);
      await setup.boss.complete(EXTRACTION_QUEUE, job!.id);
    }
    const statistics = analyseQueueTableOnce(setup.database.db, createLogger('silent', 'test'));
    for (let i = 0; i < JOBS_BEFORE_ANALYSE; i++) statistics.jobEnded();
    // The look and the ANALYZE run in the background: wait for the statistics to appear.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stats where schemaname = ${BOSS_SCHEMA} and tablename = 'job_common'`.execute(setup.database.db);
      if (rows[0]!.n > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Planned without statistics, the fetch's UPDATE reads the queue's jobs one by one through the
    // primary key (a buffer or more each, on top of what its pick reads); with them, it does not.
    expect(await buffersReadByFetch()).toBeLessThan(JOBS);
  });
});
