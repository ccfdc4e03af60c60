import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readLayout } from '../../src/pdf/read-layout.ts';
import type { ModelResponse } from '../../src/domain/types.ts';
import { fakeProvider, invoiceAnswer, run, types } from '../helpers/fake-pipeline.ts';

describe('runExtraction: targets, scans and attributions', () => {
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
      // A scan has no text layer to check the value against: the model's word, marked as such.
      location: { page: 2, matchedText: 'PAID', bbox: null, grounding: 'unverified', source: 'model', ambiguous: false },
    });
  });

  it('extracts PER_PAGE: one object per selected page, paths prefixed with the page index', async () => {
    const provider = fakeProvider(invoiceAnswer);
    const { events, promise } = await run(provider, { config: { extractionTarget: 'PER_PAGE' } });
    const outcome = await promise;
    expect(events[0]).toEqual({ type: 'JOB_STARTED', totalSubtrees: 4, totalFields: 8, startTime: expect.any(String) });
    expect(types(events).slice(1).sort()).toEqual(['SUBTREE_RESULT /0', 'SUBTREE_RESULT /0/lines', 'SUBTREE_RESULT /1', 'SUBTREE_RESULT /1/lines']);
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
    expect(events.filter((e) => e.type === 'ARRAY_PROGRESS')).toEqual(
      [1, 2, 3, 4, 5, 6].map((turn) => ({ type: 'ARRAY_PROGRESS', path: '', turn, itemsExtracted: 50 * turn, done: turn === 6 })),
    );
    expect(types(events)).toEqual(['JOB_STARTED', ...Array(6).fill('ARRAY_PROGRESS '), 'SUBTREE_RESULT ']);
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
    const lineEvents = events.filter((e) => e.type !== 'JOB_STARTED' && e.path === '/lines');
    expect(lineEvents.map((e) => e.type)).toEqual(['ARRAY_PROGRESS', 'ARRAY_PROGRESS', 'SUBTREE_RESULT']);
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
    const rootEvent = events.find((e) => e.type === 'SUBTREE_RESULT' && e.path === '');
    expect(rootEvent?.type === 'SUBTREE_RESULT' && rootEvent.extractedResult).toEqual({ number: 'INV-7', total: 12.5 });
    expect(rootEvent?.type === 'SUBTREE_RESULT' && rootEvent.attributions).toMatchObject({ total: { extractedValue: 12.5 } });
  });
});
