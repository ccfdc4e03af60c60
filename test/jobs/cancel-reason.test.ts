import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';
import { answerFor, INVOICE_SCHEMA, SUBTREE_PATHS, startJob, subtreeOf, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import type { TestApp } from '../helpers/test-app.ts';

/** A cancelled job says why (Job.errorMessage: "Why the job failed or was cancelled"). */
describe('the reason a cancelled job gives', () => {
  let app: TestApp;
  let stub: GeminiStub;
  let documentId: string;

  beforeAll(async () => {
    // /notes never answers: the job runs until it is cancelled, its other subtrees finished.
    ({ app, stub } = await startAppWithGeminiStub({ respond: (request) => (subtreeOf(request) === '/notes' ? { kind: 'hang' } : answerFor(request)) }));
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
  });
  afterAll(() => app?.stop());

  it('a running job cancelled through the mutation says so, and what became of its finished subtrees, on the job and in its terminal status event', async () => {
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    const finished = SUBTREE_PATHS.length - 1;
    await expect
      .poll(async () => (await app.gql(`query($id: ID!) { job(id: $id) { progress { subtreesCompleted } } }`, { id: jobId })).data.job.progress.subtreesCompleted, {
        timeout: 20_000,
      })
      .toBe(finished);
    await stub.waitUntil((s) => s.requests.some((r) => subtreeOf(r) === '/notes'));

    const cancelled = await app.gql(`mutation($id: ID!) { cancelExtractionJob(jobId: $id) { status errorMessage } }`, { id: jobId });
    const reason =
      `Cancelled through the cancelExtractionJob mutation while PROCESSING; ${finished} of ${SUBTREE_PATHS.length} subtrees had finished: ` +
      "the job has no results, and each finished subtree's result stays in its event log (SubtreeResultEvent)";
    expect(cancelled.data.cancelExtractionJob).toEqual({ status: 'CANCELLED', errorMessage: reason });

    const job = (
      await app.gql(
        `query($id: ID!) { job(id: $id) { status errorMessage results events { __typename ... on JobStatusEvent { status errorMessage } ... on SubtreeResultEvent { path } } } }`,
        { id: jobId },
      )
    ).data.job;
    expect(job).toMatchObject({ status: 'CANCELLED', errorMessage: reason, results: null });
    expect(job.events.at(-1)).toEqual({ __typename: 'JobStatusEvent', status: 'CANCELLED', errorMessage: reason });
    expect(job.events.filter((e: { __typename: string }) => e.__typename === 'SubtreeResultEvent')).toHaveLength(finished);
    // The worker stops on the cancel and writes nothing after it.
    await waitForJob(app, jobId!, ['CANCELLED']);
  }, 60_000);
});
