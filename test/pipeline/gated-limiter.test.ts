import { describe, expect, it } from 'vitest';
import { callWithRetries } from '../../src/models/call-with-retries.ts';
import type { FailureTraits, RetryPolicy } from '../../src/models/call-with-retries.ts';
import { createLimiter } from '../../src/models/limiter.ts';
import { gatedLimiter } from '../../src/pipeline/gated-limiter.ts';

const traits = (): FailureTraits => ({ retry: 'never', rateLimited: false });
const policy: RetryPolicy = { windowMs: 60_000, maxRetries: 0, baseDelayMs: 1, maxDelayMs: 2, maxServerDelayMs: 1_000, random: () => 0.5 };

async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
}

describe('a gated limiter', () => {
  it('grants no slot before its gate opens, then grants them in the order they were asked for', async () => {
    const gate = Promise.withResolvers<void>();
    const job = gatedLimiter(createLimiter(2), gate.promise);
    const granted: string[] = [];
    const waits = ['a', 'b', 'c'].map((name) => job.acquire().then((release) => (granted.push(name), release)));
    await settle();
    expect(granted).toEqual([]);
    gate.resolve();
    await settle();
    expect(granted).toEqual(['a', 'b']);
    (await waits[0]!)();
    await settle();
    expect(granted).toEqual(['a', 'b', 'c']);
  });

  it('a cancel ends a wait at the closed gate at once, and the call holds nothing when the gate opens', async () => {
    const gate = Promise.withResolvers<void>();
    const job = gatedLimiter(createLimiter(2), gate.promise);
    const controller = new AbortController();
    let outcome: unknown;
    void callWithRetries({
      attempt: async (_index, answered, take) => {
        await take();
        answered();
        return { ok: true as const, value: 1 };
      },
      traits,
      policy,
      slots: [job],
      signal: controller.signal,
      takeSlotsWhenReady: true,
    }).then((o) => (outcome = o));
    await settle();
    controller.abort();
    await settle();
    // The gate (the job's JOB_STARTED write) is still closed.
    expect(outcome).toMatchObject({ ok: false, gaveUp: 'aborted', attempts: 0 });
    gate.resolve();
    await settle();
    expect(job.inFlight).toBe(0);
  });

  it('a waiter whose signal is already aborted is refused at the gate', async () => {
    const job = gatedLimiter(createLimiter(1), new Promise(() => {}));
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(job.acquire(controller.signal)).rejects.toThrow('cancelled');
  });
});
