import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGeminiProvider } from '../../src/models/gemini.ts';
import { createAdaptiveLimiter, createLimiter } from '../../src/models/limiter.ts';
import type { ModelRequest } from '../../src/domain/types.ts';
import { startGeminiStub } from '../helpers/gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';

function requestFor(jobLimiter?: ModelRequest['jobLimiter']): ModelRequest {
  return {
    subtree: { pointer: '', schema: { type: 'object', properties: { n: { type: 'integer' } } }, fieldCount: 1 },
    section: { pages: [], text: '--- page 1 ---\nn = 1', imagePages: [] },
    enableThinking: false,
    wantEvidence: false,
    signal: new AbortController().signal,
    ...(jobLimiter ? { jobLimiter } : {}),
  };
}

describe('the adaptive (process-wide) limiter', () => {
  it('halves its limit on a rate limit and grants nothing until the pause ends', async () => {
    const limiter = createAdaptiveLimiter(8);
    limiter.rateLimited(100);
    expect(limiter.max).toBe(4);
    expect(limiter.paused).toBe(true);
    const granted = limiter.acquire();
    expect(limiter.waiting).toBe(1);
    const release = await granted;
    expect(limiter.paused).toBe(false);
    release();
  });

  it('rate limits during a pause belong to the same congestion and do not shrink it again', () => {
    const limiter = createAdaptiveLimiter(16);
    limiter.rateLimited(1_000);
    limiter.rateLimited(1_000);
    limiter.rateLimited(1_000);
    expect(limiter.max).toBe(8);
  });

  it('never shrinks below 1 and grows back by one per success, up to its ceiling', async () => {
    const limiter = createAdaptiveLimiter(4);
    for (let i = 0; i < 5; i++) {
      limiter.rateLimited(0);
      await new Promise((r) => setImmediate(r));
    }
    expect(limiter.max).toBe(1);
    for (let i = 0; i < 10; i++) limiter.succeeded();
    expect(limiter.max).toBe(4);
  });

  it('a success opens a slot for a waiter at once', async () => {
    const limiter = createAdaptiveLimiter(2);
    limiter.rateLimited(0);
    await new Promise((r) => setImmediate(r));
    expect(limiter.max).toBe(1);
    const first = await limiter.acquire();
    const second = limiter.acquire();
    expect(limiter.waiting).toBe(1);
    limiter.succeeded();
    (await second)();
    first();
    expect(limiter.inFlight).toBe(0);
  });

  it('a fixed limiter (the per-job one) has no rate-limit controls', () => {
    const limiter = createLimiter(3);
    expect('rateLimited' in limiter).toBe(false);
  });
});

describe('slots and rate limits with the Gemini provider', () => {
  let stub: GeminiStub;
  beforeEach(async () => {
    stub = await startGeminiStub();
  });
  afterEach(async () => {
    await stub.close();
  });

  it("a call backing off gives back the job's slot, so the job's other calls run meanwhile", async () => {
    const { promise: backingOff, resolve: startBackoff } = Promise.withResolvers<void>();
    stub.respond((req) => (req.callIndex === 0 ? { kind: 'error', status: 503 } : { kind: 'json', value: { n: 1 } }));
    const jobLimiter = createLimiter(1);
    const provider = createGeminiProvider({
      model: 'GEMINI_2_5_FLASH',
      apiKey: 'k',
      baseUrl: stub.url,
      maxRetries: 0,
      retryBaseDelayMs: 60_000,
      maxBackoffMs: 60_000,
      random: () => {
        startBackoff();
        return 0.002; // 120 ms
      },
    });
    expect(provider.limitsOwnCalls).toBe(true);
    const first = provider.extract(requestFor(jobLimiter));
    await backingOff;
    expect(jobLimiter.inFlight).toBe(0);
    await expect(provider.extract(requestFor(jobLimiter))).resolves.toMatchObject({ value: { n: 1 } });
    await expect(first).resolves.toMatchObject({ value: { n: 1 }, usage: { modelCalls: 2 } });
  });

  it('a 429 shrinks the process limit and the answers after it grow it back to the ceiling', async () => {
    stub.respond((req) => (req.callIndex === 0 ? { kind: 'error', status: 429, retryDelaySeconds: 0.05 } : { kind: 'json', value: { n: 1 } }));
    const limiter = createAdaptiveLimiter(4);
    const provider = createGeminiProvider({ model: 'GEMINI_2_5_FLASH', apiKey: 'k', baseUrl: stub.url, maxRetries: 0, retryBaseDelayMs: 1, limiter });
    await provider.extract(requestFor());
    expect(limiter.max).toBe(3); // halved to 2 by the 429, one more for the success
    await Promise.all([provider.extract(requestFor()), provider.extract(requestFor())]);
    expect(limiter.max).toBe(4);
  });

  it('while the model rate-limits, twenty waiting calls send a few probes per pause instead of retrying each on its own', async () => {
    let limited = true;
    stub.respond(() => (limited ? { kind: 'error', status: 429 } : { kind: 'json', value: { n: 1 } }));
    const limiter = createAdaptiveLimiter(8, { basePauseMs: 100, maxPauseMs: 100 });
    const provider = createGeminiProvider({
      model: 'GEMINI_2_5_FLASH',
      apiKey: 'k',
      baseUrl: stub.url,
      maxRetries: 0,
      retryBaseDelayMs: 1,
      maxBackoffMs: 1,
      limiter,
    });
    const calls = Promise.all(Array.from({ length: 20 }, () => provider.extract(requestFor())));
    // A rate is what is measured here, so this waits a fixed second: twenty callers retrying on
    // their own every millisecond would send thousands of requests in it; behind the paused
    // limiter it is 8, then 4, 2, 1 per 100 ms pause (about 25). A slower machine sends fewer.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const duringOutage = stub.requests.length;
    limited = false;
    const results = await calls;
    expect(results).toHaveLength(20);
    expect(duringOutage).toBeGreaterThan(8);
    expect(duringOutage).toBeLessThanOrEqual(40);
    expect(limiter.max).toBeGreaterThan(1);
  });
});
