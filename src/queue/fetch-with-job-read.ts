/**
 * A worker slot's fetch of its next job (worker/run-while-ready.ts), with the job's read before its
 * claim (jobs.repository.ts findJobForRun: its row, schema and stored layout) in the fetch's own
 * round trip.
 *
 * A hand-over to the next job was three database round trips in a row: pg-boss's fetch, then the
 * read (beside the claim lease), then the claim. The fetch is still pg-boss's own: its statement,
 * built by pg-boss for this call (plans.js fetchNextJob: its order, SKIP LOCKED, its policy's
 * conditions, started_on and the retry_count increment that names the attempt), is handed to the
 * `db` pg-boss's fetch() takes, which runs it inside one statement of ours that also reads the
 * job (withJobForRun). Nothing is written but what pg-boss's fetch writes, and it commits as the
 * fetch alone did: a crash before the commit leaves the queue job as it was, one after it leaves
 * the claim as pg-boss's own fetch leaves it.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Job, PgBoss } from 'pg-boss';
import type { Database } from '../db/database.ts';
import { jobForRunWithFetch, withJobForRun, type JobForRun } from '../jobs/jobs.repository.ts';

/** A queue job pg-boss fetched, and its job as read in the same statement (undefined: read after, with findJobForRun). */
export interface FetchedWithRead {
  job: Job<unknown>;
  read: JobForRun | undefined;
}

/** The next ready job of `queue` (pg-boss's fetch of one job), with its read; null when none is ready. */
export async function fetchWithJobRead(boss: PgBoss, db: Kysely<Database>, queue: string): Promise<FetchedWithRead | null> {
  const [job] = await boss.fetch(queue, {
    batchSize: 1,
    db: {
      executeSql: async (text, values) => {
        const { rows } = await db.executeQuery(CompiledQuery.raw(withJobForRun(db, text), values ?? []));
        return { rows };
      },
    },
  });
  if (!job) return null;
  // Taken off the row: the queue job is then as pg-boss's fetch returns it, and does not hold the layout.
  const read = jobForRunWithFetch(job as unknown as Record<string, unknown>);
  return { job, read };
}
