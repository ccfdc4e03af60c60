import type { JobAttempt, PgBoss } from 'pg-boss';

/**
 * Refreshes the claim of one fetched attempt (pg-boss's touch(), fenced to the attempt): false
 * when it refreshed nothing, i.e. the claim was retried or settled elsewhere and the attempt's
 * work can no longer land. pg-boss answers with the count it refreshed (`affected`), which its
 * typings do not list; an answer without it says nothing about the claim and counts as held,
 * as pg-boss's own heartbeat reads an answer without its ids.
 */
export async function touchClaim(boss: PgBoss, queue: string, attempt: JobAttempt): Promise<boolean> {
  const answer: unknown = await boss.touch(queue, [{ id: attempt.id, retryCount: attempt.retryCount }]);
  const affected = (answer as { affected?: unknown } | null)?.affected;
  return typeof affected !== 'number' || affected > 0;
}
