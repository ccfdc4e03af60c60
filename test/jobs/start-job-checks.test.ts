import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOICE_SCHEMA, startJob, uploadFixture } from '../helpers/job-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// No worker and no Gemini key: jobs stay PENDING, which is what the limit checks need.
describe('startExtractionJob checks everything before creating anything', () => {
  let app: TestApp;
  let documentId: string;
  let schemaId: string;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
    const saved = await app.gql(`mutation($s: JSON!) { createSchema(name: "invoice", jsonSchema: $s) { id } }`, { s: INVOICE_SCHEMA });
    schemaId = saved.data.createSchema.id;
  });
  afterAll(() => app?.stop());

  const jobCount = async () => (await app.gql(`{ jobs(first: 100) { nodes { id } } }`)).data.jobs.nodes.length;
  /** Schema rows, inline ones included: a refused start must leave no inline schema behind. */
  const schemaCount = async () => Number((await app.database.db.selectFrom('schemas').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it.each([
    ['a malformed document id', { documentId: 'nope', schemaId: 'x' }, 'BAD_USER_INPUT', 400],
    ['an unknown schema given with an inline one too (existence is checked first)', { schemaId: '00000000-0000-4000-8000-000000000000', jsonSchema: INVOICE_SCHEMA }, 'NOT_FOUND', 404],
    ['neither schemaId nor jsonSchema', {}, 'BAD_USER_INPUT', 400],
    ['an unknown document', { documentId: '00000000-0000-4000-8000-000000000000', jsonSchema: INVOICE_SCHEMA }, 'NOT_FOUND', 404],
    ['an unknown schema', { schemaId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND', 404],
    ['an invalid inline schema', { jsonSchema: { type: 'array' } }, 'UNPROCESSABLE', 422],
    ['concurrency out of range', { jsonSchema: INVOICE_SCHEMA, config: { maxNumConcurrentRequests: 21 } }, 'BAD_USER_INPUT', 400],
    ['temperature out of range', { jsonSchema: INVOICE_SCHEMA, config: { temperature: 2.5 } }, 'BAD_USER_INPUT', 400],
    ['malformed targetPages', { jsonSchema: INVOICE_SCHEMA, config: { targetPages: '1-' } }, 'BAD_USER_INPUT', 400],
    ['a page that does not exist', { jsonSchema: INVOICE_SCHEMA, config: { targetPages: '1,7' } }, 'BAD_USER_INPUT', 400],
    ['a Gemini model without a configured key', { jsonSchema: INVOICE_SCHEMA, config: { model: 'GEMINI_2_5_PRO' } }, 'BAD_USER_INPUT', 400],
    ['a webhook with a bad URL', { jsonSchema: INVOICE_SCHEMA, webhook: { url: 'ftp://x' } }, 'BAD_USER_INPUT', 400],
  ])('%s is refused with %s and creates no job and no schema', async (_name, input, code, status) => {
    const before = await jobCount();
    const schemasBefore = await schemaCount();
    const result = await startJob(app, { documentId, ...input });
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(result.status).toBe(status);
    expect(await jobCount()).toBe(before);
    expect(await schemaCount()).toBe(schemasBefore);
  });

  it('both a saved schemaId and a jsonSchema is refused with BAD_USER_INPUT', async () => {
    const result = await startJob(app, { documentId, schemaId, jsonSchema: INVOICE_SCHEMA });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/exactly one/);
  });

  it('names the missing key when a Gemini model is asked for', async () => {
    const result = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA, config: { model: 'GEMINI_2_5_FLASH' } });
    expect(result.errors?.[0]?.message).toMatch(/GEMINI_API_KEY/);
  });

  it('defaults to LOCAL without a Gemini key and fills every config default', async () => {
    const { jobId } = await startJob(app, { documentId, schemaId });
    const job = await app.gql(`query($id: ID!) { job(id: $id) { status config { model maxNumConcurrentRequests validateResponseSchema perKeyAttribution enableThinking nMaxRetries extractionTarget enableAgenticArrayExtraction temperature } estimatedCompletion progress { totalSubtrees totalFields } schema { id } document { id } } }`, { id: jobId });
    expect(job.data.job).toMatchObject({
      status: 'PENDING',
      config: {
        model: 'LOCAL',
        maxNumConcurrentRequests: 5,
        validateResponseSchema: true,
        perKeyAttribution: false,
        enableThinking: true,
        nMaxRetries: 3,
        extractionTarget: 'PER_DOC',
        enableAgenticArrayExtraction: false,
        temperature: null,
      },
      progress: { totalSubtrees: 4, totalFields: 7 },
      schema: { id: schemaId },
      document: { id: documentId },
    });
    await app.gql(`mutation($id: ID!) { cancelExtractionJob(jobId: $id) { status } }`, { id: jobId });
  });

  it.each([
    ['PER_DOC', 4, 7],
    ['PER_PAGE', 8, 14],
    ['PER_TABLE_ROW', 1, 7],
  ])('a %s job starts with the subtrees and fields the worker will plan (%i, %i)', async (extractionTarget, totalSubtrees, totalFields) => {
    const { jobId } = await startJob(app, { documentId, schemaId, config: { extractionTarget } });
    const job = await app.gql(`query($id: ID!) { job(id: $id) { progress { totalSubtrees totalFields } } }`, { id: jobId });
    expect(job.data.job.progress).toEqual(expect.objectContaining({ totalSubtrees, totalFields }));
    await app.gql(`mutation($id: ID!) { cancelExtractionJob(jobId: $id) { status } }`, { id: jobId });
  });

  it('the sixth active job of a tenant is refused with TOO_MANY_ACTIVE_JOBS, even when starts race', async () => {
    const key = await app.newTenant('limited', 5);
    const doc = await uploadFixture(app, 'invoice-2p.pdf', key);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => startJob(app, { documentId: doc, jsonSchema: INVOICE_SCHEMA }, key)),
    );
    expect(results.filter((r) => r.jobId)).toHaveLength(5);
    const refused = results.filter((r) => !r.jobId);
    expect(refused).toHaveLength(3);
    for (const r of refused) {
      expect(r.errors?.[0]?.extensions?.code).toBe('TOO_MANY_ACTIVE_JOBS');
      expect(r.status).toBe(429);
    }
    const viewer = await app.gql(`{ viewer { activeJobs maxActiveJobs } }`, {}, { key });
    expect(viewer.data.viewer).toEqual({ activeJobs: 5, maxActiveJobs: 5 });

    // Cancelling one frees a slot.
    await app.gql(`mutation($id: ID!) { cancelExtractionJob(jobId: $id) { status } }`, { id: results.find((r) => r.jobId)!.jobId }, { key });
    expect((await startJob(app, { documentId: doc, jsonSchema: INVOICE_SCHEMA }, key)).jobId).toBeTruthy();
  });

  it("another tenant's job answers NOT_FOUND, like an unknown id", async () => {
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    const other = await app.newTenant();
    for (const query of [
      `query($id: ID!) { job(id: $id) { id } }`,
      `mutation($id: ID!) { cancelExtractionJob(jobId: $id) { id } }`,
    ]) {
      const response = await app.gql(query, { id: jobId }, { key: other });
      expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const listed = await app.gql(`{ jobs { nodes { id } } }`, {}, { key: other });
    expect(listed.data.jobs.nodes).toEqual([]);
    await app.gql(`mutation($id: ID!) { cancelExtractionJob(jobId: $id) { status } }`, { id: jobId });
  });

  it('lists jobs newest first with stable cursors and a status filter', async () => {
    const key = await app.newTenant('lister', 10);
    const doc = await uploadFixture(app, 'invoice-2p.pdf', key);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await startJob(app, { documentId: doc, jsonSchema: INVOICE_SCHEMA }, key)).jobId!);
    await app.gql(`mutation($id: ID!) { cancelExtractionJob(jobId: $id) { status } }`, { id: ids[0] }, { key });
    const page1 = await app.gql(`{ jobs(first: 2) { nodes { id } pageInfo { hasNextPage endCursor } } }`, {}, { key });
    expect(page1.data.jobs.nodes.map((n: { id: string }) => n.id)).toEqual([ids[2], ids[1]]);
    expect(page1.data.jobs.pageInfo.hasNextPage).toBe(true);
    const page2 = await app.gql(`query($after: String) { jobs(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage } } }`, { after: page1.data.jobs.pageInfo.endCursor }, { key });
    expect(page2.data.jobs).toEqual({ nodes: [{ id: ids[0] }], pageInfo: { hasNextPage: false } });
    const cancelled = await app.gql(`{ jobs(status: [CANCELLED]) { nodes { id status } } }`, {}, { key });
    expect(cancelled.data.jobs.nodes).toEqual([{ id: ids[0], status: 'CANCELLED' }]);
  });
});
