import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { cli } from './cli-process.ts';

const INVOICE = 'test/fixtures/invoice-2p.pdf';
const SCHEMA = 'examples/invoice/schema.json';

async function documentCount(app: TestApp): Promise<number> {
  const { data } = await app.gql('{ documents(first: 100) { nodes { id } } }');
  return data.documents.nodes.length;
}

describe('the CLI in a new user\'s first hour', () => {
  let app: TestApp;
  let port: string;
  beforeAll(async () => {
    app = await startTestApp();
    port = new URL(app.url).port;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('refuses a bad option (--pages 9-3) with the flag\'s name before uploading anything', async () => {
    const before = await documentCount(app);
    const run = await cli(['extract', INVOICE, '--schema', SCHEMA, '--pages', '9-3'], { PAPERJSON_URL: app.url, PAPERJSON_API_KEY: app.apiKey });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('paperjson: --pages: "9-3" is a reversed range.');
    expect(await documentCount(app)).toBe(before);
  });

  it('checks the option ranges the server checks, also before reading the PDF', async () => {
    const run = await cli(['extract', 'no-such-file.pdf', '--schema', SCHEMA, '--max-concurrent', '50'], { PAPERJSON_API_KEY: app.apiKey });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--max-concurrent must be a whole number from 1 to 20, got 50');
  });

  it('names the field once when the server refuses a page the document lacks', async () => {
    const run = await cli(['extract', INVOICE, '--schema', SCHEMA, '--model', 'LOCAL', '--pages', '1,7'], { PAPERJSON_URL: app.url, PAPERJSON_API_KEY: app.apiKey });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('BAD_USER_INPUT: targetPages: "7" goes beyond the last page (the document has 2 pages).');
    expect(run.stderr).not.toMatch(/targetPages: targetPages/);
  });

  it('finds the server through PORT, as npm start does, and prints the review page of the job at the end', async () => {
    const run = await cli(['extract', INVOICE, '--schema', SCHEMA, '--model', 'LOCAL'], { PORT: port, PAPERJSON_API_KEY: app.apiKey });
    expect(run.stderr).not.toMatch(/paperjson:/);
    expect(run.code).toBe(0);
    const jobId = /Started job (\S+)/.exec(run.stderr)![1]!;
    expect(run.stderr).toContain(`Review it on the PDF: http://127.0.0.1:${port}/jobs/${jobId}/review\n`);
    expect(run.stderr).toContain('warning: LOCAL is a rule-based reader');
  });

  it('finds the server through API_URL given without a path', async () => {
    const run = await cli(['job', 'get', '00000000-0000-0000-0000-000000000000'], { API_URL: `http://127.0.0.1:${port}`, PAPERJSON_API_KEY: app.apiKey });
    expect(run.stderr).not.toContain('Could not reach');
    expect(run.stderr).toContain('NOT_FOUND');
  });

  it('says which address it tried when nothing answers on PORT', async () => {
    const run = await cli(['job', 'get', 'x'], { PORT: '1', PAPERJSON_API_KEY: app.apiKey });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Could not reach the paperjson server at http://127.0.0.1:1/graphql');
  });
});
