import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModelCallError } from '../../src/models/gemini-errors.ts';
import { createLimiter } from '../../src/models/limiter.ts';
import { createOpenAiProvider, forgetOutputModeFallbacks } from '../../src/models/openai.ts';
import type { OpenAiProviderOptions } from '../../src/models/openai.ts';
import type { JsonSchema, ModelRequest } from '../../src/domain/types.ts';
import { startOpenAiStub } from '../helpers/openai-stub.ts';
import type { OpenAiStub } from '../helpers/openai-stub.ts';

const invoiceSchema: JsonSchema = {
  type: 'object',
  properties: { invoice_number: { type: 'string' }, total: { type: 'number' } },
  required: ['invoice_number'],
};

function requestFor(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    subtree: { pointer: '', schema: invoiceSchema, fieldCount: 2 },
    section: { pages: [], text: '--- page 1 ---\nInvoice INV-7\nTotal 12.50', imagePages: [] },
    enableThinking: false,
    wantEvidence: false,
    signal: new AbortController().signal,
    ...overrides,
  };
}

let stub: OpenAiStub;
beforeEach(async () => {
  forgetOutputModeFallbacks();
  stub = await startOpenAiStub();
});
afterEach(async () => {
  await stub.close();
});

function provider(options: Partial<OpenAiProviderOptions> = {}) {
  return createOpenAiProvider({
    baseUrl: stub.url,
    apiKey: null,
    modelName: 'qwen2.5:7b-instruct',
    vision: false,
    maxRetries: 2,
    retryBaseDelayMs: 5,
    maxRetryDelayMs: 2_000,
    // Outages are retried for a time window: a short one keeps these tests quick.
    retryWindowMs: 60,
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

describe('the Chat Completions request', () => {
  it('asks the named model for strict Structured Outputs: every property required, optional ones nullable, no extra keys', async () => {
    stub.respond(() => ({ kind: 'json', value: { invoice_number: 'INV-7', total: 12.5 } }));
    const response = await provider().extract(requestFor({ temperature: 0, seed: 7 }));

    expect(response.value).toEqual({ invoice_number: 'INV-7', total: 12.5 });
    const [request] = stub.requests;
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.model).toBe('qwen2.5:7b-instruct');
    expect(request?.body.temperature).toBe(0);
    expect(request?.body.seed).toBe(7);
    expect(request?.responseFormat).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'extraction',
        strict: true,
        schema: {
          type: 'object',
          properties: { invoice_number: { type: 'string' }, total: { type: ['number', 'null'] } },
          required: ['invoice_number', 'total'],
          additionalProperties: false,
        },
      },
    });
    expect(request?.prompt).toContain('Invoice INV-7');
    expect(request?.headers.authorization).toBe('Bearer no-key');
  });

  it('sends the configured API key as a bearer token', async () => {
    stub.respond(() => ({ kind: 'json', value: { invoice_number: 'A', total: null } }));
    await provider({ apiKey: 'sk-test' }).extract(requestFor());
    expect(stub.requests[0]?.headers.authorization).toBe('Bearer sk-test');
  });

  it('wraps a list answer in {"value": ...} because strict mode needs an object at the root', async () => {
    const lines: JsonSchema = { type: 'array', items: { type: 'object', properties: { amount: { type: 'number' } } } };
    stub.respond(() => ({ kind: 'json', value: { value: [{ amount: 1 }, { amount: 2 }] } }));
    const response = await provider().extract(requestFor({ subtree: { pointer: '/lines', schema: lines, fieldCount: 1 } }));
    expect(response.value).toEqual([{ amount: 1 }, { amount: 2 }]);
    const schema = stub.requests[0]?.responseFormat?.json_schema?.schema;
    expect(schema?.required).toEqual(['value']);
    expect((schema?.properties as Record<string, JsonSchema>).value?.type).toBe('array');
  });

  it('takes a list answered bare, without the {"value": ...} wrapper, as meant', async () => {
    const lines: JsonSchema = { type: 'array', items: { type: 'object', properties: { amount: { type: 'number' } } } };
    stub.respond(() => ({ kind: 'json', value: [{ amount: 3 }] }));
    const response = await provider().extract(requestFor({ subtree: { pointer: '/lines', schema: lines, fieldCount: 1 } }));
    expect(response.value).toEqual([{ amount: 3 }]);
  });

  it('reads JSON wrapped in a reasoning block and Markdown fences, as self-hosted models write it', async () => {
    stub.respond(() => ({ kind: 'text', text: '<think>The invoice number is in the heading.</think>\n```json\n{"invoice_number": "INV-7", "total": 12.5}\n```' }));
    const response = await provider().extract(requestFor());
    expect(response.value).toEqual({ invoice_number: 'INV-7', total: 12.5 });
  });

  it('reads turn-based list answers with their "done" flag', async () => {
    const lines: JsonSchema = { type: 'array', items: { type: 'object', properties: { amount: { type: 'number' } } } };
    stub.respond(() => ({ kind: 'json', value: { items: [{ amount: 1 }], done: true } }));
    const response = await provider().extract(requestFor({ subtree: { pointer: '/lines', schema: lines, fieldCount: 1, itemsPerTurn: 10 } }));
    expect(response).toMatchObject({ value: [{ amount: 1 }], done: true });
  });

  it('counts cached prompt tokens and reasoning tokens (reasoning apart from output)', async () => {
    stub.respond(() => ({
      kind: 'json',
      value: { invoice_number: 'A', total: 1 },
      usage: { prompt_tokens: 1000, completion_tokens: 300, cached_tokens: 400, reasoning_tokens: 200 },
    }));
    const response = await provider().extract(requestFor());
    expect(response.usage).toEqual({ promptTokens: 1000, outputTokens: 100, thinkingTokens: 200, totalTokens: 1300, modelCalls: 1, cachedTokens: 400 });
  });
});

describe('servers without Structured Outputs', () => {
  it('a server that refuses json_schema is asked again in JSON mode with the schema in the prompt, and remembered', async () => {
    stub.configure({ refuseJsonSchema: true });
    stub.respond(() => ({ kind: 'json', value: { invoice_number: 'INV-7', total: 12.5 } }));
    const first = await provider({ maxRetries: 0 }).extract(requestFor());
    expect(first.value).toEqual({ invoice_number: 'INV-7', total: 12.5 });
    expect(stub.requests.map((r) => r.responseFormat?.type)).toEqual(['json_schema', 'json_object']);
    expect(stub.requests[1]?.prompt).toContain('"additionalProperties":false');
    expect(first.usage.modelCalls).toBe(2);

    await provider().extract(requestFor());
    expect(stub.requests.map((r) => r.responseFormat?.type)).toEqual(['json_schema', 'json_object', 'json_object']);
  });

  it('the fallback is remembered per server and model, not for every model', async () => {
    stub.configure({ refuseJsonSchema: true });
    stub.respond(() => ({ kind: 'json', value: { invoice_number: 'A', total: null } }));
    await provider().extract(requestFor());
    stub.configure({});
    await provider({ modelName: 'llama3.1:8b' }).extract(requestFor());
    expect(stub.requests.at(-1)?.responseFormat?.type).toBe('json_schema');
  });

  it('a server that refuses this one schema gets JSON mode for this request only', async () => {
    stub.respond((req) =>
      req.responseFormat?.type === 'json_schema' && req.callIndex === 0
        ? {
            kind: 'error',
            status: 400,
            param: 'response_format',
            message: "Invalid schema for response_format 'extraction': In context=(), 'required' is required to be supplied.",
          }
        : { kind: 'json', value: { invoice_number: 'A', total: null } },
    );
    await provider().extract(requestFor());
    await provider().extract(requestFor());
    expect(stub.requests.map((r) => r.responseFormat?.type)).toEqual(['json_schema', 'json_object', 'json_schema']);
  });

  it('an answer that is not JSON is retried, then fails as INVALID_OUTPUT', async () => {
    stub.respond(() => ({ kind: 'text', text: 'Sure! Here is the data: {invoice' }));
    const error = await callError(provider({ maxRetries: 1 }).extract(requestFor()));
    expect(error.errorType).toBe('INVALID_OUTPUT');
    expect(error.message).toMatch(/malformed JSON/);
    expect(stub.requests).toHaveLength(2);
    expect(error.usage.modelCalls).toBe(2);
  });
});

describe('errors and retries', () => {
  it('a 429 waits for retry-after-ms and then succeeds, usage summed over both answered calls', async () => {
    stub.respond((req) =>
      req.callIndex === 0
        ? { kind: 'error', status: 429, message: 'Rate limit reached for requests', retryAfterMs: 50 }
        : { kind: 'json', value: { invoice_number: 'A', total: 1 }, usage: { prompt_tokens: 10, completion_tokens: 5 } },
    );
    const response = await provider({ random: () => 0 }).extract(requestFor());
    expect(response.value).toEqual({ invoice_number: 'A', total: 1 });
    expect(stub.requests).toHaveLength(2);
    expect(response.usage.modelCalls).toBe(2);
    expect(response.usage.promptTokens).toBe(10);
  });

  it('a 429 that persists past the retry window ends as RATE_LIMITED with the server\'s message, honouring the retry-after header', async () => {
    stub.respond(() => ({ kind: 'error', status: 429, message: 'Rate limit reached', retryAfter: '0' }));
    const error = await callError(provider({ maxRetries: 0 }).extract(requestFor()));
    expect(error.errorType).toBe('RATE_LIMITED');
    expect(error.message).toContain('Rate limit reached');
    // Retried within the window however many attempts that takes, not maxRetries times.
    expect(error.attempts).toBeGreaterThan(1);
    expect(error.status).toBe(429);
  });

  it('a 429 for an account without quota is not retried: no wait helps', async () => {
    stub.respond(() => ({
      kind: 'error',
      status: 429,
      type: 'insufficient_quota',
      code: 'insufficient_quota',
      message: 'You exceeded your current quota, please check your plan and billing details.',
    }));
    const error = await callError(provider().extract(requestFor()));
    expect(error.errorType).toBe('MODEL_ERROR');
    expect(error.message).toContain('the account has no quota left: You exceeded your current quota');
    expect(stub.requests).toHaveLength(1);
  });

  it('a 503 is retried; a 400 is not', async () => {
    stub.respond((req) => (req.callIndex === 0 ? { kind: 'error', status: 503, message: 'overloaded' } : { kind: 'json', value: { invoice_number: 'A', total: 1 } }));
    await provider().extract(requestFor());
    expect(stub.requests).toHaveLength(2);

    stub.respond(() => ({ kind: 'error', status: 400, message: "Invalid value for 'seed'", param: 'seed' }));
    const error = await callError(provider().extract(requestFor()));
    expect(error.errorType).toBe('MODEL_ERROR');
    expect(error.message).toContain("Invalid value for 'seed'");
    expect(stub.requests).toHaveLength(3);
  });

  it('a prompt over the context window fails at once with a message naming the limit', async () => {
    stub.configure({ contextWindow: 5 });
    const error = await callError(provider().extract(requestFor()));
    expect(error.errorType).toBe('MODEL_ERROR');
    expect(error.message).toMatch(/context window of 5 tokens/);
    expect(error.message).toContain('context_length_exceeded');
    expect(stub.requests).toHaveLength(1);
  });

  it('an answer cut off at the token limit (finish_reason "length") is not retried', async () => {
    stub.respond(() => ({ kind: 'text', text: '{"invoice_number": "INV-', finishReason: 'length' }));
    const error = await callError(provider().extract(requestFor()));
    expect(error.errorType).toBe('INVALID_OUTPUT');
    expect(error.message).toMatch(/cut off at the output token limit/);
    expect(stub.requests).toHaveLength(1);
  });

  it('a refusal is a MODEL_ERROR that says so', async () => {
    stub.respond(() => ({ kind: 'refusal', refusal: "I'm sorry, I can't help with that." }));
    const error = await callError(provider().extract(requestFor()));
    expect(error.errorType).toBe('MODEL_ERROR');
    expect(error.message).toContain("the model refused: I'm sorry");
  });

  it('a server that does not answer in time is a TIMEOUT, and the connection is dropped', async () => {
    stub.respond(() => ({ kind: 'hang' }));
    const error = await callError(provider({ timeoutMs: 100, maxRetries: 0, retryWindowMs: 150 }).extract(requestFor()));
    expect(error.errorType).toBe('TIMEOUT');
    // A timeout is an outage: retried within the window, each attempt's connection dropped.
    expect(error.attempts).toBeGreaterThanOrEqual(2);
    expect(error.usage.modelCalls).toBe(0);
    await stub.waitUntil((s) => s.aborted === error.attempts);
  });

  it('no server at the URL is "no model server at URL"', async () => {
    const url = stub.url;
    await stub.close();
    const error = await callError(provider({ baseUrl: url, maxRetries: 1 }).extract(requestFor()));
    expect(error.errorType).toBe('MODEL_ERROR');
    expect(error.message).toContain(`no model server at ${url} (connection refused)`);
    stub = await startOpenAiStub();
  });

  it('cancelling aborts the request in flight and releases the process slot', async () => {
    stub.respond(() => ({ kind: 'hang' }));
    const limiter = createLimiter(1);
    const cancel = new AbortController();
    const call = provider({ limiter }).extract(requestFor({ signal: cancel.signal }));
    await stub.waitUntil((s) => s.inFlight === 1);
    expect(limiter.inFlight).toBe(1);
    cancel.abort();
    const error = await callError(call);
    expect(error.errorType).toBe('ABORTED');
    expect(limiter.inFlight).toBe(0);
    await stub.waitUntil((s) => s.aborted === 1);
  });

  it('tells onSlotsHeld once the job\'s slot and the process\'s are held, not before', async () => {
    stub.respond(() => ({ kind: 'json', value: { invoice_number: 'A', total: 1 } }));
    const job = createLimiter(1);
    const limiter = createLimiter(1);
    const processHeld = await limiter.acquire();
    let told = 0;
    const call = provider({ limiter }).extract(requestFor({ jobLimiter: job, onSlotsHeld: () => told++ }));
    await vi.waitUntil(() => limiter.waiting > 0);
    expect([job.inFlight, told]).toEqual([1, 0]);
    processHeld();
    await call;
    expect(told).toBe(1);
    expect(stub.requests).toHaveLength(1);
  });

  it('a custom base path is honoured (e.g. a proxy mounting the API under /openai/v1)', async () => {
    stub.respond(() => ({ kind: 'json', value: { invoice_number: 'A', total: 1 } }));
    await provider({ baseUrl: `${stub.origin}/openai/v1` }).extract(requestFor());
    expect(stub.requests[0]?.path).toBe('/openai/v1/chat/completions');
  });
});

describe('scanned pages', () => {
  const scanned = new Uint8Array(readFileSync(new URL('../fixtures/scanned.pdf', import.meta.url)));

  it('with vision, each scanned page goes as a PNG image_url part', async () => {
    stub.respond(() => ({ kind: 'json', value: { invoice_number: 'A', total: 1 } }));
    // As the pipeline cuts them: a PDF of just the section's scanned pages, in order (here 2 of them).
    const section = { pages: [], text: '--- page 3 ---\n(scanned page: no text layer)', imagePages: [3, 7] };
    await provider({ vision: true }).extract(requestFor({ section, imagePdf: scanned }));
    const images = stub.requests[0]?.imageUrls ?? [];
    expect(images).toHaveLength(2);
    for (const image of images) {
      expect(image).toMatch(/^data:image\/png;base64,/);
      const png = Buffer.from(image.slice('data:image/png;base64,'.length), 'base64');
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    }
    expect(stub.requests[0]?.prompt).toContain('The images hold pages 3, 7 of the document, in that order');
  });

  it('without vision, the provider says it does not read images and sends none', async () => {
    stub.respond(() => ({ kind: 'json', value: { invoice_number: 'A', total: 1 } }));
    const p = provider({ vision: false });
    expect(p.readsImages).toBe(false);
    await p.extract(requestFor({ imagePdf: scanned, section: { pages: [], text: '', imagePages: [1] } }));
    expect(stub.requests[0]?.imageUrls).toEqual([]);
  });
});

describe('cost', () => {
  it('a self-hosted server costs 0; OpenAI prices its models with the cached rate; an unknown OpenAI model has no price', () => {
    const usage = { promptTokens: 1_000_000, outputTokens: 500_000, thinkingTokens: 500_000, totalTokens: 2_000_000, modelCalls: 1, cachedTokens: 400_000 };
    expect(provider().costUsd?.(usage)).toBe(0);
    const openai = (modelName: string) => createOpenAiProvider({ baseUrl: 'https://api.openai.com/v1', apiKey: 'sk', modelName, vision: false, maxRetries: 0 });
    // gpt-4.1-mini: 600k × $0.40 + 400k × $0.10 + 1M × $1.60 per 1M
    expect(openai('gpt-4.1-mini').costUsd?.(usage)).toBeCloseTo(0.24 + 0.04 + 1.6, 10);
    expect(openai('gpt-4.1-mini-2025-04-14').costUsd?.(usage)).toBeCloseTo(1.88, 10);
    expect(openai('some-new-model').costUsd?.(usage)).toBeNull();
    const priced = provider({ prices: { 'qwen2.5:7b-instruct': { input: 1, cachedInput: 0.5, output: 2 } } });
    expect(priced.costUsd?.(usage)).toBeCloseTo(0.6 + 0.2 + 2, 10);
  });
});
