/**
 * A pipeline test bench with our own ModelProvider (not the SDK): a small two-page layout, an
 * invoice schema, a provider answered by a function that counts calls in flight, and `run`.
 */
import { runExtraction } from '../../src/pipeline/run-extraction.ts';
import type { RunExtractionInput } from '../../src/pipeline/run-extraction.ts';
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
} from '../../src/domain/types.ts';

export const CALL_USAGE: TokenUsage = { promptTokens: 1000, outputTokens: 50, thinkingTokens: 10, totalTokens: 1060, modelCalls: 1 };

export const baseConfig: ExtractConfig = {
  model: 'GEMINI_2_5_FLASH',
  modelName: null,
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

export function textPage(n: number, ...texts: string[]): PageLayout {
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

export const layout: DocumentLayout = {
  pageCount: 2,
  pages: [
    textPage(1, 'Invoice number: INV-7', 'A widget 1', 'B gadget 2'),
    textPage(2, 'C gizmo 3', 'Total due 12.50'),
  ],
};

export const linesSchema: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { sku: { type: 'string' }, qty: { type: 'number' } },
    required: ['sku', 'qty'],
  },
};

export const invoiceSchema: JsonSchema = {
  type: 'object',
  properties: {
    number: { type: ['string', 'null'] },
    total: { type: ['number', 'null'] },
    lines: linesSchema,
  },
};

export type Answer = (request: ModelRequest, call: number) => Partial<ModelResponse> | Promise<Partial<ModelResponse>>;

export interface FakeProvider extends ModelProvider {
  calls: ModelRequest[];
  maxInFlight: number;
}

/** Our own ModelProvider interface, answered by a function; counts calls in flight. */
export function fakeProvider(answer: Answer): FakeProvider {
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
export const invoiceAnswer: Answer = (request) => {
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

export async function run(
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

export function types(events: PipelineEvent[]): string[] {
  return events.map((e) => (e.type === 'JOB_STARTED' ? 'JOB_STARTED' : `${e.type} ${e.path}`));
}
