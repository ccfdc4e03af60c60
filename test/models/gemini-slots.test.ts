import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGeminiProvider } from '../../src/models/gemini.ts';
import type { GeminiProviderOptions } from '../../src/models/gemini.ts';
import { createAdaptiveLimiter, createLimiter, type Limiter } from '../../src/models/limiter.ts';
import type { ModelRequest } from '../../src/domain/types.ts';
import { turnOfItsOwn } from '../../src/models/turn-of-its-own.ts';
import { startGeminiStub } from '../helpers/gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';

function requestFor(jobLimiter?: Limiter): ModelRequest {
  return {
    subtree: { pointer: '', schema: { type: 'object', properties: { total: { type: 'number' } } }, fieldCount: 1 },
    section: { pages: [], text: '--- page 1 ---\nTotal 12', imagePages: [] },
    enableThinking: false,
    wantEvidence: false,
    signal: new AbortController().signal,
    ...(jobLimiter && { jobLimiter }),
  };
}

let stub: GeminiStub;
beforeEach(async () => {
  stub = await startGeminiStub();
});
afterEach(async () => {
  await stub.close();
});

function provider(options: Partial<GeminiProviderOptions> = {}) {
  return createGeminiProvider({ model: 'GEMINI_2_5_FLASH', apiKey: 'test-key', baseUrl: stub.url, maxRetries: 0, retryBaseDelayMs: 5, maxRetryDelayMs: 1_000, ...options });
}

/** A limiter of one slot that counts every call of a release function, repeated ones included. */
function countingLimiter() {
  const inner = createLimiter(1);
  const counted = {
    releaseCalls: 0,
    get max() {
      return inner.max;
    },
    get inFlight() {
      return inner.inFlight;
    },
    get waiting() {
      return inner.waiting;
    },
    async acquire(signal?: AbortSignal) {
      const release = await inner.acquire(signal);
      return () => {
        counted.releaseCalls++;
        release();
      };
    },
  };
  return counted;
}

describe("the Gemini provider's slots", () => {
  it('a 2xx answer gives its slot back as soon as its body is in, so the next call is sent before this one is parsed', async () => {
    const job = createLimiter(1);
    let firstSettled = false;
    const firstSettledWhenSecondSent: boolean[] = [];
    stub.respond((request) => {
      if (request.callIndex === 0) {
        // Many answers came in together and wait for their turns to be parsed (turn-of-its-own.ts):
        // this one is parsed after them, a thousand loop turns from now.
        for (let turn = 0; turn < 1_000; turn++) void turnOfItsOwn();
      } else {
        firstSettledWhenSecondSent.push(firstSettled);
      }
      return { kind: 'json', value: { total: 12 } };
    });
    const gemini = provider();
    const first = gemini.extract(requestFor(job)).finally(() => {
      firstSettled = true;
    });
    const second = gemini.extract(requestFor(job));
    expect((await Promise.all([first, second])).map((r) => r.value)).toEqual([{ total: 12 }, { total: 12 }]);
    expect(firstSettledWhenSecondSent).toEqual([false]);
    expect(job.inFlight).toBe(0);
  });

  it('an error answer gives its slot back once, when the attempt ends', async () => {
    const refused = countingLimiter();
    stub.respond(() => ({ kind: 'error', status: 400, message: 'bad request' }));
    await expect(provider().extract(requestFor(refused))).rejects.toMatchObject({ errorType: 'MODEL_ERROR' });
    expect(refused.releaseCalls).toBe(1);
    expect(refused.inFlight).toBe(0);
  });

  it("a wait for a slot longer than the attempt's timeout is not a timeout: the timer starts once the slots are held", async () => {
    stub.respond(() => ({ kind: 'json', value: { total: 12 } }));
    const job = createLimiter(1);
    const holder = await job.acquire();
    setTimeout(holder, 300);
    // No window to retry a timeout in: a timeout would fail the call.
    const response = await provider({ timeoutMs: 100, retryWindowMs: 1 }).extract(requestFor(job));
    expect(response.value).toEqual({ total: 12 });
    expect(response.usage.modelCalls).toBe(1);
    expect(stub.requests).toHaveLength(1);
  });

  it('a call queued behind a rate-limited one reaches the model only after the pause the 429 started', async () => {
    const model = createAdaptiveLimiter(1, { basePauseMs: 50 });
    const pausedWhenReceived: boolean[] = [];
    stub.respond((request) => {
      pausedWhenReceived.push(model.paused);
      return request.callIndex === 0 ? { kind: 'error', status: 429 } : { kind: 'json', value: { total: 12 } };
    });
    const gemini = provider({ limiter: model });
    const answers = await Promise.all([gemini.extract(requestFor()), gemini.extract(requestFor())]);
    expect(answers.map((a) => a.value)).toEqual([{ total: 12 }, { total: 12 }]);
    expect(pausedWhenReceived).toEqual([false, false, false]);
  });

  it('tells onSlotsHeld once its request is built and holds the job\'s slot and the process\'s, before it is sent', async () => {
    stub.respond(() => ({ kind: 'json', value: { total: 12 } }));
    const job = createLimiter(1);
    const model = createLimiter(1);
    const modelHeld = await model.acquire();
    const told: number[] = [];
    const call = provider({ limiter: model }).extract({ ...requestFor(job), onSlotsHeld: () => told.push(stub.requests.length) });
    await vi.waitUntil(() => model.waiting > 0);
    // Built, the job's slot taken, waiting for the process's (held here): not told, not sent.
    expect([job.inFlight, told, stub.requests.length]).toEqual([1, [], 0]);
    modelHeld();
    expect((await call).value).toEqual({ total: 12 });
    expect(told).toEqual([0]);
    expect(stub.requests).toHaveLength(1);
  });

  it('asks for its answers without content coding and parses them once read whole', async () => {
    // Inflating every answer cost the worker more than carrying it (fetch-whole.ts); the stand-in,
    // like the API, gzips only when asked.
    stub.respond(() => ({ kind: 'json', value: { total: 12 } }));
    const response = await provider().extract(requestFor());
    expect(response.value).toEqual({ total: 12 });
    expect(stub.requests[0]!.headers['accept-encoding'] ?? '').not.toMatch(/\bgzip\b/);
  });
});
