/**
 * How the Gemini provider reads the 200 answers the API gives besides a plain STOP: refusals,
 * blocked prompts, empty candidates, answers cut off at the output limit, and usage details.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelCallError, createGeminiProvider } from '../../src/models/gemini.ts';
import type { ModelRequest, Subtree } from '../../src/domain/types.ts';
import { startGeminiStub } from '../helpers/gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';

const invoice: Subtree = {
  pointer: '',
  schema: { type: 'object', properties: { number: { type: 'string' }, total: { type: 'number' } } },
  fieldCount: 2,
};

const rows: Subtree = {
  pointer: '',
  schema: { type: 'array', items: { type: 'object', properties: { ref: { type: 'string' }, amount: { type: 'number' } } } },
  fieldCount: 2,
  itemsPerTurn: 50,
};

function requestFor(subtree: Subtree = invoice): ModelRequest {
  return {
    subtree,
    section: { pages: [], text: '--- page 1 ---\nInvoice INV-7\nTotal 12.50', imagePages: [] },
    enableThinking: false,
    wantEvidence: false,
    signal: new AbortController().signal,
  };
}

let stub: GeminiStub;
beforeEach(async () => {
  stub = await startGeminiStub();
});
afterEach(async () => {
  await stub.close();
});

function provider() {
  return createGeminiProvider({ model: 'GEMINI_2_5_FLASH', apiKey: 'k', baseUrl: stub.url, maxRetries: 2, retryBaseDelayMs: 1 });
}

async function callError(promise: Promise<unknown>): Promise<ModelCallError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelCallError);
  return error as ModelCallError;
}

describe('Gemini answers other than STOP', () => {
  it.each(['SAFETY', 'RECITATION', 'PROHIBITED_CONTENT'])(
    'finishReason %s is a MODEL_ERROR naming the reason, not retried',
    async (finishReason) => {
      stub.respond(() => ({ kind: 'stopped', finishReason }));
      const error = await callError(provider().extract(requestFor()));
      expect(error.errorType).toBe('MODEL_ERROR');
      expect(error.message).toContain(`finishReason ${finishReason}`);
      expect(stub.requests).toHaveLength(1);
      expect(error.usage.modelCalls).toBe(1);
    },
  );

  it('a blocked prompt (promptFeedback.blockReason, no candidates) is a MODEL_ERROR naming the block, not retried', async () => {
    stub.respond(() => ({ kind: 'blocked', blockReason: 'PROHIBITED_CONTENT' }));
    const error = await callError(provider().extract(requestFor()));
    expect(error.errorType).toBe('MODEL_ERROR');
    expect(error.message).toContain('the prompt was blocked (PROHIBITED_CONTENT)');
    expect(stub.requests).toHaveLength(1);
  });

  it('an answer with no candidates and no block reason is retried like malformed output', async () => {
    stub.respond((request) => (request.callIndex === 0 ? { kind: 'no-candidates' } : { kind: 'json', value: { number: 'INV-7', total: 12.5 } }));
    const response = await provider().extract(requestFor());
    expect(response.value).toEqual({ number: 'INV-7', total: 12.5 });
    expect(stub.requests).toHaveLength(2);
  });

  it('finishReason OTHER is retried, and fails as INVALID_OUTPUT once the retries are spent', async () => {
    stub.respond(() => ({ kind: 'stopped', finishReason: 'OTHER' }));
    const error = await callError(provider().extract(requestFor()));
    expect(error.errorType).toBe('INVALID_OUTPUT');
    expect(error.message).toContain('finishReason OTHER');
    expect(stub.requests).toHaveLength(3);
  });

  it('a list cut off at MAX_TOKENS keeps its complete items and is not done, so another turn continues it', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ ref: `R${i + 1}`, amount: i + 1 }));
    const full = JSON.stringify({ items, done: true });
    const cut = full.slice(0, full.indexOf('"R21"') + 3);
    stub.respond(() => ({ kind: 'text', text: cut, finishReason: 'MAX_TOKENS' }));
    const response = await provider().extract(requestFor(rows));
    expect(response.value).toEqual(items.slice(0, 20));
    expect(response.done).toBe(false);
    expect(response.truncated).toBe(true);
    expect(stub.requests).toHaveLength(1);
  });

  it('an object cut off at MAX_TOKENS keeps the values before the cut and says it was truncated', async () => {
    stub.respond(() => ({ kind: 'text', text: '{"number":"INV-7","total":12.', finishReason: 'MAX_TOKENS' }));
    const response = await provider().extract(requestFor());
    expect(response).toMatchObject({ value: { number: 'INV-7' }, truncated: true });
  });

  it('counts thoughtsTokenCount as thinking tokens and cachedContentTokenCount as cached prompt tokens', async () => {
    stub.respond(() => ({
      kind: 'json',
      value: { number: 'INV-7', total: 12.5 },
      usage: { promptTokenCount: 1200, candidatesTokenCount: 40, thoughtsTokenCount: 300, cachedContentTokenCount: 1024 },
    }));
    const response = await provider().extract(requestFor());
    expect(response.usage).toEqual({ promptTokens: 1200, outputTokens: 40, thinkingTokens: 300, cachedTokens: 1024, totalTokens: 1540, modelCalls: 1 });
  });
});
