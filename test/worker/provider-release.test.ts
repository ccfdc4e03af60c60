import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import type { GeminiStub, StubRequest } from '../helpers/gemini-stub.ts';
import { INVOICE_SCHEMA, STATEMENT_SCHEMA, answerFor, startJob, subtreeOf, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import type { TestApp } from '../helpers/test-app.ts';


/**
 * A job's end releases its model provider (Gemini: deletes its context caches) within a bound
 * (release-provider.ts): a delete the API never answers is abandoned, not waited for, so the slot
 * that ran the job goes on to its later jobs. One slot, the real service and the Gemini stand-in.
 */
describe("a job's provider release that hangs", () => {
  let app: TestApp;
  let stub: GeminiStub;
  let longDocument: string;
  let invoice: string;

  beforeAll(async () => {
    ({ app, stub } = await startAppWithGeminiStub({
      respond: (request: StubRequest) =>
        request.cachedContent ? { kind: 'json', value: subtreeOf(request) === '' ? { account_number: 'NO 1234' } : [] } : answerFor(request),
      env: { WORKER_CONCURRENCY: '1' },
    }));
    longDocument = await uploadFixture(app, 'table-300.pdf');
    invoice = await uploadFixture(app, 'invoice-2p.pdf');
  });
  afterAll(() => app?.stop());

  it("does not hold the slot: the jobs after it start and complete while its cache delete hangs, and the delete is abandoned", async () => {
    let release = () => {};
    stub.holdDeletes(new Promise<void>((resolve) => (release = resolve)));
    try {
      const cachesBefore = stub.caches.created.length;
      const { jobId: cached } = await startJob(app, { documentId: longDocument, jsonSchema: STATEMENT_SCHEMA, config: { documentInput: 'TEXT', maxNumConcurrentRequests: 4 } });
      // Queued behind it in the one slot once it runs: the second is fetched at its hand-over, the
      // third only once its tail (the cache delete among it) has ended.
      await stub.waitUntil((s) => s.caches.created.length > cachesBefore, 20_000);
      const { jobId: second } = await startJob(app, { documentId: invoice, jsonSchema: INVOICE_SCHEMA });
      const { jobId: third } = await startJob(app, { documentId: invoice, jsonSchema: INVOICE_SCHEMA });
      expect((await waitForJob(app, cached!, ['COMPLETED', 'FAILED'])).status).toBe('COMPLETED');
      await stub.waitUntil((s) => s.deletes.held > 0, 20_000);
      expect((await waitForJob(app, second!, ['COMPLETED', 'FAILED'], 20_000)).status).toBe('COMPLETED');
      expect((await waitForJob(app, third!, ['COMPLETED', 'FAILED'], 20_000)).status).toBe('COMPLETED');
      // The worker gave up on the delete (its request aborted) rather than leaving it open.
      await stub.waitUntil((s) => s.deletes.abandoned > 0, 20_000);
      expect(stub.deletes.abandoned).toBeGreaterThan(0);
    } finally {
      release();
      stub.holdDeletes(null);
    }
  });
});
