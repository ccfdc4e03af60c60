/**
 * Partial acceptance through the real Gemini provider and SDK against the local stand-in: one
 * value that stays invalid after the repair turn costs that value (or its array item), never the
 * rest of the subtree, and every loss is reported.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGeminiProvider } from '../../src/models/gemini.ts';
import { runExtraction } from '../../src/pipeline/run-extraction.ts';
import type { RunExtractionInput } from '../../src/pipeline/run-extraction.ts';
import type { ExtractConfig, JsonSchema, PipelineEvent } from '../../src/domain/types.ts';
import { baseConfig, layout } from '../helpers/fake-pipeline.ts';
import { startGeminiStub } from '../helpers/gemini-stub.ts';
import type { GeminiStub, StubRequest } from '../helpers/gemini-stub.ts';

let stub: GeminiStub;
beforeEach(async () => {
  stub = await startGeminiStub();
});
afterEach(async () => {
  await stub.close();
});

function start(schema: JsonSchema, config: Partial<ExtractConfig> = {}, overrides: Partial<RunExtractionInput> = {}) {
  const events: PipelineEvent[] = [];
  const full = { ...baseConfig, ...config };
  const provider = createGeminiProvider({ model: full.model, modelName: full.modelName, apiKey: 'k', baseUrl: stub.url, maxRetries: 0, retryBaseDelayMs: 1, retryWindowMs: 0 });
  const promise = runExtraction({
    layout,
    schema,
    config: full,
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

const isRepair = (request: StubRequest): boolean => request.prompt.includes('Your previous answer was');

/** The lines of a repair prompt that name a pointer. */
function repairLines(request: StubRequest): string[] {
  return request.prompt.split('\n').filter((line) => /^- \//.test(line));
}

/** The keys of `full` the request's response schema asks for (a root group asks for some). */
function pick(request: StubRequest, full: Record<string, unknown>): Record<string, unknown> {
  const properties = (request.responseSchema as { properties?: Record<string, unknown> }).properties ?? {};
  return Object.fromEntries(Object.keys(properties).map((key) => [key, full[key] ?? null]));
}

describe('partial acceptance with the Gemini provider', () => {
  const fields = Array.from({ length: 34 }, (_, i) => `field${i + 1}`);
  const profileSchema: JsonSchema = {
    type: 'object',
    properties: {
      ...Object.fromEntries(fields.map((f) => [f, { type: 'string' }])),
      profile: { type: 'string', format: 'uri' },
      years: { type: 'integer', minimum: 0 },
    },
  };
  const answer: Record<string, unknown> = {
    ...Object.fromEntries(fields.map((f, i) => [f, `value ${i + 1}`])),
    profile: 'LinkedIn: someone',
    years: 12,
  };

  it('a uri that stays invalid after repair costs that one value; the other 35 values of the subtree arrive', async () => {
    stub.respond((request) => ({ kind: 'json', value: pick(request, answer) }));
    const { events, promise } = start(profileSchema);
    const outcome = await promise;

    const results = outcome.results as Record<string, unknown>;
    expect(results).toEqual({ ...answer, profile: null });
    expect(Object.values(results).filter((v) => v !== null)).toHaveLength(35);
    expect(outcome.failedPaths).toEqual([]);
    expect(events.filter((e) => e.type === 'SUBTREE_ERROR')).toEqual([]);
    const violations = events.flatMap((e) => (e.type === 'SUBTREE_RESULT' ? (e.violations ?? []) : []));
    expect(violations).toEqual([{ path: '/profile', message: expect.stringContaining('must match format "uri"'), rejectedValue: 'LinkedIn: someone' }]);
    expect(outcome.warnings).toContainEqual(expect.stringMatching(/^\/profile: dropped "LinkedIn: someone"/));
  });

  it('a link without its scheme that the repair does not fix is read as https, and the warning says so', async () => {
    stub.respond((request) => ({ kind: 'json', value: pick(request, { ...answer, profile: 'linkedin.com/in/someone' }) }));
    const { events, promise } = start(profileSchema);
    const outcome = await promise;

    expect(stub.requests.filter(isRepair)).toHaveLength(1);
    expect(outcome.results).toEqual({ ...answer, profile: 'https://linkedin.com/in/someone' });
    expect(events.flatMap((e) => (e.type === 'SUBTREE_RESULT' ? (e.violations ?? []) : []))).toEqual([]);
    expect(outcome.warnings).toContainEqual(
      expect.stringMatching(/^\/profile: read "linkedin\.com\/in\/someone" as "https:\/\/linkedin\.com\/in\/someone" \(link without its https:\/\/ scheme/),
    );
  });

  it('the repair request names only the failing pointers, and only those values are taken from its answer', async () => {
    stub.respond((request) =>
      isRepair(request)
        ? // A careless repair that also rewrites a valid value: only /profile may be taken from it.
          { kind: 'json', value: { ...pick(request, answer), field1: 'rewritten', profile: 'https://linkedin.com/in/someone' } }
        : { kind: 'json', value: pick(request, answer) },
    );
    const { events, promise } = start(profileSchema);
    const outcome = await promise;

    const repairs = stub.requests.filter(isRepair);
    expect(repairs).toHaveLength(1);
    expect(repairLines(repairs[0]!)).toEqual([expect.stringMatching(/^- \/profile: must match format "uri"; given "LinkedIn: someone"$/)]);
    expect(outcome.results).toEqual({ ...answer, profile: 'https://linkedin.com/in/someone' });
    expect(events.flatMap((e) => (e.type === 'SUBTREE_RESULT' ? (e.violations ?? []) : []))).toEqual([]);
  });

  it('a repair request that fails costs only the values it asked for', async () => {
    stub.respond((request) => (isRepair(request) ? { kind: 'error', status: 503 } : { kind: 'json', value: pick(request, answer) }));
    const { events, promise } = start(profileSchema);
    const outcome = await promise;

    expect(outcome.results).toEqual({ ...answer, profile: null });
    expect(outcome.failedPaths).toEqual([]);
    expect(events.flatMap((e) => (e.type === 'SUBTREE_RESULT' ? (e.violations ?? []).map((v) => v.path) : []))).toEqual(['/profile']);
    expect(outcome.warnings).toContainEqual(expect.stringMatching(/the repair request on page.* failed \(.*overloaded.*\)/));
  });

  it('an array item whose required field stays invalid is dropped alone', async () => {
    const payments = Array.from({ length: 10 }, (_, i) => ({ date: `2024-03-${String(i + 1).padStart(2, '0')}`, amount: (i + 1) * 10 }));
    const given = payments.map((p, i) => (i === 3 ? { ...p, date: 'early March' } : p));
    stub.respond((request) =>
      (request.responseSchema as { type?: unknown }).type === 'array'
        ? { kind: 'json', value: given }
        : { kind: 'json', value: pick(request, { holder: 'A. Person' }) },
    );
    const { events, promise } = start({
      type: 'object',
      properties: {
        holder: { type: 'string' },
        payments: {
          type: 'array',
          items: { type: 'object', properties: { date: { type: 'string', format: 'date' }, amount: { type: 'number' } }, required: ['date', 'amount'] },
        },
      },
    });
    const outcome = await promise;

    expect(outcome.results).toEqual({ holder: 'A. Person', payments: payments.filter((_, i) => i !== 3) });
    const result = events.find((e) => e.type === 'SUBTREE_RESULT' && e.path === '/payments');
    expect(result?.type === 'SUBTREE_RESULT' && result.violations).toEqual([
      { path: '/payments/3', message: expect.stringContaining('/date must match format "date"'), rejectedValue: given[3] },
    ]);
    const repair = stub.requests.find(isRepair);
    expect(repairLines(repair!)).toEqual([expect.stringMatching(/^- \/3\/date: must match format "date"/)]);
  });

  it('with perKeyAttribution, the items after a dropped one keep their own evidence', async () => {
    const payments = [{ date: '2024-03-01', amount: 10 }, { date: 'soon', amount: 20 }, { date: '2024-03-03', amount: 30 }];
    const evidence = payments.flatMap((p, i) => [
      { pointer: `/${i}/date`, quote: `date ${i}`, page: 1, reasoning: `date of payment ${i}`, confidence: 0.9 },
      { pointer: `/${i}/amount`, quote: `amount ${i}`, page: 1, reasoning: `amount of payment ${i}`, confidence: 0.9 },
    ]);
    stub.respond((request) =>
      request.prompt.includes('"/payments"')
        ? { kind: 'json', value: { value: payments, evidence } }
        : { kind: 'json', value: { value: { holder: 'A. Person' }, evidence: [] } },
    );
    const { promise } = start(
      {
        type: 'object',
        properties: {
          holder: { type: 'string' },
          payments: { type: 'array', items: { type: 'object', properties: { date: { type: 'string', format: 'date' }, amount: { type: 'number' } }, required: ['date', 'amount'] } },
        },
      },
      { perKeyAttribution: true },
    );
    const outcome = await promise;
    const results = outcome.results as { payments: Array<{ date: { extractedValue: unknown; reasoning: string } }> };
    expect(results.payments.map((p) => [p.date.extractedValue, p.date.reasoning])).toEqual([
      ['2024-03-01', 'date of payment 0'],
      ['2024-03-03', 'date of payment 2'],
    ]);
  });

  const rowSchema: JsonSchema = {
    type: 'object',
    properties: { ref: { type: 'string' }, amount: { type: 'number' } },
    required: ['ref', 'amount'],
  };
  const rows = Array.from({ length: 150 }, (_, i) => ({ ref: `T${i + 1}`, amount: (i + 1) * 1.25 }));
  const turnFrom = (request: StubRequest): number => Number(/(\d+) items were already extracted/.exec(request.prompt)?.[1] ?? 0);

  it('a long list in turns: one bad item costs that item; the loop and the other items of its turn go on', async () => {
    stub.respond((request) => {
      const from = turnFrom(request);
      const items = rows.slice(from, from + 50).map((row) => (row.ref === 'T61' ? { ...row, amount: 'sixty-one' } : row));
      return { kind: 'json', value: { items, done: from + items.length >= rows.length } };
    });
    const { events, promise } = start(rowSchema, { extractionTarget: 'PER_TABLE_ROW' });
    const outcome = await promise;

    expect(outcome.results).toEqual(rows.filter((row) => row.ref !== 'T61'));
    const result = events.find((e) => e.type === 'SUBTREE_RESULT');
    expect(result?.type === 'SUBTREE_RESULT' && result.violations).toEqual([
      { path: '/60', message: expect.stringContaining('/amount must be number'), rejectedValue: { ref: 'T61', amount: 'sixty-one' } },
    ]);
    expect(events.filter((e) => e.type === 'ARRAY_PROGRESS').at(-1)).toMatchObject({ itemsExtracted: 149, done: true });
  });

  it('a turn cut off at MAX_TOKENS keeps its complete items and the next turn continues after them', async () => {
    stub.respond((request) => {
      const from = turnFrom(request);
      const items = rows.slice(from, from + 50);
      const text = JSON.stringify({ items, done: from + items.length >= rows.length });
      if (from !== 50) return { kind: 'text', text };
      // The second turn runs out of output tokens in the middle of its 31st item.
      return { kind: 'text', text: text.slice(0, text.indexOf('"T81"') + 2), finishReason: 'MAX_TOKENS' };
    });
    const { events, promise } = start(rowSchema, { extractionTarget: 'PER_TABLE_ROW' });
    const outcome = await promise;

    expect(outcome.results).toEqual(rows);
    expect(stub.requests.map(turnFrom)).toEqual([0, 50, 80, 130]);
    expect(events.filter((e) => e.type === 'SUBTREE_ERROR')).toEqual([]);
  });

  it('a SAFETY stop is a subtree error with the reason, asked once, and the other subtrees arrive', async () => {
    stub.respond((request) =>
      (request.responseSchema as { type?: unknown }).type === 'array'
        ? { kind: 'stopped', finishReason: 'SAFETY' }
        : { kind: 'json', value: pick(request, { holder: 'A. Person' }) },
    );
    const { events, promise } = start(
      { type: 'object', properties: { holder: { type: 'string' }, notes: { type: 'array', items: { type: 'object', properties: { text: { type: 'string' } } } } } },
      { nMaxRetries: 3 },
    );
    const outcome = await promise;

    expect(events.find((e) => e.type === 'SUBTREE_ERROR')).toMatchObject({ path: '/notes', errorType: 'MODEL_ERROR', errorMessage: expect.stringContaining('SAFETY') });
    expect(stub.requests.filter((r) => (r.responseSchema as { type?: unknown }).type === 'array')).toHaveLength(1);
    expect(outcome.results).toEqual({ holder: 'A. Person', notes: null });
    expect(outcome.failedPaths).toEqual(['/notes']);
  });

  it('GEMINI with a model id that has no published price calls that model and reports costUsd null with a warning', async () => {
    stub.respond((request) => ({ kind: 'json', value: pick(request, { holder: 'A. Person' }) }));
    const { promise } = start({ type: 'object', properties: { holder: { type: 'string' } } }, { model: 'GEMINI', modelName: 'gemini-9.9-flash-experimental' });
    const outcome = await promise;

    expect(stub.requests.map((r) => r.model)).toEqual(['gemini-9.9-flash-experimental']);
    expect(outcome.results).toEqual({ holder: 'A. Person' });
    expect(outcome.costUsd).toBeNull();
    expect(outcome.usage.totalTokens).toBeGreaterThan(0);
    expect(outcome.warnings).toContainEqual(expect.stringContaining('no published price is known for model gemini-9.9-flash-experimental'));
  });
});
