import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readLayout } from '../../src/pdf/read-layout.ts';
import { ModelCallError } from '../../src/models/gemini.ts';
import { callCostUsd } from '../../src/models/prices.ts';
import { ExtractionAborted, runExtraction } from '../../src/pipeline/run-extraction.ts';
import type { CompletedSubtree, RunExtractionInput } from '../../src/pipeline/run-extraction.ts';
import type {
  DocumentLayout,
  ExtractConfig,
  JsonSchema,
  ModelProvider,
  ModelRequest,
  ModelResponse,
  PageLayout,
  PipelineEvent,
  TokenUsage,
} from '../../src/pipeline/types.ts';
import { addUsage, ZERO_USAGE } from '../../src/pipeline/types.ts';

const CALL_USAGE: TokenUsage = { promptTokens: 1000, outputTokens: 50, thinkingTokens: 10, totalTokens: 1060, modelCalls: 1 };

const baseConfig: ExtractConfig = {
  model: 'GEMINI_2_5_FLASH',
  maxNumConcurrentRequests: 5,
  validateResponseSchema: true,
  perKeyAttribution: false,
  temperature: null,
  seed: null,
  enableThinking: false,
  nMaxRetries: 0,
  additionalInstructions: null,
  enableAgenticArrayExtraction: false,
  extractionTarget: 'PER_DOC',
  targetPages: null,
  maxPages: null,
};

function textPage(n: number, ...texts: string[]): PageLayout {
  return {
    page: n,
    width: 600,
    height: 800,
    hasTextLayer: true,
    lines: texts.map((text, i) => {
      const bbox = { x0: 50, y0: 50 + 14 * i, x1: 50 + 5 * text.length, y1: 60 + 14 * i };
      return { text, bbox, spans: [{ text, bbox, fontSize: 10 }] };
    }),
  };
}

const layout: DocumentLayout = {
  pageCount: 2,
  pages: [
    textPage(1, 'Invoice number: INV-7', 'A widget 1', 'B gadget 2'),
    textPage(2, 'C gizmo 3', 'Total due 12.50'),
  ],
};

const linesSchema: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { sku: { type: 'string' }, qty: { type: 'number' } },
    required: ['sku', 'qty'],
  },
};

const invoiceSchema: JsonSchema = {
  type: 'object',
  properties: {
    number: { type: ['string', 'null'] },
    total: { type: ['number', 'null'] },
    lines: linesSchema,
  },
};

type Answer = (request: ModelRequest, call: number) => Partial<ModelResponse> | Promise<Partial<ModelResponse>>;

interface FakeProvider extends ModelProvider {
  calls: ModelRequest[];
  maxInFlight: number;
}

/** Our own ModelProvider interface, answered by a function; counts calls in flight. */
function fakeProvider(answer: Answer): FakeProvider {
  let inFlight = 0;
  const provider: FakeProvider = {
    id: 'GEMINI_2_5_FLASH',
    calls: [],
    maxInFlight: 0,
    async extract(request) {
      const call = provider.calls.push(request) - 1;
      inFlight++;
      provider.maxInFlight = Math.max(provider.maxInFlight, inFlight);
      try {
        // Give the other subtrees a chance to start their calls before this one ends.
        for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
        const reply = await answer(request, call);
        return { value: null, evidence: [], usage: CALL_USAGE, ...reply };
      } finally {
        inFlight--;
      }
    },
  };
  return provider;
}

/** Answers the invoice from whatever pages the request's section holds. */
const invoiceAnswer: Answer = (request) => {
  const pages = request.section.pages.map((p) => p.page);
  if (request.subtree.pointer === '/lines') {
    const lines = [
      ...(pages.includes(1) ? [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }] : []),
      ...(pages.includes(2) ? [{ sku: 'C', qty: 3 }] : []),
    ];
    return { value: lines };
  }
  return { value: { number: pages.includes(1) ? 'INV-7' : null, total: pages.includes(2) ? 12.5 : null } };
};

async function run(
  provider: ModelProvider,
  overrides: Partial<Omit<RunExtractionInput, 'config'>> & { config?: Partial<ExtractConfig> } = {},
) {
  const events: PipelineEvent[] = [];
  const { config, ...rest } = overrides;
  const promise = runExtraction({
    layout,
    schema: invoiceSchema,
    provider,
    sectionTokenBudget: 100_000,
    emit: (event) => {
      events.push(event);
    },
    signal: new AbortController().signal,
    ...rest,
    config: { ...baseConfig, ...config },
  });
  return { events, promise };
}

function types(events: PipelineEvent[]): string[] {
  return events.map((e) => (e.type === 'started' ? 'started' : `${e.type} ${e.path}`));
}

describe('runExtraction', () => {
  it('emits started, then exactly one result per subtree, and merges them at their pointers', async () => {
    const provider = fakeProvider(invoiceAnswer);
    const { events, promise } = await run(provider);
    const outcome = await promise;
    expect(events[0]).toEqual({ type: 'started', totalSubtrees: 2, totalFields: 4 });
    expect(types(events).slice(1).sort()).toEqual(['subtree_result ', 'subtree_result /lines']);
    expect(outcome.results).toEqual({
      number: 'INV-7',
      total: 12.5,
      lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }, { sku: 'C', qty: 3 }],
    });
    expect(outcome).toMatchObject({ totalSubtrees: 2, totalFields: 4, numPagesExtracted: 2, failedPaths: [], warnings: [] });
  });

  it('sends each subtree once per section and merges the sections', async () => {
    const provider = fakeProvider(invoiceAnswer);
    // A budget of ~20 tokens puts each page in its own section.
    const { promise } = await run(provider, { sectionTokenBudget: 20 });
    const outcome = await promise;
    expect(provider.calls).toHaveLength(4);
    expect(outcome.results).toEqual({
      number: 'INV-7',
      total: 12.5,
      lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }, { sku: 'C', qty: 3 }],
    });
  });

  it('de-duplicates array items that two sections both return', async () => {
    const provider = fakeProvider((request) =>
      request.subtree.pointer === '/lines'
        ? { value: [{ sku: 'B', qty: 2 }, ...(request.section.pages[0]?.page === 2 ? [{ sku: 'C', qty: 3 }] : [])] }
        : { value: { number: 'INV-7', total: 12.5 } },
    );
    const { promise } = await run(provider, { sectionTokenBudget: 20 });
    expect(((await promise).results as { lines: unknown[] }).lines).toEqual([{ sku: 'B', qty: 2 }, { sku: 'C', qty: 3 }]);
  });

  it('never has more calls in flight than maxNumConcurrentRequests', async () => {
    const properties = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`list${i}`, { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } }]),
    );
    const provider = fakeProvider(() => ({ value: [{ a: 'x' }] }));
    const { events, promise } = await run(provider, {
      schema: { type: 'object', properties },
      config: { maxNumConcurrentRequests: 3 },
    });
    await promise;
    expect(provider.calls).toHaveLength(8);
    expect(provider.maxInFlight).toBe(3);
    expect(events.filter((e) => e.type === 'subtree_result')).toHaveLength(8);
  });

  it('asks once more with the problems when an answer breaks the schema, and keeps the repaired answer', async () => {
    const provider = fakeProvider((request) => {
      if (request.subtree.pointer !== '/lines') return { value: { number: 'INV-7', total: 12.5 } };
      return request.repair ? { value: [{ sku: 'A', qty: 1 }] } : { value: [{ sku: 'A', qty: 'one' }] };
    });
    const { events, promise } = await run(provider);
    const outcome = await promise;
    const repairCall = provider.calls.find((c) => c.repair);
    expect(repairCall?.repair?.previousAnswer).toEqual([{ sku: 'A', qty: 'one' }]);
    expect(repairCall?.repair?.problems.join('\n')).toMatch(/\/0\/qty/);
    expect((outcome.results as { lines: unknown }).lines).toEqual([{ sku: 'A', qty: 1 }]);
    const result = events.find((e) => e.type === 'subtree_result' && e.path === '/lines');
    expect(result?.type === 'subtree_result' && result.usage.modelCalls).toBe(2);
  });

  it('fails the subtree with SCHEMA_VIOLATION when the repaired answer is still invalid', async () => {
    const provider = fakeProvider((request) =>
      request.subtree.pointer === '/lines' ? { value: [{ sku: 'A' }] } : { value: { number: 'INV-7', total: 12.5 } },
    );
    const { events, promise } = await run(provider);
    const outcome = await promise;
    const error = events.find((e) => e.type === 'subtree_error');
    expect(error).toMatchObject({ type: 'subtree_error', path: '/lines', errorType: 'SCHEMA_VIOLATION' });
    expect(error?.type === 'subtree_error' && error.message).toMatch(/qty/);
    expect(provider.calls.filter((c) => c.subtree.pointer === '/lines')).toHaveLength(2);
    expect(outcome.failedPaths).toEqual(['/lines']);
    expect(outcome.results).toEqual({ number: 'INV-7', total: 12.5, lines: null });
    expect(outcome.warnings).toContainEqual(expect.stringMatching(/^\/lines: SCHEMA_VIOLATION: /));
  });

  it('accepts null from a section for a field that page does not hold, without a repair', async () => {
    const provider = fakeProvider((request) =>
      request.subtree.pointer === '/lines' ? { value: [] } : { value: { code: request.section.pages[0]?.page === 1 ? 'X1' : null } },
    );
    const { promise } = await run(provider, {
      schema: { type: 'object', properties: { code: { type: 'string' }, lines: linesSchema } },
      sectionTokenBudget: 20,
    });
    const outcome = await promise;
    expect(provider.calls.some((c) => c.repair)).toBe(false);
    expect(outcome.results).toEqual({ code: 'X1', lines: [] });
    expect(outcome.warnings).toEqual([]);
  });

  it('warns when the merged result breaks the schema, but not for absent optional fields', async () => {
    const provider = fakeProvider(() => ({ value: { id: null, note: null } }));
    const { promise } = await run(provider, {
      schema: { type: 'object', properties: { id: { type: 'string' }, note: { type: 'string' } }, required: ['id'] },
    });
    const outcome = await promise;
    expect(outcome.results).toEqual({ id: null, note: null });
    expect(outcome.warnings).toEqual([expect.stringMatching(/^result: \/id/)]);
  });

  it('does not validate answers when validateResponseSchema is off', async () => {
    const provider = fakeProvider((request) =>
      request.subtree.pointer === '/lines' ? { value: [{ sku: 'A' }] } : { value: { number: 'INV-7', total: 12.5 } },
    );
    const { promise } = await run(provider, { config: { validateResponseSchema: false } });
    const outcome = await promise;
    expect(provider.calls).toHaveLength(2);
    expect(outcome.results).toEqual({ number: 'INV-7', total: 12.5, lines: [{ sku: 'A', qty: null }] });
  });

  it('reports a ModelCallError as a subtree_error of its type, with the usage it consumed', async () => {
    const spent: TokenUsage = { ...ZERO_USAGE, modelCalls: 3 };
    const provider = fakeProvider((request) => {
      if (request.subtree.pointer === '/lines') {
        throw new ModelCallError('quota exhausted', { errorType: 'RATE_LIMITED', usage: spent, attempts: 3 });
      }
      return { value: { number: 'INV-7', total: 12.5 } };
    });
    const { events, promise } = await run(provider);
    const outcome = await promise;
    expect(events.find((e) => e.type === 'subtree_error')).toMatchObject({
      path: '/lines',
      errorType: 'RATE_LIMITED',
      message: 'quota exhausted',
      usage: spent,
      fieldCount: 2,
    });
    expect(outcome.usage.modelCalls).toBe(4);
    expect(outcome.warnings).toContain('/lines: RATE_LIMITED: quota exhausted');
  });

  it('adds up every call: event usages sum to the outcome usage and cost is priced per call', async () => {
    const provider = fakeProvider((request, call) => ({
      ...invoiceAnswer(request, call),
      usage: { ...CALL_USAGE, promptTokens: 1000 * (call + 1), totalTokens: 1000 * (call + 1) + 60 },
    }));
    const { events, promise } = await run(provider, { sectionTokenBudget: 20 });
    const outcome = await promise;
    const eventUsage = events.reduce((sum, e) => (e.type === 'subtree_result' || e.type === 'subtree_error' ? addUsage(sum, e.usage) : sum), ZERO_USAGE);
    expect(outcome.usage).toEqual(eventUsage);
    expect(outcome.usage).toEqual({ promptTokens: 10_000, outputTokens: 200, thinkingTokens: 40, totalTokens: 10_240, modelCalls: 4 });
    const expected = [1, 2, 3, 4].reduce((sum, k) => sum + callCostUsd('GEMINI_2_5_FLASH', { promptTokens: 1000 * k, outputTokens: 50, thinkingTokens: 10 }), 0);
    expect(outcome.costUsd).toBeCloseTo(expected, 12);
  });

  it('stops on abort: in-flight calls are cancelled, nothing new starts, no event follows, and it rejects with ExtractionAborted', async () => {
    const controller = new AbortController();
    const properties = Object.fromEntries(
      Array.from({ length: 4 }, (_, i) => [`list${i}`, { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } }]),
    );
    let twoArrived: () => void = () => {};
    const arrived = new Promise<void>((resolve) => (twoArrived = resolve));
    const provider = fakeProvider((request, call) => {
      if (call === 1) twoArrived();
      return new Promise((_, reject) =>
        request.signal.addEventListener('abort', () =>
          reject(new ModelCallError('aborted', { errorType: 'ABORTED', usage: { ...ZERO_USAGE, modelCalls: 1 }, attempts: 1 })),
        ),
      );
    });
    const { events, promise } = await run(provider, {
      schema: { type: 'object', properties },
      config: { maxNumConcurrentRequests: 2 },
      signal: controller.signal,
    });
    await arrived;
    expect(types(events)).toEqual(['started']);
    controller.abort();
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExtractionAborted);
    expect((error as ExtractionAborted).usage.modelCalls).toBe(2);
    expect(provider.calls).toHaveLength(2);
    expect(provider.calls.every((c) => c.signal.aborted)).toBe(true);
    expect(types(events)).toEqual(['started']);
  });

  it('does not ask again for subtrees a previous attempt completed, and emits nothing for them', async () => {
    const provider = fakeProvider(invoiceAnswer);
    const previousUsage: TokenUsage = { ...CALL_USAGE, modelCalls: 1 };
    const completed = new Map<string, CompletedSubtree>([
      ['/lines', { path: '/lines', value: [{ sku: 'Z', qty: 9 }], attributions: null, usage: previousUsage }],
    ]);
    const { events, promise } = await run(provider, { completed });
    const outcome = await promise;
    expect(provider.calls.map((c) => c.subtree.pointer)).toEqual(['']);
    // A resumed job already has its started event.
    expect(types(events)).toEqual(['subtree_result ']);
    expect(outcome.results).toEqual({ number: 'INV-7', total: 12.5, lines: [{ sku: 'Z', qty: 9 }] });
    expect(outcome.usage.modelCalls).toBe(2);
  });

  it('keeps a failure a previous attempt persisted', async () => {
    const provider = fakeProvider(invoiceAnswer);
    const completed = new Map<string, CompletedSubtree>([
      ['/lines', { path: '/lines', value: null, attributions: null, usage: ZERO_USAGE, error: { errorType: 'TIMEOUT', message: 'slow' } }],
    ]);
    const { promise } = await run(provider, { completed });
    const outcome = await promise;
    expect(outcome.failedPaths).toEqual(['/lines']);
    expect(outcome.warnings).toContain('/lines: TIMEOUT: slow');
  });

  it('rejects with the emit error when an event cannot be delivered, and emits nothing after it', async () => {
    const provider = fakeProvider(invoiceAnswer);
    const delivered: PipelineEvent[] = [];
    const { promise } = await run(provider, {
      emit: (event) => {
        if (event.type !== 'started') throw new Error('database is down');
        delivered.push(event);
      },
    });
    await expect(promise).rejects.toThrow('database is down');
    expect(delivered).toHaveLength(1);
  });

  it('delivers events one at a time: emit is awaited before the next one starts', async () => {
    const provider = fakeProvider(invoiceAnswer);
    let emitting = 0;
    let overlapped = false;
    const delivered: string[] = [];
    const { promise } = await run(provider, {
      sectionTokenBudget: 20,
      config: { enableAgenticArrayExtraction: true },
      emit: async (event) => {
        emitting++;
        if (emitting > 1) overlapped = true;
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
        delivered.push(event.type);
        emitting--;
      },
    });
    await promise;
    expect(overlapped).toBe(false);
    expect(delivered[0]).toBe('started');
    expect(delivered.filter((t) => t === 'subtree_result')).toHaveLength(2);
  });

  it('sends scanned pages to the model as a PDF of just those pages and attributes their values by page only', async () => {
    const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, '../fixtures/scanned.pdf')));
    const scannedLayout = await readLayout(bytes);
    expect(scannedLayout.pages[1]?.hasTextLayer).toBe(false);
    const provider = fakeProvider((request) => ({
      value: { stamp: 'PAID' },
      evidence: [{ pointer: '/stamp', page: 2, quote: 'PAID', confidence: 0.7 }],
    }));
    const { promise } = await run(provider, {
      layout: scannedLayout,
      pdfBytes: bytes,
      schema: { type: 'object', properties: { stamp: { type: 'string' } } },
      config: { perKeyAttribution: true },
    });
    const outcome = await promise;
    const [call] = provider.calls;
    expect(call?.section.imagePages).toEqual([2]);
    const pdf = await PDFDocument.load(call?.imagePdf ?? new Uint8Array());
    expect(pdf.getPageCount()).toBe(1);
    expect((outcome.results as { stamp: unknown }).stamp).toEqual({
      extractedValue: 'PAID',
      reasoning: '',
      confidence: 0.7,
      location: { page: 2, matchedText: 'PAID', bbox: null },
    });
  });

  it('extracts PER_PAGE: one object per selected page, paths prefixed with the page index', async () => {
    const provider = fakeProvider(invoiceAnswer);
    const { events, promise } = await run(provider, { config: { extractionTarget: 'PER_PAGE' } });
    const outcome = await promise;
    expect(events[0]).toEqual({ type: 'started', totalSubtrees: 4, totalFields: 8 });
    expect(types(events).slice(1).sort()).toEqual(['subtree_result /0', 'subtree_result /0/lines', 'subtree_result /1', 'subtree_result /1/lines']);
    expect(outcome.results).toEqual([
      { number: 'INV-7', total: null, lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }] },
      { number: null, total: 12.5, lines: [{ sku: 'C', qty: 3 }] },
    ]);
    for (const call of provider.calls) expect(call.section.pages).toHaveLength(1);
  });

  it('reads only the target pages', async () => {
    const provider = fakeProvider(invoiceAnswer);
    const { promise } = await run(provider, { config: { targetPages: '2' } });
    const outcome = await promise;
    expect(outcome.numPagesExtracted).toBe(1);
    expect(provider.calls.every((c) => c.section.pages.map((p) => p.page).join() === '2')).toBe(true);
  });

  it('extracts a 300-row table PER_TABLE_ROW in turns of 50, reporting progress after each turn', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ date: `2024-01-${String((i % 28) + 1).padStart(2, '0')}`, amount: i + 0.5 }));
    const provider = fakeProvider((request) => {
      const from = request.continuation?.itemsSoFar ?? 0;
      const items = rows.slice(from, from + (request.subtree.itemsPerTurn ?? 0));
      return { value: items, done: from + items.length >= rows.length };
    });
    const { events, promise } = await run(provider, {
      schema: { type: 'object', properties: { date: { type: 'string' }, amount: { type: 'number' } } },
      config: { extractionTarget: 'PER_TABLE_ROW' },
    });
    const outcome = await promise;
    expect(outcome.results).toEqual(rows);
    expect(provider.calls.map((c) => c.continuation?.itemsSoFar)).toEqual([0, 50, 100, 150, 200, 250]);
    expect(events.filter((e) => e.type === 'array_progress')).toEqual(
      [1, 2, 3, 4, 5, 6].map((turn) => ({ type: 'array_progress', path: '', turn, itemsExtracted: 50 * turn, done: turn === 6 })),
    );
    expect(types(events)).toEqual(['started', ...Array(6).fill('array_progress '), 'subtree_result ']);
  });

  it('extracts arrays in turns with enableAgenticArrayExtraction, progress before the array result', async () => {
    const provider = fakeProvider((request) => {
      if (request.subtree.pointer !== '/lines') return { value: { number: 'INV-7', total: 12.5 } };
      const from = request.continuation?.itemsSoFar ?? 0;
      const all = [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }, { sku: 'C', qty: 3 }];
      return { value: all.slice(from, from + 2), done: from + 2 >= all.length };
    });
    const { events, promise } = await run(provider, { config: { enableAgenticArrayExtraction: true } });
    await promise;
    const lineEvents = events.filter((e) => e.type !== 'started' && e.path === '/lines');
    expect(lineEvents.map((e) => e.type)).toEqual(['array_progress', 'array_progress', 'subtree_result']);
  });

  it('wraps primitives with attributions when perKeyAttribution is on', async () => {
    const provider = fakeProvider((request, call) => {
      const answer = invoiceAnswer(request, call) as Partial<ModelResponse>;
      expect(request.wantEvidence).toBe(true);
      return request.subtree.pointer === ''
        ? { ...answer, evidence: [{ pointer: '/total', quote: 'Total due 12.50', confidence: 0.9, page: 1 }] }
        : answer;
    });
    const { events, promise } = await run(provider, { config: { perKeyAttribution: true } });
    const outcome = await promise;
    const results = outcome.results as { total: unknown; number: unknown; lines: Array<{ sku: unknown }> };
    expect(results.total).toMatchObject({ extractedValue: 12.5, confidence: 0.9, location: { page: 2, matchedText: '12.50' } });
    expect(results.number).toMatchObject({ extractedValue: 'INV-7', confidence: 0.5, location: { page: 1, matchedText: 'INV-7' } });
    expect(results.lines[2]?.sku).toMatchObject({ extractedValue: 'C', location: { page: 2 } });
    const rootEvent = events.find((e) => e.type === 'subtree_result' && e.path === '');
    expect(rootEvent?.type === 'subtree_result' && rootEvent.value).toEqual({ number: 'INV-7', total: 12.5 });
    expect(rootEvent?.type === 'subtree_result' && rootEvent.attributions).toMatchObject({ total: { extractedValue: 12.5 } });
  });
});
