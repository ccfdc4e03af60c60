import type { Kysely } from 'kysely';
import type { PgBoss } from 'pg-boss';
import type { Database } from '../db/database.ts';
import { readDocumentContent } from '../documents/documents.repository.ts';
import { loadLayout } from '../documents/document-layout.ts';
import { toError } from '../to-error.ts';
import type { JobEventBus } from '../events/job-event-bus.ts';
import { isTerminal } from '../domain/choices.ts';
import { findJobById, findJobForRun, readEvents, type JobForRun } from '../jobs/jobs.repository.ts';
import {
  appendWhileProcessing,
  claimAttempt,
  finishJob,
  JobNoLongerRunning,
  markRetrying,
  QueueJobNotSettled,
  type LockedJob,
} from '../jobs/job-transitions.ts';
import type { JobRecord } from '../jobs/job-types.ts';
import type { Logger } from '../logger.ts';
import type { JobAttempt } from 'pg-boss';
import { EXTRACTION_QUEUE, type ExtractionJobPayload } from '../queue/queues.ts';
import { retryLimitOf } from '../queue/hand-back-claim.ts';
import { MODEL_LIMITS } from '../models/model-ids.ts';
import { LOCAL_NOTICE } from '../models/local/local-notice.ts';
import { describeFailures, describeUnreadablePages } from '../pipeline/failure-summary.ts';
import { estimateExtraction, type ExtractionEstimate } from '../jobs/estimate-extraction.ts';
import { planExtraction, type ExtractionPlan } from '../pipeline/plan-extraction.ts';
import { runExtraction, type CompletedSubtree, type RunExtractionInput } from '../pipeline/run-extraction.ts';
import { pdfPagesOf, type DocumentLayout, type JobProgress, type JsonSchema, type ModelProvider, type PipelineEvent } from '../domain/types.ts';
import type { SchemaRecord } from '../schemas/schemas.repository.ts';
import { cutPages, holdParse, keptPages } from './cut-pages-cache.ts';
import { releaseProvider } from './release-provider.ts';

export interface RunJobDeps {
  db: Kysely<Database>;
  boss: PgBoss;
  bus: JobEventBus;
  logger: Logger;
  createProvider(job: JobRecord): ModelProvider;
  /** Makes the estimate kept in a job's metadata; estimateExtraction unless given (tests give one that fails). */
  estimate?: typeof estimateExtraction;
}

export interface Attempt {
  retryCount: number;
  /** The queue's retry limit; the queue job's own (raised by each hand-back at a stop, hand-back-claim.ts) is read when there is one. */
  retryLimit: number;
  /** The queue job of this attempt: completed in the transaction that finishes the job. */
  queueJob?: JobAttempt;
  /** Aborted when this worker shuts down: the job is handed back to the queue, not failed. */
  shutdown: AbortSignal;
  /**
   * Aborted as soon as the worker begins to stop (before `shutdown`, which waits for the grace): a
   * job fetched then but not claimed yet is handed back at once, never started.
   */
  stopping?: AbortSignal;
  /**
   * prepareRun of this payload, begun by the caller while it took the claim's lease; made here
   * otherwise. runJob deletes it once awaited (the caller should keep no reference either): a run's
   * layout and bytes must not stay reachable through its tail.
   */
  prepared?: Promise<PreparedRun | null>;
  /**
   * Called once the job needs its slot no more: its last model answer is in, or it is about to make
   * its final write without one. The slot then starts its next job beside this one's tail (merging,
   * checks, final write): run-while-ready.ts.
   */
  handOver?: () => void;
}

/** In a job's metadata warnings when its estimate could not be made (the run is not affected). */
const ESTIMATE_MISSING = 'estimate: the estimate for this job could not be made, so its metadata has none (the extraction itself is not affected)';

/** What the queue should do with the attempt once runJob returns or throws. */
class HandBack extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandBack';
  }
}

/**
 * Whether runJob threw to have the attempt handed back rather than failed: `attempt.shutdown` was
 * aborted during the run, or `attempt.stopping` before the claim. The caller knows which cause
 * (a stop, a lost lease, a claim gone) and so whether the hand-back spends a retry (start-worker.ts).
 */
export function isHandBack(error: unknown): boolean {
  return error instanceof HandBack;
}

/**
 * Runs one attempt of a job. Returns when the job reached a final status (or was cancelled):
 * true when that status was written here and `attempt.queueJob` completed with it, false when the
 * caller must still complete the queue job. Throws to make the queue retry the attempt
 * (infrastructure failure, shutdown). A retried job resumes: subtrees already in its event log
 * are not sent to the model again.
 */
export async function runJob(deps: RunJobDeps, payload: ExtractionJobPayload, attempt: Attempt): Promise<boolean> {
  const { jobId } = payload;
  const { db, logger } = deps;
  const log = logger.child({ jobId });
  // Read and planned before the claim: a job's document, schema and config never change once it
  // exists, so nothing read here can be stale after the claim. A first attempt whose layout is
  // stored then announces PROCESSING and JOB_STARTED in the one write of its claim.
  // Neither the attempt nor this function keeps the PreparedRun: only its parts, each dropped
  // (set to null) once no longer needed, at the latest when the extraction returns. A layout, and a
  // document's bytes up to 50 MiB, must not stay reachable through the job's tail while the slot's
  // next job loads its own.
  let ready = await (attempt.prepared ?? prepareRun(db, payload));
  delete attempt.prepared;
  if (!ready) return false;
  const { job: read, schemaRecord, documentSizeBytes } = ready;
  // Started before or beside the claim (see prepareRun); awaited below, or here when there is no run.
  let { storedLayout, plan: plannedBefore, content: contentRead } = ready;
  ready = null;
  // A fetch already under way when the worker began to stop (pg-boss's loop or the slot's own,
  // run-while-ready.ts) still delivers its job: the stop's grace is for jobs already running.
  if (attempt.stopping?.aborted) {
    contentRead?.catch(() => {});
    throw new HandBack('the worker began to stop before this job was claimed');
  }
  const job = await claimAttempt(
    db,
    deps.boss,
    jobId,
    (claimed) =>
      // attempts 1: no claim committed before, so no JOB_STARTED was ever written and nothing resumes.
      plannedBefore && claimed.attempts === 1 ? startedEvents(claimed.progress, plannedBefore) : null,
    read,
  );
  if (!job) {
    await contentRead?.catch(() => {});
    return false;
  }
  // JOB_STARTED went with the claim: the extraction must not emit it again.
  const startedWithClaim = plannedBefore !== null && job.attempts === 1;
  // Every write of this attempt carries its number: after a lost lease another worker may claim
  // the job again, and this one's late writes must then be refused (job-transitions.ts).
  const attemptNo = job.attempts;
  const settle = attempt.queueJob;
  // The row as this attempt's own writes left it: while the job stays PROCESSING under this
  // attempt nobody else writes it, so each write is first tried as one guarded statement built
  // from it (job-transitions.ts). Writes are one at a time (runExtraction's emit order), then the finish.
  let known: LockedJob = job;
  /** A finish of this attempt, with the queue job completed before it returns. */
  const finish = async (status: 'COMPLETED' | 'FAILED', details: FinishDetails): Promise<boolean> => {
    attempt.handOver?.();
    const outcome = await finishJob(db, deps.boss, jobId, status, { ...details, attempt: attemptNo, known, ...(settle && { settle }) });
    return outcome.moved && settle !== undefined;
  };
  const persist = async (events: PipelineEvent[]): Promise<void> => {
    known = await persistEvents(db, jobId, events, markOwn, attemptNo, known);
  };

  const abort = new AbortController();
  // Cancel check: a notification of an event this worker did not write (a cancel, another
  // worker's claim) makes it read the job's status; its own events, the usual case, cost nothing.
  // A failed read is only logged: the next notification or write finds out.
  let ownSeq = job.lastSeq;
  // Raised before the commit that sends the notification: on the locked path under the row lock,
  // on the guarded path (one unlocked statement, appendEventsIfUnchanged) before the statement
  // goes out. A notification of this worker's own write must never find ownSeq behind it (that
  // cost a read per event). A write that then does not commit has raised it all the same: either
  // its emit throws and the run ends, or the write falls to the locked path (a guard that failed
  // because the row moved on, or a lost connection), which checks the job's status and attempt
  // under the lock first and throws JobNoLongerRunning if another party moved it. So another
  // party's event at such a seq (a cancel) that goes unheard here still stops the run, at its
  // next write rather than at once.
  const markOwn = (seq: number) => {
    ownSeq = Math.max(ownSeq, seq);
  };
  let finishing = false;
  const unsubscribe = deps.bus.subscribe(jobId, (seq) => {
    if (finishing || (seq !== null && seq <= ownSeq)) return;
    findJobById(db, jobId)
      .then((current) => {
        if (current && current.status !== 'PROCESSING') abort.abort(new JobNoLongerRunning(jobId, current.status));
        else if (current && current.attempts !== attemptNo) abort.abort(new JobNoLongerRunning(jobId, current.status, true));
      })
      .catch((e: unknown) => log.warn({ err: toError(e) }, 'could not check whether the job was cancelled'));
  });
  const onShutdown = () => abort.abort(new HandBack('worker shutting down'));
  attempt.shutdown.addEventListener('abort', onShutdown, { once: true });
  // A lease lost (or a shutdown begun) before the listener was added fired no event.
  if (attempt.shutdown.aborted) onShutdown();
  const startedAt = job.startedAt ?? new Date();
  let provider: ModelProvider | null = null;
  // The document's parse is kept between this job's batches of cuts until its last model answer
  // (or its end, whichever comes first): worker/cut-pages-cache.ts.
  const letGoParse = holdParse(job.documentId);

  try {
    // A retry resumes from the job's log; a first attempt has none.
    const completed = job.attempts > 1 ? await completedSubtrees(db, jobId) : { started: startedWithClaim, subtrees: new Map<string, CompletedSubtree>() };
    let content = contentRead ? await contentRead : storedLayout ? null : await readDocumentContent(db, job.documentId, documentSizeBytes);
    contentRead = null;
    const gone = () => finish('FAILED', { errorMessage: 'The document or schema of this job no longer exists.' });
    if (!schemaRecord || (!storedLayout && !content)) return await gone();
    let layout: DocumentLayout | null = storedLayout ?? (await loadLayout(db, job.documentId, content!, log));
    storedLayout = null;
    provider = deps.createProvider(job);
    const sectionTokenBudget = MODEL_LIMITS[job.config.model].sectionTokenBudget;
    // Kept with the results, so a user can set what was expected beside what happened.
    const providerPrice = provider.costUsd?.bind(provider);
    // Planned once: the estimate and the run read the same plan.
    let inputs: Omit<RunExtractionInput, 'plan' | 'provider' | 'signal' | 'emit'> | null = {
      layout,
      schema: schemaRecord.jsonSchema as JsonSchema,
      config: job.config,
      sectionTokenBudget,
    };
    let plan: ExtractionPlan | null = plannedBefore ?? planExtraction({ ...inputs, schemaOwner: job.tenantId });
    plannedBefore = null;
    if (!content && needsPdfBytes(plan) && !pagesKept(job.documentId, plan)) {
      content = await readDocumentContent(db, job.documentId, documentSizeBytes);
      if (!content) return await gone();
    }
    /**
     * The document's bytes, for a cut this process does not keep (one pushed out since the check
     * above). One read for all the sections that miss at once, not one whole document each.
     */
    let reading: Promise<Uint8Array | null> | null = content ? Promise.resolve(content) : null;
    const bytes = async (): Promise<Uint8Array> => {
      reading ??= readDocumentContent(db, job.documentId, documentSizeBytes);
      const read = await reading;
      if (!read) {
        reading = null;
        throw new Error('the document no longer exists');
      }
      return read;
    };
    // Read only by the final write (the job's metadata): made while the first model calls are out
    // (runExtraction's whileWaiting), or at the end when they were answered sooner; not on the way to them.
    // Advisory: one that cannot be made is logged and left out of the metadata (a warning says so),
    // never a failed attempt, which would be retried with all its model work for it.
    let estimate: ExtractionEstimate | null | undefined;
    const estimateOnce = (): void => {
      if (estimate !== undefined) return;
      try {
        estimate = (deps.estimate ?? estimateExtraction)({ ...inputs!, plan: plan!, ...(providerPrice && { priceCall: providerPrice }) });
      } catch (e) {
        estimate = null;
        log.warn({ err: toError(e) }, "the job's estimate could not be made; its metadata goes without one");
      }
    };
    // Every cut is made before the call it goes with, so the bytes are not needed past the last answer.
    const handOver = (): void => {
      letGoParse();
      content = null;
      reading = null;
      attempt.handOver?.();
    };

    const outcome = await runExtraction({
      ...inputs,
      plan,
      // Aborted with the job or when no answer waits any more: a cut still waiting leaves the queue.
      cutPages: (pages, signal) => cutPages(job.documentId, pages, bytes, signal),
      provider,
      signal: abort.signal,
      completed: completed.started ? completed.subtrees : undefined,
      // Stored with the final status below: one write fewer per job.
      holdLastEvent: true,
      onModelDone: handOver,
      whileWaiting: estimateOnce,
      logger: log,
      emit: (event) => persist([event]),
      emitBatch: persist,
    });
    estimateOnce();
    const estimated = estimate;
    // Nothing below reads the document, its layout or the plan: not kept through the final write.
    content = null;
    reading = null;
    layout = null;
    inputs = null;
    plan = null;

    const allFailed = outcome.totalSubtrees > 0 && outcome.failedPaths.length === outcome.totalSubtrees;
    const metadata = {
      usage: outcome.usage,
      costUsd: outcome.costUsd,
      durationMs: Date.now() - startedAt.getTime(),
      numPagesExtracted: outcome.numPagesExtracted,
      hasAttributions: job.config.perKeyAttribution,
      warnings: [...(job.config.model === 'LOCAL' ? [LOCAL_NOTICE] : []), ...outcome.warnings, ...(estimated ? [] : [ESTIMATE_MISSING])],
      model: job.config.model,
      failedPaths: outcome.failedPaths,
      ...(estimated && { estimate: estimated }),
    };
    // One summary for the whole job (a COMPLETED job that lost parts says so too, and so does one
    // on a document with unreadable pages), never the same text once per subtree; each subtree's
    // own message is in its SubtreeErrorEvent, each page's reason in the warnings.
    const lost = [describeFailures(outcome.failures, outcome.totalSubtrees), describeUnreadablePages(outcome.unreadablePages)].filter((m) => m !== null);
    const errorMessage = lost.length > 0 ? lost.join('; ') : null;
    // Nothing is left to cancel: the notification of the write below needs no status read.
    finishing = true;
    const finished = await finish(allFailed ? 'FAILED' : 'COMPLETED', {
      progress: (current) => ({
        ...outcome.heldEvents.reduce(progressAfter, current.progress),
        completionPercentage: 100,
        currentStep: allFailed ? 'failed' : 'completed',
      }),
      update: { results: allFailed ? null : outcome.results, metadata },
      errorMessage,
      events: outcome.heldEvents,
    });
    log.info({ status: allFailed ? 'FAILED' : 'COMPLETED', finished, usage: outcome.usage, failedPaths: outcome.failedPaths }, 'job finished');
    return finished;
  } catch (error) {
    if (error instanceof QueueJobNotSettled) {
      // Not a failed attempt: the final status is stored. The caller completes the queue job.
      log.info({ err: error.cause }, 'job finished, but completing its queue job failed; the worker tries that again');
      return false;
    }
    const reason = abort.signal.reason;
    if (reason instanceof JobNoLongerRunning || error instanceof JobNoLongerRunning) {
      log.info({ status: (reason ?? error).status }, 'job stopped: no longer processing');
      return false;
    }
    // Handed back whatever the error that surfaced (an aborted extraction, or a database error of
    // the outage that cost the lease): never failed for it.
    if (reason instanceof HandBack) {
      await markRetrying(db, deps.boss, jobId, 'The worker running this job stopped (shutdown or lost database lease); the job continues on another worker.', attemptNo).catch(
        (e: unknown) => log.warn({ err: toError(e) }, 'could not mark the job RETRYING'),
      );
      throw reason;
    }
    const failure = toError(error);
    log.error({ err: failure, retryCount: attempt.retryCount }, 'job attempt failed');
    // The queue job's own limit: each hand-back at a stop raised it by one (hand-back-claim.ts).
    const queueLimit = attempt.queueJob ? await retryLimitOf(db, EXTRACTION_QUEUE, attempt.queueJob.id).catch(() => null) : null;
    const limit = queueLimit ?? attempt.retryLimit;
    if (attempt.retryCount >= limit) {
      // A run a worker's stop handed back is not a failed attempt: not counted as one, but said.
      const stopped = Math.max(0, limit - attempt.retryLimit);
      const failed = attempt.retryCount + 1 - stopped;
      const runs = `${failed} attempt${failed === 1 ? '' : 's'}${stopped > 0 ? ` (and ${stopped} run${stopped === 1 ? '' : 's'} handed back by a stopping worker, not counted)` : ''}`;
      return await finish('FAILED', { errorMessage: `The job failed after ${runs}: ${failure.message}` });
    }
    await markRetrying(db, deps.boss, jobId, failure.message, attemptNo).catch(() => {});
    throw failure;
  } finally {
    letGoParse();
    unsubscribe();
    attempt.shutdown.removeEventListener('abort', onShutdown);
    // Whatever the ending (done, failed, cancelled, handed back), the job's context caches go,
    // within a bound: this is the job's tail, which the slot's job after next waits for.
    if (provider) await releaseProvider(provider, log);
  }
}

type FinishDetails = Omit<NonNullable<Parameters<typeof finishJob>[4]>, 'attempt' | 'settle' | 'known'>;

export interface PreparedRun {
  /** The job as read before the claim, which the claim writes only if it still holds (claimAttempt's `read`). */
  job: LockedJob;
  schemaRecord: SchemaRecord | null;
  storedLayout: DocumentLayout | null;
  /** Null when the layout is not stored yet (the run reads it after the claim) or planning failed. */
  plan: ExtractionPlan | null;
  /** The document's bytes, being read when the layout is not stored or the plan sends pages as PDF. */
  content: Promise<Uint8Array | null> | null;
  /** The document's size in bytes, which bounds a read of its bytes (documents.repository.ts). */
  documentSizeBytes: number;
}

/**
 * What a run needs before its claim: the job's schema and stored layout and, from them, its plan.
 * Null when the job is gone or final (nothing to claim). A plan that throws is left to the run,
 * after the claim, so the failure is the attempt's as before.
 */
export async function prepareRun(db: Kysely<Database>, { jobId }: ExtractionJobPayload, readWithFetch?: JobForRun): Promise<PreparedRun | null> {
  // One statement for the job, its schema and its stored layout (the ids come from the job's own
  // row, so the queue payload's copy of them is not needed here), unless the fetch read them
  // (queue/fetch-with-job-read.ts).
  const found = readWithFetch?.job.id === jobId ? readWithFetch : await findJobForRun(db, jobId);
  if (!found || isTerminal(found.job.status)) return null;
  const { job: queued, schema: schemaRecord, layout: storedLayout, documentSizeBytes } = found;
  let plan: ExtractionPlan | null = null;
  if (schemaRecord && storedLayout) {
    try {
      const sectionTokenBudget = MODEL_LIMITS[queued.config.model].sectionTokenBudget;
      // The schema's split is kept for the tenant's next jobs of that schema (plan-extraction.ts).
      plan = planExtraction({ layout: storedLayout, schema: schemaRecord.jsonSchema as JsonSchema, config: queued.config, sectionTokenBudget, schemaOwner: queued.tenantId });
    } catch {
      plan = null;
    }
  }
  // Beside the claim's transaction rather than after it: for the layout when it is not stored yet,
  // or for the pages the plan sends as PDF unless this process keeps their cuts.
  const needed = schemaRecord && !storedLayout ? true : plan !== null && needsPdfBytes(plan) && !pagesKept(queued.documentId, plan);
  const content = needed ? readDocumentContent(db, queued.documentId, documentSizeBytes) : null;
  // Handled where it is awaited; this only keeps an early failure from being reported as unhandled.
  content?.catch(() => {});
  return { job: queued, schemaRecord, storedLayout, plan, content, documentSizeBytes };
}

/** Every cut of pages the plan sends as PDF is kept by this process (cut-pages-cache.ts): the run needs no bytes. */
function pagesKept(documentId: string, plan: ExtractionPlan): boolean {
  return plan.subtrees.every(({ sections }) => sections.every((section) => pdfPagesOf(section).length === 0 || keptPages(documentId, pdfPagesOf(section)) !== undefined));
}

/** The plan sends some pages as PDF, so the run needs the document's bytes. */
function needsPdfBytes(plan: ExtractionPlan): boolean {
  return plan.subtrees.some(({ sections }) => sections.some((section) => pdfPagesOf(section).length > 0));
}

/** JOB_STARTED of a planned run, with the progress it reports, for the claim to write. */
function startedEvents(progress: JobProgress, plan: ExtractionPlan): { events: PipelineEvent[]; update: { progress: JobProgress } } {
  const started: PipelineEvent = { type: 'JOB_STARTED', totalSubtrees: plan.subtrees.length, totalFields: plan.totalFields, startTime: new Date().toISOString() };
  return { events: [started], update: { progress: progressAfter(progress, started) } };
}

/** The subtrees a previous attempt finished, from the job's event log. */
async function completedSubtrees(
  db: Kysely<Database>,
  jobId: string,
): Promise<{ started: boolean; subtrees: Map<string, CompletedSubtree> }> {
  const subtrees = new Map<string, CompletedSubtree>();
  let started = false;
  for (let after = 0; ; ) {
    const events = await readEvents(db, jobId, after);
    if (events.length === 0) break;
    after = events.at(-1)!.seq;
    for (const { payload } of events) {
      if (payload.type === 'JOB_STARTED') started = true;
      if (payload.type === 'SUBTREE_RESULT') {
        subtrees.set(payload.path, {
          path: payload.path,
          value: payload.extractedResult,
          attributions: payload.attributions,
          usage: payload.usageMetadata,
        });
      }
      if (payload.type === 'SUBTREE_ERROR') {
        subtrees.set(payload.path, {
          path: payload.path,
          value: null,
          attributions: null,
          usage: payload.usageMetadata,
          error: { errorType: payload.errorType, message: payload.errorMessage },
        });
      }
    }
  }
  return { started, subtrees };
}

/**
 * Stores pipeline events as they are (they are already in the log's spelling) with the progress
 * they imply, in one write (one guarded statement from `known`, or one locked transaction); tells
 * `markOwn` the job's last seq after them before it commits. Returns the row as it left it.
 */
function persistEvents(
  db: Kysely<Database>,
  jobId: string,
  events: PipelineEvent[],
  markOwn: (seq: number) => void,
  attempt: number,
  known: LockedJob,
): Promise<LockedJob> {
  return appendWhileProcessing(
    db,
    jobId,
    (job) => {
      markOwn(job.lastSeq + events.length);
      return { events, update: { progress: events.reduce(progressAfter, job.progress) } };
    },
    attempt,
    known,
  );
}

function progressAfter(current: JobProgress, event: PipelineEvent): JobProgress {
  const progress = { ...current };
  switch (event.type) {
    case 'JOB_STARTED':
      progress.totalSubtrees = event.totalSubtrees;
      progress.totalFields = event.totalFields;
      progress.currentStep = 'extracting';
      return progress;
    case 'SUBTREE_RESULT':
    case 'SUBTREE_ERROR':
      progress.subtreesCompleted += 1;
      progress.fieldsProcessed += event.fieldCount;
      progress.completionPercentage =
        progress.totalSubtrees > 0 ? Math.min(99, Math.round((1000 * progress.subtreesCompleted) / progress.totalSubtrees) / 10) : 0;
      progress.currentStep = `extracted ${progress.subtreesCompleted} of ${progress.totalSubtrees} subtrees`;
      return progress;
    case 'ARRAY_PROGRESS':
      progress.currentStep = `extracting ${event.path || 'rows'}: ${event.itemsExtracted} items after turn ${event.turn}`;
      return progress;
  }
}
