import { describe, expect, it } from 'vitest';
import { callWithRetries } from '../../src/models/call-with-retries.ts';
import type { CallWithRetriesOptions, FailureTraits, RetryPolicy } from '../../src/models/call-with-retries.ts';
import { createAdaptiveLimiter, createLimiter } from '../../src/models/limiter.ts';
import { retryDelayMs } from '../../src/models/retry.ts';

type Failure = 'overloaded' | 'garbled' | 'forbidden';
const traits = (failure: Failure): FailureTraits =>
  failure === 'overloaded' ? { retry: 'outage', rateLimited: false } : failure === 'garbled' ? { retry: 'other', rateLimited: false } : { retry: 'never', rateLimited: false };
const policy: RetryPolicy = { windowMs: 60_000, maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2, maxServerDelayMs: 1_000, random: () => 0.5 };

/** A few loop turns, for everything that can run without I/O to have run. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** A call that builds its request before it takes its slots (`takeSlotsWhenReady`, as the Gemini provider's calls do). */
function buildingAhead<T>(slots: CallWithRetriesOptions<T, Failure>['slots'], attempt: CallWithRetriesOptions<T, Failure>['attempt']) {
  return callWithRetries({ attempt, traits, policy, slots, signal: new AbortController().signal, takeSlotsWhenReady: true });
}

function scripted(script: Array<Failure | 'ok'>) {
  let index = 0;
  return async () => {
    const step = script[Math.min(index++, script.length - 1)]!;
    return step === 'ok' ? { ok: true as const, value: index } : { ok: false as const, failure: step };
  };
}

describe('callWithRetries', () => {
  it('retries outages regardless of maxRetries while the window lasts', async () => {
    const outcome = await callWithRetries({
      attempt: scripted(['overloaded', 'overloaded', 'overloaded', 'overloaded', 'overloaded', 'ok']),
      traits,
      policy,
      slots: [],
      signal: new AbortController().signal,
    });
    expect(outcome).toEqual({ ok: true, value: 6, attempts: 6 });
  });

  it('gives up on outages once the next wait would end past the window', async () => {
    let clock = 0;
    const outcome = await callWithRetries({
      attempt: async () => {
        clock += 10_000; // each attempt "takes" ten seconds of the window
        return { ok: false as const, failure: 'overloaded' as const };
      },
      traits,
      policy: { ...policy, windowMs: 25_000 },
      slots: [],
      signal: new AbortController().signal,
      now: () => clock,
    });
    // The first failure (at 10 s) opens a window until 35 s; attempts end at 20 and 30 s, and
    // the fourth, ending at 40 s, is the last: nothing more can start inside the window.
    expect(outcome).toMatchObject({ ok: false, gaveUp: 'window_exhausted', failure: 'overloaded', attempts: 4 });
  });

  it('retries other failures maxRetries times, and never-retryable ones not at all', async () => {
    const garbled = await callWithRetries({ attempt: scripted(['garbled']), traits, policy, slots: [], signal: new AbortController().signal });
    expect(garbled).toMatchObject({ ok: false, gaveUp: 'retries_exhausted', attempts: 3 });
    const forbidden = await callWithRetries({ attempt: scripted(['forbidden']), traits, policy, slots: [], signal: new AbortController().signal });
    expect(forbidden).toMatchObject({ ok: false, gaveUp: 'not_retryable', attempts: 1 });
  });

  it('holds every slot during an attempt and none between attempts', async () => {
    const job = createLimiter(1);
    const process = createLimiter(1);
    const held: number[][] = [];
    const outcome = await callWithRetries({
      attempt: async (index) => {
        held.push([job.inFlight, process.inFlight]);
        return index < 2 ? { ok: false as const, failure: 'overloaded' as const } : { ok: true as const, value: 'done' };
      },
      traits,
      policy,
      slots: [job, process],
      signal: new AbortController().signal,
    });
    expect(outcome.ok).toBe(true);
    expect(held).toEqual([[1, 1], [1, 1], [1, 1]]);
    expect([job.inFlight, process.inFlight]).toEqual([0, 0]);
  });

  it('calls onSlotsHeld once the attempt holds a slot of every limiter, not when it holds the first only', async () => {
    for (const takeSlotsWhenReady of [false, true]) {
      const job = createLimiter(2);
      const process = createLimiter(1);
      const processHeld = await process.acquire();
      const held: number[][] = [];
      const pending = callWithRetries({
        attempt: async (_index, _answered, take) => {
          await take();
          return { ok: true as const, value: 'sent' };
        },
        onSlotsHeld: () => held.push([job.inFlight, process.inFlight]),
        takeSlotsWhenReady,
        traits,
        policy,
        slots: [job, process],
        signal: new AbortController().signal,
      });
      await settle();
      // The job's slot is taken; the process's is still held by another call.
      expect([job.inFlight, process.waiting]).toEqual([1, 1]);
      expect(held).toEqual([]);
      processHeld();
      await expect(pending).resolves.toMatchObject({ ok: true });
      expect(held).toEqual([[1, 1]]);
    }
  });

  it('an attempt that says its answer is in gives its slots back at once, so a waiting call starts before it ends', async () => {
    const job = createLimiter(1);
    const process = createLimiter(1);
    const order: string[] = [];
    const { promise: firstParsed, resolve: parseFirst } = Promise.withResolvers<void>();
    const call = (name: string, parse: Promise<void>) =>
      callWithRetries({
        attempt: async (_index, answered) => {
          order.push(`${name} sent`);
          answered();
          answered(); // idempotent: one slot each, given back once
          await parse;
          order.push(`${name} parsed`);
          return { ok: true as const, value: name };
        },
        traits,
        policy,
        slots: [job, process],
        signal: new AbortController().signal,
      });
    const first = call('first', firstParsed);
    const second = call('second', Promise.resolve());
    await expect(second).resolves.toMatchObject({ ok: true, value: 'second' });
    expect(order).toEqual(['first sent', 'second sent', 'second parsed']);
    parseFirst();
    await expect(first).resolves.toMatchObject({ ok: true, value: 'first' });
    expect([job.inFlight, process.inFlight]).toEqual([0, 0]);
  });

  it('a call queued behind one that is rate limited is not sent until the pause it caused has ended', async () => {
    const model = createAdaptiveLimiter(1, { basePauseMs: 50 });
    const sent: Array<{ name: string; paused: boolean }> = [];
    const call = (name: string, answer: 'rate_limited' | 'ok') =>
      callWithRetries({
        attempt: async () => {
          sent.push({ name, paused: model.paused });
          await new Promise((resolve) => setImmediate(resolve));
          return answer === 'ok' ? { ok: true as const, value: name } : { ok: false as const, failure: answer };
        },
        traits: (failure: 'rate_limited') => ({ retry: 'never' as const, rateLimited: failure === 'rate_limited' }),
        policy: { ...policy, maxRetries: 0 },
        slots: [model],
        signal: new AbortController().signal,
      });
    const first = call('A', 'rate_limited');
    const second = call('B', 'ok');
    await expect(first).resolves.toMatchObject({ ok: false, gaveUp: 'not_retryable' });
    await expect(second).resolves.toMatchObject({ ok: true, value: 'B' });
    // B was granted A's slot only when the pause's timer opened the limiter again.
    expect(sent).toEqual([
      { name: 'A', paused: false },
      { name: 'B', paused: false },
    ]);
  });

  it('with takeSlotsWhenReady an attempt starts before it has a slot, while fewer than the first limiter\'s size wait so', async () => {
    const job = createLimiter(2);
    const process = createLimiter(4);
    const holders = [await job.acquire(), await job.acquire()];
    const { promise: answersIn, resolve: answer } = Promise.withResolvers<void>();
    const started: string[] = [];
    const sent: string[] = [];
    const call = (name: string) =>
      buildingAhead([job, process], async (_index, answered, take) => {
        started.push(name); // where a provider builds its request
        await take();
        sent.push(name);
        await answersIn;
        answered();
        return { ok: true as const, value: name };
      });
    const calls = ['a', 'b', 'c', 'd', 'e'].map(call);
    await settle();
    // The job's two slots are held elsewhere: two attempts are built and wait in take, the rest wait to start.
    expect(started).toEqual(['a', 'b']);
    expect(sent).toEqual([]);
    holders[0]!();
    await settle();
    // a holds a slot now, so c may build ahead while b still waits built; d and e may not.
    expect(sent).toEqual(['a']);
    expect(started).toEqual(['a', 'b', 'c']);
    holders[1]!();
    await settle();
    expect(sent).toEqual(['a', 'b']);
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    answer();
    const outcomes = await Promise.all(calls);
    expect(outcomes.map((o) => o.ok && o.value)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(sent).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect([job.inFlight, process.inFlight]).toEqual([0, 0]);
  });

  it('with takeSlotsWhenReady the calls of a wave are written before the next wave builds its requests', async () => {
    const job = createLimiter(2);
    const process = createLimiter(4);
    const { promise: answersIn, resolve: answer } = Promise.withResolvers<void>();
    const order: string[] = [];
    const call = (name: string) =>
      buildingAhead([job, process], async (_index, answered, take) => {
        order.push(`build ${name}`);
        await take();
        // As undici does with a request on a kept-alive connection: written in the check phase after its dispatch.
        setImmediate(() => order.push(`write ${name}`));
        await answersIn;
        answered();
        return { ok: true as const, value: name };
      });
    const calls = ['a', 'b', 'c', 'd'].map(call);
    await settle();
    // c and d build while a and b are in flight, but only once a's and b's requests are on the wire.
    expect(order).toEqual(['build a', 'build b', 'write a', 'write b', 'build c', 'build d']);
    answer();
    const outcomes = await Promise.all(calls);
    expect(outcomes.map((o) => o.ok && o.value)).toEqual(['a', 'b', 'c', 'd']);
    expect([job.inFlight, process.inFlight]).toEqual([0, 0]);
  });

  it('requests built ahead and waiting for their slots number at most the process limiter\'s ceiling, however many jobs wait', async () => {
    // A 429 halved the process limit and paused it: no call gets a process slot for now.
    const process = createAdaptiveLimiter(16);
    process.rateLimited(60_000);
    const jobs = [createLimiter(20), createLimiter(20), createLimiter(20)];
    const { promise: never } = Promise.withResolvers<void>();
    const controllers: AbortController[] = [];
    let built = 0;
    const calls = jobs.flatMap((job) =>
      Array.from({ length: 40 }, () => {
        const controller = new AbortController();
        controllers.push(controller);
        return callWithRetries({
          attempt: async (_index, _answered, take) => {
            built++; // each holds its body (megabytes) from here until it is sent
            await take();
            await never;
            return { ok: true as const, value: 1 };
          },
          traits,
          policy,
          slots: [job, process],
          signal: controller.signal,
          takeSlotsWhenReady: true,
        });
      }),
    );
    await settle();
    // Three jobs of 20 would build 60 bodies; the process allows its ceiling, the paused limit or not.
    expect(built).toBe(16);
    expect(process.inFlight).toBe(0);
    for (const controller of controllers) controller.abort();
    const outcomes = await Promise.all(calls);
    expect(outcomes.every((o) => !o.ok && o.gaveUp === 'aborted')).toBe(true);
    expect([...jobs.map((job) => job.inFlight), process.inFlight]).toEqual([0, 0, 0, 0]);
  });

  it('calls of several jobs all end when the process allows fewer built requests than the jobs would build', async () => {
    // Permits are taken job first, process second, by every call: none waits on another in a circle.
    const process = createAdaptiveLimiter(2);
    const jobs = [createLimiter(3), createLimiter(3), createLimiter(1)];
    const calls = jobs.flatMap((job, j) =>
      Array.from({ length: 10 }, (_, i) =>
        buildingAhead([job, process], async (_index, answered, take) => {
          await new Promise((resolve) => setImmediate(resolve));
          await take();
          await new Promise((resolve) => setTimeout(resolve, 1));
          answered();
          return { ok: true as const, value: `${j}.${i}` };
        }),
      ),
    );
    const outcomes = await Promise.all(calls);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(30);
    expect([...jobs.map((job) => job.inFlight), process.inFlight]).toEqual([0, 0, 0, 0]);
  });

  it('a call with only an adaptive limiter may build ahead as many requests as its ceiling, whatever its limit when first used', async () => {
    const process = createAdaptiveLimiter(8);
    process.rateLimited(60_000); // the limit is 4 now, and paused
    const { promise: never } = Promise.withResolvers<void>();
    const controllers: AbortController[] = [];
    let built = 0;
    const calls = Array.from({ length: 12 }, () => {
      const controller = new AbortController();
      controllers.push(controller);
      return callWithRetries({
        attempt: async (_index, _answered, take) => {
          built++;
          await take();
          await never;
          return { ok: true as const, value: 1 };
        },
        traits,
        policy,
        slots: [process],
        signal: controller.signal,
        takeSlotsWhenReady: true,
      });
    });
    await settle();
    expect(built).toBe(8);
    for (const controller of controllers) controller.abort();
    await Promise.all(calls);
    expect(process.inFlight).toBe(0);
  });

  it('an abort while an attempt waits in take ends the call as aborted, that attempt not counted', async () => {
    const job = createLimiter(1);
    const holder = await job.acquire();
    const controller = new AbortController();
    let built = 0;
    const pending = callWithRetries({
      attempt: async (_index, _answered, take) => {
        built++;
        await take();
        return { ok: true as const, value: 1 };
      },
      traits,
      policy,
      slots: [job],
      signal: controller.signal,
      takeSlotsWhenReady: true,
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(built).toBe(1);
    controller.abort();
    await expect(pending).resolves.toMatchObject({ ok: false, gaveUp: 'aborted', attempts: 0 });
    holder();
    expect(job.inFlight).toBe(0);
  });

  it('an abort while waiting for a slot ends the call without an attempt', async () => {
    const job = createLimiter(1);
    const holder = await job.acquire();
    const controller = new AbortController();
    let attempts = 0;
    const pending = callWithRetries({
      attempt: async () => {
        attempts++;
        return { ok: true as const, value: 1 };
      },
      traits,
      policy,
      slots: [job],
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).resolves.toMatchObject({ ok: false, gaveUp: 'aborted', attempts: 0 });
    expect(attempts).toBe(0);
    holder();
  });
});

describe('retryDelayMs', () => {
  const options = { baseDelayMs: 1_000, maxDelayMs: 4_000, maxServerDelayMs: 60_000 };

  it('doubles its ceiling per retry and stops at maxDelayMs, however many retries failed', () => {
    const longest = (retry: number) => retryDelayMs(retry, { ...options, random: () => 0.999999 });
    expect(Math.round(longest(0))).toBe(1_000);
    expect(Math.round(longest(1))).toBe(2_000);
    expect(Math.round(longest(2))).toBe(4_000);
    expect(Math.round(longest(20))).toBe(4_000);
  });

  it("takes the server's delay as a floor, capped at maxServerDelayMs", () => {
    expect(retryDelayMs(0, { ...options, random: () => 0 }, 30_000)).toBe(30_000);
    expect(retryDelayMs(0, { ...options, random: () => 0 }, 3_600_000)).toBe(60_000);
  });
});
