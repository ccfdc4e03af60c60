import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelCallError, createGeminiProvider } from '../../src/models/gemini.ts';
import type { GeminiProviderOptions } from '../../src/models/gemini.ts';
import type { ModelRequest } from '../../src/domain/types.ts';
import { startGeminiStub } from '../helpers/gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';

function requestFor(signal: AbortSignal = new AbortController().signal): ModelRequest {
  return {
    subtree: { pointer: '', schema: { type: 'object', properties: { total: { type: 'number' } } }, fieldCount: 1 },
    section: { pages: [], text: '--- page 1 ---\nTotal 12', imagePages: [] },
    enableThinking: false,
    wantEvidence: false,
    signal,
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
  return createGeminiProvider({
    model: 'GEMINI_2_5_FLASH',
    apiKey: 'test-key',
    baseUrl: stub.url,
    maxRetries: 2,
    retryBaseDelayMs: 5,
    maxRetryDelayMs: 1_000,
    ...options,
  });
}

async function callError(promise: Promise<unknown>): Promise<ModelCallError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelCallError);
  return error as ModelCallError;
}

const usage100 = { promptTokenCount: 100, candidatesTokenCount: 10, thoughtsTokenCount: 5 };

describe('retries', () => {
  it('a 503 is retried and the answer after it succeeds, with usage summed over both answered calls', async () => {
    stub.respond((req) =>
      req.callIndex === 0
        ? { kind: 'error', status: 503, message: 'overloaded' }
        : { kind: 'json', value: { total: 12 }, usage: usage100 },
    );
    const response = await provider().extract(requestFor());
    expect(response.value).toEqual({ total: 12 });
    expect(stub.requests).toHaveLength(2);
    expect(response.usage).toEqual({ promptTokens: 100, outputTokens: 10, thinkingTokens: 5, totalTokens: 115, modelCalls: 2 });
  });

  it('tokens of a malformed answer count too when a retry then succeeds', async () => {
    stub.respond((req) =>
      req.callIndex === 0
        ? { kind: 'text', text: '{"total": 1', usage: usage100 }
        : { kind: 'json', value: { total: 12 }, usage: usage100 },
    );
    const response = await provider().extract(requestFor());
    expect(response.usage).toMatchObject({ promptTokens: 200, outputTokens: 20, thinkingTokens: 10, modelCalls: 2 });
  });

  it('a 429 with RetryInfo waits at least the delay the server asked for', async () => {
    const arrivals: number[] = [];
    stub.respond((req) => {
      arrivals.push(performance.now());
      return req.callIndex === 0
        ? { kind: 'error', status: 429, retryDelaySeconds: 0.2 }
        : { kind: 'json', value: { total: 12 } };
    });
    await provider({ random: () => 0 }).extract(requestFor());
    expect(arrivals).toHaveLength(2);
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(180);
  });

  it('a 429 with a Retry-After header waits at least that long', async () => {
    const arrivals: number[] = [];
    stub.respond((req) => {
      arrivals.push(performance.now());
      return req.callIndex === 0
        ? { kind: 'error', status: 429, retryAfterHeader: '0.2' }
        : { kind: 'json', value: { total: 12 } };
    });
    await provider({ random: () => 0 }).extract(requestFor());
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(180);
  });

  it('the server delay is capped at maxRetryDelayMs', async () => {
    stub.respond((req) =>
      req.callIndex === 0
        ? { kind: 'error', status: 429, retryDelaySeconds: 3600 }
        : { kind: 'json', value: { total: 12 } },
    );
    const started = performance.now();
    await provider({ maxRetryDelayMs: 50 }).extract(requestFor());
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('429 is retried for the retry window, not a count: maxRetries 0 still retries it', async () => {
    stub.respond((req) => (req.callIndex < 4 ? { kind: 'error', status: 429, message: 'quota' } : { kind: 'json', value: { total: 12 } }));
    const response = await provider({ maxRetries: 0, retryWindowMs: 60_000 }).extract(requestFor());
    expect(response.value).toEqual({ total: 12 });
    expect(response.usage.modelCalls).toBe(5);
  });

  it('429 on every attempt ends in RATE_LIMITED once the retry window is spent, with every attempt counted', async () => {
    stub.respond(() => ({ kind: 'error', status: 429, message: 'quota' }));
    const error = await callError(provider({ maxRetries: 0, retryWindowMs: 300 }).extract(requestFor()));
    expect(error.errorType).toBe('RATE_LIMITED');
    expect(error.attempts).toBeGreaterThan(1);
    expect(error.status).toBe(429);
    expect(error.usage.modelCalls).toBe(error.attempts);
    expect(stub.requests).toHaveLength(error.attempts);
    expect(error.message).toMatch(/over 0 s\)$/);
  });

  it('5xx on every attempt ends in MODEL_ERROR once the retry window is spent', async () => {
    stub.respond(() => ({ kind: 'error', status: 500, message: 'boom' }));
    const error = await callError(provider({ maxRetries: 0, retryWindowMs: 200 }).extract(requestFor()));
    expect(error.errorType).toBe('MODEL_ERROR');
    expect(error.attempts).toBeGreaterThan(1);
    expect(error.message).toContain('INTERNAL: boom');
  });

  it('a 503 with Retry-After waits at least that long', async () => {
    const arrivals: number[] = [];
    stub.respond((req) => {
      arrivals.push(performance.now());
      return req.callIndex === 0 ? { kind: 'error', status: 503, retryAfterHeader: '0.2' } : { kind: 'json', value: { total: 12 } };
    });
    await provider({ random: () => 0 }).extract(requestFor());
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(180);
  });

  it('a 400 is not retried', async () => {
    stub.respond(() => ({ kind: 'error', status: 400, message: 'schema too deep' }));
    const error = await callError(provider({ maxRetries: 3 }).extract(requestFor()));
    expect(error.errorType).toBe('MODEL_ERROR');
    expect(error.attempts).toBe(1);
    expect(error.status).toBe(400);
    expect(stub.requests).toHaveLength(1);
  });

  it('malformed JSON is retried, then ends in INVALID_OUTPUT with the tokens it used', async () => {
    stub.respond(() => ({ kind: 'text', text: 'not json at all', usage: usage100 }));
    const error = await callError(provider({ maxRetries: 1 }).extract(requestFor()));
    expect(error.errorType).toBe('INVALID_OUTPUT');
    expect(stub.requests).toHaveLength(2);
    expect(error.usage).toMatchObject({ promptTokens: 200, modelCalls: 2 });
  });
});

describe('timeouts and aborts', () => {
  it('a model that never answers ends in TIMEOUT after each attempt times out', async () => {
    stub.respond(() => ({ kind: 'hang' }));
    const error = await callError(provider({ timeoutMs: 100, maxRetries: 0, retryWindowMs: 150 }).extract(requestFor()));
    expect(error.errorType).toBe('TIMEOUT');
    expect(error.attempts).toBeGreaterThanOrEqual(2);
    // Every request that reached the server was cancelled (under load an attempt can time out
    // before its request arrives, so the count is the server's, not the attempts').
    await stub.waitUntil((s) => s.inFlight === 0 && s.requests.length > 0 && s.aborted === s.requests.length);
  });

  it('aborting during a hanging call cancels the HTTP request and rejects promptly with ABORTED', async () => {
    stub.respond(() => ({ kind: 'hang' }));
    const controller = new AbortController();
    const pending = callError(provider({ timeoutMs: 60_000 }).extract(requestFor(controller.signal)));
    await stub.waitUntil((s) => s.inFlight === 1);
    const abortedAt = performance.now();
    controller.abort();
    const error = await pending;
    expect(performance.now() - abortedAt).toBeLessThan(1_000);
    expect(error.errorType).toBe('ABORTED');
    expect(error.attempts).toBe(1);
    await stub.waitUntil((s) => s.aborted === 1 && s.inFlight === 0);
    expect(stub.requests).toHaveLength(1);
  });

  it('aborting during a backoff sleep stops retrying at once', async () => {
    stub.respond(() => ({ kind: 'error', status: 429, retryDelaySeconds: 30 }));
    const controller = new AbortController();
    // The jitter is drawn just before the backoff sleep starts, so it marks "now sleeping".
    const { promise: backingOff, resolve: startBackoff } = Promise.withResolvers<void>();
    const random = () => {
      startBackoff();
      return 0;
    };
    const pending = callError(
      provider({ maxRetryDelayMs: 60_000, maxRetries: 5, random }).extract(requestFor(controller.signal)),
    );
    await backingOff;
    const abortedAt = performance.now();
    controller.abort();
    const error = await pending;
    expect(performance.now() - abortedAt).toBeLessThan(1_000);
    expect(error.errorType).toBe('ABORTED');
    expect(error.usage.modelCalls).toBe(1);
    expect(stub.requests).toHaveLength(1);
  });

  it('an already aborted request makes no call', async () => {
    stub.respond(() => ({ kind: 'json', value: { total: 1 } }));
    const error = await callError(provider().extract(requestFor(AbortSignal.abort())));
    expect(error.errorType).toBe('ABORTED');
    expect(stub.requests).toHaveLength(0);
  });
});
