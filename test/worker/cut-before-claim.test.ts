import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPagesOf } from '../../src/domain/types.ts';
import { extractPages } from '../../src/pdf/extract-pages.ts';
import { keptPages } from '../../src/worker/cut-pages-cache.ts';
import { prepareRun } from '../../src/worker/run-job.ts';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import { fixture } from '../fixtures/read-fixture.ts';
import { STATEMENT_SCHEMA, startJob, uploadFixture } from '../helpers/job-fixtures.ts';
import type { TestApp } from '../helpers/test-app.ts';

/**
 * The pages a job's plan sends as PDF are cut from the bytes read before its claim, beside the
 * claim's round trip, not after it on the way to the first model call (run-job.ts, prepareRun).
 * The real service's API and database; prepareRun itself, with no worker and no claim around it.
 */
describe('pages sent as PDF, cut before the claim', () => {
  let app: TestApp;

  beforeAll(async () => {
    ({ app } = await startAppWithGeminiStub({ worker: false }));
  });
  afterAll(() => app?.stop());

  it("has the plan's cuts made by the read before the claim, once per set of pages, and kept for the document's next jobs", async () => {
    const documentId = await uploadFixture(app, 'invoice-2p.pdf');
    const { jobId } = await startJob(app, { documentId, jsonSchema: STATEMENT_SCHEMA, config: { documentInput: 'PDF' } });
    const prepared = await prepareRun(app.service.database.db, { jobId: jobId! });
    const pageSets = new Set(prepared!.plan!.subtrees.flatMap(({ sections }) => sections.map((section) => pdfPagesOf(section).join(','))));
    expect([...pageSets]).toEqual(['1,2']);
    // Nothing but the read asked for it: no claim, no run.
    const cut = await prepared!.cuts!.get('1,2')!;
    expect(cut).toEqual(await extractPages(fixture('invoice-2p.pdf'), [1, 2]));
    expect(keptPages(documentId, [1, 2])).toBe(cut);
    expect(prepared!.cuts!.size).toBe(1);
  });
});
