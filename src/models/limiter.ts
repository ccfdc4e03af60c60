/**
 * Counting semaphores that bound concurrent model calls.
 *
 * Two kinds are in use at once: one per worker process, shared by every job it runs (protects
 * the API key's quota), and one per job (the job's maxNumConcurrentRequests). A call holds a
 * slot in each for as long as its HTTP request is in flight.
 *
 * Not p-limit: a queued p-limit task cannot be withdrawn one at a time, and a cancelled job
 * must leave the queue at once instead of waiting for a slot it no longer wants.
 *
 * Invariants: `inFlight <= max`; waiters are served first come, first served; a slot is
 * released exactly once, whether the holder succeeds, throws or is aborted.
 */

export interface Limiter {
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
}

interface Waiter {
  grant: () => void;
}

export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`limiter size must be a positive integer, got ${max}`);
  let inFlight = 0;
  const queue: Waiter[] = [];

  function releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = queue.shift();
      // The slot passes straight to the next waiter, so inFlight stays the same.
      if (next) next.grant();
      else inFlight--;
    };
  }

  return {
    max,
    get inFlight() {
      return inFlight;
    },
    get waiting() {
      return queue.length;
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (inFlight < max) {
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
