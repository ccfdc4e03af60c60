/**
 * Attributions on the real two-page invoice fixture (test/fixtures/README.md lists what is drawn),
 * read by the real layout reader, with a model that names wrong pages and quotes loosely.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLayout } from '../../src/pdf/read-layout.ts';
import { runExtraction } from '../../src/pipeline/run-extraction.ts';
import type {
  AttributionInfo,
  BBox,
  DocumentLayout,
  ExtractConfig,
  FieldEvidence,
  ModelProvider,
  ModelResponse,
} from '../../src/domain/types.ts';
import { ZERO_USAGE } from '../../src/domain/types.ts';

const config: ExtractConfig = {
  model: 'GEMINI_2_5_FLASH',
  modelName: null,
  maxNumConcurrentRequests: 2,
  validateResponseSchema: true,
  perKeyAttribution: true,
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

const schema = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string' },
    invoice_date: { type: 'string', format: 'date' },
    currency: { type: 'string' },
    seller_vat_id: { type: ['string', 'null'] },
    subtotal: { type: ['number', 'null'] },
    total: { type: ['number', 'null'] },
    line_items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { description: { type: 'string' }, quantity: { type: 'integer' }, amount: { type: 'number' } },
      },
    },
  },
};

const PAGE_1_ITEMS = [
  { description: 'Copy paper A4 80g, box of 5 reams', quantity: 1, amount: 2.5 },
  { description: 'Printer toner cartridge, black', quantity: 3, amount: 113.28 },
];
const PAGE_2_ITEMS = [
  { description: 'Label printer tape 12 mm', quantity: 3, amount: 97.23 },
  { description: 'Staples 24/6, box of 5000', quantity: 2, amount: 39.46 },
];

/** Answers as a model would, from the pages of the section; page hints are deliberately wrong. */
const provider: ModelProvider = {
  id: 'GEMINI_2_5_FLASH',
  async extract(request): Promise<ModelResponse> {
    const onPage1 = request.section.pages.some((p) => p.page === 1);
    const usage = { ...ZERO_USAGE, modelCalls: 1 };
    if (request.subtree.pointer === '/line_items') {
      const items = onPage1 ? PAGE_1_ITEMS : PAGE_2_ITEMS;
      const evidence: FieldEvidence[] = items.map((item, i) => ({
        pointer: `/${i}/amount`,
        page: onPage1 ? 2 : 1,
        quote: `${item.quantity} | ${item.amount.toFixed(2)}`,
        confidence: 0.8,
      }));
      return { value: items, evidence, usage };
    }
    if (onPage1) {
      return {
        value: { invoice_number: 'INV-2024-0042', invoice_date: '2024-03-15', currency: 'EUR', seller_vat_id: 'DE123456789', subtotal: null, total: null },
        evidence: [
          { pointer: '/invoice_number', quote: 'Invoice number: INV-2024-0042', page: 2, confidence: 0.95 },
          { pointer: '/currency', quote: 'Currency: EUR', confidence: 0.9 },
        ],
        usage,
      };
    }
    return {
      value: { invoice_number: 'INV-2024-0042', invoice_date: null, currency: null, seller_vat_id: null, subtotal: 1924.31, total: 2289.93 },
      evidence: [{ pointer: '/total', quote: 'Total due | EUR 2,289.93', page: 1, confidence: 0.9 }],
      usage,
    };
  },
};

let layout: DocumentLayout;
let results: Record<string, unknown>;

beforeAll(async () => {
  const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, '../fixtures/invoice-2p.pdf')));
  layout = await readLayout(bytes);
  const outcome = await runExtraction({
    layout,
    pdfBytes: bytes,
    schema,
    config,
    provider,
    // Small enough that each page is its own section.
    sectionTokenBudget: 400,
    emit: () => {},
    signal: new AbortController().signal,
  });
  results = outcome.results as Record<string, unknown>;
});

function leaves(value: unknown, path = ''): Array<[string, AttributionInfo]> {
  if (value === null || typeof value !== 'object') return [];
  if ('extractedValue' in value && 'location' in value) return [[path, value as AttributionInfo]];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, `${path}/${k}`));
}

function inside(inner: BBox, outer: BBox, slack = 0.01): boolean {
  return inner.x0 >= outer.x0 - slack && inner.x1 <= outer.x1 + slack && inner.y0 >= outer.y0 - slack && inner.y1 <= outer.y1 + slack;
}

describe('attributions on a real two-page invoice', () => {
  it('locates every value, each box inside a line of its page whose text holds the matched text', () => {
    const all = leaves(results);
    expect(all.length).toBe(6 + 4 * 3);
    for (const [path, info] of all) {
      const location = info.location;
      expect(location, path).not.toBeNull();
      if (!location?.bbox) throw new Error(`${path}: no box`);
      const page = layout.pages.find((p) => p.page === location.page);
      const holders = page?.lines.filter((line) => inside(location.bbox as BBox, line.bbox)) ?? [];
      expect(holders.map((l) => l.text.replace(/ \| /g, ' ')).some((t) => t.includes(location.matchedText)), path).toBe(true);
    }
  });

  it('puts each value on the page it is printed on, not the page the model named', () => {
    const pageOf = (path: string) => leaves(results).find(([p]) => p === path)?.[1].location?.page;
    expect(pageOf('/invoice_number')).toBe(1);
    expect(pageOf('/total')).toBe(2);
    expect(pageOf('/subtotal')).toBe(2);
    expect(pageOf('/line_items/0/amount')).toBe(1);
    expect(pageOf('/line_items/2/amount')).toBe(2);
    expect(pageOf('/line_items/3/description')).toBe(2);
  });

  it('boxes the value inside a longer text item, not the whole item', () => {
    const invoiceNumber = results.invoice_number as AttributionInfo;
    // "Invoice number: INV-2024-0042" is one text item; the box covers only the number.
    expect(invoiceNumber.location?.matchedText).toBe('INV-2024-0042');
    const line = layout.pages[0]?.lines.find((l) => l.text.includes('Invoice number'));
    const span = line?.spans.find((s) => s.text.includes('Invoice number'));
    const box = invoiceNumber.location?.bbox as BBox;
    expect(box.x0).toBeGreaterThan((span?.bbox.x0 ?? 0) + 50);
    expect(box.x1).toBeCloseTo(span?.bbox.x1 ?? 0, 5);

    const total = results.total as AttributionInfo;
    expect(total).toMatchObject({ extractedValue: 2289.93, confidence: 0.9, location: { page: 2, matchedText: '2,289.93' } });
  });

  it('finds a quantity from the quoted table row, not a stray digit elsewhere on the page', () => {
    const item = (results.line_items as Array<Record<string, AttributionInfo>>)[1];
    const amount = item?.amount;
    expect(amount?.location?.matchedText).toBe('113.28');
    const row = layout.pages[0]?.lines.find((l) => l.text.startsWith('23 |'));
    expect(inside(amount?.location?.bbox as BBox, row?.bbox as BBox)).toBe(true);
  });
});
