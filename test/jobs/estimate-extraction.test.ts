import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { TOKENS_PER_PDF_PAGE } from '../../src/models/model-ids.ts';
import { estimateTokens } from '../../src/pipeline/sections.ts';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';
import { INVOICE_SCHEMA, answerFor, startJob, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const ESTIMATE = `query($d: ID!, $s: ID, $j: JSON, $c: ExtractConfigInput) {
  estimateExtraction(documentId: $d, schemaId: $s, jsonSchema: $j, config: $c) {
    model totalSubtrees sections modelCalls inputTokensMin inputTokensMax cachedTokensMax
    outputTokensMin outputTokensMax costUsdMin costUsdMax warnings
  }
}`;

describe('estimateExtraction: the plan and cost of a job before it starts', () => {
  let stub: GeminiStub;
  let app: TestApp;
  let documentId: string;

  beforeAll(async () => {
    ({ app, stub } = await startAppWithGeminiStub({ respond: (request) => answerFor(request) }));
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
  });
  afterAll(() => app?.stop());

  it('plans the subtrees, sections and calls the job then makes, and calls no model to do so', async () => {
    const before = stub.requests.length;
    const response = await app.gql(ESTIMATE, { d: documentId, j: INVOICE_SCHEMA, c: { model: 'GEMINI_2_5_FLASH', enableThinking: false } });
    expect(response.errors).toBeUndefined();
    const estimate = response.data.estimateExtraction;
    expect(stub.requests.length).toBe(before);
    expect(estimate.model).toBe('GEMINI_2_5_FLASH');

    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA, config: { model: 'GEMINI_2_5_FLASH', enableThinking: false } });
    const job = await waitForJob(app, jobId!, ['COMPLETED']);
    expect(estimate.totalSubtrees).toBe(job.progress.totalSubtrees);
    expect(estimate.modelCalls).toBe(job.metadata.usage.modelCalls);
    expect(estimate.sections).toBe(1);
    expect(estimate.inputTokensMin).toBeLessThanOrEqual(estimate.inputTokensMax);
    expect(estimate.outputTokensMin).toBeLessThanOrEqual(estimate.outputTokensMax);
    expect(estimate.costUsdMin).toBeGreaterThan(0);
    expect(estimate.costUsdMin).toBeLessThanOrEqual(estimate.costUsdMax);
    // The job keeps the estimate it started with beside its actual usage.
    const kept = (await app.gql(`query($id: ID!) { job(id: $id) { metadata { estimate { modelCalls inputTokensMin costUsdMax } usage { modelCalls } } } }`, { id: jobId }))
      .data.job.metadata;
    expect(kept.estimate).toEqual({ modelCalls: estimate.modelCalls, inputTokensMin: estimate.inputTokensMin, costUsdMax: estimate.costUsdMax });
    expect(kept.usage.modelCalls).toBe(kept.estimate.modelCalls);
  });

  it("estimates the input tokens of the job's requests within 25%", async () => {
    const config = { model: 'GEMINI_2_5_FLASH', enableThinking: false };
    const estimate = (await app.gql(ESTIMATE, { d: documentId, j: INVOICE_SCHEMA, c: config })).data.estimateExtraction;
    const from = stub.requests.length;
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA, config });
    await waitForJob(app, jobId!, ['COMPLETED']);
    // What the requests really held, counted with the same four-characters rule: the system
    // instruction, the contents and the response schema all count as input at Gemini.
    // Pages attached as PDF count as Gemini bills them, per page.
    let sent = 0;
    for (const r of stub.requests.slice(from)) {
      sent += estimateTokens(r.systemInstruction) + estimateTokens(r.prompt) + estimateTokens(JSON.stringify(r.responseSchema));
      for (const part of r.inlineData) sent += (await PDFDocument.load(Buffer.from(part.data, 'base64'))).getPageCount() * TOKENS_PER_PDF_PAGE;
    }
    expect(estimate.inputTokensMin).toBeGreaterThan(sent * 0.75);
    expect(estimate.inputTokensMin).toBeLessThan(sent * 1.25);
  });

  it('counts the repeated document prefix a cache could serve, and widens the range for repair turns', async () => {
    const estimate = (await app.gql(ESTIMATE, { d: documentId, j: INVOICE_SCHEMA, c: { model: 'GEMINI_2_5_FLASH' } })).data.estimateExtraction;
    expect(estimate.totalSubtrees).toBeGreaterThan(1);
    expect(estimate.cachedTokensMax).toBeGreaterThan(0);
    expect(estimate.inputTokensMax).toBeGreaterThan(estimate.inputTokensMin);
    expect(estimate.warnings.join(' ')).toMatch(/thinking/i);
  });

  it('makes the same input checks as startExtractionJob', async () => {
    const unknown = await app.gql(ESTIMATE, { d: '0f8fad5b-d9cb-469f-a165-70867728950e', j: INVOICE_SCHEMA });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const malformed = await app.gql(ESTIMATE, { d: 'nope', j: INVOICE_SCHEMA });
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const neither = await app.gql(ESTIMATE, { d: documentId });
    expect(neither.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const invalid = await app.gql(ESTIMATE, { d: documentId, j: { type: 'object', properties: { a: { type: 'no-such-type' } } } });
    expect(invalid.errors?.[0]?.extensions?.code).toBe('UNPROCESSABLE');
    const badConfig = await app.gql(ESTIMATE, { d: documentId, j: INVOICE_SCHEMA, c: { maxNumConcurrentRequests: 99 } });
    expect(badConfig.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('says that LOCAL makes no model calls and costs nothing', async () => {
    const estimate = (await app.gql(ESTIMATE, { d: documentId, j: INVOICE_SCHEMA, c: { model: 'LOCAL' } })).data.estimateExtraction;
    expect(estimate).toMatchObject({ model: 'LOCAL', modelCalls: 0, inputTokensMax: 0, costUsdMin: 0, costUsdMax: 0 });
    expect(estimate.warnings.join(' ')).toMatch(/not a language model/);
  });

  it('needs an API key like every other query', async () => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: ESTIMATE, variables: { d: documentId, j: INVOICE_SCHEMA } }),
    });
    const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('estimateExtraction for an OpenAI-compatible server', () => {
  let app: TestApp;
  let documentId: string;

  beforeAll(async () => {
    // No server needs to listen: an estimate calls no model.
    app = await startTestApp({
      env: {
        OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
        OPENAI_DEFAULT_MODEL: 'qwen2.5:7b-instruct',
        OPENAI_PRICES: JSON.stringify({ 'priced-model': { input: 1, cachedInput: 0.5, output: 2 } }),
      },
    });
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("prices the server's models as its provider does: configured prices, else 0 for a self-hosted server", async () => {
    const selfHosted = (await app.gql(ESTIMATE, { d: documentId, j: INVOICE_SCHEMA, c: { model: 'OPENAI_COMPATIBLE' } })).data.estimateExtraction;
    expect(selfHosted).toMatchObject({ model: 'OPENAI_COMPATIBLE', costUsdMin: 0, costUsdMax: 0 });
    expect(selfHosted.modelCalls).toBeGreaterThan(0);
    const priced = (await app.gql(ESTIMATE, { d: documentId, j: INVOICE_SCHEMA, c: { model: 'OPENAI_COMPATIBLE', modelName: 'priced-model' } })).data
      .estimateExtraction;
    expect(priced.costUsdMin).toBeGreaterThan(0);
    expect(priced.costUsdMax).toBeGreaterThan(priced.costUsdMin);
  });
});

describe('estimateExtraction on a server without a Gemini key', () => {
  let app: TestApp;
  let documentId: string;
  beforeAll(async () => {
    app = await startTestApp();
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('prices a Gemini model anyway, and says that a job with it would be refused here', async () => {
    const response = await app.gql(ESTIMATE, { d: documentId, j: INVOICE_SCHEMA, c: { model: 'GEMINI_2_5_FLASH' } });
    expect(response.errors).toBeUndefined();
    const estimate = response.data.estimateExtraction;
    expect(estimate.costUsdMin).toBeGreaterThan(0);
    expect(estimate.warnings[0]).toMatch(/no Gemini API key: a job with GEMINI_2_5_FLASH would be refused/);
    const started = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA, config: { model: 'GEMINI_2_5_FLASH' } });
    expect(started.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('estimates, when the config names no model, the model a job started with it runs: LOCAL', async () => {
    const estimate = (await app.gql(ESTIMATE, { d: documentId, j: INVOICE_SCHEMA })).data.estimateExtraction;
    expect(estimate).toMatchObject({ model: 'LOCAL', modelCalls: 0, costUsdMin: 0, costUsdMax: 0 });
    expect(estimate.warnings.join(' ')).not.toMatch(/Gemini/);
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    const job = await waitForJob(app, jobId!, ['COMPLETED']);
    expect(job.metadata.model).toBe('LOCAL');
  });
});
