/**
 * Citations through the real Gemini provider and SDK, against the local Gemini stand-in: a value on
 * a text page is located in the layout, a value read from a scanned page keeps the box the vision
 * model gave (box_2d, [ymin, xmin, ymax, xmax] on 0-1000), marked as the model's; the job's
 * warnings count how the values are grounded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGeminiProvider } from '../../src/models/gemini.ts';
import { runExtraction } from '../../src/pipeline/run-extraction.ts';
import type { AttributionInfo, DocumentLayout, ExtractConfig } from '../../src/domain/types.ts';
import { baseConfig } from '../helpers/fake-pipeline.ts';
import { startGeminiStub } from '../helpers/gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';

const config: ExtractConfig = { ...baseConfig, perKeyAttribution: true };

const text = 'Invoice INV-7';
const textBox = { x0: 50, y0: 50, x1: 50 + 5 * text.length, y1: 60 };
const layout: DocumentLayout = {
  pageCount: 2,
  pages: [
    { page: 1, width: 600, height: 800, hasTextLayer: true, lines: [{ text, bbox: textBox, spans: [{ text, bbox: textBox, fontSize: 10 }] }] },
    { page: 2, width: 600, height: 800, hasTextLayer: false, lines: [] },
  ],
};

let stub: GeminiStub;
beforeEach(async () => {
  stub = await startGeminiStub();
});
afterEach(async () => {
  await stub.close();
});

describe('citations from a Gemini answer', () => {
  it('boxes a scanned value where the model says and a text value where the layout says', async () => {
    stub.respond(() => ({
      kind: 'json',
      value: {
        value: { number: 'INV-7', seller: 'ACME Ltd', paid: true },
        evidence: [
          { pointer: '/number', quote: 'Invoice INV-7', page: 1, reasoning: 'header', confidence: 0.9 },
          { pointer: '/seller', quote: 'ACME Ltd', page: 2, reasoning: 'letterhead', confidence: 0.8, box_2d: [100, 200, 150, 500] },
          { pointer: '/paid', quote: 'Invoice INV-7', page: 1, reasoning: 'no balance due', confidence: 0.6 },
        ],
      },
    }));
    const provider = createGeminiProvider({ model: 'GEMINI_2_5_FLASH', apiKey: 'k', baseUrl: stub.url, maxRetries: 0, retryBaseDelayMs: 1 });
    const outcome = await runExtraction({
      layout,
      config,
      provider,
      sectionTokenBudget: 100_000,
      emit: () => {},
      signal: new AbortController().signal,
      schema: {
        type: 'object',
        properties: { number: { type: 'string' }, seller: { type: 'string' }, paid: { type: 'boolean' } },
      },
    });
    const results = outcome.results as Record<string, AttributionInfo>;
    expect(results.number!.location).toMatchObject({ page: 1, grounding: 'verbatim', source: 'layout', matchedText: 'INV-7' });
    expect(results.seller!.location).toEqual({
      page: 2, matchedText: 'ACME Ltd', grounding: 'unverified', source: 'model', ambiguous: false,
      bbox: { x0: 120, y0: 80, x1: 300, y1: 120 },
    });
    expect(results.paid!.location).toMatchObject({ grounding: 'inferred', bbox: null });
    expect(outcome.warnings).toContain(
      'citations: 1 of 3 values found on the page (1 verbatim, 0 after normalisation); 1 inferred (not printed, no box); 1 on scanned pages (boxes from the model, not verified)',
    );
  });
});
