/**
 * pg-boss's complete() of one fetched attempt, as SQL to run inside a statement of our own, so
 * that the queue job is settled in the very commit that stores the job's final status (one
 * statement per job fewer than a complete() after it, and no moment in which the job is final
 * and its claim still active).
 *
 * It is pg-boss 12's completeJobs for one attempt with no output (plans.js completeJobsUpdate,
 * fenced to the attempt as complete(name, { id, retryCount }) is): state completed, completed_on
 * from pg-boss's clock, on the queue's partition through the parent table `job`, only while the
 * claim is active under that retry count. A claim settled or retried meanwhile is left alone, as
 * complete() leaves it. test/jobs/job-transitions.test.ts checks that pg-boss reads the result
 * as its own complete's. pg-boss is pinned to one exact version in package.json for this copy:
 * pg-boss does not support writes to its tables, so an upgrade must be checked against plans.js.
 */
import type { JobAttempt } from 'pg-boss';
import { BOSS_SCHEMA } from './create-boss.ts';

/**
 * The UPDATE that completes `attempt` of a job of `queue`, made only when the CTE `guard` of the
 * enclosing statement returned a row; `param` adds a bind parameter and returns its placeholder.
 */
export function completeClaimSql(queue: string, attempt: JobAttempt, guard: string, param: (value: unknown) => string): string {
  return `update ${BOSS_SCHEMA}.job set completed_on = ${BOSS_SCHEMA}.job_now(), state = 'completed', output = null
    where name = ${param(queue)} and id = ${param(attempt.id)}::uuid and state = 'active' and retry_count = ${param(attempt.retryCount)}::int
      and exists (select from ${guard})`;
}
