import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callCostUsd } from '../../src/models/prices.ts';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import type { GeminiStub, StubReply, StubRequest } from '../helpers/gemini-stub.ts';
import { STATEMENT_SCHEMA, startJob, subtreeOf, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import type { TestApp } from '../helpers/test-app.ts';


function answer(request: StubRequest): StubReply {
  return { kind: 'json', value: subtreeOf(request) === '' ? { account_number: 'NO 1234' } : [] };
}

/** What a request sent before its task: with a cache, the cache's contents are part of `prompt`. */
const prefixOf = (request: StubRequest) => request.prompt.slice(0, request.prompt.indexOf('Task:'));

describe('Gemini context caching: a job pays for its document once', () => {
  let stub: GeminiStub;
  let app: TestApp;
  let longDocument: string;
  let shortDocument: string;

  beforeAll(async () => {
    ({ app, stub } = await startAppWithGeminiStub());
    longDocument = await uploadFixture(app, 'table-300.pdf');
    shortDocument = await uploadFixture(app, 'invoice-2p.pdf');
  });
  beforeEach(() => stub.respond(answer));
  afterAll(() => app?.stop());

  it('puts a long section into one cache that every call names, without its own system instruction, and deletes it when the job ends', async () => {
    const from = stub.requests.length;
    const cachesBefore = stub.caches.created.length;
    const { jobId } = await startJob(app, { documentId: longDocument, jsonSchema: STATEMENT_SCHEMA, config: { documentInput: 'TEXT', maxNumConcurrentRequests: 4 } });
    const job = await waitForJob(app, jobId!, ['COMPLETED']);
    const requests = stub.requests.slice(from);
    const created = stub.caches.created.slice(cachesBefore);
    expect(requests).toHaveLength(4);
    expect(created).toHaveLength(1);
    expect(created[0]!.text).toContain('--- page 1 ---');
    for (const request of requests) {
      expect(request.cachedContent).toBe(created[0]!.name);
      expect(request.body.systemInstruction).toBeUndefined();
      expect(JSON.stringify(request.body.contents)).not.toContain('--- page 1 ---');
    }
    const usage = (await app.gql(`query($id: ID!) { job(id: $id) { metadata { usage { promptTokens cachedTokens } } } }`, { id: jobId })).data.job
      .metadata.usage;
    expect(usage.cachedTokens).toBe(4 * created[0]!.tokens);
    expect(usage.promptTokens).toBeGreaterThan(usage.cachedTokens);
    expect(job.metadata.costUsd).toBeGreaterThan(0);
    expect(stub.caches.alive.filter((c) => c.name === created[0]!.name)).toEqual([]);
  });

  it('deletes the caches of a job that is cancelled while its calls run', async () => {
    const cachesBefore = stub.caches.created.length;
    stub.respond((request) => (subtreeOf(request) === '/fees' ? { kind: 'hang' } : answer(request)));
    const { jobId } = await startJob(app, { documentId: longDocument, jsonSchema: STATEMENT_SCHEMA, config: { documentInput: 'TEXT' } });
    await stub.waitUntil((s) => s.caches.created.length > cachesBefore && s.inFlight > 0, 20_000);
    await app.gql(`mutation($id: ID!) { cancelExtractionJob(jobId: $id) { status } }`, { id: jobId });
    await waitForJob(app, jobId!, ['CANCELLED']);
    await stub.waitUntil((s) => s.caches.alive.length === 0, 20_000);
    expect(stub.caches.alive).toEqual([]);
  });

  it('a cache that is gone before a call (expired or deleted) costs nothing but the cache: the call is sent whole', async () => {
    const from = stub.requests.length;
    let deleted = false;
    stub.respond(async (request) => {
      // After the first call, the cache disappears as if its TTL had run out.
      if (!deleted && request.cachedContent) {
        deleted = true;
        await fetch(`${stub.url}/v1beta/${request.cachedContent}`, { method: 'DELETE' });
      }
      return answer(request);
    });
    const { jobId } = await startJob(app, { documentId: longDocument, jsonSchema: STATEMENT_SCHEMA, config: { documentInput: 'TEXT', maxNumConcurrentRequests: 1 } });
    const job = await waitForJob(app, jobId!, ['COMPLETED']);
    expect(job.results.account_number).toBe('NO 1234');
    const requests = stub.requests.slice(from);
    expect(requests.filter((r) => r.cachedContent === null).length).toBeGreaterThanOrEqual(3);
    expect(job.metadata.warnings.filter((w: string) => /field group|failed/i.test(w))).toEqual([]);
  });

  it('below the model minimum nothing is cached, and the prefix is the same bytes in every call so implicit caching can apply', async () => {
    const from = stub.requests.length;
    const cachesBefore = stub.caches.created.length;
    const { jobId } = await startJob(app, { documentId: shortDocument, jsonSchema: STATEMENT_SCHEMA, config: { documentInput: 'TEXT' } });
    await waitForJob(app, jobId!, ['COMPLETED']);
    const requests = stub.requests.slice(from);
    expect(stub.caches.created.length).toBe(cachesBefore);
    expect(requests).toHaveLength(4);
    expect(new Set(requests.map(prefixOf)).size).toBe(1);
    expect(new Set(requests.map((r) => r.systemInstruction)).size).toBe(1);
  });
});

describe('the price of cached tokens', () => {
  it('bills cached prompt tokens at a tenth of the input price, and cache storage per token-hour', () => {
    const plain = callCostUsd('gemini-2.5-flash', { promptTokens: 100_000, outputTokens: 0, thinkingTokens: 0 })!;
    const cached = callCostUsd('gemini-2.5-flash', { promptTokens: 100_000, cachedTokens: 90_000, outputTokens: 0, thinkingTokens: 0 })!;
    expect(plain).toBeCloseTo(0.03, 6);
    expect(cached).toBeCloseTo((10_000 * 0.3 + 90_000 * 0.03) / 1e6, 9);
    const stored = callCostUsd('gemini-2.5-flash', { promptTokens: 0, outputTokens: 0, thinkingTokens: 0, cacheStorageTokenHours: 1_000_000 })!;
    expect(stored).toBeCloseTo(1, 6);
  });
});
