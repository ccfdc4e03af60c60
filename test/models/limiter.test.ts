import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGeminiProvider } from '../../src/models/gemini.ts';
import { createLimiter, runLimited } from '../../src/models/limiter.ts';
import type { ModelRequest } from '../../src/domain/types.ts';
import { startGeminiStub } from '../helpers/gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';

function requestFor(): ModelRequest {
  return {
    subtree: { pointer: '', schema: { type: 'object', properties: { n: { type: 'integer' } } }, fieldCount: 1 },
    section: { pages: [], text: '--- page 1 ---\nn = 1', imagePages: [] },
    enableThinking: false,
    wantEvidence: false,
    signal: new AbortController().signal,
  };
}

describe('the process-wide limiter with the Gemini provider', () => {
  let stub: GeminiStub;
  beforeEach(async () => {
    stub = await startGeminiStub();
  });
  afterEach(async () => {
    await stub.close();
  });

  it('six concurrent calls through a limiter of 2 never have more than 2 requests in flight', async () => {
    stub.respond(() => ({ kind: 'json', value: { n: 1 }, delayMs: 30 }));
    const limiter = createLimiter(2);
    // Two providers, as two jobs of one worker process would have, sharing the one limiter.
    const options = { apiKey: 'k', baseUrl: stub.url, maxRetries: 0, limiter } as const;
    const providers = [
      createGeminiProvider({ ...options, model: 'GEMINI_2_5_FLASH' }),
      createGeminiProvider({ ...options, model: 'GEMINI_2_5_PRO' }),
    ];
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => providers[i % 2]!.extract(requestFor())),
    );
    expect(results.map((r) => r.value)).toEqual(Array(6).fill({ n: 1 }));
    expect(stub.requests).toHaveLength(6);
    expect(stub.maxInFlight).toBe(2);
    expect(limiter.inFlight).toBe(0);
  });

  it('a slot is not held while backing off, so others use it meanwhile', async () => {
    const { promise: backingOff, resolve: startBackoff } = Promise.withResolvers<void>();
    stub.respond((req) =>
      req.callIndex === 0 ? { kind: 'error', status: 503 } : { kind: 'json', value: { n: 1 } },
    );
    const limiter = createLimiter(1);
    const retrying = createGeminiProvider({
      model: 'GEMINI_2_5_FLASH',
      apiKey: 'k',
      baseUrl: stub.url,
      maxRetries: 1,
      retryBaseDelayMs: 60_000,
      maxRetryDelayMs: 60_000,
      limiter,
      random: () => {
        startBackoff();
        return 0.002; // 120 ms
      },
    });
    const first = retrying.extract(requestFor());
    await backingOff;
    expect(limiter.inFlight).toBe(0);
    const other = createGeminiProvider({ model: 'GEMINI_2_5_FLASH', apiKey: 'k', baseUrl: stub.url, maxRetries: 0, limiter });
    await expect(other.extract(requestFor())).resolves.toMatchObject({ value: { n: 1 } });
    await expect(first).resolves.toMatchObject({ value: { n: 1 }, usage: { modelCalls: 2 } });
  });
});

describe('createLimiter', () => {
  it('grants slots first come, first served and never more than max at once', async () => {
    const limiter = createLimiter(1);
    const order: string[] = [];
    const releaseA = await limiter.acquire();
    const b = limiter.acquire().then((release) => {
      order.push('b');
      return release;
    });
    const c = limiter.acquire().then((release) => {
      order.push('c');
      release();
    });
    expect(limiter.waiting).toBe(2);
    releaseA();
    releaseA(); // a second release of the same slot is ignored
    (await b)();
    await c;
    expect(order).toEqual(['b', 'c']);
    expect(limiter.inFlight).toBe(0);
  });

  it('a waiter whose signal aborts leaves the queue and holds nothing', async () => {
    const limiter = createLimiter(1);
    const release = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('job cancelled'));
    await expect(waiting).rejects.toThrow('job cancelled');
    expect(limiter.waiting).toBe(0);
    release();
    expect(limiter.inFlight).toBe(0);
  });

  it('runLimited holds a slot of every limiter and releases them when the work throws', async () => {
    const perJob = createLimiter(1);
    const perProcess = createLimiter(3);
    const failing = runLimited([perJob, perProcess], async () => {
      expect([perJob.inFlight, perProcess.inFlight]).toEqual([1, 1]);
      throw new Error('model failed');
    });
    await expect(failing).rejects.toThrow('model failed');
    expect([perJob.inFlight, perProcess.inFlight]).toEqual([0, 0]);
  });

  it('runLimited gives back the slots it got when aborted while waiting for a later one', async () => {
    const perJob = createLimiter(1);
    const perProcess = createLimiter(1);
    const holder = await perProcess.acquire();
    const controller = new AbortController();
    const waiting = runLimited([perJob, perProcess], async () => 'ran', controller.signal);
    while (perProcess.waiting === 0) await Promise.resolve();
    expect(perJob.inFlight).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toThrow();
    expect(perJob.inFlight).toBe(0);
    holder();
  });

  it('rejects a size below 1', () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});
