/**
 * Through the API: model GEMINI with a modelName (or the deployment's GEMINI_DEFAULT_MODEL), and
 * the violations of a subtree served on its SubtreeResultEvent and in the job's warnings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';
import { ANSWERS, answerFor, startJob, subtreeOf, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import type { TestApp } from '../helpers/test-app.ts';

const SCHEMA = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string' },
    total: { type: 'number' },
    payments: {
      type: 'array',
      items: { type: 'object', properties: { date: { type: 'string', format: 'date' }, amount: { type: 'number' } }, required: ['date', 'amount'] },
    },
  },
};

describe('GEMINI jobs and violations through the API', () => {
  let stub: GeminiStub;
  let app: TestApp;
  let documentId: string;

  beforeAll(async () => {
    ({ app, stub } = await startAppWithGeminiStub({ respond: (request) => answerFor(request), env: { GEMINI_DEFAULT_MODEL: 'gemini-3.5-flash' } }));
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
  });
  afterAll(() => app?.stop());

  const configOf = async (jobId: string) =>
    (await app.gql(`query($id: ID!) { job(id: $id) { config { model modelName } } }`, { id: jobId })).data.job.config;

  it('GEMINI without a modelName runs GEMINI_DEFAULT_MODEL and the job says so', async () => {
    const before = stub.requests.length;
    const { jobId } = await startJob(app, { documentId, jsonSchema: SCHEMA, config: { model: 'GEMINI' } });
    await waitForJob(app, jobId!, ['COMPLETED']);
    expect(await configOf(jobId!)).toEqual({ model: 'GEMINI', modelName: 'gemini-3.5-flash' });
    expect(new Set(stub.requests.slice(before).map((r) => r.model))).toEqual(new Set(['gemini-3.5-flash']));
  });

  it('GEMINI with a modelName of unknown price completes with costUsd null and a warning', async () => {
    const before = stub.requests.length;
    const { jobId } = await startJob(app, { documentId, jsonSchema: SCHEMA, config: { model: 'GEMINI', modelName: 'gemini-4-flash-preview' } });
    const job = await waitForJob(app, jobId!, ['COMPLETED']);
    expect(stub.requests.slice(before).every((r) => r.model === 'gemini-4-flash-preview')).toBe(true);
    expect(job.metadata.costUsd).toBeNull();
    expect(job.metadata.warnings.join('\n')).toContain('no published price is known for model gemini-4-flash-preview');
  });

  it.each([
    ['a modelName that is no Gemini model id', { model: 'GEMINI', modelName: 'gemini 3 flash!' }],
    ['a modelName beside a fixed enum model', { model: 'GEMINI_2_5_FLASH', modelName: 'gemini-3.6-flash' }],
  ])('%s is refused with BAD_USER_INPUT', async (_name, config) => {
    const result = await startJob(app, { documentId, jsonSchema: SCHEMA, config });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/modelName/);
  });

  it('a payment whose date stays invalid is dropped alone and served as a violation with the rejected value', async () => {
    const payments = [{ date: '2024-03-20', amount: 100 }, { date: 'soon', amount: 50 }, { date: '2024-04-20', amount: 25 }];
    stub.respond((request) => (subtreeOf(request) === '/payments' ? { kind: 'json', value: payments } : answerFor(request)));
    try {
      const { jobId } = await startJob(app, { documentId, jsonSchema: SCHEMA });
      const job = await waitForJob(app, jobId!, ['COMPLETED']);
      expect(job.results).toEqual({ ...(ANSWERS[''] as object), payments: [payments[0], payments[2]] });
      expect(job.metadata.warnings.join('\n')).toContain('/payments/1: dropped {"date":"soon","amount":50}');
      const events = await app.gql(
        `query($id: ID!) { job(id: $id) { events { __typename ... on SubtreeResultEvent { path violations { path message rejectedValue } } } } }`,
        { id: jobId },
      );
      const payment = events.data.job.events.find((e: { path?: string }) => e.path === '/payments');
      expect(payment.violations).toEqual([{ path: '/payments/1', message: '/date must match format "date"', rejectedValue: { date: 'soon', amount: 50 } }]);
      const root = events.data.job.events.find((e: { __typename: string; path?: string }) => e.__typename === 'SubtreeResultEvent' && e.path === '');
      expect(root.violations).toEqual([]);
    } finally {
      stub.respond((request) => answerFor(request));
    }
  });
});
