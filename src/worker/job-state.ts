import type { Kysely } from 'kysely';
import type { PgBoss } from 'pg-boss';
import type { Database } from '../db/database.ts';
import { appendEvents, lockJob, type JobUpdate } from '../jobs/jobs.repository.ts';
import { enqueueWebhook } from '../jobs/jobs.service.ts';
import type { JobEventPayload, JobProgress, JobRecord, JobStatus } from '../jobs/job-types.ts';

/** Thrown by a worker's write when the job is no longer its to write (cancelled, or finished elsewhere). */
export class JobNoLongerRunning extends Error {
  readonly status: JobStatus | null;
  constructor(jobId: string, status: JobStatus | null) {
    super(`job ${jobId} is ${status ?? 'gone'}, not PROCESSING`);
    this.name = 'JobNoLongerRunning';
    this.status = status;
  }
}

/**
 * Every write a worker makes to a job goes through here: lock the row, check the job is still
 * PROCESSING, append the events, apply the update. Because the check and the append share the
 * row lock with cancelExtractionJob, no event can follow a CANCELLED status event.
 */
export async function writeWhileProcessing(
  db: Kysely<Database>,
  jobId: string,
  build: (job: JobRecord) => { events: JobEventPayload[]; update?: JobUpdate },
): Promise<JobRecord & { lastSeq: number }> {
  return db.transaction().execute(async (trx) => {
    const job = await lockJob(trx, jobId);
    if (!job || job.status !== 'PROCESSING') throw new JobNoLongerRunning(jobId, job?.status ?? null);
    const { events, update } = build(job);
    // appendEvents moves job.lastSeq on to the last event written.
    await appendEvents(trx, job, events, update);
    return { ...job, ...update } as JobRecord & { lastSeq: number };
  });
}

/** Moves a PROCESSING job to a final or retry status with its status event (and webhook). */
export async function finishJob(
  db: Kysely<Database>,
  boss: PgBoss,
  jobId: string,
  status: Exclude<JobStatus, 'PENDING' | 'PROCESSING'>,
  details: { progress?: (job: JobRecord) => JobProgress; update?: JobUpdate; errorMessage?: string | null },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const job = await lockJob(trx, jobId);
    if (!job || (job.status !== 'PROCESSING' && job.status !== 'PENDING' && job.status !== 'RETRYING')) return false;
    const progress = details.progress ? details.progress(job) : job.progress;
    const final = status !== 'RETRYING';
    const [event] = await appendEvents(
      trx,
      job,
      [{ type: 'JOB_STATUS', status, progress, errorMessage: details.errorMessage ?? null }],
      {
        ...details.update,
        status,
        progress,
        errorMessage: details.errorMessage ?? null,
        ...(final && { finishedAt: new Date() }),
      },
    );
    await enqueueWebhook(boss, trx, job, status, event!.seq);
    return true;
  });
}
