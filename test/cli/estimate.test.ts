import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { cli } from './cli-process.ts';

const INVOICE = 'test/fixtures/invoice-2p.pdf';
const SCHEMA = 'examples/invoice/schema.json';

describe('the CLI shows what a job will do and cost before it starts', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  const jobCount = async () => (await app.gql('{ jobs(first: 100) { nodes { id } } }')).data.jobs.nodes.length;

  it('extract --estimate prints the plan and cost range as JSON, starts no job and leaves no document', async () => {
    const before = await jobCount();
    const documentsBefore = (await app.gql('{ documents(first: 100) { nodes { id } } }')).data.documents.nodes.length;
    const run = await cli(['extract', INVOICE, '--schema', SCHEMA, '--model', 'LOCAL', '--estimate'], { PAPERJSON_URL: app.url, PAPERJSON_API_KEY: app.apiKey });
    expect(run.stderr).not.toMatch(/paperjson:/);
    expect(run.code).toBe(0);
    const estimate = JSON.parse(run.stdout);
    expect(estimate).toMatchObject({ model: 'LOCAL', modelCalls: 0, costUsdMin: 0, costUsdMax: 0 });
    expect(estimate.totalSubtrees).toBeGreaterThan(0);
    expect(await jobCount()).toBe(before);
    expect((await app.gql('{ documents(first: 100) { nodes { id } } }')).data.documents.nodes.length).toBe(documentsBefore);
  });

  it('extract prints the estimate on stderr before it starts the job', async () => {
    const run = await cli(['extract', INVOICE, '--schema', SCHEMA, '--model', 'LOCAL'], { PAPERJSON_URL: app.url, PAPERJSON_API_KEY: app.apiKey });
    expect(run.code).toBe(0);
    const estimateAt = run.stderr.indexOf('Estimate (LOCAL):');
    expect(estimateAt).toBeGreaterThan(-1);
    expect(estimateAt).toBeLessThan(run.stderr.indexOf('Started job'));
  });

  it('takes --document-input as a flag and checks it against the model before uploading', async () => {
    const run = await cli(['extract', 'no-such-file.pdf', '--schema', SCHEMA, '--document-input', 'images'], { PAPERJSON_URL: app.url, PAPERJSON_API_KEY: app.apiKey });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--document-input must be one of TEXT, PDF, AUTO');
    const local = await cli(['extract', 'no-such-file.pdf', '--schema', SCHEMA, '--model', 'local', '--document-input', 'pdf'], {
      PAPERJSON_URL: app.url,
      PAPERJSON_API_KEY: app.apiKey,
    });
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('--document-input PDF needs a model that reads PDF pages');
  });
});
