import type { Limiter } from '../models/limiter.ts';

/**
 * `limiter`, granting no slot before `gate` settles: callers may prepare their work and queue for
 * a slot while something that must come first (a job's JOB_STARTED write) is still in flight.
 * Waiters still get their slots in the order they asked. `waiting` counts only those past the gate.
 * A waiter whose signal aborts at the gate leaves at once (rejected with the signal's reason).
 */
export function gatedLimiter(limiter: Limiter, gate: Promise<unknown>): Limiter {
  let open = false;
  const opened = gate.then(
    () => {
      open = true;
    },
    () => {
      open = true;
    },
  );
  return {
    get max() {
      return limiter.max;
    },
    get inFlight() {
      return limiter.inFlight;
    },
    get waiting() {
      return limiter.waiting;
    },
    ready: opened,
    async acquire(signal) {
      // A cancel ends a wait at the gate at once, as it ends a wait for a slot.
      if (!open) await untilOrAborted(opened, signal);
      return limiter.acquire(signal);
    },
  };
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
function untilOrAborted(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  const { promise: aborted, reject } = Promise.withResolvers<never>();
  const onAbort = (): void => reject(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}
