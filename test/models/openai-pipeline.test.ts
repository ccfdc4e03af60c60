/**
 * runExtraction through the real OpenAI-compatible provider and SDK, against the Chat
 * Completions stand-in: the pipeline's repair turns, list turns, evidence and attributions work
 * with this provider as they do with Gemini.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiProvider, forgetOutputModeFallbacks } from '../../src/models/openai.ts';
import { runExtraction } from '../../src/pipeline/run-extraction.ts';
import type { DocumentLayout, ExtractConfig, JsonSchema, ModelProvider, PipelineEvent } from '../../src/domain/types.ts';
import { baseConfig, textPage } from '../helpers/fake-pipeline.ts';
import { startOpenAiStub } from '../helpers/openai-stub.ts';
import type { OpenAiStub } from '../helpers/openai-stub.ts';

const config: ExtractConfig = { ...baseConfig, model: 'OPENAI_COMPATIBLE', modelName: 'qwen2.5:7b-instruct' };
const layout: DocumentLayout = {
  pageCount: 2,
  pages: [textPage(1, 'Invoice INV-7', 'A widget 1', 'B gadget 2'), textPage(2, 'C gizmo 3', 'D doohickey 4', 'E thing 5', 'Total 12.50')],
};
const invoice: JsonSchema = { type: 'object', properties: { invoice_number: { type: 'string' }, total: { type: 'number' } } };

let stub: OpenAiStub;
beforeEach(async () => {
  forgetOutputModeFallbacks();
  stub = await startOpenAiStub();
});
afterEach(async () => {
  await stub.close();
});

function run(schema: JsonSchema, overrides: { config?: Partial<ExtractConfig>; provider?: (p: ModelProvider) => ModelProvider } = {}) {
  const events: PipelineEvent[] = [];
  const provider = createOpenAiProvider({ baseUrl: stub.url, apiKey: null, modelName: 'qwen2.5:7b-instruct', vision: false, maxRetries: 0 });
  const promise = runExtraction({
    layout,
    schema,
    config: { ...config, ...overrides.config },
    provider: overrides.provider ? overrides.provider(provider) : provider,
    sectionTokenBudget: 100_000,
    emit: (e) => {
      events.push(e);
    },
    signal: new AbortController().signal,
  });
  return { events, promise };
}

describe('the pipeline with the OpenAI-compatible provider', () => {
  it('repairs an answer that breaks the schema with one more request that names the problem', async () => {
    let answers = 0;
    stub.respond(() =>
      answers++ === 0
        ? { kind: 'json', value: { invoice_number: 'INV-7', total: 'twelve' } }
        : { kind: 'json', value: { invoice_number: 'INV-7', total: 12.5 } },
    );
    // A server without strict mode could answer "twelve"; the pipeline's validation catches it.
    stub.configure({ refuseJsonSchema: true });
    const outcome = await run(invoice).promise;
    expect(outcome.results).toEqual({ invoice_number: 'INV-7', total: 12.5 });
    expect(stub.requests.at(-1)?.prompt).toContain('failed validation against the schema');
    expect(stub.requests.at(-1)?.prompt).toContain('"twelve"');
  });

  it('with perKeyAttribution, evidence comes back and every value is located on its page', async () => {
    stub.respond(() => ({
      kind: 'json',
      value: {
        value: { invoice_number: 'INV-7', total: 12.5 },
        evidence: [
          { pointer: '/invoice_number', quote: 'INV-7', page: 1, reasoning: 'Stated in the heading.', confidence: 0.95 },
          { pointer: '/total', quote: '12.50', page: 2, reasoning: 'The total line.', confidence: 0.9 },
        ],
      },
    }));
    const outcome = await run(invoice, { config: { perKeyAttribution: true } }).promise;
    const results = outcome.results as Record<string, { extractedValue: unknown; confidence: number; location: { page: number; matchedText: string } }>;
    expect(results.invoice_number).toMatchObject({ extractedValue: 'INV-7', confidence: 0.95, location: { page: 1, matchedText: 'INV-7' } });
    expect(results.total).toMatchObject({ extractedValue: 12.5, location: { page: 2, matchedText: '12.50' } });
    const schema = stub.requests[0]?.responseFormat?.json_schema?.schema as { required?: string[] };
    expect(schema.required).toEqual(['value', 'evidence']);
  });

  it('extracts a long list in turns, each turn continuing after the items so far', async () => {
    const items = ['A', 'B', 'C', 'D', 'E'].map((code, i) => ({ code, amount: i + 1 }));
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        lines: { type: 'array', 'x-agenticArrayExtractionMaxItemsPerTurn': 2, items: { type: 'object', properties: { code: { type: 'string' }, amount: { type: 'number' } } } },
      },
    };
    stub.respond((req) => {
      const from = Number(/(\d+) items were already extracted/.exec(req.prompt)?.[1] ?? 0);
      const turn = items.slice(from, from + 2);
      return { kind: 'json', value: { items: turn, done: from + turn.length >= items.length } };
    });
    const { events, promise } = run(schema);
    const outcome = await promise;
    expect((outcome.results as { lines: unknown[] }).lines).toEqual(items);
    const progress = events.filter((e) => e.type === 'ARRAY_PROGRESS');
    expect(progress.map((p) => p.type === 'ARRAY_PROGRESS' && p.itemsExtracted)).toEqual([2, 4, 5]);
  });

  it('a model without a known price has a null cost and the job says so in a warning', async () => {
    stub.respond(() => ({ kind: 'json', value: { invoice_number: 'INV-7', total: 12.5 } }));
    const outcome = await run(invoice, { config: { modelName: 'gpt-99' }, provider: (p) => ({ ...p, costUsd: () => null }) }).promise;
    expect(outcome.costUsd).toBeNull();
    expect(outcome.warnings).toEqual(['cost: no price is known for model gpt-99, so costUsd is null (token counts are exact; set OPENAI_PRICES)']);
  });
});
