import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareRun, runJob, type RunJobDeps } from '../../src/worker/run-job.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';
import { answerFor, INVOICE_SCHEMA, startJob, uploadFixture } from '../helpers/job-fixtures.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { startRunJobHarness, type RunJobHarness } from '../helpers/run-job-harness.ts';

/**
 * A job's estimate (kept in its metadata beside the actual usage) is advisory: one that cannot be
 * made must not cost the job its attempt, which would be retried with all its model work. The real
 * service's API and database, the Gemini stand-in, runJob itself with an estimate that throws.
 */
describe("a job whose estimate cannot be made", () => {
  let harness: RunJobHarness;
  let app: TestApp;
  let stub: GeminiStub;
  let deps: RunJobDeps;
  let estimates = 0;

  beforeAll(async () => {
    const estimate = () => {
      estimates++;
      throw new Error('no estimate for this plan');
    };
    harness = await startRunJobHarness((request) => answerFor(request), { estimate });
    ({ app, stub, deps } = harness);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('completes in its first attempt, tries the estimate once, and says in its warnings that its metadata has none', async () => {
    const documentId = await uploadFixture(app, 'invoice-2p.pdf');
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    expect(jobId).toBeDefined();

    // Returns (no queue job here to complete with the final status) rather than throwing for a retry.
    await runJob(deps, { jobId: jobId! }, { retryCount: 0, retryLimit: 1, shutdown: new AbortController().signal, prepared: prepareRun(deps.db, { jobId: jobId! }) });

    expect(estimates).toBe(1);
    expect(stub.requests.length).toBeGreaterThan(0);
    const row = await app.service.database.db.selectFrom('jobs').select(['status', 'attempts', 'metadata']).where('id', '=', jobId!).executeTakeFirstOrThrow();
    expect(row.status).toBe('COMPLETED');
    expect(row.attempts).toBe(1);
    const metadata = row.metadata as { estimate?: unknown; warnings: string[] };
    expect(metadata.estimate).toBeUndefined();
    expect(metadata.warnings).toContainEqual(expect.stringMatching(/^estimate: the estimate for this job could not be made/));
  });
});
