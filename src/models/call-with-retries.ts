/**
 * The retry loop every model provider shares: attempts, backoff, slots and the retry budget.
 *
 * Two budgets, because the two kinds of failure say different things:
 * - Outages (rate limits, overload, 5xx, timeouts, dropped connections) say nothing about the
 *   request; they end when the provider recovers. They are retried for a time window counted
 *   from the first such failure, however many attempts that takes, with a jittered backoff
 *   capped at a few seconds so work resumes promptly when the model answers again.
 * - Anything else retryable (an answer we could not parse) may be the request's own fault and
 *   is retried `maxRetries` times.
 *
 * Slots: the limiters (the job's, then the process's, in that order) are held only while an
 * attempt's HTTP request is in flight, so a call waiting to retry lets others use its slots.
 * With `takeSlotsWhenReady`, an attempt builds its request first and takes the slots itself just
 * before sending, so the call that a freed slot lets go has nothing left to do but send. Building
 * ahead needs a permit from the first limiter (a job's) and one from the last (the process's),
 * taken in that order and given back a loop iteration after the slots are taken (once the request
 * is written); each limiter has as many permits as its ceiling of slots. So built requests
 * waiting for their slots (each holds its body, which may be 20 MB of base64 PDF) number at most
 * the process limiter's ceiling in the whole process, however many jobs run (and at most a job's
 * size per job), besides those in flight; and at a job's start its first wave is built and
 * written before the next is built.
 * An adaptive limiter among them hears about every rate limit (it shrinks and pauses) and every
 * answered attempt (it grows back).
 *
 * Provider-neutral: the provider makes one attempt and says what a failure means (`traits`).
 */
import { createLimiter, isAdaptive } from './limiter.ts';
import type { Limiter } from './limiter.ts';
import { retryDelayMs, sleep } from './retry.ts';
import type { BackoffOptions } from './retry.ts';

/** How a failed attempt is to be retried. */
export interface FailureTraits {
  /** `outage`: within the time window; `other`: up to maxRetries times; `never`: give up now. */
  retry: 'outage' | 'other' | 'never';
  /** A rate limit (HTTP 429): the adaptive limiter shrinks and pauses. */
  rateLimited: boolean;
  /** The delay the server asked for (Retry-After, RetryInfo), when it did. */
  serverDelayMs?: number;
}

export interface RetryPolicy extends BackoffOptions {
  /** How long outages are retried, from the first outage failure of this call. */
  windowMs: number;
  /** Further attempts after failures that are retryable but not outages. */
  maxRetries: number;
}

type AttemptResult<T, F> = { ok: true; value: T } | { ok: false; failure: F };

export type RetryOutcome<T, F> =
  | { ok: true; value: T; attempts: number }
  | {
      ok: false;
      /** Undefined when the call was aborted before its first attempt ended. */
      failure: F | undefined;
      attempts: number;
      /** Why no further attempt was made. */
      gaveUp: 'not_retryable' | 'retries_exhausted' | 'window_exhausted' | 'aborted';
    };

export interface CallWithRetriesOptions<T, F> {
  /**
   * One attempt, run while holding a slot of every limiter (or, with `takeSlotsWhenReady`,
   * holding them from its call of `take` on). Must not throw, except what `take` throws. It may
   * call `answered` once a successful HTTP answer is in (status 2xx): the slots go back then, so
   * a waiting call sends its request while this answer's body is still being read and parsed.
   * Only a 2xx answer: a 429 must reach the adaptive limiter before its slot frees anyone, and
   * callWithRetries tells the limiter of every other answer before it releases the slots.
   * `take` resolves once the attempt holds its slots (at once if it holds them already) and
   * rejects with the signal's reason if the signal aborts while it waits; the call then ends as
   * aborted, the attempt not counted.
   */
  attempt: (index: number, answered: () => void, take: () => Promise<void>) => Promise<AttemptResult<T, F>>;
  /** The attempt takes its slots itself (`take`) once its request is built; see the module comment. */
  takeSlotsWhenReady?: boolean;
  /**
   * Called once per attempt, as soon as it holds a slot of every limiter: before the attempt
   * starts or, with `takeSlotsWhenReady`, as its first `take` resolves (its request built, about to
   * be sent). Must not throw: a throw ends the call with that error.
   */
  onSlotsHeld?: () => void;
  /** What a failure means for retrying. */
  traits: (failure: F) => FailureTraits;
  policy: RetryPolicy;
  /** Narrowest first (job, then process): every caller must use the same order. */
  slots: readonly Limiter[];
  signal: AbortSignal;
  /**
   * Whether a failed attempt still shows a healthy model (it answered 200, but with output we
   * could not use): the adaptive limiter grows back on these as on successes.
   */
  answered?: (failure: F) => boolean;
  now?: () => number;
}

/**
 * The options every model provider passes alike: the job's limiter then the process's as slots,
 * the request's signal and its `onSlotsHeld`, and an answer with unusable output counted as a
 * healthy model.
 */
export function modelCallOptions(
  request: { jobLimiter?: Limiter | undefined; onSlotsHeld?: () => void; signal: AbortSignal },
  processLimiter: Limiter | undefined,
  policy: RetryPolicy,
): Pick<CallWithRetriesOptions<unknown, { kind: string }>, 'answered' | 'onSlotsHeld' | 'policy' | 'slots' | 'signal'> {
  return {
    answered: (failure) => failure.kind === 'invalid_output',
    onSlotsHeld: request.onSlotsHeld,
    policy,
    slots: [request.jobLimiter, processLimiter].filter((l): l is Limiter => l !== undefined),
    signal: request.signal,
  };
}

export async function callWithRetries<T, F>(options: CallWithRetriesOptions<T, F>): Promise<RetryOutcome<T, F>> {
  const { policy, signal } = options;
  const now = options.now ?? Date.now;
  const adaptive = options.slots.filter(isAdaptive);
  let outageDeadline: number | undefined;
  let otherRetries = 0;
  let last: F | undefined;

  for (let index = 0; ; index++) {
    const releases: Array<() => void> = [];
    let taking: Promise<void> | null = null;
    let waitAborted = false;
    // Idempotent (each limiter's release is), so the early release and the finally can both run.
    const releaseSlots = (): void => {
      for (const release of releases.toReversed()) release();
      releases.length = 0;
      taking = null;
    };
    // With takeSlotsWhenReady: held from before the attempt starts until its slots are taken.
    const permits: Array<() => void> = [];
    const releasePermits = (): void => {
      for (const release of permits.toReversed()) release();
      permits.length = 0;
    };
    // The permits let the calls behind this one build their requests, and building runs in the
    // turn it is let go, as microtasks. Given back at once, they had the next wave's builds run
    // in the turn that takes this wave's slots, before any of this wave's requests was written:
    // undici writes a request on a kept-alive connection in the check phase after its dispatch,
    // and one on a new connection once it connects (in the poll phase). So they go back a loop
    // iteration later, after both (at C = 20 the next wave's 20 builds had held up the first
    // request by 7 ms under load). The attempt's own end gives them back too (idempotent).
    const releasePermitsOnceSent = (): void => {
      if (permits.length > 0) setImmediate(() => setImmediate(releasePermits));
    };
    const takeSlots = (): Promise<void> =>
      (taking ??= (async () => {
        try {
          for (const limiter of options.slots) releases.push(await limiter.acquire(signal));
        } catch (e) {
          // The signal aborted while waiting for a slot.
          waitAborted = true;
          releaseSlots();
          releasePermits();
          throw e;
        }
        releasePermitsOnceSent();
      })());
    if (options.takeSlotsWhenReady) {
      try {
        for (const limiter of permitKeys(options.slots)) permits.push(await buildPermitsFor(limiter).acquire(signal));
      } catch {
        releasePermits();
        return { ok: false, failure: last, attempts: index, gaveUp: 'aborted' };
      }
    }
    // Tells onSlotsHeld outside takeSlots, whose rejection is read as the signal aborting.
    let told = false;
    const holdSlots = async (): Promise<void> => {
      await takeSlots();
      if (told) return;
      told = true;
      options.onSlotsHeld?.();
    };
    let result: AttemptResult<T, F>;
    let traits: FailureTraits | undefined;
    try {
      if (!options.takeSlotsWhenReady) await holdSlots();
      result = await options.attempt(index, releaseSlots, holdSlots);
      if (waitAborted) return { ok: false, failure: last, attempts: index, gaveUp: 'aborted' };
      traits = result.ok ? undefined : options.traits(result.failure);
      // Before the slots go back: releasing hands a slot to the next waiter at once, so a rate
      // limit must have paused the adaptive limiter by then, or that waiter's request goes out
      // into the pause.
      if (traits?.rateLimited) {
        const pause = traits.serverDelayMs === undefined ? undefined : Math.min(traits.serverDelayMs, policy.maxServerDelayMs);
        for (const limiter of adaptive) limiter.rateLimited(pause);
      } else if (result.ok || options.answered?.(result.failure)) {
        for (const limiter of adaptive) limiter.succeeded();
      }
    } catch (e) {
      if (!waitAborted) throw e;
      return { ok: false, failure: last, attempts: index, gaveUp: 'aborted' };
    } finally {
      releaseSlots();
      releasePermits();
    }
    if (result.ok) return { ok: true, value: result.value, attempts: index + 1 };

    last = result.failure;
    const attempts = index + 1;
    if (signal.aborted) return { ok: false, failure: last, attempts, gaveUp: 'aborted' };
    if (!traits || traits.retry === 'never') return { ok: false, failure: last, attempts, gaveUp: 'not_retryable' };

    const delay = retryDelayMs(index, policy, traits.serverDelayMs);
    if (traits.retry === 'outage') {
      outageDeadline ??= now() + policy.windowMs;
      if (now() + delay > outageDeadline) return { ok: false, failure: last, attempts, gaveUp: 'window_exhausted' };
    } else if (otherRetries++ >= policy.maxRetries) {
      return { ok: false, failure: last, attempts, gaveUp: 'retries_exhausted' };
    }
    try {
      await sleep(delay, signal);
    } catch {
      return { ok: false, failure: last, attempts, gaveUp: 'aborted' };
    }
  }
}

/**
 * Permits to build a request ahead of its slots, per limiter, as many as it has slots at most
 * (an adaptive one's ceiling, not the current limit it had at first use).
 */
const buildPermits = new WeakMap<Limiter, Limiter>();

/** The limiters whose permits a call takes, in this order: the first (a job's) and the last (the process's). */
function permitKeys(slots: readonly Limiter[]): Limiter[] {
  if (slots.length === 0) return [];
  const first = slots[0]!;
  const last = slots.at(-1)!;
  return first === last ? [first] : [first, last];
}

function buildPermitsFor(limiter: Limiter): Limiter {
  let permits = buildPermits.get(limiter);
  if (!permits) {
    permits = createLimiter(Math.max(1, isAdaptive(limiter) ? limiter.ceiling : limiter.max));
    buildPermits.set(limiter, permits);
  }
  return permits;
}
