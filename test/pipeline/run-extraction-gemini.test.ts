/**
 * runExtraction through the real Gemini provider and SDK, against the local Gemini stub.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGeminiProvider } from '../../src/models/gemini.ts';
import { ExtractionAborted, runExtraction } from '../../src/pipeline/run-extraction.ts';
import type { RunExtractionInput } from '../../src/pipeline/run-extraction.ts';
import type { DocumentLayout, ExtractConfig, JsonSchema, PipelineEvent } from '../../src/domain/types.ts';
import { addUsage, ZERO_USAGE } from '../../src/domain/types.ts';
import { baseConfig } from '../helpers/fake-pipeline.ts';
import { startGeminiStub } from '../helpers/gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';

const config: ExtractConfig = { ...baseConfig, maxNumConcurrentRequests: 3 };

function layoutOf(pageTexts: string[][]): DocumentLayout {
  return {
    pageCount: pageTexts.length,
    pages: pageTexts.map((texts, i) => ({
      page: i + 1,
      width: 600,
      height: 800,
      hasTextLayer: true,
      lines: texts.map((text, j) => {
        const bbox = { x0: 50, y0: 50 + 12 * j, x1: 50 + 5 * text.length, y1: 60 + 12 * j };
        return { text, bbox, spans: [{ text, bbox, fontSize: 10 }] };
      }),
    })),
  };
}

const layout = layoutOf([['Invoice INV-7', 'Total 12.50']]);

let stub: GeminiStub;
beforeEach(async () => {
  stub = await startGeminiStub();
});
afterEach(async () => {
  await stub.close();
});

function start(overrides: Partial<RunExtractionInput> & { schema: JsonSchema }) {
  const events: PipelineEvent[] = [];
  const provider = createGeminiProvider({ model: 'GEMINI_2_5_FLASH', apiKey: 'k', baseUrl: stub.url, maxRetries: 0, retryBaseDelayMs: 1 });
  const promise = runExtraction({
    layout,
    config,
    provider,
    sectionTokenBudget: 100_000,
    emit: (e) => {
      events.push(e);
    },
    signal: new AbortController().signal,
    ...overrides,
  });
  return { events, promise };
}

function listsSchema(count: number): JsonSchema {
  const item = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
  return { type: 'object', properties: Object.fromEntries(Array.from({ length: count }, (_, i) => [`list${i}`, { type: 'array', items: item }])) };
}

describe('runExtraction with the Gemini provider', () => {
  it('keeps at most maxNumConcurrentRequests requests open at the model', async () => {
    stub.respond(async () => {
      // Hold each answer until the job has filled its slots (or nothing more will come).
      await stub.waitUntil((s) => s.inFlight >= 3 || s.requests.length >= 8);
      return { kind: 'json', value: [{ a: 'x' }] };
    });
    const { events, promise } = start({ schema: listsSchema(8) });
    const outcome = await promise;
    expect(stub.requests).toHaveLength(8);
    expect(stub.maxInFlight).toBe(3);
    expect(events.filter((e) => e.type === 'SUBTREE_RESULT')).toHaveLength(8);
    expect(outcome.failedPaths).toEqual([]);
  });

  it('repairs an answer that breaks the schema with one more request that names the problem', async () => {
    stub.respond((request) =>
      request.prompt.includes('Your previous answer was')
        ? { kind: 'json', value: { number: 'INV-7', total: 12.5 } }
        : { kind: 'json', value: { number: 'INV-7', total: 'twelve' } },
    );
    const { promise } = start({
      schema: { type: 'object', properties: { number: { type: 'string' }, total: { type: 'number' } } },
    });
    const outcome = await promise;
    expect(outcome.results).toEqual({ number: 'INV-7', total: 12.5 });
    expect(stub.requests).toHaveLength(2);
    expect(stub.requests[1]?.prompt).toMatch(/\/total/);
    expect(outcome.usage.modelCalls).toBe(2);
  });

  it('extracts a 300-row table in turns of 50, the stub answering from where the prompt says to continue', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ ref: `T${i + 1}`, amount: (i + 1) * 1.25 }));
    stub.respond((request) => {
      const from = Number(/(\d+) items were already extracted/.exec(request.prompt)?.[1] ?? 0);
      const items = rows.slice(from, from + 50);
      return { kind: 'json', value: { items, done: from + items.length >= rows.length } };
    });
    const { events, promise } = start({
      schema: { type: 'object', properties: { ref: { type: 'string' }, amount: { type: 'number' } }, required: ['ref', 'amount'] },
      config: { ...config, extractionTarget: 'PER_TABLE_ROW' },
    });
    const outcome = await promise;
    expect(outcome.results).toEqual(rows);
    expect(stub.requests).toHaveLength(6);
    const progress = events.filter((e) => e.type === 'ARRAY_PROGRESS');
    expect(progress.map((e) => e.itemsExtracted)).toEqual([50, 100, 150, 200, 250, 300]);
    expect(progress.at(-1)).toMatchObject({ done: true, turn: 6 });
    const usage = events.reduce((sum, e) => (e.type === 'SUBTREE_RESULT' ? addUsage(sum, e.usageMetadata) : sum), ZERO_USAGE);
    expect(usage).toEqual(outcome.usage);
    expect(outcome.usage.modelCalls).toBe(6);
    expect(outcome.costUsd).toBeGreaterThan(0);
  });

  it('cancels the open requests on abort and emits nothing more', async () => {
    stub.respond(() => ({ kind: 'hang' }));
    const controller = new AbortController();
    const { events, promise } = start({ schema: listsSchema(5), signal: controller.signal });
    await stub.waitUntil((s) => s.inFlight === 3);
    controller.abort();
    await expect(promise).rejects.toBeInstanceOf(ExtractionAborted);
    await stub.waitUntil((s) => s.aborted === 3);
    expect(stub.requests).toHaveLength(3);
    expect(events.map((e) => e.type)).toEqual(['JOB_STARTED']);
  });
});

describe('calls a Gemini job makes besides generating (a context cache)', () => {
  it('makes none while JOB_STARTED is being stored, and none at all when it cannot be stored', async () => {
    stub.respond(() => ({ kind: 'json', value: { total: 1 } }));
    // Long enough for a context cache (its minimum token count).
    const long = Array.from({ length: 400 }, (_, i) => `line ${i} of the statement with some words to count as tokens`);
    const provider = createGeminiProvider({ model: 'GEMINI_2_5_FLASH', apiKey: 'k', baseUrl: stub.url, maxRetries: 0, contextCache: { ttlSeconds: 600 } });
    const asked = Promise.withResolvers<void>();
    const stored = Promise.withResolvers<void>();
    const run = runExtraction({
      layout: layoutOf([long]),
      schema: { type: 'object', properties: { total: { type: 'number' } } },
      config,
      provider,
      sectionTokenBudget: 100_000,
      signal: new AbortController().signal,
      emit: async (event: PipelineEvent) => {
        if (event.type !== 'JOB_STARTED') return;
        asked.resolve();
        await stored.promise;
        throw new Error('database is down');
      },
    });
    run.catch(() => {});
    await asked.promise;
    // Time for a subtree to reach its cache while the write is held (before the gate, it did).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stub.caches.created).toHaveLength(0);
    stored.resolve();
    await expect(run).rejects.toThrow('database is down');
    await provider.dispose?.();
    expect(stub.caches.created).toHaveLength(0);
    expect(stub.requests).toHaveLength(0);
  });
});
