import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGeminiProvider } from '../../src/models/gemini.ts';
import type { ModelRequest, Subtree } from '../../src/domain/types.ts';
import { startGeminiStub } from '../helpers/gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';

const invoiceSubtree: Subtree = {
  pointer: '',
  schema: {
    type: 'object',
    properties: {
      invoiceNumber: { type: 'string', pattern: '^INV-' },
      total: { type: 'number' },
    },
    required: ['invoiceNumber'],
  },
  fieldCount: 2,
};

function requestFor(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    subtree: invoiceSubtree,
    section: { pages: [], text: '--- page 1 ---\nInvoice INV-7\nTotal 12.50', imagePages: [] },
    enableThinking: false,
    wantEvidence: false,
    signal: new AbortController().signal,
    ...overrides,
  };
}

let stub: GeminiStub;
beforeEach(async () => {
  stub = await startGeminiStub();
});
afterEach(async () => {
  await stub.close();
});

function provider(model: Parameters<typeof createGeminiProvider>[0]['model'] = 'GEMINI_2_5_FLASH', modelName: string | null = null) {
  return createGeminiProvider({ model, modelName, apiKey: 'test-key', baseUrl: stub.url, maxRetries: 0, retryBaseDelayMs: 1 });
}

describe('the Gemini request', () => {
  it('reaches the v1beta generateContent endpoint of the model with the API key header', async () => {
    stub.respond(() => ({ kind: 'json', value: { invoiceNumber: 'INV-7', total: 12.5 } }));
    const response = await provider('GEMINI_2_5_PRO').extract(requestFor());
    expect(response.value).toEqual({ invoiceNumber: 'INV-7', total: 12.5 });
    const [request] = stub.requests;
    expect(request?.apiVersion).toBe('v1beta');
    expect(request?.model).toBe('gemini-2.5-pro');
    expect(request?.headers['x-goog-api-key']).toBe('test-key');
  });

  it('carries the translated schema, temperature, seed, system instruction, section text and user instructions', async () => {
    stub.respond(() => ({ kind: 'json', value: { invoiceNumber: 'INV-7', total: null } }));
    await provider().extract(
      requestFor({ temperature: 0.2, seed: 42, additionalInstructions: 'Amounts are in euros.' }),
    );
    const [request] = stub.requests;
    expect(request?.generationConfig).toMatchObject({
      temperature: 0.2,
      seed: 42,
      responseMimeType: 'application/json',
      thinkingConfig: { thinkingBudget: 0 },
    });
    expect(request?.responseSchema).toMatchObject({
      type: 'object',
      properties: { total: { type: ['number', 'null'] }, invoiceNumber: { type: 'string' } },
      required: ['invoiceNumber'],
    });
    expect(JSON.stringify(request?.responseSchema)).not.toContain('"pattern"');
    expect(request?.systemInstruction).toMatch(/never invent/i);
    expect(request?.prompt).toContain('--- page 1 ---\nInvoice INV-7');
    expect(request?.prompt).toContain('Amounts are in euros.');
  });

  it('leaves temperature and seed out when the request has none', async () => {
    stub.respond(() => ({ kind: 'json', value: { invoiceNumber: 'INV-7' } }));
    await provider().extract(requestFor());
    expect(stub.requests[0]?.generationConfig).not.toHaveProperty('temperature');
    expect(stub.requests[0]?.generationConfig).not.toHaveProperty('seed');
  });

  it.each([
    ['GEMINI_2_5_FLASH', false, { thinkingBudget: 0 }],
    ['GEMINI_2_5_FLASH', true, { thinkingBudget: -1, includeThoughts: false }],
    ['GEMINI_2_5_PRO', false, { thinkingBudget: 128 }],
    ['GEMINI_3_FLASH_PREVIEW', false, { thinkingLevel: 'MINIMAL', includeThoughts: false }],
    ['GEMINI_3_PRO_PREVIEW', false, { thinkingLevel: 'LOW', includeThoughts: false }],
    ['GEMINI_3_PRO_PREVIEW', true, { includeThoughts: false }],
  ] as const)('%s with thinking %s sends thinkingConfig %j', async (model, enableThinking, expected) => {
    stub.respond(() => ({ kind: 'json', value: { invoiceNumber: 'INV-7' } }));
    await provider(model).extract(requestFor({ enableThinking }));
    expect(stub.requests[0]?.generationConfig.thinkingConfig).toEqual(expected);
  });

  it.each([
    ['gemini-3.6-flash', false, { thinkingLevel: 'MINIMAL', includeThoughts: false }],
    ['gemini-3.1-pro-preview', false, { thinkingLevel: 'LOW', includeThoughts: false }],
    ['gemini-2.5-flash-lite', false, { thinkingBudget: 0 }],
    ['gemini-2.5-pro', true, { thinkingBudget: -1, includeThoughts: false }],
  ] as const)('GEMINI with modelName %s (thinking %s) calls that model with the settings of its family: %j', async (modelName, enableThinking, expected) => {
    stub.respond(() => ({ kind: 'json', value: { invoiceNumber: 'INV-7' } }));
    await provider('GEMINI', modelName).extract(requestFor({ enableThinking }));
    expect(stub.requests[0]?.model).toBe(modelName);
    expect(stub.requests[0]?.generationConfig.thinkingConfig).toEqual(expected);
  });

  it('sends scanned pages as an inline PDF and says which pages they are', async () => {
    stub.respond(() => ({ kind: 'json', value: { invoiceNumber: 'INV-7' } }));
    const pdf = new TextEncoder().encode('%PDF-1.7 fake scan');
    await provider().extract(
      requestFor({ imagePdf: pdf, section: { pages: [], text: '--- page 1 ---\n', imagePages: [2, 3] } }),
    );
    const [request] = stub.requests;
    expect(request?.inlineData).toEqual([
      { mimeType: 'application/pdf', data: Buffer.from(pdf).toString('base64') },
    ]);
    expect(request?.prompt).toMatch(/pages 2, 3 of the document, in that order\./);
  });

  it('asks for evidence in an envelope and returns value and evidence apart', async () => {
    stub.respond(() => ({
      kind: 'json',
      value: {
        value: { invoiceNumber: 'INV-7' },
        evidence: [
          { pointer: '/invoiceNumber', quote: 'Invoice INV-7', page: 1, reasoning: 'header', confidence: 1.4 },
          { quote: 'no pointer, dropped' },
        ],
      },
    }));
    const response = await provider().extract(requestFor({ wantEvidence: true }));
    expect(stub.requests[0]?.responseSchema).toMatchObject({ required: ['value', 'evidence'] });
    expect(response.value).toEqual({ invoiceNumber: 'INV-7' });
    expect(response.evidence).toEqual([
      { pointer: '/invoiceNumber', quote: 'Invoice INV-7', page: 1, reasoning: 'header', confidence: 1 },
    ]);
  });

  it('includes the previous answer and its problems when repairing', async () => {
    stub.respond(() => ({ kind: 'json', value: { invoiceNumber: 'INV-7' } }));
    await provider().extract(
      requestFor({ repair: { previousAnswer: { invoiceNumber: 7 }, problems: [{ pointer: '/invoiceNumber', message: 'must be string', value: 7 }] } }),
    );
    expect(stub.requests[0]?.prompt).toContain('{"invoiceNumber":7}');
    expect(stub.requests[0]?.prompt).toContain('- /invoiceNumber: must be string; given 7');
  });

  it('asks a turn-based array for the items after the last ones returned and reports done', async () => {
    const lines: Subtree = {
      pointer: '/lines',
      schema: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
      fieldCount: 1,
      itemsPerTurn: 2,
    };
    stub.respond(() => ({ kind: 'json', value: { items: [{ sku: 'C' }], done: true } }));
    const response = await provider().extract(
      requestFor({ subtree: lines, continuation: { itemsSoFar: 2, lastItems: [{ sku: 'A' }, { sku: 'B' }] } }),
    );
    expect(response).toMatchObject({ value: [{ sku: 'C' }], done: true, evidence: [] });
    const [request] = stub.requests;
    expect(request?.responseSchema).toMatchObject({
      properties: { items: { type: 'array', maxItems: 2 }, done: { type: 'boolean' } },
      required: ['items', 'done'],
    });
    expect(request?.prompt).toContain('2 items were already extracted');
    expect(request?.prompt).toContain('{"sku":"B"}');
    expect(request?.prompt).toMatch(/AFTER these/);
  });

  it('reports the usage of the answer', async () => {
    stub.respond(() => ({
      kind: 'json',
      value: { invoiceNumber: 'INV-7' },
      usage: { promptTokenCount: 1200, candidatesTokenCount: 20, thoughtsTokenCount: 150 },
      thought: 'thinking out loud',
    }));
    const response = await provider().extract(requestFor());
    expect(response.value).toEqual({ invoiceNumber: 'INV-7' });
    expect(response.usage).toEqual({
      promptTokens: 1200,
      outputTokens: 20,
      thinkingTokens: 150,
      totalTokens: 1370,
      modelCalls: 1,
    });
  });
});
