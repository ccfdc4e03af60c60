import { describe, expect, it } from 'vitest';
import type { PageLayout } from '../../src/domain/types.ts';
import { fakeProvider, run } from '../helpers/fake-pipeline.ts';

const scan = (page: number): PageLayout => ({ page, width: 600, height: 800, hasTextLayer: false, lines: [] });
const scans = (count: number) => ({ pageCount: count, pages: Array.from({ length: count }, (_, i) => scan(i + 1)) });
const stampSchema = { type: 'object', properties: { stamp: { type: 'string' } } } as const;

describe("a job's cuts of the pages it sends as PDF", () => {
  it('are given up for the other sections of a subtree that failed: it holds no places and cuts nothing more', async () => {
    const asked: AbortSignal[] = [];
    const provider = fakeProvider(async () => {
      throw Object.assign(new Error('refused'), { permanent: true, errorType: 'MODEL_ERROR' });
    });
    const { promise } = await run(provider, {
      layout: scans(60),
      schema: stampSchema,
      // One subtree of many sections (a few pages each), one call at a time.
      sectionTokenBudget: 300,
      config: { extractionTarget: 'PER_DOC', maxNumConcurrentRequests: 1 },
      cutPages: async (_pages, signal) => (asked.push(signal), new Uint8Array(10)),
    });
    const outcome = await promise;
    expect(outcome.failedPaths).toHaveLength(1);
    // The first batch (its one call in flight and 16 ahead, run-extraction.ts's CUTS_AHEAD), not one per section.
    expect(asked.length).toBeGreaterThan(1);
    expect(asked.length).toBeLessThanOrEqual(1 + 16);
  });

  it('are withdrawn when the job ends because its events cannot be written', async () => {
    const asked: AbortSignal[] = [];
    const { promise } = await run(fakeProvider(() => ({ value: { stamp: 'PAID' } })), {
      layout: scans(40),
      schema: stampSchema,
      config: { extractionTarget: 'PER_PAGE', maxNumConcurrentRequests: 2 },
      emit: () => Promise.reject(new Error('the database is gone')),
      // Cuts that take until they are withdrawn (a long scan's parse, a queue behind other documents).
      cutPages: (_pages, signal) => {
        asked.push(signal);
        return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
      },
    });
    await promise.catch(() => {});
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((signal) => !signal.aborted)).toEqual([]);
  });

  it('are not tried again within the job once a section failed to cut, and the failure is said once', async () => {
    const cutsOf = new Map<number, number>();
    let calls = 0;
    const provider = fakeProvider(async (request) => {
      calls++;
      // Every other answer breaks the schema (a repair sends the pages again) and every third call fails.
      if (calls % 3 === 0) throw new Error('transient');
      return { value: { stamp: calls % 2 ? 42 : 'PAID' } };
    });
    const { promise } = await run(provider, {
      layout: scans(20),
      schema: stampSchema,
      config: { extractionTarget: 'PER_PAGE', maxNumConcurrentRequests: 1, validateResponseSchema: true },
      cutPages: async ([page]) => {
        cutsOf.set(page!, (cutsOf.get(page!) ?? 0) + 1);
        if (page! % 2) throw new Error('cut failed');
        return new Uint8Array(10);
      },
    });
    const outcome = await promise;
    const said = outcome.warnings.filter((w) => w.includes('could not be prepared'));
    expect(said).toHaveLength(10);
    expect(new Set(said).size).toBe(10);
    for (let page = 1; page <= 20; page += 2) expect(cutsOf.get(page)).toBe(1);
    // The pages cut fine are cut again for a second round (the worker keeps small cuts).
    expect(provider.calls.length).toBeGreaterThan(20);
  });
});
