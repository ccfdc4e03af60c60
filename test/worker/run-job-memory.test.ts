import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareRun, runJob, type PreparedRun, type RunJobDeps } from '../../src/worker/run-job.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';
import { STATEMENT_SCHEMA, answerFor, startJob, subtreeOf, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { startRunJobHarness, type RunJobHarness } from '../helpers/run-job-harness.ts';


// The process's own collector, reached without --expose-gc on the command line: the flag set now
// applies to contexts made after it, and a new context's global `gc` is the process's.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/**
 * A job's run keeps no hold on its stored layout through its tail (its final write and its
 * provider's release) while the slot's next job loads its own: not through the attempt, nor through
 * runJob's own variables (run-job.ts). The real service's API and database, the Gemini stand-in,
 * runJob itself with no worker around it.
 */
describe("a job run's memory through its tail", () => {
  let harness: RunJobHarness;
  let app: TestApp;
  let stub: GeminiStub;
  let deps: RunJobDeps;

  beforeAll(async () => {
    harness = await startRunJobHarness((request) => (request.cachedContent ? { kind: 'json', value: subtreeOf(request) === '' ? { account_number: 'NO 1234' } : [] } : answerFor(request)));
    ({ app, stub, deps } = harness);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it("lets the stored layout be collected once the extraction has returned, while the job's provider release still waits", async () => {
    const documentId = await uploadFixture(app, 'table-300.pdf');
    const { jobId } = await startJob(app, { documentId, jsonSchema: STATEMENT_SCHEMA, config: { documentInput: 'TEXT', maxNumConcurrentRequests: 4 } });
    const seen: { layout?: WeakRef<object> } = {};
    // Read as the worker reads it; only a weak reference stays here.
    const prepare = async (): Promise<PreparedRun | null> => {
      const prepared = await prepareRun(deps.db, { jobId: jobId! });
      if (prepared?.storedLayout) seen.layout = new WeakRef(prepared.storedLayout);
      return prepared;
    };
    // The job's context cache delete, in its tail after its final write, waits here.
    let release = () => {};
    stub.holdDeletes(new Promise<void>((resolve) => (release = resolve)));
    try {
      let settled = false;
      const run = runJob(deps, { jobId: jobId! }, { retryCount: 0, retryLimit: 1, shutdown: new AbortController().signal, prepared: prepare() }).finally(
        () => (settled = true),
      );
      await stub.waitUntil((s) => s.deletes.held > 0, 20_000);
      expect(seen.layout).toBeDefined();
      for (let i = 0; i < 3 && seen.layout!.deref() !== undefined; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        collect();
      }
      expect(seen.layout!.deref()).toBeUndefined();
      // Still in its tail when the layout was found gone: the check did not wait for the run's end.
      expect(settled).toBe(false);
      release();
      await run;
      expect((await waitForJob(app, jobId!, ['COMPLETED', 'FAILED'])).status).toBe('COMPLETED');
    } finally {
      release();
      stub.holdDeletes(null);
    }
  });
});
