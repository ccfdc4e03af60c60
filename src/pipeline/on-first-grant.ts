import type { Limiter } from '../models/limiter.ts';

/**
 * `limiter`, calling `onFirstGrant` once, as it grants its first slot. A job's limiter grants a
 * slot only when the call holding it is about to send its request (a provider that limits its own
 * calls takes it after building the request: models/gemini.ts), so this marks the job's first
 * request going out, which is later than the first call handed to the provider by the time it
 * takes to build that request (its prompt, the pages it sends as PDF, the SDK's body): tens of
 * milliseconds for a process's first job.
 *
 * `onFirstGrant` must not throw: it runs inside `acquire`, whose rejection callWithRetries reads
 * as the signal aborting (a call nobody cancelled would end as ABORTED). The one caller's
 * (run-extraction.ts) only sets timers.
 */
export function onFirstGrant(limiter: Limiter, onFirstGrant: () => void): Limiter {
  let told = false;
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
    ...(limiter.ready && { ready: limiter.ready }),
    async acquire(signal) {
      const release = await limiter.acquire(signal);
      if (!told) {
        told = true;
        onFirstGrant();
      }
      return release;
    },
  };
}
