import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetOutputModeFallbacks } from '../../src/models/openai.ts';
import { ANSWERS, EVENT_FIELDS, INVOICE_SCHEMA, SUBTREE_PATHS, WHOLE_RESULT, startJob, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import { startOpenAiStub, type OpenAiStub, type StubReply, type StubRequest } from '../helpers/openai-stub.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/** Which subtree a request asks for, read from the task the provider wrote. */
function subtreeOf(request: StubRequest): string {
  return /result at JSON Pointer "([^"]*)"/.exec(request.prompt)?.[1] ?? '';
}

/** The perfect model: the right answer for the subtree, in the envelope the response format asks for. */
function answer(request: StubRequest, usage?: Extract<StubReply, { kind: 'json' }>['usage']): StubReply {
  const value = ANSWERS[subtreeOf(request)];
  const schema = request.responseFormat?.json_schema?.schema as { properties?: Record<string, unknown> } | undefined;
  const wrapped = schema ? 'value' in (schema.properties ?? {}) : !(typeof value === 'object' && value !== null && !Array.isArray(value));
  return { kind: 'json', value: wrapped ? { value } : value, ...(usage ? { usage } : {}) };
}

const JOB_WITH_LOG = `query($id: ID!) { job(id: $id) {
  status errorMessage config { model modelName }
  metadata { model costUsd warnings usage { promptTokens outputTokens thinkingTokens cachedTokens totalTokens modelCalls } }
  events { ${EVENT_FIELDS} } } }`;

describe('jobs on an OpenAI-compatible server (the real openai SDK against a Chat Completions stand-in)', () => {
  let stub: OpenAiStub;
  let app: TestApp;

  beforeAll(async () => {
    forgetOutputModeFallbacks();
    stub = await startOpenAiStub();
    app = await startTestApp({ env: { OPENAI_BASE_URL: stub.url, OPENAI_DEFAULT_MODEL: 'llama3.1:8b' } });
  });
  afterAll(async () => {
    await app?.stop();
    await stub?.close();
  });

  it('a whole job with modelName: every subtree answered, a 429 retried after retry-after-ms, usage with cached and reasoning tokens, the event log', async () => {
    const rateLimited = new Set<string>();
    stub.respond((request) => {
      const path = subtreeOf(request);
      if (path === '/payments' && !rateLimited.has(path)) {
        rateLimited.add(path);
        return { kind: 'error', status: 429, message: 'Rate limit reached for requests', retryAfterMs: 30 };
      }
      return answer(request, { prompt_tokens: 1000, completion_tokens: 120, cached_tokens: 600, reasoning_tokens: 20 });
    });
    const documentId = await uploadFixture(app, 'invoice-2p.pdf');
    const { jobId, errors } = await startJob(app, {
      documentId,
      jsonSchema: INVOICE_SCHEMA,
      config: { model: 'OPENAI_COMPATIBLE', modelName: 'qwen2.5:7b-instruct' },
    });
    expect(errors).toBeUndefined();
    await waitForJob(app, jobId!, ['COMPLETED', 'FAILED'], 60_000);

    const { data } = await app.gql(JOB_WITH_LOG, { id: jobId });
    const job = data.job;
    expect(job.status).toBe('COMPLETED');
    expect(job.config).toEqual({ model: 'OPENAI_COMPATIBLE', modelName: 'qwen2.5:7b-instruct' });
    expect(job.metadata.model).toBe('OPENAI_COMPATIBLE');
    expect(job.metadata.warnings).toEqual([]);
    expect(job.metadata.costUsd).toBe(0);

    const requests = stub.requests.filter((r) => r.model === 'qwen2.5:7b-instruct');
    expect(new Set(requests.map(subtreeOf))).toEqual(new Set(SUBTREE_PATHS));
    expect(requests.every((r) => r.responseFormat?.type === 'json_schema' && r.responseFormat.json_schema?.strict === true)).toBe(true);
    expect(requests.filter((r) => subtreeOf(r) === '/payments')).toHaveLength(2);
    // Four answered calls with usage, one 429 that counts as a call without tokens.
    expect(job.metadata.usage).toEqual({ promptTokens: 4000, outputTokens: 400, thinkingTokens: 80, cachedTokens: 2400, totalTokens: 4480, modelCalls: 5 });

    const types = job.events.map((e: { __typename: string }) => e.__typename);
    expect(types[0]).toBe('JobStatusEvent');
    expect(types).toContain('JobStartedEvent');
    const results = job.events.filter((e: { __typename: string }) => e.__typename === 'SubtreeResultEvent');
    expect(Object.fromEntries(results.map((e: { path: string; extractedResult: unknown }) => [e.path, e.extractedResult]))).toEqual(ANSWERS);
    expect(results.reduce((sum: number, e: { usageMetadata: { modelCalls: number } }) => sum + e.usageMetadata.modelCalls, 0)).toBe(5);
    expect(job.events.at(-1)).toMatchObject({ __typename: 'JobStatusEvent', status: 'COMPLETED' });
    expect(job.events.map((e: { seq: number }) => e.seq)).toEqual(job.events.map((_: unknown, i: number) => i + 1));
  }, 90_000);

  it('without a model in the config, the only configured server and OPENAI_DEFAULT_MODEL are used', async () => {
    stub.respond((request) => answer(request));
    const documentId = await uploadFixture(app, 'invoice-2p.pdf');
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    const job = await waitForJob(app, jobId!, ['COMPLETED', 'FAILED'], 60_000);
    expect(job.status).toBe('COMPLETED');
    expect(job.metadata.model).toBe('OPENAI_COMPATIBLE');
    expect(stub.requests.at(-1)?.model).toBe('llama3.1:8b');
  }, 90_000);

  it('a server without Structured Outputs gets JSON mode with the schema in the prompt, and the job completes', async () => {
    stub.configure({ refuseJsonSchema: true });
    stub.respond((request) => answer(request));
    const before = stub.requests.length;
    const documentId = await uploadFixture(app, 'invoice-2p.pdf');
    const { jobId } = await startJob(app, {
      documentId,
      jsonSchema: INVOICE_SCHEMA,
      config: { model: 'OPENAI_COMPATIBLE', modelName: 'old-llama', maxNumConcurrentRequests: 1 },
    });
    const job = await waitForJob(app, jobId!, ['COMPLETED', 'FAILED'], 60_000);
    stub.configure({});
    expect(job.status).toBe('COMPLETED');
    expect(job.results).toEqual(WHOLE_RESULT);
    const formats = stub.requests.slice(before).map((r) => r.responseFormat?.type);
    // One refusal, then JSON mode for every subtree (the fallback is remembered).
    expect(formats).toEqual(['json_schema', 'json_object', 'json_object', 'json_object', 'json_object']);
  }, 90_000);

  it('a prompt over the server\'s context window fails its subtrees with a message naming the limit', async () => {
    stub.configure({ contextWindow: 40 });
    stub.respond((request) => answer(request));
    const documentId = await uploadFixture(app, 'invoice-2p.pdf');
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA, config: { model: 'OPENAI_COMPATIBLE', modelName: 'tiny' } });
    await waitForJob(app, jobId!, ['COMPLETED', 'FAILED'], 60_000);
    stub.configure({});
    const { data } = await app.gql(JOB_WITH_LOG, { id: jobId });
    expect(data.job.status).toBe('FAILED');
    const failures = data.job.events.filter((e: { __typename: string }) => e.__typename === 'SubtreeErrorEvent');
    expect(failures).toHaveLength(SUBTREE_PATHS.length);
    for (const failure of failures) {
      expect(failure.errorType).toBe('MODEL_ERROR');
      expect(failure.errorMessage).toMatch(/does not fit the model's context window of 40 tokens \(context_length_exceeded\)/);
    }
  }, 90_000);

  it('scanned pages are skipped with a warning when OPENAI_VISION is off', async () => {
    stub.respond((request) => answer(request));
    const documentId = await uploadFixture(app, 'scanned.pdf');
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA, config: { model: 'OPENAI_COMPATIBLE', modelName: 'text-only' } });
    const job = await waitForJob(app, jobId!, ['COMPLETED', 'FAILED'], 60_000);
    expect(job.status).toBe('COMPLETED');
    expect(job.metadata.warnings).toContain('pages 2: scanned pages were skipped (the configured model does not read images)');
    expect(stub.requests.filter((r) => r.model === 'text-only').every((r) => r.imageUrls.length === 0)).toBe(true);
  }, 90_000);
});

describe('a vision model (OPENAI_VISION=true)', () => {
  it('reads scanned pages from PNG images of exactly those pages', async () => {
    const stub = await startOpenAiStub();
    stub.respond((request) => answer(request));
    const app = await startTestApp({ env: { OPENAI_BASE_URL: stub.url, OPENAI_VISION: 'true' } });
    try {
      const documentId = await uploadFixture(app, 'scanned.pdf');
      const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA, config: { model: 'OPENAI_COMPATIBLE', modelName: 'qwen2.5vl:7b' } });
      const job = await waitForJob(app, jobId!, ['COMPLETED', 'FAILED'], 60_000);
      expect(job.status).toBe('COMPLETED');
      expect(job.metadata.warnings).toEqual([]);
      expect(stub.requests.length).toBeGreaterThan(0);
      for (const request of stub.requests) {
        // Page 2 is the scan; page 1 has text and goes as text.
        expect(request.imageUrls).toHaveLength(1);
        expect(request.imageUrls[0]).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
        expect(request.prompt).toContain('The image holds page 2 of the document');
      }
    } finally {
      await app.stop();
      await stub.close();
    }
  }, 90_000);
});

describe('an OpenAI-compatible server that is not there', () => {
  it('fails the job with "no model server at URL"', async () => {
    const stub = await startOpenAiStub();
    const url = stub.url;
    await stub.close();
    // A server that is not there is an outage like any other: a short retry window ends it soon.
    const app = await startTestApp({ env: { OPENAI_BASE_URL: url, MODEL_RETRY_WINDOW_S: '0' } });
    try {
      const documentId = await uploadFixture(app, 'invoice-2p.pdf');
      const { jobId } = await startJob(app, {
        documentId,
        jsonSchema: INVOICE_SCHEMA,
        config: { model: 'OPENAI_COMPATIBLE', modelName: 'qwen2.5:7b-instruct', nMaxRetries: 0 },
      });
      const job = await waitForJob(app, jobId!, ['COMPLETED', 'FAILED'], 60_000);
      expect(job.status).toBe('FAILED');
      expect(job.errorMessage).toContain(`no model server at ${url} (connection refused)`);
    } finally {
      await app.stop();
    }
  }, 90_000);
});
