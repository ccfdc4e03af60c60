import type { Limiter } from '../models/limiter.ts';

/**
 * `limiter`, granting no slot before `gate` settles: callers may prepare their work and queue for
 * a slot while something that must come first (a job's JOB_STARTED write) is still in flight.
 * Waiters still get their slots in the order they asked. `waiting` counts only those past the gate.
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
      if (!open) await opened;
      return limiter.acquire(signal);
    },
  };
}
