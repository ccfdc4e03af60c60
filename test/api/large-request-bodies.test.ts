import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSchema } from '../../src/schemas/check-schema.ts';
import { LARGE_BODY_BYTES, transferableBytes } from '../../src/api/plugins/use-large-json-body.ts';
import { parseJsonBody } from '../../src/api/parse-json-body.ts';
import { schemaShapeOf } from '../../src/schemas/schema-shape.ts';
import { DEFAULT_SCHEMA_LIMITS } from '../../src/schemas/check-schema.ts';
import type { JsonSchema } from '../../src/domain/types.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * JSON bodies of LARGE_BODY_BYTES and more are parsed in a thread, which checks their schema
 * arguments and keeps the invalid ones (use-large-json-body.ts). Every answer must be the one a
 * small body gets.
 */
let app: TestApp;
let documentId: string;

beforeAll(async () => {
  app = await startTestApp({ worker: false });
  const uploaded = await app.upload('test/fixtures/invoice-2p.pdf');
  documentId = uploaded.data.uploadDocument.id;
}, 60_000);
afterAll(() => app?.stop());

/** More than 100,000 JSON values in about 500 KB. */
const tooManyValues = { type: 'object', properties: { code: { type: 'string', enum: Array.from({ length: 100_001 }, (_, i) => i % 10) } } };
/** 110 levels of nesting, padded past the large-body size with a long description. */
function tooDeep(): Record<string, unknown> {
  let node: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < 110; i++) node = { type: 'object', properties: { n: node } };
  return { ...node, description: 'x'.repeat(LARGE_BODY_BYTES) };
}
/** Usable, and large only for its descriptions. */
const usableLarge = {
  type: 'object',
  properties: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`field_${i}`, { type: 'string', description: 'y'.repeat(2_000) }])),
};

const VALIDATE = 'query($s: JSON!) { validateSchema(jsonSchema: $s) { valid totalFields errors { path message } warnings { path } } }';

async function post(body: string, key = app.apiKey) {
  const response = await fetch(app.url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
  return { status: response.status, body: (await response.json()) as any };
}

describe('large JSON request bodies are answered as small ones are', () => {
  it('validateSchema of a schema with too many values or levels reports the problem checkSchema reports', async () => {
    for (const schema of [tooManyValues, tooDeep()]) {
      const body = JSON.stringify({ query: VALIDATE, variables: { s: schema } });
      expect(body.length).toBeGreaterThanOrEqual(LARGE_BODY_BYTES);
      const expected = checkSchema(schema);
      expect(expected.valid).toBe(false);
      const { status, body: answer } = await post(body);
      expect(status).toBe(200);
      expect(answer.data.validateSchema).toEqual({ valid: false, totalFields: null, errors: expected.errors, warnings: [] });
    }
  });

  it('validateSchema of a schema within the value bound that breaks the limits gets every problem and warning checkSchema gives', async () => {
    const schema = {
      type: 'object',
      description: 'z'.repeat(LARGE_BODY_BYTES),
      properties: Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`f${i}`, { type: 'string', nullable: true, pattern: i === 7 ? '(?=a)' : 'a+' }])),
    };
    const expected = checkSchema(schema);
    expect(expected.errors.length).toBeGreaterThan(1);
    expect(expected.warnings.length).toBeGreaterThan(1);
    const { body: answer } = await post(JSON.stringify({ query: VALIDATE, variables: { s: schema } }));
    expect(answer.data.validateSchema).toEqual({
      valid: false,
      totalFields: null,
      errors: expected.errors,
      warnings: expected.warnings.map(({ path }) => ({ path })),
    });
  });

  it('createSchema and startExtractionJob (schema as its own variable or inside the input) fail with UNPROCESSABLE and the problem', async () => {
    const problem = checkSchema(tooManyValues).errors;
    const requests = [
      { query: 'mutation($s: JSON!) { createSchema(name: "big", jsonSchema: $s) { id } }', variables: { s: tooManyValues } },
      { query: 'mutation($d: ID!, $s: JSON) { startExtractionJob(input: { documentId: $d, jsonSchema: $s }) { jobId } }', variables: { d: documentId, s: tooManyValues } },
      { query: 'mutation($i: StartExtractionJobInput!) { startExtractionJob(input: $i) { jobId } }', variables: { i: { documentId, jsonSchema: tooManyValues } } },
    ];
    for (const request of requests) {
      const { status, body } = await post(JSON.stringify(request));
      expect(status).toBe(422);
      expect(body.errors[0].extensions.code).toBe('UNPROCESSABLE');
      expect(body.errors[0].extensions.problems).toEqual(problem);
    }
  });

  it('a usable large schema is checked, saved and used', async () => {
    const validated = await post(JSON.stringify({ query: VALIDATE, variables: { s: usableLarge } }));
    expect(validated.body.data.validateSchema).toMatchObject({ valid: true, totalFields: 50 });
    const saved = await post(JSON.stringify({ query: 'mutation($s: JSON!) { createSchema(name: "large", jsonSchema: $s) { id jsonSchema } }', variables: { s: usableLarge } }));
    expect(saved.body.data.createSchema.jsonSchema).toEqual(usableLarge);
    const started = await post(
      JSON.stringify({ query: 'mutation($i: StartExtractionJobInput!) { startExtractionJob(input: $i) { jobId } }', variables: { i: { documentId, jsonSchema: usableLarge } } }),
    );
    expect(started.body.data.startExtractionJob.jobId).toBeTruthy();
    // Its estimate took the parsing thread's split of the schema: the worker's subtrees and fields.
    const job = await post(JSON.stringify({ query: 'query($id: ID!) { job(id: $id) { progress { totalSubtrees totalFields } } }', variables: { id: started.body.data.startExtractionJob.jobId } }));
    const shape = schemaShapeOf(usableLarge as JsonSchema);
    expect(job.body.data.job.progress).toEqual({ totalSubtrees: shape.totalSubtrees, totalFields: shape.totalFields });
  });

  it('the parsing thread sends a valid schema back with its split shape, so that the API thread does not split it for a start', () => {
    const body = { query: 'mutation($i: StartExtractionJobInput!, $s: JSON!) { a: startExtractionJob(input: $i) { jobId } b: validateSchema(jsonSchema: $s) { valid } }', variables: { i: { documentId: 'x', jsonSchema: usableLarge }, s: tooDeep() } };
    const parsed = parseJsonBody(new TextEncoder().encode(JSON.stringify(body)), DEFAULT_SCHEMA_LIMITS);
    expect(parsed.kind).toBe('parsed');
    const checked = parsed.kind === 'parsed' ? parsed.checked : [];
    expect(checked.map(({ position, result, shape }) => ({ position, valid: result.valid, shape }))).toEqual([
      { position: ['i', 'jsonSchema'], valid: true, shape: schemaShapeOf(usableLarge as JsonSchema) },
      { position: ['s'], valid: false, shape: undefined },
    ]);
  });

  it('a large body that is not JSON, or not a JSON object, gets the error a small one gets', async () => {
    const pad = ' '.repeat(LARGE_BODY_BYTES);
    for (const [small, large] of [
      ['{"query": "{ viewer { id } }"', `{"query": "{ viewer { id } }"${pad}`],
      ['[1]', `[1${pad}]`],
      ['"text"', `"text"${pad}`],
    ]) {
      const expected = await post(small!);
      const actual = await post(large!);
      expect(actual.status).toBe(expected.status);
      expect(actual.body.errors[0].message).toBe(expected.body.errors[0].message);
    }
  });

  it('a large body with a query that does not parse gets the syntax error, whatever its variables', async () => {
    const { status, body } = await post(JSON.stringify({ query: 'query($s: JSON!) { validateSchema(jsonSchema: $s) {', variables: { s: tooManyValues } }));
    expect(status).toBe(400);
    expect(body.errors[0].message).toMatch(/^Syntax Error/);
  });

  it('a large body without a known key is refused as UNAUTHENTICATED', async () => {
    const { status, body } = await post(JSON.stringify({ query: VALIDATE, variables: { s: tooManyValues } }), 'pj_unknown_key');
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});


describe('the bytes of a large body handed to the parsing thread', () => {
  it('are the Buffer the request gave when it owns its whole ArrayBuffer (no second copy)', () => {
    const body = Buffer.concat([Buffer.alloc(70_000, 1), Buffer.alloc(70_000, 2)]);
    const bytes = transferableBytes(body);
    expect(bytes.buffer).toBe(body.buffer);
    expect(bytes.byteLength).toBe(140_000);
  });

  it('are a copy when the Buffer is part of a larger one, so that transferring them detaches nothing else', () => {
    const shared = new ArrayBuffer(100);
    const part = Buffer.from(shared, 10, 20).fill(7);
    const bytes = transferableBytes(part);
    expect(bytes.buffer).not.toBe(shared);
    expect([...bytes]).toEqual(Array.from({ length: 20 }, () => 7));
    structuredClone(bytes, { transfer: [bytes.buffer] });
    expect(shared.byteLength).toBe(100);
  });
});
