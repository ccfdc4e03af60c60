import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { cli } from './cli-process.ts';

const INVOICE = 'test/fixtures/invoice-2p.pdf';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'paperjson-cli-'));
chmodSync(scratch, 0o755); // the embedded Postgres of --local runs as "postgres" when we are root
const SCHEMA_FILE = path.join(scratch, 'invoice-schema.json');
writeFileSync(
  SCHEMA_FILE,
  JSON.stringify({
    type: 'object',
    properties: {
      invoice_number: { type: 'string' },
      total_due: { type: 'number' },
      line_items: { type: 'array', items: { type: 'object', properties: { description: { type: 'string' }, amount: { type: 'number' } } } },
    },
  }),
);

describe('paperjson CLI', () => {
  let app: TestApp;
  let idle: TestApp; // no worker: its jobs stay PENDING
  let env: Record<string, string>;
  beforeAll(async () => {
    [app, idle] = await Promise.all([startTestApp(), startTestApp({ worker: false })]);
    env = { PAPERJSON_URL: app.url, PAPERJSON_API_KEY: app.apiKey };
  });
  afterAll(async () => {
    await Promise.all([app?.stop(), idle?.stop()]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('extract --json-events prints one JSON event per line, in seq order, ending with COMPLETED', async () => {
    const run = await cli(['extract', INVOICE, '--schema', SCHEMA_FILE, '--model', 'local', '--json-events'], env);
    expect(run.stderr).not.toMatch(/paperjson:/);
    expect(run.code).toBe(0);
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { seq: number; __typename: string; status?: string });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.__typename)).toEqual(expect.arrayContaining(['JobStartedEvent', 'SubtreeResultEvent']));
    expect(events.at(-1)).toMatchObject({ __typename: 'JobStatusEvent', status: 'COMPLETED', errorMessage: null });
  });

  it('extract prints the job results as JSON on stdout and the progress on stderr', async () => {
    const run = await cli(['extract', INVOICE, '--schema', SCHEMA_FILE, '--model', 'LOCAL', '--max-concurrent', '2'], env);
    expect(run.code).toBe(0);
    const jobId = /Started job (\S+)/.exec(run.stderr)![1]!;
    const { data } = await app.gql('query($id: ID!) { job(id: $id) { results config { maxNumConcurrentRequests } } }', { id: jobId });
    expect(JSON.parse(run.stdout)).toEqual(data.job.results);
    expect(data.job.config.maxNumConcurrentRequests).toBe(2);
    expect(JSON.parse(run.stdout).line_items.length).toBeGreaterThan(0);
    expect(run.stderr).toMatch(/#\d+ COMPLETED/);
  });

  it('extract says "1 page" of a one-page PDF and "2 pages" of a two-page one', async () => {
    const one = await cli(['extract', 'test/fixtures/two-column.pdf', '--schema', SCHEMA_FILE, '--model', 'LOCAL', '--estimate'], env);
    expect(one.code).toBe(0);
    expect(one.stderr).toContain('Uploaded two-column.pdf: 1 page (1 with text)');
    const two = await cli(['extract', INVOICE, '--schema', SCHEMA_FILE, '--model', 'LOCAL', '--estimate'], env);
    expect(two.stderr).toContain('Uploaded invoice-2p.pdf: 2 pages (2 with text)');
  });

  it('extract --out writes the result to the file and nothing to stdout', async () => {
    const out = path.join(scratch, 'result.json');
    const run = await cli(['extract', INVOICE, '--schema', SCHEMA_FILE, '--out', out], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('line_items');
  });

  it('schema validate exits 1 on an invalid schema and names the JSON Pointer of each problem', async () => {
    const bad = path.join(scratch, 'bad-schema.json');
    writeFileSync(bad, JSON.stringify({ type: 'object', properties: { total: { type: 'money' } } }));
    const invalid = await cli(['schema', 'validate', bad], env);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain('/properties/total/type');
    const valid = await cli(['schema', 'validate', SCHEMA_FILE], env);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain('valid, 4 leaf fields');
  });

  it('job get, jobs list and job cancel act on the jobs of the key', async () => {
    const documentId = (await idle.upload(INVOICE)).data.uploadDocument.id as string;
    const started = await idle.gql('mutation($input: StartExtractionJobInput!) { startExtractionJob(input: $input) { jobId } }', {
      input: { documentId, jsonSchema: JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')), config: { model: 'LOCAL' } },
    });
    const jobId = started.data.startExtractionJob.jobId as string;
    const idleEnv = { PAPERJSON_URL: idle.url, PAPERJSON_API_KEY: idle.apiKey };

    const got = await cli(['job', 'get', jobId], idleEnv);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ id: jobId, status: 'PENDING', config: { model: 'LOCAL' } });

    const listed = await cli(['jobs', 'list', '--status', 'PENDING', '--first', '5'], idleEnv);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${jobId}\\s+PENDING`));

    const cancelled = await cli(['job', 'cancel', jobId], idleEnv);
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout.trim()).toBe(`${jobId} CANCELLED`);
    expect(cancelled.stderr.trim()).toBe('Cancelled through the cancelExtractionJob mutation while PENDING; no subtree had finished');
    expect((await idle.gql('query($id: ID!) { job(id: $id) { status } }', { id: jobId })).data.job.status).toBe('CANCELLED');

    const unknown = await cli(['job', 'get', '00000000-0000-4000-8000-000000000000'], idleEnv);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('NOT_FOUND');
  });

  it('a bad API key exits non-zero with UNAUTHENTICATED, for queries and for extract', async () => {
    const badEnv = { ...env, PAPERJSON_API_KEY: 'pj_not_a_real_key_at_all' };
    const listed = await cli(['jobs', 'list'], badEnv);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain('UNAUTHENTICATED');
    const extracted = await cli(['extract', INVOICE, '--schema', SCHEMA_FILE], badEnv);
    expect(extracted.code).toBe(1);
    expect(extracted.stderr).toContain('UNAUTHENTICATED');
  });

  it('extract exits 1 with the status and message when the job ends CANCELLED', async () => {
    const idleEnv = { PAPERJSON_URL: idle.url, PAPERJSON_API_KEY: idle.apiKey };
    const running = cli(['extract', INVOICE, '--schema', SCHEMA_FILE], idleEnv);
    // The CLI's job waits in PENDING (no worker); cancel it once it exists.
    const listPending = async () =>
      (await idle.gql('{ jobs(status: [PENDING], first: 1) { nodes { id } } }')).data.jobs.nodes as Array<{ id: string }>;
    await expect.poll(async () => (await listPending()).length, { timeout: 20_000 }).toBe(1);
    const id = (await listPending())[0]!.id;
    await idle.gql('mutation($id: ID!) { cancelExtractionJob(jobId: $id) { status } }', { id });
    const run = await running;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`paperjson: Job ${id} CANCELLED: Cancelled through the cancelExtractionJob mutation while PENDING`);
    expect(run.stdout).toBe('');
  });

  const documentIds = async () => ((await app.gql('{ documents(first: 100) { nodes { id } } }')).data.documents.nodes as Array<{ id: string }>).map((d) => d.id);

  it('a model the server cannot run is refused with the server\'s code and message, and the upload is deleted again', async () => {
    const before = await documentIds();
    const run = await cli(['extract', INVOICE, '--schema', SCHEMA_FILE, '--model', 'gemini-2.5-flash'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/paperjson: BAD_USER_INPUT: .*GEMINI_API_KEY/);
    const uploaded = /document (\S+)\n/.exec(run.stderr)![1]!;
    expect(run.stderr).toContain(`Deleted the uploaded document ${uploaded}: no job was started on it.`);
    expect(await documentIds()).toEqual(before);
  });

  it('pages past the document\'s end are refused after the upload, which is deleted again', async () => {
    const before = await documentIds();
    const run = await cli(['extract', INVOICE, '--schema', SCHEMA_FILE, '--model', 'LOCAL', '--pages', '5-7'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/paperjson: BAD_USER_INPUT: .*beyond the last page/);
    expect(run.stderr).toMatch(/Deleted the uploaded document \S+: no job was started on it\./);
    expect(await documentIds()).toEqual(before);
    // With --estimate too (the estimate is what refuses them).
    const estimate = await cli(['extract', INVOICE, '--schema', SCHEMA_FILE, '--pages', '5-7', '--estimate'], env);
    expect(estimate.code).toBe(1);
    expect(await documentIds()).toEqual(before);
  });

  it('a mistyped command line exits 2 with the reason, before contacting any server', async () => {
    const run = await cli(['extract', INVOICE, '--schema', SCHEMA_FILE, '--max-concurrent', 'lots'], { PAPERJSON_URL: 'http://127.0.0.1:1/graphql', PAPERJSON_API_KEY: 'x' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--max-concurrent must be a whole number');
  });

  it('extract --local runs the job on an embedded server with nothing else running', { timeout: 180_000 }, async () => {
    const dataDir = path.join(scratch, 'local-data');
    const run = await cli(['extract', INVOICE, '--schema', SCHEMA_FILE, '--local'], { DATA_DIR: dataDir });
    expect(run.stderr).not.toMatch(/paperjson: /);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('line_items');
    expect(run.stderr).toContain('Created the first tenant');
  });
});
