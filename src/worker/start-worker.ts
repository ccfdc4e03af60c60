import { setTimeout as delay } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { JobAttempt, PgBoss } from 'pg-boss';
import type { Database } from '../db/database.ts';
import { sweepDeletedContent, sweepHeldContent } from '../documents/deleted-content.ts';
import type { JobEventBus } from '../events/job-event-bus.ts';
import { failExhausted } from '../jobs/job-transitions.ts';
import { countJobsWaitingForWorkers, type JobForRun } from '../jobs/jobs.repository.ts';
import type { JobRecord } from '../jobs/job-types.ts';
import type { Logger } from '../logger.ts';
import type { ModelProvider } from '../domain/types.ts';
import { startClaimLeases } from '../queue/claim-leases.ts';
import { analyseQueueTableOnce } from '../queue/queue-table-statistics.ts';
import { BOSS_SCHEMA } from '../queue/create-boss.ts';
import { fetchWithJobRead } from '../queue/fetch-with-job-read.ts';
import { handBackClaim } from '../queue/hand-back-claim.ts';
import { touchClaim } from '../queue/touch-claim.ts';
import {
  EXTRACTION_DEAD_QUEUE,
  EXTRACTION_QUEUE,
  WEBHOOK_QUEUE,
  parseExtractionPayload,
  parseWebhookPayload,
  type ExtractionJobPayload,
} from '../queue/queues.ts';
import { toError } from '../to-error.ts';
import { deliverWebhook } from './deliver-webhook.ts';
import { isHandBack, prepareRun, runJob } from './run-job.ts';
import { runWhileReady, type FetchedJob } from './run-while-ready.ts';
import { warmUpExtraction } from '../pipeline/warm-up.ts';

/** How long a start waits for its claim lease connection (claim-leases.ts `ready`) before it takes jobs anyway. */
const LEASE_READY_WAIT_MS = 5_000;
/**
 * How often a worker removes what a failed cleanup left of a deleted document's content
 * (documents/deleted-content.ts, sweepHeldContent): a cleanup after a job's end is best effort, and
 * a long-running worker would otherwise keep a deleted document's bytes until its next start. One
 * statement a minute that reads an empty partial index when nothing waits.
 */
const HELD_CONTENT_SWEEP_MS = 60_000;

export interface WorkerDeps {
  db: Kysely<Database>;
  boss: PgBoss;
  /** For the one dedicated connection that holds the claim leases of this process's jobs. */
  connectionString: string;
  bus: JobEventBus;
  logger: Logger;
  concurrency: number;
  jobRetryLimit: number;
  /** WEBHOOK_ALLOW_PRIVATE: webhooks may reach loopback and private networks. */
  webhookAllowPrivate: boolean;
  createProvider(job: JobRecord): ModelProvider;
  /** A model that reads pages sent as PDF is configured (Gemini): pdf-lib is loaded at start. */
  sendsPdfPages?: boolean;
}

export interface RunningWorker {
  /** Stops taking jobs, gives running ones `graceMs` to finish, then hands the rest back. */
  stop(graceMs?: number): Promise<void>;
}

/** A job a slot runs, with its read when its fetch made it (queue/fetch-with-job-read.ts): the one pg-boss's loop hands over has none. */
type SlotJob = FetchedJob & { read?: JobForRun };

/** The queue payload, or why it is not one (thrown once the lease is held, as before). */
function parsedPayload(data: unknown): { ok: true; value: ExtractionJobPayload } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: parseExtractionPayload(data) };
  } catch (error) {
    return { ok: false, error };
  }
}

export async function startWorker(deps: WorkerDeps): Promise<RunningWorker> {
  const { boss, db, logger } = deps;
  // A job of a worker that died is found by its lease within seconds, not by its heartbeat. Its
  // connection opens beside the warm-up below.
  const leases = startClaimLeases({ connectionString: deps.connectionString, boss, schema: BOSS_SCHEMA, queue: EXTRACTION_QUEUE, logger });
  // What a process that stopped at a job's end may have left of a deleted document's content
  // (documents/deleted-content.ts), removed beside the warm-up.
  const swept = sweepDeletedContent(db).catch((e: unknown) =>
    logger.warn({ err: toError(e) }, "could not remove deleted documents' content; the next start tries again"),
  );
  // What this start will take, said among the first lines (beside the warm-up too).
  const told = countJobsWaitingForWorkers(db).then(
    ({ PENDING, PROCESSING, RETRYING }) => {
      if (PENDING + PROCESSING + RETRYING === 0) return;
      // PROCESSING at a start: cut off by a crash (taken again once its lease is found gone), or running on another worker.
      logger.info(
        { resuming: RETRYING, waiting: PENDING, processing: PROCESSING },
        `jobs waiting for a worker: ${RETRYING} to resume (handed back at a stop or after a failed attempt), ${PENDING} to start, ${PROCESSING} PROCESSING (on another worker, or cut off by a crash)`,
      );
    },
    (e: unknown) => logger.warn({ err: toError(e) }, 'could not count the jobs waiting for a worker'),
  );
  // Before taking any job: the first one should not wait for what every job needs.
  await warmUpExtraction({ pdfPages: deps.sendsPdfPages ?? false }).catch((e: unknown) =>
    logger.warn({ err: toError(e) }, 'warm-up failed; the first job pays for it'),
  );
  await swept;
  await told;
  // Bounded: a lease connection that has not answered by then is the first take's to wait for.
  await Promise.race([leases.ready, delay(LEASE_READY_WAIT_MS, undefined, { ref: false })]);
  const shutdown = new AbortController();
  // Aborted once stop() begins: a slot fetches no further job itself (run-while-ready.ts), and a
  // job fetched but not claimed yet is handed back at once (runJob).
  const stopping = new AbortController();
  const workers: Array<{ queue: string; id: string }> = [];
  // The attempts slots fetched themselves (run-while-ready.ts), from their fetch until their run
  // has settled them. pg-boss knows only the job each of its loops handed over: a stop that runs
  // out of time fails those, and these are failed by stop() below.
  const fetchedHere = new Map<string, JobAttempt>();
  // The jobs this process's attempts hold a lease on, for the stop's log lines: added once the
  // lease is taken, removed when the attempt is settled.
  const running = new Set<string>();
  // pg-boss's fetch is planned well only once its table has statistics (queue-table-statistics.ts).
  const queueStatistics = analyseQueueTableOnce(db, logger);

  /** One attempt of a fetched job, to its end: settled, handed back or left to another process. Never throws. */
  const runAttempt = async (job: SlotJob, handOver: () => void, claimGone: AbortSignal): Promise<void> => {
    const attempt = { id: job.id, retryCount: job.retryCount };
    // The run's reads and plan (no writes) go beside the lease's round trip rather than after it:
    // nothing is claimed or written before the lease is held (runJob).
    const payload = parsedPayload(job.data);
    let prepared = payload.ok ? prepareRun(db, payload.value, job.read) : null;
    // The run's now: the slot keeps the job through its tail, which must not hold its layout.
    delete job.read;
    // Awaited by runJob; when there is no run, this only keeps its failure from being unhandled.
    prepared?.catch(() => {});
    let lease: Awaited<ReturnType<typeof leases.take>>;
    try {
      lease = await leases.take(attempt);
    } catch (error) {
      await boss.fail(EXTRACTION_QUEUE, attempt, toError(error)).catch(() => {});
      logger.warn({ err: toError(error), queueJobId: job.id }, 'could not take the claim lease; the job is handed back');
      return;
    }
    // Another process found this claim abandoned (this worker took too long to lease it).
    if (!lease) return;
    const jobId = payload.ok ? payload.value.jobId : job.id;
    running.add(jobId);
    try {
      if (!payload.ok) throw payload.error;
      // A lost lease or a claim a heartbeat found gone means other workers may take the job: hand
      // it back like a shutdown (its writes are fenced by its attempt either way).
      const running = runJob(deps, payload.value, {
        retryCount: job.retryCount,
        retryLimit: deps.jobRetryLimit,
        queueJob: attempt,
        shutdown: AbortSignal.any([shutdown.signal, lease.lost, claimGone]),
        stopping: stopping.signal,
        handOver,
        ...(prepared && { prepared }),
      });
      // runJob owns the prepared run now, and drops its parts as it goes: not kept here until it returns.
      prepared = null;
      const settled = await running;
      // Usually completed already, with the job's final status (runJob).
      if (!settled) await boss.complete(EXTRACTION_QUEUE, attempt);
    } catch (error) {
      if (isHandBack(error) && stopping.signal.aborted && !lease.lost.aborted && !claimGone.aborted) {
        // This worker stops (during the run, or before its claim): the job did not fail, so no
        // retry is spent and it is ready again at once.
        await handBackClaim(db, EXTRACTION_QUEUE, attempt, 'handed back at a stop of its worker').catch((e: unknown) =>
          logger.warn({ err: toError(e), queueJobId: job.id }, 'could not hand the job back at stop; the claim check of another worker finds it'),
        );
        logger.info({ jobId }, 'job handed back to the queue at stop: it resumes, its finished subtrees kept, on the next start of a worker (at once on another running one)');
        return;
      }
      // Retried under the queue's policy, a retry spent (runJob logged why, or marked the job
      // RETRYING). So is a hand-back for a lost lease: this worker's connection failed while the
      // job ran, like a crash (a job that keeps bringing its worker down must run out of retries),
      // and another worker's claim check would fail the claim just the same. A claim a heartbeat
      // found gone is no longer this attempt's: the fenced fail changes nothing.
      await boss.fail(EXTRACTION_QUEUE, attempt, toError(error)).catch(() => {});
      logger.debug({ err: toError(error), queueJobId: job.id }, 'attempt handed back to the queue');
    } finally {
      running.delete(jobId);
      // Only after the attempt is settled above (pg-boss's own settle then finds nothing to do):
      // a lease released before its claim is settled would make a finished job look abandoned.
      // Not waited for: the unlock goes out on the lease connection with the next take there
      // (another slot's: this slot's next job took its lease at the hand-over, before this), or
      // alone shortly after (claim-leases.ts); release never throws.
      void lease.release();
    }
  };

  // pg-boss's loop hands a slot one job; the slot then runs the queue's ready jobs itself, one
  // after another (run-while-ready.ts says why). pg-boss wakes idle workers by NOTIFY, but after a
  // handler returns, its loop sleeps a polling interval even when more jobs are ready: a slot whose
  // run stopped for another reason than an empty queue wakes itself. Only itself: an idle slot's
  // last fetch found the queue empty, and NOTIFY wakes it for any job sent since, so waking every
  // slot (and the webhook and dead-letter workers) cost an empty fetch each per job.
  // One work() per slot rather than localConcurrency: notifyWorker(id) wakes only the worker of
  // that id, and localConcurrency gives every slot but the first an id we are never told, so
  // those slots slept a polling interval after each job while a backlog waited.
  for (let slot = 0; slot < deps.concurrency; slot++) {
    // This slot's place in `workers`, where its id lands once work() returns.
    const self = workers.length;
    workers.push({
      queue: EXTRACTION_QUEUE,
      id: await boss.work(
        EXTRACTION_QUEUE,
        // With LISTEN/NOTIFY on, pg-boss polls only every notifyPollingIntervalSeconds (30 s by
        // default), and retries are never announced by NOTIFY: keep the poll short so a job handed
        // back by a dead worker is picked up within seconds.
        { batchSize: 1, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 },
        async ([job]) => {
          if (!job) return;
          const end = await runWhileReady(job, {
            run: (running, handOver, claimGone) =>
              runAttempt(running, handOver, claimGone).finally(() => {
                // This attempt's entry only: its job's retry may have been fetched beside its tail.
                if (fetchedHere.get(running.id)?.retryCount === running.retryCount) fetchedHere.delete(running.id);
                queueStatistics.jobEnded();
              }),
            fetchNext: async () => {
              const fetched = await fetchWithJobRead(boss, db, EXTRACTION_QUEUE);
              const next = fetched && { ...fetched.job, ...(fetched.read && { read: fetched.read }) };
              if (next) fetchedHere.set(next.id, { id: next.id, retryCount: next.retryCount });
              return next ?? null;
            },
            touch: ({ id, retryCount }) => touchClaim(boss, EXTRACTION_QUEUE, { id, retryCount }),
            taking: () => !stopping.signal.aborted,
            onError: (error, failed) => logger.warn({ err: toError(error), ...(failed && { queueJobId: failed.id }) }, 'extraction queue call failed'),
          });
          if (end !== 'empty') {
            setImmediate(() => {
              const id = workers[self]?.id;
              if (id) boss.notifyWorker(id);
            });
          }
        },
      ),
    });
  }

  workers.push({
    queue: EXTRACTION_DEAD_QUEUE,
    id: await boss.work(EXTRACTION_DEAD_QUEUE, { batchSize: 1, pollingIntervalSeconds: 5, notifyPollingIntervalSeconds: 5 }, async ([job]) => {
      if (!job) return;
      const { jobId } = parseExtractionPayload(job.data);
      const failed = await failExhausted(
        db,
        boss,
        jobId,
        `The job was retried ${deps.jobRetryLimit} times and every attempt ended without a result (worker crashes or infrastructure failures).`,
      );
      if (failed.moved) logger.warn({ jobId }, 'job failed after exhausting its retries');
    }),
  });

  workers.push({
    queue: WEBHOOK_QUEUE,
    // includeMetadata: the retry limit, so that a delivery knows its last try (and reports its failure).
    id: await boss.work(WEBHOOK_QUEUE, { batchSize: 1, localConcurrency: 4, pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 2, includeMetadata: true }, async ([job]) => {
      if (!job) return;
      await deliverWebhook(db, parseWebhookPayload(job.data), { allowPrivate: deps.webhookAllowPrivate, lastAttempt: job.retryCount >= job.retryLimit, logger });
    }),
  });

  // What a cleanup after a job's end that failed since the start's sweep left, every minute;
  // reported once per failing streak.
  let sweepFailing = false;
  const sweeping = setInterval(() => {
    sweepHeldContent(db).then(
      () => (sweepFailing = false),
      (e: unknown) => {
        if (!sweepFailing) logger.warn({ err: toError(e) }, "could not remove deleted documents' content; retrying every minute");
        sweepFailing = true;
      },
    );
  }, HELD_CONTENT_SWEEP_MS).unref();
  logger.info({ concurrency: deps.concurrency }, 'worker started');
  return {
    async stop(graceMs = 20_000) {
      stopping.abort();
      clearInterval(sweeping);
      if (running.size > 0) {
        logger.info(
          { jobIds: [...running], graceSeconds: graceMs / 1000 },
          `waiting up to ${graceMs / 1000} s for ${running.size} running job(s) to finish; any still running then is handed back to the queue`,
        );
      }
      await Promise.all(workers.map(({ queue, id }) => boss.offWork(queue, { id, wait: false }).catch(() => {})));
      // Give running jobs the grace period, then abort them: they hand themselves back to the queue
      // without spending a retry (runAttempt).
      const timer = setTimeout(() => shutdown.abort(), graceMs);
      await boss.stop({ graceful: true, timeout: graceMs + 10_000, close: false }).catch(() => {});
      clearTimeout(timer);
      shutdown.abort();
      // Runs that outlived the grace and pg-boss's timeout too (stuck): pg-boss has failed the jobs
      // its loops handed over; the ones slots fetched themselves are failed here, fenced to their
      // attempt, so the queue retries them now rather than when another process's claim check next
      // finds their lease gone (or, with no other process, when a worker next starts). A retry is
      // spent, as pg-boss's own fail spends one: a run that ignores its abort for ten seconds is
      // stuck, which is what the retry limit bounds, not a job a stop merely interrupted.
      const stranded = [...fetchedHere.values()];
      if (stranded.length > 0) {
        await boss
          .fail(EXTRACTION_QUEUE, stranded, { message: 'the worker stopped before this attempt ended; handed to another worker' })
          .catch((e: unknown) => logger.warn({ err: toError(e), queueJobIds: stranded.map(({ id }) => id) }, 'could not hand back the jobs still running at stop'));
      }
      await leases.close();
    },
  };
}
