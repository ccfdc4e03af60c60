import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_NOTICE } from '../../src/models/local/local-notice.ts';
import { hashApiKey } from '../../src/tenants/api-keys.ts';
import { fixture } from '../fixtures/read-fixture.ts';
import { INVOICE_SCHEMA } from '../helpers/job-fixtures.ts';
import { jsonLines, spawnNode, type NodeProcess } from '../helpers/spawn-node.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { everyEventFieldSelection, servedSchema } from './job-progress-selection.ts';

// `npm start` without a model key, as a new user runs it, with every log line it writes captured
// (LOG_LEVEL=trace): one LOCAL job on the two-page invoice from upload to result.
const apiKey = `pj_wholejob_${randomBytes(16).toString('hex')}`;
const wrongKey = `pj_wrong_${randomBytes(16).toString('hex')}`;
let database: TestDatabase;
let service: NodeProcess;
let url: string;
let events: Array<Record<string, any>> = [];
let job: Record<string, any>;
let omitted: string[] = [];
let streamText = '';

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  service = spawnNode('src/bin/all-in-one.ts', [], {
    DATABASE_URL: database.url,
    PORT: '0',
    HOST: '127.0.0.1',
    BOOTSTRAP_API_KEY: apiKey,
    LOG_LEVEL: 'trace',
    LOG_FORMAT: 'json',
  });
  url = /paperjson is running: (\S+)/.exec(await service.waitForLine(/paperjson is running: /, 60_000))![1]!;
  await service.waitForLine(/Models:/);
  // A refused request too: its Authorization header must not be logged either.
  const refused = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${wrongKey}` }, body: '{"query":"{ viewer { id } }"}' });
  expect(refused.status).toBe(401);

  const form = new FormData();
  form.set('operations', JSON.stringify({ query: 'mutation($f: File!) { uploadDocument(file: $f) { id } }', variables: { f: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.f'] }));
  form.set('0', new Blob([fixture('invoice-2p.pdf') as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), 'invoice-2p.pdf');
  const uploaded = (await (await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` }, body: form })).json()) as any;
  const documentId = uploaded.data.uploadDocument.id as string;

  const started = await gql('mutation($input: StartExtractionJobInput!) { startExtractionJob(input: $input) { jobId } }', {
    input: { documentId, jsonSchema: INVOICE_SCHEMA, config: { model: 'LOCAL', perKeyAttribution: true } },
  });
  const jobId = started.data.startExtractionJob.jobId as string;

  // Followed over SSE with one selection of every event type's fields; the stream ends after the
  // job's terminal status.
  const selection = everyEventFieldSelection(await servedSchema(url, apiKey));
  omitted = selection.omitted;
  const stream = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query: selection.query, variables: { jobId } }),
  });
  streamText = await stream.text();
  events = streamText
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as Record<string, any>);

  job = (await gql('query($id: ID!) { job(id: $id) { status results metadata { warnings model } } }', { id: jobId })).data.job;

  // Stopped as a process manager stops it, so the shutdown lines are part of what is checked.
  service.child.kill('SIGTERM');
  await service.exited;
}, 120_000);

afterAll(async () => {
  await service?.kill();
  await database?.close();
});

describe('one LOCAL job through npm start', () => {
  it('a jobProgress selection with every event type\'s fields, errorMessage unaliased on both error and status events, passes validation and streams the job', () => {
    expect(omitted.filter((field) => field.endsWith('.errorMessage'))).toEqual([]);
    expect(events.flatMap((payload) => payload.errors ?? [])).toEqual([]);
    const received = events.map((payload) => payload.data.jobProgress);
    expect(received.map((e) => e.seq)).toEqual(received.map((_, i) => i + 1));
    expect(received.filter((e) => e.__typename === 'JobStartedEvent')).toHaveLength(1);
    expect(received.at(-1)).toMatchObject({ __typename: 'JobStatusEvent', status: 'COMPLETED', errorMessage: null });
    expect(received.filter((e) => e.__typename === 'SubtreeResultEvent').length).toBeGreaterThan(0);
    expect(streamText).toContain('event: complete');
  });

  it('says in the banner and in the job\'s warnings that LOCAL is not a language model, and how to use one', () => {
    const banner = service.stdout.join('\n');
    expect(banner).toMatch(/Models: LOCAL \(default, offline\) \(no model key is set\)/);
    expect(banner.replace(/\s+/g, ' ')).toContain(LOCAL_NOTICE);
    expect(job.status).toBe('COMPLETED');
    expect(job.metadata.warnings[0]).toBe(LOCAL_NOTICE);
    expect(LOCAL_NOTICE).toMatch(/not a language model/);
    expect(LOCAL_NOTICE).toMatch(/GEMINI_API_KEY/);
    expect(LOCAL_NOTICE).toMatch(/OPENAI_BASE_URL/);
  });

  it('logs the run at every level without the API key, its hash, the Authorization header, the database password or document text', () => {
    const lines = jsonLines(service.stdout);
    // The capture saw the whole run: requests (debug), the job's own lines and the shutdown.
    expect(lines.some((line) => line.msg === 'request' && line.level === 20)).toBe(true);
    expect(lines.some((line) => line.msg === 'job finished')).toBe(true);
    expect(lines.some((line) => line.msg === 'database connections closed')).toBe(true);

    // Every log line (LOG_FORMAT=json) and stderr: all but the start banner, which shows the
    // first key once, on purpose.
    const logLines = service.stdout.filter((line) => line.startsWith('{')).join('\n') + service.stderr();
    expect(logLines).toContain('"msg":"job finished"');
    expect(logLines).not.toContain(apiKey);
    expect(logLines).not.toContain(apiKey.slice(3));
    expect(logLines).not.toContain(hashApiKey(apiKey));
    expect(logLines).not.toContain(`Bearer ${apiKey}`);
    expect(lines.some((line) => line.msg === 'request' && line.status === 401)).toBe(true);
    expect(logLines).not.toContain(wrongKey.slice(3));
    expect(logLines).not.toContain(new URL(database.url).password);

    const invoiceNumber = job.results.invoice_number.extractedValue as string;
    expect(invoiceNumber).toBe('INV-2024-0042');
    const itemDescription = job.results.line_items[0].description.extractedValue as string;
    expect(itemDescription.length).toBeGreaterThan(10);
    for (const text of [invoiceNumber, itemDescription, 'Copy paper A4 80g', 'Ballpoint pens, blue']) {
      expect(logLines, `the logs contain document text "${text}"`).not.toContain(text);
    }
  });
});
