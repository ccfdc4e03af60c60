import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PageLayout } from '../../src/domain/types.ts';
import type { PageCutter } from '../../src/pdf/extract-pages.ts';
import { createCutPagesCache } from '../../src/worker/cut-pages-cache.ts';
import { fakeProvider, run } from '../helpers/fake-pipeline.ts';

afterEach(() => vi.useRealTimers());

const PAGES = 200;
const scan = (page: number): PageLayout => ({ page, width: 600, height: 800, hasTextLayer: false, lines: [] });

/**
 * A PER_PAGE job on a long scan with a model that answers in 5–20 s (simulated time): its cuts
 * are asked a batch at a time, seconds apart (pipeline/cut-window.ts). Returns how often the
 * document was opened for cutting.
 */
async function opensOfSlowJob(cutter: Omit<PageCutter, 'cut'>, hold: boolean): Promise<number> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let opens = 0;
  const cache = createCutPagesCache({ open: async () => (opens++, { ...cutter, cut: async () => new Uint8Array(10) }) });
  const documentId = randomUUID();
  const provider = fakeProvider(async () => {
    await new Promise((resolve) => setTimeout(resolve, (5 + 15 * random()) * 1000));
    return { value: { stamp: 'PAID' } };
  });
  const letGo = hold ? cache.holdParse(documentId) : () => {};
  const { promise } = await run(provider, {
    layout: { pageCount: PAGES, pages: Array.from({ length: PAGES }, (_, i) => scan(i + 1)) },
    schema: { type: 'object', properties: { stamp: { type: 'string' } } },
    config: { extractionTarget: 'PER_PAGE', maxNumConcurrentRequests: 20 },
    cutPages: (pages) => cache.cutPages(documentId, pages, async () => new Uint8Array(1)),
  });
  let finished = false;
  void promise.finally(() => (finished = true));
  while (!finished) await vi.advanceTimersByTimeAsync(50);
  letGo();
  expect((await promise).failedPaths).toEqual([]);
  expect(provider.calls).toHaveLength(PAGES);
  return opens;
}

describe('a job with a slow model holding its document', () => {
  it('opens its document once for all its batches of cuts, however far apart they come', async () => {
    expect(await opensOfSlowJob({}, true)).toBe(1);
  }, 60_000);

  it('opens a document pdf-lib cannot open (drawn in a thread) once too', async () => {
    expect(await opensOfSlowJob({ inThread: true }, true)).toBe(1);
  }, 60_000);

  it('opens it again for each batch when no job holds it', async () => {
    // What the hold saves: 200 pages in batches of 8 or more after the first 36.
    expect(await opensOfSlowJob({}, false)).toBeGreaterThan(10);
  }, 60_000);
});
