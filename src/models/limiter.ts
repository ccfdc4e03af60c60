/**
 * Counting semaphores that bound concurrent model calls.
 *
 * Two kinds are in use at once: one per worker process, shared by every job it runs (protects
 * the API key's quota), and one per job (the job's maxNumConcurrentRequests). A call holds a
 * slot in each for as long as its HTTP request is in flight, never while it backs off.
 *
 * The process-wide one is adaptive (additive increase, multiplicative decrease): a rate-limited
 * answer halves its limit and closes it for a pause, so while the model refuses us only a probe
 * at a time goes out instead of every waiting call; each success opens one more slot again, up
 * to the configured ceiling.
 *
 * Not p-limit: a queued p-limit task cannot be withdrawn one at a time, and a cancelled job
 * must leave the queue at once instead of waiting for a slot it no longer wants.
 *
 * Invariants: slots are granted only while `inFlight < max` and no pause is running (after a
 * decrease `inFlight` may exceed `max` until calls finish); waiters are served first come,
 * first served; a slot is released exactly once, whether the holder succeeds, throws or is
 * aborted.
 */

export interface Limiter {
  /** The current limit (for an adaptive limiter it moves between 1 and `ceiling`). */
  readonly max: number;
  /** Slots currently held. */
  readonly inFlight: number;
  /** Callers waiting for a slot. */
  readonly waiting: number;
  /**
   * Waits for a free slot and returns its release function (idempotent). Rejects with the
   * signal's reason if the signal aborts first, and then holds nothing.
   */
  acquire(signal?: AbortSignal): Promise<() => void>;
  /**
   * Set on a gated limiter (gated-limiter.ts): settles once slots may be granted. A provider that
   * calls out before taking a slot (an upload, a context cache) waits for it first.
   */
  readonly ready?: Promise<void>;
}

export interface AdaptiveLimiter extends Limiter {
  /** The configured limit that `max` grows back to. */
  readonly ceiling: number;
  /** True while no slot is granted because of a recent rate limit. */
  readonly paused: boolean;
  /**
   * A call was rate limited: halve the limit and grant nothing for `pauseMs` (the server's
   * delay), or without one for a pause that doubles with every consecutive rate limit, up to
   * `maxPauseMs`. A rate limit that arrives during a pause belongs to the same congestion and
   * changes nothing, so the answers of calls sent before the first 429 came back do not
   * collapse the limit to 1 at once.
   */
  rateLimited(pauseMs?: number): void;
  /** A call got an answer: one more slot, up to `ceiling`. */
  succeeded(): void;
}

interface Waiter {
  grant: () => void;
}

/** A fixed limit (the per-job one): rate limits do not move it. */
export function createLimiter(max: number): Limiter {
  const inner = createAdaptiveLimiter(max);
  return {
    get max() {
      return inner.max;
    },
    get inFlight() {
      return inner.inFlight;
    },
    get waiting() {
      return inner.waiting;
    },
    acquire: (signal) => inner.acquire(signal),
  };
}

export interface AdaptiveLimiterOptions {
  /** First pause after a rate limit without a server delay. Default 1 s. */
  basePauseMs?: number;
  /** Longest pause; also the longest a recovered model waits for our next probe. Default 4 s. */
  maxPauseMs?: number;
}

export function createAdaptiveLimiter(ceiling: number, options: AdaptiveLimiterOptions = {}): AdaptiveLimiter {
  const basePauseMs = options.basePauseMs ?? 1_000;
  const maxPauseMs = options.maxPauseMs ?? 4_000;
  if (!Number.isInteger(ceiling) || ceiling < 1) throw new RangeError(`limiter size must be a positive integer, got ${ceiling}`);
  let limit = ceiling;
  let inFlight = 0;
  let pausedUntil = 0;
  let pauseTimer: ReturnType<typeof setTimeout> | undefined;
  /** Rate limits since the last success, for the pause's doubling. */
  let congestions = 0;
  const queue: Waiter[] = [];

  const paused = (): boolean => Date.now() < pausedUntil;

  /** Hands free slots to waiters, oldest first. */
  function drain(): void {
    while (queue.length > 0 && inFlight < limit && !paused()) {
      inFlight++;
      queue.shift()!.grant();
    }
  }

  function releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      inFlight--;
      drain();
    };
  }

  return {
    ceiling,
    get max() {
      return limit;
    },
    get inFlight() {
      return inFlight;
    },
    get waiting() {
      return queue.length;
    },
    get paused() {
      return paused();
    },
    rateLimited(serverPauseMs) {
      if (paused()) return;
      const pauseMs = Math.max(0, serverPauseMs ?? Math.min(maxPauseMs, basePauseMs * 2 ** congestions));
      congestions++;
      limit = Math.max(1, Math.floor(limit / 2));
      pausedUntil = Date.now() + pauseMs;
      clearTimeout(pauseTimer);
      // unref: a pause must not keep a process alive that has nothing else to do.
      pauseTimer = setTimeout(() => {
        pausedUntil = 0;
        drain();
      }, pauseMs).unref();
    },
    succeeded() {
      congestions = 0;
      if (limit < ceiling) limit++;
      drain();
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (queue.length === 0 && inFlight < limit && !paused()) {
        inFlight++;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(signal?.reason);
        };
        const waiter: Waiter = {
          grant: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve(releaser());
          },
        };
        queue.push(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

export function isAdaptive(limiter: Limiter): limiter is AdaptiveLimiter {
  return 'rateLimited' in limiter && 'succeeded' in limiter;
}

/**
 * Runs `fn` while holding one slot of every limiter. Slots are taken in the order given, so
 * every caller must list limiters in the same order (narrowest first: per job, then per
 * process) to rule out two callers each holding what the other waits for.
 */
export async function runLimited<T>(
  limiters: readonly Limiter[],
  fn: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const releases: Array<() => void> = [];
  try {
    for (const limiter of limiters) releases.push(await limiter.acquire(signal));
    return await fn();
  } finally {
    for (const release of releases.reverse()) release();
  }
}
