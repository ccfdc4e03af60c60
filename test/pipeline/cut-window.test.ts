import { randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { PageLayout } from '../../src/domain/types.ts';
import { openForCutting } from '../../src/pdf/extract-pages.ts';
import { createCutWindow } from '../../src/pipeline/cut-window.ts';
import { createCutPagesCache } from '../../src/worker/cut-pages-cache.ts';
import { fakeProvider, run } from '../helpers/fake-pipeline.ts';

describe("a job's window of cuts", () => {
  const never = new AbortController().signal;

  it('gives places first come, first served, and gives the next only once a batch of them is free', async () => {
    const window = createCutWindow({ places: 4, refill: 2 });
    const held = await Promise.all([1, 2, 3, 4].map(() => window.enter(never)));
    const granted: number[] = [];
    const waiting = [5, 6, 7].map((n) => window.enter(never).then((release) => (granted.push(n), release)));
    held[0]!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(granted).toEqual([]);
    // Releasing twice frees one place, not two.
    held[0]!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(granted).toEqual([]);
    held[1]!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(granted).toEqual([5, 6]);
    // One waiter left: a single free place is enough for it.
    held[2]!();
    await Promise.all(waiting);
    expect(granted).toEqual([5, 6, 7]);
  });

  it('lets a waiter whose job is cancelled leave, and the ones behind it take its turn', async () => {
    const window = createCutWindow({ places: 2, refill: 2 });
    const held = await Promise.all([window.enter(never), window.enter(never)]);
    const cancelled = new AbortController();
    const left = window.enter(cancelled.signal);
    const next = window.enter(never);
    cancelled.abort(new Error('job cancelled'));
    await expect(left).rejects.toThrow('job cancelled');
    held[0]!();
    held[1]!();
    expect(await next).toBeTypeOf('function');
  });
});

describe('a PER_PAGE job whose pages go to the model as PDF', () => {
  const PAGES = 60;
  const scan = (page: number): PageLayout => ({ page, width: 600, height: 800, hasTextLayer: false, lines: [] });

  /** A document whose page n is 100 + n points wide, so that a cut shows which page it holds. */
  async function numberedPages(count: number): Promise<Uint8Array> {
    const doc = await PDFDocument.create();
    for (let n = 1; n <= count; n++) doc.addPage([100 + n, 200]);
    return doc.save();
  }

  it('holds the cuts of its calls in flight and a few ahead, not one per page, each made for its own call, a batch per parse', async () => {
    const pdf = await numberedPages(PAGES);
    let parses = 0;
    const cache = createCutPagesCache({ open: async (bytes) => (parses++, openForCutting(bytes)) });
    const documentId = randomUUID();
    let asked = 0;
    let answered = 0;
    let mostHeld = 0;
    const provider = fakeProvider(async (request) => {
      const [page] = (await PDFDocument.load(request.imagePdf!)).getPages();
      expect(page!.getWidth() - 100).toBe(request.section.pages[0]!.page);
      answered++;
      return { value: { stamp: 'PAID' } };
    });
    const { promise } = await run(provider, {
      layout: { pageCount: PAGES, pages: Array.from({ length: PAGES }, (_, i) => scan(i + 1)) },
      schema: { type: 'object', properties: { stamp: { type: 'string' } } },
      config: { extractionTarget: 'PER_PAGE', maxNumConcurrentRequests: 2 },
      cutPages: (pages) => {
        mostHeld = Math.max(mostHeld, ++asked - answered);
        return cache.cutPages(documentId, pages, async () => pdf);
      },
    });
    const outcome = await promise;
    expect(outcome.failedPaths).toEqual([]);
    expect(provider.calls).toHaveLength(PAGES);
    expect(asked).toBe(PAGES);
    // Two calls in flight and 16 cuts ahead of them (run-extraction.ts's CUTS_AHEAD).
    expect(mostHeld).toBeGreaterThan(2);
    expect(mostHeld).toBeLessThanOrEqual(2 + 16);
    // The first wave's 2 cuts from one parse, the next 16 from another (the other subtrees begin
    // two loop iterations after the first wave: run-extraction.ts), the other 42 in batches of 8 at
    // least. No job holds the document here (a worker's run does: holdParse), so no parse is kept
    // between batches: each batch is one parse.
    expect(parses).toBeLessThanOrEqual(2 + Math.ceil((PAGES - 18) / 8));
  });
});
