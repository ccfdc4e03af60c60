/**
 * Every change of a job's status, one function per transition, each checked against one table of
 * allowed moves (ALLOWED). A transition locks the job's row, re-reads its status under the lock,
 * and writes in one transaction: the status columns, the JOB_STATUS event announcing the move
 * (with any events that come with it) and the webhook delivery the job asked for. Nothing else
 * writes `jobs.status`: test/jobs/job-transitions.test.ts checks the sources for it.
 *
 * Two paths. The locked path above is what every write can take and what decides every doubt.
 * The worker's own writes (claimAttempt, appendWhileProcessing, finishJob) are first tried on a
 * guarded path when the worker knows the row (its read before the claim, then each write's
 * answer) and the write needs no webhook: one autocommitted statement
 * (jobs.repository.ts appendEventsIfUnchanged) that appends the events at the seqs after the
 * known last_seq and updates the row only if status, attempts and last_seq are still as known.
 * No transaction and no SELECT ... FOR UPDATE: the UPDATE takes the row lock itself and
 * re-checks its condition on the row as a concurrent writer (a cancel) left it, so no event can
 * follow a status the worker did not expect. When the condition fails nothing is written and the
 * write falls to the locked path, which then decides (JobNoLongerRunning, a refused move, or
 * the write itself after an unrelated change such as a lost try of its own).
 *
 * Who may act on one job at once: the API (cancelJob), the worker running it (claimAttempt,
 * appendWhileProcessing, finishJob, markRetrying), a second worker that took it over after the
 * first seemed dead (claimAttempt), and the dead-letter handler (failExhausted). The row lock
 * serialises them; a move the table refuses means another party got there first, and the loser
 * is told so by the outcome rather than overwriting the winner.
 *
 * A worker's writes (claimAttempt, appendWhileProcessing, finishJob) outlive a lost database
 * connection (a Postgres restart, a terminated backend): each is tried again within the window of
 * db/pg-connection-errors.ts, and each is idempotent, because a connection lost during COMMIT
 * leaves the writer not knowing whether it committed. A write remembers the seqs it took under the
 * lock and what it wrote there (jobs.repository.ts EventWrite); the next try, under the lock again,
 * finds those events in the log (committed: done, nothing written twice) or not (rolled back:
 * written now, after whatever the log holds, so no gap). The attempt fence is checked first, so a
 * job cancelled or claimed again meanwhile stops the writer as it always did. A guarded statement
 * is tried once only: its retry is always the locked path, which looks for it the same way (the
 * guarded write is keyed by its seqs and time as a locked one is).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { fromKysely, type JobAttempt, type PgBoss } from 'pg-boss';
import type { Database } from '../db/database.ts';
import { dropContentAfterJobEnd } from '../documents/deleted-content.ts';
import { isTerminal, WEBHOOK_EVENT_STATUS, type JobStatus } from '../domain/choices.ts';
import type { JobProgress, JobStatusEvent, PipelineEvent } from '../domain/types.ts';
import { completeClaimSql } from '../queue/complete-claim-sql.ts';
import { EXTRACTION_QUEUE, WEBHOOK_QUEUE, type ExtractionJobPayload, type WebhookPayload } from '../queue/queues.ts';
import { outlastLostConnection } from '../db/pg-connection-errors.ts';
import { toError } from '../to-error.ts';
import {
  appendEventsIfUnchanged,
  appendEventsOnce,
  appendStatusEvent,
  holdsEventWrite,
  insertJob,
  lockJob,
  type EventWrite,
  type JobUpdate,
  type NewJob,
} from './jobs.repository.ts';
import type { JobEvent, JobRecord, WebhookConfig } from './job-types.ts';

/**
 * The moves a job's status may make, and why each exists. A job is created PENDING (createJob);
 * nothing moves a job back to PENDING, and a final status never changes.
 */
export const ALLOWED: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  PENDING: [
    'PROCESSING', // claimAttempt: a worker takes it.
    'FAILED', // failExhausted: pg-boss dead-lettered it before any claim committed (every attempt died first).
    'CANCELLED', // cancelJob, while it waits in the queue.
  ],
  PROCESSING: [
    // PROCESSING → PROCESSING is no move: a worker that finds its job still PROCESSING at claim
    // took it over from a dead worker, and says so as PROCESSING → RETRYING → PROCESSING.
    'RETRYING', // markRetrying: the attempt failed or its worker shut down; the queue retries it.
    'COMPLETED', // finishJob: at least one subtree has a value.
    'FAILED', // finishJob: every subtree failed, the inputs are gone, or the last attempt failed; failExhausted after a dead worker.
    'CANCELLED', // cancelJob: the worker hears of it and stops.
  ],
  RETRYING: [
    'PROCESSING', // claimAttempt: the retry is taken.
    'FAILED', // failExhausted: the queue gave up on it (retries used up).
    'CANCELLED', // cancelJob, between attempts.
  ],
  COMPLETED: [],
  FAILED: [],
  CANCELLED: [],
};

export function canMove(from: JobStatus, to: JobStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** What a transition did: moved the job, or not because it is gone (`from` null) or ALLOWED forbids it. */
export type TransitionOutcome = { moved: true } | { moved: false; from: JobStatus | null };

/** A move ALLOWED forbids, met inside a transition that checked its start: a bug, never an outcome. */
class TransitionRefused extends Error {
  readonly from: JobStatus;
  readonly to: JobStatus;
  constructor(jobId: string, from: JobStatus, to: JobStatus) {
    super(`job ${jobId} cannot move from ${from} to ${to}`);
    this.name = 'TransitionRefused';
    this.from = from;
    this.to = to;
  }
}

/**
 * Thrown by finishJob when the final status is stored by a try whose connection was lost, and
 * completing the worker's queue job in a statement of its own after it failed: the job's run is
 * over, only its queue job may be left to settle (the caller tries again, and a claim retried by
 * the queue finds the job final).
 */
export class QueueJobNotSettled extends Error {
  constructor(jobId: string, cause: Error) {
    super(`job ${jobId} is final, but its queue job could not be completed: ${cause.message}`, { cause });
    this.name = 'QueueJobNotSettled';
  }
}

/** Thrown by a worker's write when the job is no longer its to write (cancelled, or finished elsewhere). */
export class JobNoLongerRunning extends Error {
  readonly status: JobStatus | null;
  constructor(jobId: string, status: JobStatus | null, takenOver = false) {
    super(takenOver ? `job ${jobId} was taken over by a later attempt` : `job ${jobId} is ${status ?? 'gone'}, not PROCESSING`);
    this.name = 'JobNoLongerRunning';
    this.status = status;
  }
}

/**
 * Which attempt a worker's write belongs to: `job.attempts` as its claimAttempt left it. A worker
 * that lost its lease may still be running while another worker has claimed the job again; its
 * writes then find a higher `attempts` and are refused, so they never touch the new attempt.
 * Undefined: not fenced (the dead-letter handler, the API).
 */
export type AttemptFence = number | undefined;

const isAttempt = (job: { attempts: number }, attempt: AttemptFence) => attempt === undefined || job.attempts === attempt;

/** A job read with its row locked, and the seq of the last event in its log. */
export type LockedJob = JobRecord & { lastSeq: number };

interface StatusDetails {
  progress?: JobProgress;
  /** The status event's message; also written to the row when given. */
  errorMessage?: string | null;
  update?: JobUpdate;
  /** False: no webhook for this move even if the job asked for its status. */
  webhook?: boolean;
  /** Pipeline events that precede the status event in the log, written with it. */
  before?: PipelineEvent[];
  /** Pipeline events that follow the status event, written with it, and the state they report. */
  after?: { events: PipelineEvent[]; update?: JobUpdate } | null;
}

/** Moves the locked job to `to` with its status event and webhook; updates `job` to match. Returns the status event. */
async function writeStatus(trx: Transaction<Database>, boss: PgBoss, job: LockedJob, to: JobStatus, details: StatusDetails = {}): Promise<JobEvent> {
  if (!canMove(job.status, to)) throw new TransitionRefused(job.id, job.status, to);
  const progress = details.progress ?? job.progress;
  const final = isTerminal(to);
  const update: JobUpdate = {
    ...details.update,
    ...(details.errorMessage !== undefined && { errorMessage: details.errorMessage }),
    ...(final && { finishedAt: new Date() }),
  };
  const event = await appendStatusEvent(trx, job, { type: 'JOB_STATUS', status: to, progress, errorMessage: details.errorMessage ?? null }, update, {
    ...(details.before && { before: details.before }),
    ...(details.after && { after: details.after }),
  });
  Object.assign(job, update, { status: to, progress }, details.after?.update);
  if (details.webhook !== false) await enqueueWebhook(boss, trx, job, to, event.seq);
  return event;
}

/** The status event a try wrote before its connection was lost, as the write to look for on the next try. */
const writeOf = (event: JobEvent): EventWrite => ({ firstSeq: event.seq, at: event.at, payloads: [event.payload] });

/** The log holds `event` as written by an earlier try: that try committed (its writes are one transaction). */
const committedBefore = (db: Kysely<Database>, jobId: string, event: JobEvent | null): Promise<boolean> =>
  event ? holdsEventWrite(db, jobId, writeOf(event)) : Promise.resolve(false);

/** The job as lockJob read it: with the flag a delete of its document sets (documents/deleted-content.ts). */
type LockedForMove = LockedJob & { holdsDeletedContent: boolean };

/**
 * Locks the job and makes one move, unless it is gone, `belongs` rejects it, or ALLOWED forbids the
 * move. Returns the outcome and the job as locked (null when gone), for the end's cleanup (endedJob).
 */
async function transition(
  db: Kysely<Database>,
  jobId: string,
  to: JobStatus,
  act: (trx: Transaction<Database>, job: LockedForMove) => Promise<unknown>,
  belongs: (job: LockedJob) => boolean = () => true,
): Promise<{ outcome: TransitionOutcome; job: LockedForMove | null }> {
  return db.transaction().execute(async (trx) => {
    const job = await lockJob(trx, jobId);
    if (!job || !belongs(job)) return { outcome: { moved: false, from: null }, job };
    if (!canMove(job.status, to)) return { outcome: { moved: false, from: job.status }, job };
    await act(trx, job);
    return { outcome: { moved: true }, job };
  });
}

/**
 * Creates a PENDING job, its first event and its queue job, and commits them within the tenant's
 * active-job limit, in one statement (jobs.repository.ts, insertJob; with `asyncCommit` the caller
 * flushes the WAL before answering: active-job-limit.ts). The queue job shares the job's id, so a
 * cancel can withdraw it without a lookup.
 */
export async function createJob(db: Kysely<Database>, input: NewJob, commit: { asyncCommit: boolean }): Promise<JobRecord> {
  const id = randomUUID();
  const payload: ExtractionJobPayload = { jobId: id, inputs: { tenantId: input.tenantId, schemaId: input.schemaId, documentId: input.documentId } };
  return insertJob(db, id, input, { type: 'JOB_STATUS', status: 'PENDING', progress: input.progress, errorMessage: null }, payload, commit);
}

/**
 * Claims the job for a worker's attempt: PENDING or RETRYING become PROCESSING. A job still
 * PROCESSING was left by a worker that died; it is shown as RETRYING, then PROCESSING again.
 * Returns null when there is nothing to do (gone, cancelled before it started, or finished).
 * The PROCESSING webhook goes out on the first attempt only. `then`, when given, adds the
 * worker's first events (e.g. JOB_STARTED of a run planned before the claim) after the status
 * event, in the same write, as appendWhileProcessing would; it sees the job as claimed (its
 * `attempts` counting this attempt) and may return null to add nothing.
 */
export async function claimAttempt(
  db: Kysely<Database>,
  boss: PgBoss,
  jobId: string,
  then?: (job: LockedJob) => { events: PipelineEvent[]; update?: JobUpdate } | null,
  /**
   * The job as the worker read it before claiming (unlocked, findJobWithSeq): the claim is then
   * first tried as one guarded statement (appendEventsIfUnchanged) rather than a transaction of
   * four round trips, when that read saw a move this claim makes without a webhook. Anything
   * else (the job moved on since the read, or a dead worker's PROCESSING to take over) takes the
   * locked path below, as without it.
   */
  read?: LockedJob,
): Promise<LockedJob | null> {
  // The PROCESSING event of a try whose connection was lost, and the attempt it claimed: if the
  // log holds that event, the try's claim committed and is this worker's, not a dead worker's
  // claim to take over. It is still this worker's to run only if nothing moved the job since (a
  // cancel, or another worker's claim once this one seemed dead): the job must still be
  // PROCESSING under that very attempt, else this worker has nothing to run.
  let claimed: { event: JobEvent; attempts: number } | null = null;
  /** The guarded claim of `read`: the claimed job, or null when the row was not as read (nothing written). */
  const claimAsRead = async (job: LockedJob): Promise<LockedJob | null> => {
    const { progress, update } = claimOf(job);
    const claimedJob: LockedJob = { ...job, ...update, status: 'PROCESSING', progress, errorMessage: null };
    const after = then?.(claimedJob);
    const event: JobStatusEvent = { type: 'JOB_STATUS', status: 'PROCESSING', progress, errorMessage: null };
    const write: EventWrite = { firstSeq: job.lastSeq + 1, at: new Date(), payloads: [event, ...(after?.events ?? [])] };
    // Set before the statement goes out: a lost reply leaves the next try to look for it.
    claimed = { event: { jobId, seq: write.firstSeq, at: write.at, payload: event }, attempts: update.attempts };
    const row = { ...update, status: 'PROCESSING' as const, progress, errorMessage: null, ...after?.update };
    if (!(await appendEventsIfUnchanged(db, jobId, job, write, row))) {
      claimed = null;
      return null;
    }
    return { ...claimedJob, ...after?.update, lastSeq: job.lastSeq + write.payloads.length };
  };
  let guarded = read && (read.status === 'PENDING' || read.status === 'RETRYING') && !(read.attempts === 0 && wantsWebhook(read, 'PROCESSING')) ? read : null;
  return outlastLostConnection('claiming the job', async () => {
    // Tried once: after a lost connection, the locked path below finds out whether it committed.
    const asRead = guarded;
    guarded = null;
    const fast = asRead ? await claimAsRead(asRead) : null;
    return fast ?? (await claimLocked());
  });

  function claimLocked(): Promise<LockedJob | null> {
    return db.transaction().execute(async (trx) => {
      const job = await lockJob(trx, jobId);
      if (!job) return null;
      if (claimed && (await committedBefore(trx, jobId, claimed.event))) {
        return job.status === 'PROCESSING' && job.attempts === claimed.attempts ? job : null;
      }
      if (job.status === 'PROCESSING') {
        await writeStatus(trx, boss, job, 'RETRYING', { errorMessage: 'The worker running this job stopped; resuming.' });
      }
      if (!canMove(job.status, 'PROCESSING')) return null;
      const { progress, update } = claimOf(job);
      const event = await writeStatus(trx, boss, job, 'PROCESSING', {
        progress,
        errorMessage: null,
        update,
        webhook: job.attempts === 0,
        after: then?.({ ...job, ...update, status: 'PROCESSING', progress, errorMessage: null }),
      });
      claimed = { event, attempts: update.attempts };
      // job.lastSeq now counts the events just appended.
      return job;
    });
  }
}

/** What a claim writes besides the status: the worker's first step, its attempt number and start. */
function claimOf(job: JobRecord): { progress: JobProgress; update: { attempts: number; startedAt: Date } } {
  // What the worker does first; said with the claim rather than in a write of its own after it.
  return { progress: { ...job.progress, currentStep: 'reading document layout' }, update: { attempts: job.attempts + 1, startedAt: job.startedAt ?? new Date() } };
}

/**
 * Every write a worker makes to a job while it runs goes through here: lock the row, check the
 * job is still PROCESSING, append the events, apply the update. The status stays PROCESSING: this
 * is not a transition. Because the check and the append share the row lock with cancelJob, no
 * event can follow a CANCELLED status event. `build` is called once per write made (again only
 * when a try whose connection was lost turns out not to have committed).
 */
export async function appendWhileProcessing(
  db: Kysely<Database>,
  jobId: string,
  build: (job: LockedJob) => { events: PipelineEvent[]; update?: JobUpdate },
  attempt?: AttemptFence,
  /**
   * The job as this attempt's worker last left it (its claim's answer, then each of these writes'
   * own): with the fence, the write is first tried as one guarded statement, built from it
   * (appendEventsIfUnchanged), rather than a transaction of four round trips. It is what the row
   * holds unless someone else wrote since (a cancel, a later claim), and then the statement
   * writes nothing and the locked path below decides as without it.
   */
  known?: LockedJob,
): Promise<LockedJob> {
  // The write of the last try, keyed by the seqs it took: tried again as it was.
  let write: EventWrite | null = null;
  let update: JobUpdate | undefined;
  let guarded = known && attempt !== undefined && known.attempts === attempt && known.status === 'PROCESSING' ? known : null;
  return outlastLostConnection("storing the job's events", async () => {
    // Tried once: after a lost connection, the locked path finds the write or makes it.
    const asKnown = guarded;
    guarded = null;
    if (asKnown) {
      const built = build(asKnown);
      write = { firstSeq: asKnown.lastSeq + 1, at: new Date(), payloads: built.events };
      update = built.update;
      if (await appendEventsIfUnchanged(db, jobId, asKnown, write, update ?? {})) return { ...asKnown, ...update, lastSeq: asKnown.lastSeq + built.events.length };
    }
    return appendLocked();
  });

  function appendLocked(): Promise<LockedJob> {
    return db.transaction().execute(async (trx) => {
      const job = await lockJob(trx, jobId);
      if (!job || job.status !== 'PROCESSING') throw new JobNoLongerRunning(jobId, job?.status ?? null);
      if (!isAttempt(job, attempt)) throw new JobNoLongerRunning(jobId, job.status, true);
      // Written (now, or by the lost try) unless refused: its seqs hold other events. The fence
      // above passed, so nobody but this attempt wrote since its claim: they are this attempt's
      // own later writes, made while the lost try rolled back, and the events go after them.
      if (write && (await appendEventsOnce(trx, job, write, update)) !== 'refused') return { ...job, ...update };
      const built = build(job);
      write = { firstSeq: job.lastSeq + 1, at: new Date(), payloads: built.events };
      update = built.update;
      // Moves job.lastSeq on to the last event written.
      await appendEventsOnce(trx, job, write, update);
      return { ...job, ...update };
    });
  }
}

/** Ends a worker's run: COMPLETED or FAILED, with the results and metadata in `update`. */
export async function finishJob(
  db: Kysely<Database>,
  boss: PgBoss,
  jobId: string,
  status: 'COMPLETED' | 'FAILED',
  details: {
    progress?: (job: JobRecord) => JobProgress;
    update?: JobUpdate;
    errorMessage?: string | null;
    attempt?: AttemptFence;
    /** The run's last pipeline events, not yet stored: written just before the final status event. */
    events?: PipelineEvent[];
    /**
     * The worker's claim on the queue job, completed before this returns, so before the worker
     * releases its lease (queue/claim-leases.ts), always in the commit of the final status: in
     * the transaction of the locked path (a complete that throws rolls the final status back),
     * or in the guarded statement itself (`known`; queue/complete-claim-sql.ts). Only when a try
     * whose connection was lost turns out to have committed is it completed again in a statement
     * of its own, which then finds nothing left to do (a complete that throws there throws
     * QueueJobNotSettled, the job staying final). A lost connection is tried again (see the top
     * of this file); any other error ends the attempt as any failed attempt does: retried, its
     * stored subtrees kept. A complete that finds the claim already settled elsewhere changes no
     * row and does not throw.
     */
    settle?: JobAttempt;
    /**
     * The job as this attempt's worker last left it (see appendWhileProcessing): the finish is
     * first tried as one guarded statement, when the job asked for no webhook of this status.
     */
    known?: LockedJob;
  } = {},
): Promise<TransitionOutcome> {
  // The final status event of a try whose connection was lost: in the log, that try committed
  // (with the queue's complete, but whether that try was the locked one or the guarded one is not
  // known then, so `inTransaction` stays false and the complete is made again: it finds nothing
  // left to do), so this finish is done, not refused as a move out of a final status.
  // `inTransaction`: the queue job was completed in the commit of the final status.
  let finished: JobEvent | null = null;
  let inTransaction = false;
  // The document whose deleted content this end may have to drop (endedJob): the job's own, when
  // the row this finish wrote (or found written) carries the delete's flag.
  let holding: string | null = null;
  const { known } = details;
  let guarded = known && details.attempt === known.attempts && known.status === 'PROCESSING' && !wantsWebhook(known, status) ? known : null;
  /** The guarded finish of `job`: false when the row was not as known (nothing written). */
  const finishAsKnown = async (job: LockedJob): Promise<boolean> => {
    const before = details.events ?? [];
    const progress = details.progress?.(job) ?? job.progress;
    const errorMessage = details.errorMessage ?? null;
    const event: JobStatusEvent = { type: 'JOB_STATUS', status, progress, errorMessage };
    const write: EventWrite = { firstSeq: job.lastSeq + 1, at: new Date(), payloads: [...before, event] };
    finished = { jobId, seq: job.lastSeq + before.length + 1, at: write.at, payload: event };
    inTransaction = false;
    const row = { ...details.update, status, progress, errorMessage, finishedAt: new Date() };
    const { settle } = details;
    // The queue job is completed in the same statement, only if the final status is written.
    const settling = settle && ((param: (value: unknown) => string) => completeClaimSql(EXTRACTION_QUEUE, settle, 'moved', param));
    const written = await appendEventsIfUnchanged(db, jobId, job, write, row, settling);
    if (written) {
      inTransaction = settle !== undefined;
      holding = written.holdsDeletedContent ? job.documentId : null;
      return true;
    }
    finished = null;
    return false;
  };
  const outcome = await outlastLostConnection("storing the job's final status", async (): Promise<TransitionOutcome> => {
    // Tried once: after a lost connection, the locked path finds out whether it committed.
    const asKnown = guarded;
    guarded = null;
    if (asKnown && (await finishAsKnown(asKnown))) return { moved: true };
    const { outcome, job: locked } = await transition(
      db,
      jobId,
      status,
      async (trx, job) => {
        finished = await writeStatus(trx, boss, job, status, {
          progress: details.progress?.(job),
          errorMessage: details.errorMessage ?? null,
          update: details.update,
          ...(details.events && { before: details.events }),
        });
        if (details.settle) await boss.complete(EXTRACTION_QUEUE, details.settle, null, { db: fromKysely(trx) });
        inTransaction = true;
      },
      (job) => isAttempt(job, details.attempt),
    );
    // Moved here, or by a lost try found below: the row locked is final either way, its flag as
    // the delete left it.
    holding = heldDocument(locked);
    if (outcome.moved || !finished) return outcome;
    // Read after the refusal, outside its transaction: a final status event never changes.
    return (await committedBefore(db, jobId, finished)) ? { moved: true } : outcome;
  });
  // Moved by a lost earlier try (whichever path it took): the claim is settled again here.
  if (outcome.moved && details.settle && !inTransaction) {
    const settle = details.settle;
    try {
      await outlastLostConnection('settling the queue job', () => boss.complete(EXTRACTION_QUEUE, settle));
    } catch (error) {
      throw new QueueJobNotSettled(jobId, toError(error));
    }
  }
  return endedJob(db, outcome, holding);
}

/** The attempt ended without a result (a failure, or the worker shutting down): the queue retries it. */
export async function markRetrying(db: Kysely<Database>, boss: PgBoss, jobId: string, message: string, attempt?: AttemptFence): Promise<TransitionOutcome> {
  const { outcome } = await transition(
    db,
    jobId,
    'RETRYING',
    (trx, job) => writeStatus(trx, boss, job, 'RETRYING', { errorMessage: message }),
    (job) => isAttempt(job, attempt),
  );
  return outcome;
}

/** The queue gave up on the job (its dead letter arrived): any active status becomes FAILED. */
export async function failExhausted(db: Kysely<Database>, boss: PgBoss, jobId: string, message: string): Promise<TransitionOutcome> {
  const { outcome, job } = await transition(db, jobId, 'FAILED', (trx, job) => writeStatus(trx, boss, job, 'FAILED', { errorMessage: message }));
  return endedJob(db, outcome, heldDocument(job));
}

/**
 * Why a job was cancelled (the CANCELLED row's and status event's errorMessage): by whom, and what
 * became of the subtrees it had finished. A cancelled job has no results (the worker stops without
 * merging), but each finished subtree's result stays in the job's event log. A RETRYING job's last
 * failure is kept in the message, as the row held it.
 */
function cancelReason(job: LockedJob): string {
  const by = `Cancelled through the cancelExtractionJob mutation while ${job.status}`;
  const { subtreesCompleted, totalSubtrees } = job.progress;
  const done =
    subtreesCompleted > 0
      ? `; ${subtreesCompleted} of ${totalSubtrees} subtrees had finished: the job has no results, and each finished subtree's result stays in its event log (SubtreeResultEvent)`
      : '; no subtree had finished';
  const before = job.status === 'RETRYING' && job.errorMessage ? `. Before the cancel: ${job.errorMessage}` : '';
  return `${by}${done}${before}`;
}

/**
 * Cancels a tenant's active job; a final one is left unchanged (`moved: false` with its status).
 * The row and the status event say why (cancelReason). The worker running the job hears the
 * CANCELLED event through the bus and aborts; a queued job is also withdrawn from the queue, after
 * the commit and best effort: the worker's claim refuses a cancelled job anyway.
 */
export async function cancelJob(db: Kysely<Database>, boss: PgBoss, tenantId: string, jobId: string): Promise<TransitionOutcome> {
  const { outcome, job } = await transition(
    db,
    jobId,
    'CANCELLED',
    (trx, job) =>
      writeStatus(trx, boss, job, 'CANCELLED', { progress: { ...job.progress, currentStep: 'cancelled' }, errorMessage: cancelReason(job) }),
    (job) => job.tenantId === tenantId,
  );
  if (outcome.moved) await boss.cancel(EXTRACTION_QUEUE, jobId).catch(() => {});
  return endedJob(db, outcome, heldDocument(job));
}

/** The job's document, when a delete of it flagged the job as keeping its content; else null. */
const heldDocument = (job: LockedForMove | null): string | null => (job?.holdsDeletedContent ? job.documentId : null);

/**
 * After a move to a final status has committed: when the job kept its deleted document's content
 * (`holding`, the flag its final write read under its row lock), the content goes once no active
 * job is left on it (documents/deleted-content.ts says why this cannot race a delete). A job on a
 * live document, nearly every one, runs nothing here. Best effort: a failure here leaves the
 * content, still flagged, to a worker's periodic sweep, and must not make a committed end look
 * failed to its caller.
 */
async function endedJob(db: Kysely<Database>, outcome: TransitionOutcome, holding: string | null): Promise<TransitionOutcome> {
  if (outcome.moved && holding !== null) await dropContentAfterJobEnd(db, holding).catch(() => {});
  return outcome;
}

const WEBHOOK_EVENT_OF = Object.fromEntries(
  Object.entries(WEBHOOK_EVENT_STATUS).map(([event, status]) => [status, event]),
) as Partial<Record<JobStatus, WebhookPayload['event']>>;

/** The job asked for a webhook when it moves to `status`. */
function wantsWebhook(job: { webhook: WebhookConfig | null }, status: JobStatus): boolean {
  const event = WEBHOOK_EVENT_OF[status];
  return event !== undefined && job.webhook !== null && job.webhook.events.includes(event);
}

/** Enqueues a webhook delivery in the transaction that changes the status, when the job asked for it. */
async function enqueueWebhook(
  boss: PgBoss,
  trx: Transaction<Database>,
  job: { id: string; tenantId: string; webhook: WebhookConfig | null },
  status: JobStatus,
  seq: number,
): Promise<void> {
  const event = WEBHOOK_EVENT_OF[status];
  if (!event || !wantsWebhook(job, status)) return;
  const payload: WebhookPayload = { jobId: job.id, tenantId: job.tenantId, event, seq };
  await boss.send(WEBHOOK_QUEUE, payload, { db: fromKysely(trx) });
}
