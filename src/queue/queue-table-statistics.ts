/**
 * Gives pg-boss's job table its first statistics once a worker has run some jobs, rather than at
 * autovacuum's first visit (up to autovacuum_naptime, a minute by default, after its first 50
 * changes).
 *
 * Until the table has been analysed the planner knows nothing of its columns, and plans pg-boss's
 * fetch (an UPDATE of the job its CTE picked) as a scan of every job of the queue by the primary
 * key's first column, the queue name, filtered by id: it reads every job the queue has ever held
 * (completed ones included) on every fetch. The fetch has no parameters, so the connection's
 * prepared statement (db/named-statements.ts) keeps that plan until the table is analysed, which
 * invalidates it; an unnamed fetch is planned the same way from the same missing statistics. On
 * the throughput bench (a fresh database, 1,000 jobs) the fetch read 490 buffers a call on
 * average, about 1.1 ms of Postgres's time per fetch; planned with statistics, it reads the job it
 * picked by its key (14-19 buffers late in the run).
 *
 * Once per process, and only while the table has no statistics at all: afterwards autovacuum's
 * analyses keep them current as the queue grows. An ANALYZE takes a sample of bounded size, and
 * Postgres plans each session's statements on the table once more after it.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { toError } from '../to-error.ts';
import { BOSS_SCHEMA } from './create-boss.ts';

/**
 * Jobs this process ends before it looks: enough rows for statistics that describe the queue
 * (with fewer, a cost estimate of one row ties the two plans), few enough that the fetch has not
 * yet read many.
 */
export const JOBS_BEFORE_ANALYSE = 32;

/**
 * The table of pg-boss (pinned) that holds the jobs of a queue created without `partition: true`,
 * as all of the service's are (queue/create-boss.ts).
 */
const JOB_TABLE = 'job_common';

/** Call `jobEnded` after each job attempt this process ends; the look and the ANALYZE run once, in the background. */
export function analyseQueueTableOnce(db: Kysely<Database>, logger: Logger): { jobEnded(): void } {
  let ended = 0;
  return {
    jobEnded() {
      if (++ended !== JOBS_BEFORE_ANALYSE) return;
      void analyseIfNeverAnalysed(db).catch((error: unknown) =>
        // A role that may not analyse the table (Postgres then only warns) or a lost connection:
        // autovacuum gives it statistics later, as it would have without this.
        logger.debug({ err: toError(error) }, 'could not analyse the queue table'),
      );
    },
  };
}

async function analyseIfNeverAnalysed(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ bare: boolean }>`
    select not exists (select 1 from pg_stats where schemaname = ${BOSS_SCHEMA} and tablename = ${JOB_TABLE}) as bare`.execute(db);
  if (rows[0]?.bare) await sql`analyze ${sql.table(`${BOSS_SCHEMA}.${JOB_TABLE}`)}`.execute(db);
}
