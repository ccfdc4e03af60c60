/**
 * The queue job pg-boss's fetch() would hand out next, looked at without claiming it: a guess a
 * busy worker slot uses to read and plan its next job while the current one waits on its model
 * (worker/next-job-lookahead.ts), so the hand-over between two jobs needs no read of its own.
 *
 * It is pg-boss 12's fetchNextJob selection for a standard queue (plans.js, the `next` CTE: ready
 * state, not blocked, start_after reached, highest priority then oldest), without the claim and
 * without the row lock: nothing is written and nothing waits. Only a guess: another worker may
 * fetch the job first, a newer job of higher priority may come, the job may be cancelled; the
 * worker uses what it read only for the very job its own fetch returns, and its claim is written
 * only if the job's row is still as read (job-transitions.ts claimAttempt). pg-boss is pinned to
 * one exact version in package.json; test/queue/peek-next-job.test.ts fails when the installed
 * pg-boss's fetch disagrees with this choice.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { BOSS_SCHEMA } from './create-boss.ts';

/** The id of the job of `queue` that the next fetch would claim, and its payload; null when none is ready. */
export async function peekNextJob(db: Kysely<Database>, queue: string): Promise<{ id: string; data: unknown } | null> {
  const { rows } = await sql<{ id: string; data: unknown }>`
    select id::text as id, data from ${sql.raw(BOSS_SCHEMA)}.job
    where name = ${queue} and state < 'active' and not blocked and start_after <= ${sql.raw(BOSS_SCHEMA)}.job_now()
    order by priority desc, created_on
    limit 1`.execute(db);
  return rows[0] ?? null;
}
