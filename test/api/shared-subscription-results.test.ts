import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import { EVENT_FIELDS, INVOICE_SCHEMA, JOB_PROGRESS, answerFor, startJob, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import { subscribeAll, type TestApp } from '../helpers/test-app.ts';

/**
 * jobProgress executes a live event once per process for every subscriber with the same selection
 * (api/plugins/use-shared-subscription-results.ts): what each subscriber receives must still be
 * exactly what its own document, variables and cursor ask for.
 */
describe('live job events shared by the subscribers of one job', () => {
  let app: TestApp;
  let documentId: string;

  beforeAll(async () => {
    ({ app } = await startAppWithGeminiStub({ respond: (request) => answerFor(request, 150) }));
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
  });
  afterAll(() => app?.stop());

  it('subscribers with the same, a different, or a variable-shaped selection each receive their own shape of every event', async () => {
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA, config: { maxNumConcurrentRequests: 1 } });
    const narrow = `subscription($j: ID!, $withStatus: Boolean!) { jobProgress(jobId: $j) {
      number: seq __typename ... on JobStatusEvent @include(if: $withStatus) { status } } }`;
    const socket = app.ws();
    const [a, b, c, withStatus, withoutStatus] = await Promise.all([
      subscribeAll(app.ws(), JOB_PROGRESS, { jobId, after: 0 }),
      subscribeAll(socket, JOB_PROGRESS, { jobId, after: 0 }),
      subscribeAll(socket, JOB_PROGRESS, { jobId, after: 2 }),
      subscribeAll(app.ws(), narrow, { j: jobId, withStatus: true }),
      subscribeAll(app.ws(), narrow, { j: jobId, withStatus: false }),
    ]);
    for (const stream of [a, b, c, withStatus, withoutStatus]) expect(stream.errors).toEqual([]);

    const log = await app.gql(`query($id: ID!) { job(id: $id) { events { ${EVENT_FIELDS} } } }`, { id: jobId });
    const events = log.data.job.events as Array<{ seq: number; __typename: string; status?: string }>;
    expect(events.at(-1)).toMatchObject({ __typename: 'JobStatusEvent', status: 'COMPLETED' });
    expect(a.events.map((e) => e.jobProgress)).toEqual(events);
    expect(b.events.map((e) => e.jobProgress)).toEqual(events);
    expect(c.events.map((e) => e.jobProgress)).toEqual(events.filter((e) => e.seq > 2));
    expect(withStatus.events.map((e) => e.jobProgress)).toEqual(
      events.map((e) => ({ number: e.seq, __typename: e.__typename, ...(e.__typename === 'JobStatusEvent' && { status: e.status }) })),
    );
    expect(withoutStatus.events.map((e) => e.jobProgress)).toEqual(events.map((e) => ({ number: e.seq, __typename: e.__typename })));
  });

  it('a subscription of a job of another tenant still fails with NOT_FOUND, and one with bad variables with BAD_USER_INPUT', async () => {
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    const other = await app.newTenant('other');
    const foreign = await subscribeAll(app.ws(other), JOB_PROGRESS, { jobId, after: 0 });
    expect(foreign.events).toEqual([]);
    expect(foreign.errors).toMatchObject([{ extensions: { code: 'NOT_FOUND' } }]);
    const badVariables = await subscribeAll(app.ws(), JOB_PROGRESS, { jobId, after: 'three' });
    expect(badVariables.errors).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT' } }]);
    await waitForJob(app, jobId!, ['COMPLETED']);
  });
});
