/**
 * A claim given back to the queue by a worker that stops (a deploy, a restart, Ctrl-C), without
 * spending one of the job's retries: the job did not fail, so a job that meets a few stops must
 * not run out of retries for it.
 *
 * pg-boss has no call for this. Its fail() moves the claim to `retry` after a back-off (up to
 * retryDelayMax), and its next claim increments retry_count: a retry spent. Its restore() clears
 * started_on so the next claim does not increment retry_count, but it is not fenced to the attempt,
 * and the next attempt would then carry the same retry count as this one: the attempt fence of
 * every later settle, touch and claim lease ({ id, retryCount }) could no longer tell them apart.
 * So the claim goes back as fail() leaves it (state `retry`, started_on kept, so the next claim
 * still increments retry_count and each attempt keeps a number of its own), ready at once rather
 * than after a back-off, and with its retry_limit raised by one, which is what leaves the job's
 * budget of real failures (JOB_RETRY_LIMIT) untouched. The dead-letter routing of a later real
 * failure reads the same retry_limit (pg-boss's fail: retry_count < retry_limit), and so does
 * run-job.ts through retryLimitOf below.
 *
 * Fenced to the attempt as pg-boss's own settles are (state active, same retry_count): a claim
 * settled, expired or taken again meanwhile is left alone. An UPDATE in place, as pg-boss's
 * restore() and resume() make on the same table; pg-boss is pinned to one exact version in
 * package.json, and test/worker/stop-hand-back.test.ts checks that the job is fetched again at
 * once and that a later real failure still spends its retries.
 */
import { sql, type Kysely } from 'kysely';
import type { JobAttempt } from 'pg-boss';
import type { Database } from '../db/database.ts';
import { BOSS_SCHEMA } from './create-boss.ts';

/** Gives `attempt` back to the queue, ready now and with no retry spent; false when the claim was no longer this attempt's. */
export async function handBackClaim(db: Kysely<Database>, queue: string, attempt: JobAttempt, reason: string): Promise<boolean> {
  const result = await sql`
    update ${sql.table(`${BOSS_SCHEMA}.job`)}
    set state = 'retry', start_after = ${sql.raw(BOSS_SCHEMA)}.job_now(), retry_limit = retry_limit + 1,
      output = jsonb_build_object('message', ${reason}::text)
    where name = ${queue} and id = ${attempt.id}::uuid and state = 'active' and retry_count = ${attempt.retryCount}::int`.execute(db);
  return (result.numAffectedRows ?? 0n) > 0n;
}

/** The retry limit of a queue job as it stands (raised by each hand-back above); null when the job is gone. */
export async function retryLimitOf(db: Kysely<Database>, queue: string, id: string): Promise<number | null> {
  const { rows } = await sql<{ retryLimit: number }>`
    select retry_limit as "retryLimit" from ${sql.table(`${BOSS_SCHEMA}.job`)} where name = ${queue} and id = ${id}::uuid`.execute(db);
  return rows[0]?.retryLimit ?? null;
}
