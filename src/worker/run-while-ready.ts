/**
 * A worker slot's run of the queue's ready jobs, one after another, between two turns of
 * pg-boss's work() loop.
 *
 * pg-boss's loop spends a round trip per job after our handler returns: its own complete(), which
 * finds nothing to do (the job's finish completed the queue job in the same statement:
 * queue/complete-claim-sql.ts), and only then the fetch of the next job. So the slot's handler,
 * given one job by the loop, fetches the next one itself (pg-boss's own fetch(), so its claim,
 * retry count and expiry are pg-boss's) as soon as the current job hands over: once its last
 * model answer is in, or when it is about to make its final write without one. What is left of a
 * job then, its tail, waits on no model, but it is more than CPU: the drain of its event writes
 * still pending, merging and checks, its final write, and the release of its model provider
 * (bounded in time: run-job.ts). The next job is fetched, leased, read, planned and claimed, and
 * its model calls go out, beside that tail rather than after it. The run returns to the loop when
 * a fetch finds the queue empty (NOTIFY then wakes the loop for the next job), when the worker
 * stops, or after RUN_LIMIT_MS.
 *
 * Invariants:
 * - A slot runs at most two jobs at once: the current one and at most one earlier job still in its
 *   tail. The current job may hand over (and so be in its tail too) while the earlier one is still
 *   in its own: the fetch of the next job then waits for the earlier one to end. So no fetched job
 *   waits behind a tail: a job is fetched only when it can start at once (a claim unleased for
 *   seconds looks abandoned to the claim check, queue/claim-leases.ts), and a slow tail (a stalled
 *   final write) delays the fetch of the job after next, never a job already claimed. A job is
 *   never fetched while the current one may still wait on a model, so with several workers a
 *   ready job is not taken early by a slot that cannot run it yet while another worker sits idle.
 * - A fetched job is always run (its lease is taken at once, within milliseconds:
 *   queue/claim-leases.ts). When the worker began to stop before its claim (a fetch already under
 *   way at the stop), the run hands it back unclaimed at once (run-job.ts); a job claimed before
 *   the stop has the stop's grace. The run returns only once every job it started has ended.
 * - pg-boss keeps the heartbeat of the job its loop handed over; this keeps the heartbeat of each
 *   job fetched here (touch(), at the same cadence as pg-boss's: half the job's heartbeatSeconds).
 *   Either heartbeat that finds the claim no longer the attempt's (retried or settled elsewhere)
 *   tells the job's run through `claimGone`, as a lost lease does: its work can no longer land.
 * - The loop's handler never outlives the first job's expiry because of the jobs after it: the run
 *   stops fetching after RUN_LIMIT_MS (pg-boss would otherwise report a handler overrun).
 */

/** A job as pg-boss's fetch() returns it, with what a slot needs of it. */
export interface FetchedJob {
  id: string;
  retryCount: number;
  data: unknown;
  heartbeatSeconds: number | null;
  /** pg-boss's, on the job its loop handed over: aborted when its heartbeat finds the claim gone. */
  signal?: AbortSignal;
}

export interface RunWhileReadyOptions<J extends FetchedJob> {
  /**
   * Runs one job to its end; never throws. Calls `handOver` (once or more) when the job has no
   * model call left to send or await, or is about to make its final write: the next job is fetched
   * and started beside the rest of it. `claimGone` is aborted when a heartbeat finds the job's
   * claim no longer this attempt's: the run should stop and hand back.
   */
  run(job: J, handOver: () => void, claimGone: AbortSignal): Promise<void>;
  /** Claims the next ready job, or null when none is ready. */
  fetchNext(): Promise<J | null>;
  /** Refreshes the claim of a job fetched here (pg-boss's touch()): false when the claim is no longer this attempt's. */
  touch(job: J): Promise<boolean>;
  /** False once the worker stops: no further job is fetched. */
  taking(): boolean;
  /** Told when a heartbeat or a fetch fails (the run then returns to pg-boss's loop). */
  onError(error: unknown, job?: J): void;
  runLimitMs?: number;
}

/** How the run ended: `empty` when a fetch found no ready job (the loop need not look again at once). */
export type RunEnd = 'empty' | 'stopped';

/** How long a slot keeps fetching for itself before it hands back to pg-boss's loop. */
const RUN_LIMIT_MS = 60_000;

export async function runWhileReady<J extends FetchedJob>(first: J, options: RunWhileReadyOptions<J>): Promise<RunEnd> {
  const until = Date.now() + (options.runLimitMs ?? RUN_LIMIT_MS);
  let job = first;
  let fetchedHere = false;
  // The previous job's run while its tail is still going (at most one earlier job: see the top).
  let tail: Promise<void> | null = null;
  try {
    for (;;) {
      let next: Promise<J | null> | null = null;
      let fetchBegun = () => {};
      const begun = new Promise<void>((resolve) => (fetchBegun = resolve));
      // The job before this one, when its tail is still going: the next job is fetched only once
      // it has ended, so a fetched job never waits for it before its lease (a claim unleased for
      // seconds looks abandoned to the claim check, queue/claim-leases.ts). Usually it ended long
      // before this job's own hand-over.
      const before = tail;
      const fetchNext = () => {
        if (next || !options.taking() || Date.now() >= until) return;
        next = before ? before.then(() => (options.taking() ? options.fetchNext() : null)) : options.fetchNext();
        // Awaited below; this only keeps a failure before then from being reported as unhandled.
        next.catch(() => {});
        fetchBegun();
      };
      const heartbeat = fetchedHere ? keepHeartbeat(job, options) : null;
      const current = job;
      // pg-boss's own heartbeat watches the job its loop handed over.
      const claimGone = heartbeat?.claimGone ?? job.signal ?? new AbortController().signal;
      // run() never throws by contract; if it did, its job is reported and the run goes on.
      const running = options
        .run(current, fetchNext, claimGone)
        .catch((error: unknown) => options.onError(error, current))
        .finally(() => heartbeat?.stop());
      // Until the job hands over (and the fetch of the next one begins), or ends without that.
      await Promise.race([running, begun]);
      if (!next) {
        await running;
        // A job that ended without a hand-over (cancelled, handed back, failed to retry).
        fetchNext();
      }
      const fetch: Promise<J | null> | null = next;
      let fetched: J | null = null;
      let failed = false;
      try {
        fetched = fetch ? await fetch : null;
      } catch (error) {
        failed = true;
        options.onError(error);
      }
      // The job before the current one has ended (the fetch waited for it); the current one may
      // still be in its tail while the fetched job runs.
      await tail;
      tail = running;
      if (!fetched) return fetch && !failed ? 'empty' : 'stopped';
      job = fetched;
      fetchedHere = true;
    }
  } finally {
    await tail;
  }
}

/**
 * Refreshes `job`'s claim every half heartbeat until `stop` is called; aborts `claimGone` (and
 * stops) once a refresh finds the claim no longer this attempt's. A refresh that fails says
 * nothing about the claim (as in pg-boss's own heartbeat): it is reported and the next one tries.
 */
function keepHeartbeat<J extends FetchedJob>(job: J, options: RunWhileReadyOptions<J>): { claimGone: AbortSignal; stop: () => void } {
  const gone = new AbortController();
  if (!job.heartbeatSeconds || job.heartbeatSeconds <= 0) return { claimGone: gone.signal, stop: () => {} };
  const timer = setInterval(() => {
    options.touch(job).then(
      (held) => {
        if (held || gone.signal.aborted) return;
        clearInterval(timer);
        gone.abort(new Error(`queue job ${job.id} is no longer active under this attempt's claim`));
      },
      (error: unknown) => options.onError(error, job),
    );
  }, job.heartbeatSeconds * 500);
  return { claimGone: gone.signal, stop: () => clearInterval(timer) };
}
