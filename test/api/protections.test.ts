import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIntrospectionQuery } from 'graphql';
import { INTROSPECTION_MAX_DEPTH } from '../../src/api/plugins/use-query-limits.ts';
import { startTestApp, subscribeAll, type TestApp } from '../helpers/test-app.ts';

// A depth limit the schema can actually exceed with real fields (it has no cycles), and a small
// body limit so the test does not have to send megabytes. The token limit keeps its default.
const MAX_QUERY_DEPTH = 3;
const MAX_REQUEST_BYTES = 20_000;
const DEFAULT_MAX_TOKENS = 2000;

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({
    worker: false,
    env: { MAX_QUERY_DEPTH: String(MAX_QUERY_DEPTH), MAX_REQUEST_BYTES: String(MAX_REQUEST_BYTES) },
  });
});
afterAll(async () => {
  await app?.stop();
});

/** Sends `head` and `body` on a raw socket; resolves with everything the server sent until it closed. */
function rawRequest(head: string, body: string): Promise<string> {
  const { hostname, port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    // Written, not ended: a client's half-close makes Node's server drop the requests it has not
    // answered yet (httpAllowHalfOpen is off), so whether an answer came would race its handler.
    // Every request here ends with `Connection: close`: the server closes after answering it.
    const socket = connect(Number(port), hostname, () => socket.write(head + body));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('close', () => resolve(received));
    socket.on('error', (error) => (received ? resolve(received) : reject(error)));
  });
}

function expectRefused(response: { status: number; errors?: Array<{ message: string; extensions?: { code?: string } }>; data?: unknown }, message: RegExp) {
  expect(response.status).toBe(400);
  expect(response.data ?? null).toBeNull();
  expect(response.errors?.map((e) => e.extensions?.code)).toEqual(response.errors?.map(() => 'BAD_USER_INPUT'));
  expect(response.errors?.map((e) => e.message)).toContainEqual(expect.stringMatching(message));
}

describe('query depth', () => {
  it('a query at the depth limit runs', async () => {
    const response = await app.gql('{ documents { nodes { id } } }');
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
  });

  it('a query one level deeper is BAD_USER_INPUT (400) before it runs', async () => {
    expectRefused(await app.gql('{ jobs { nodes { document { id } } } }'), /depth 4 exceeds the limit of 3/);
  });

  it('hiding the depth in fragments does not get around the limit', async () => {
    const query = '{ jobs { ...Page } } fragment Page on ExtractionJobConnection { nodes { ...Job } } fragment Job on ExtractionJob { document { id } }';
    expectRefused(await app.gql(query), /exceeds the limit/);
  });

  it('introspection, which GraphiQL needs, runs in full: its own bound is the standard query\'s depth', async () => {
    const query = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true });
    const response = await app.gql(query);
    expect(response.status).toBe(200);
    expect(response.data.__schema.types.length).toBeGreaterThan(10);
  });

  it('introspection nested deeper than the standard query is refused', async () => {
    const ofTypes = (n: number): string => (n === 0 ? 'name' : `name ofType { ${ofTypes(n - 1)} }`);
    const query = `{ __schema { types { fields { type { ${ofTypes(INTROSPECTION_MAX_DEPTH - 4)} } } } } }`;
    expectRefused(await app.gql(query), new RegExp(`Introspection depth ${INTROSPECTION_MAX_DEPTH + 1} exceeds the limit of ${INTROSPECTION_MAX_DEPTH}`));
  });

  it('__typename counts like any field', async () => {
    expect((await app.gql('{ jobs { nodes { __typename } } }')).status).toBe(200);
    expectRefused(await app.gql('{ jobs { nodes { document { __typename } } } }'), /depth 4 exceeds the limit of 3/);
  });
});

describe('query size', () => {
  it(`a document of more than ${DEFAULT_MAX_TOKENS} tokens is BAD_USER_INPUT (400) and never parsed to the end`, async () => {
    const query = `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`;
    expectRefused(await app.gql(query), /more that 2000 tokens|more than 2000 tokens/);
  });

  it('a normal query is far under the token limit', async () => {
    const query = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`;
    expect((await app.gql(query)).status).toBe(200);
  });

  it(`a JSON body over MAX_REQUEST_BYTES is PAYLOAD_TOO_LARGE with HTTP 413`, async () => {
    const response = await app.gql(`# ${'x'.repeat(MAX_REQUEST_BYTES)}\n{ viewer { id } }`);
    expect(response.status).toBe(413);
    expect(response.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    // Named as the upload's 413 names MAX_UPLOAD_BYTES: the setting to raise, in readable units.
    expect(response.errors?.[0]?.message).toMatch(/^The request body is 19\.\d KiB; the limit is 19\.5 KiB \(MAX_REQUEST_BYTES = 20000 bytes\)\.$/);
  });

  // Nothing else bounds a body's size once it is read (yoga's own limit is off): these two cases
  // are why none is needed.
  it('a chunked JSON body without Content-Length is refused with 400 before it is read', async () => {
    const answer = await rawRequest(
      'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
      `${(MAX_REQUEST_BYTES * 2).toString(16)}\r\n${'x'.repeat(MAX_REQUEST_BYTES * 2)}\r\n0\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('Send a Content-Length header with the request body.');
  });

  it('bytes past the Content-Length are not part of the body: they are read as the next request', async () => {
    const query = JSON.stringify({ query: '{ viewer { name } }' });
    const answer = await rawRequest(
      `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${app.apiKey}\r\nContent-Length: ${query.length}\r\n\r\n`,
      `${query}GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    );
    const responses = answer.split(/(?=HTTP\/1\.1 )/);
    expect(responses).toHaveLength(2);
    expect(responses[0]).toMatch(/^HTTP\/1\.1 200 [\s\S]*"name":"default"/);
    expect(responses[1]).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('a body with both Content-Length and Transfer-Encoding is refused with 400 by the HTTP parser, before any resolver runs', async () => {
    const create = (name: string) => `mutation { createSchema(name: "${name}", jsonSchema: { type: "object", properties: { a: { type: "string" } } }) { id } }`;
    // The same mutation, sent plainly, is stored: the check below would see a smuggled one.
    expect(await app.gql(create('sent-plainly'))).toMatchObject({ status: 200, data: { createSchema: { id: expect.any(String) } } });
    const mutation = JSON.stringify({ query: create('smuggled') });
    // The Content-Length a front proxy might trust covers nothing; the chunked body holds the mutation.
    const answer = await rawRequest(
      `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${app.apiKey}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`,
      `${mutation.length.toString(16)}\r\n${mutation}\r\n0\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const schemas = await app.gql('{ extractionSchemas(first: 100) { nodes { name } } }');
    expect((schemas.data as { extractionSchemas: { nodes: Array<{ name: string }> } }).extractionSchemas.nodes.map((n) => n.name)).toEqual(['sent-plainly']);
  });

  it('a JSON body just under MAX_REQUEST_BYTES is served', async () => {
    // A comment is not a token, so only the body limit applies to it.
    const response = await app.gql(`# ${'x'.repeat(MAX_REQUEST_BYTES - 200)}\n{ viewer { name } }`);
    expect(response).toMatchObject({ status: 200, data: { viewer: { name: 'default' } } });
  });

  it('an upload larger than the JSON limit and than 25 MB, but under MAX_UPLOAD_BYTES, reaches the PDF checks', async () => {
    // 26 MB of zeros: not a PDF, so the answer must come from the content check, not a body limit.
    const response = await app.upload({ bytes: new Uint8Array(26 * 1024 * 1024), name: 'big.pdf' });
    expect(response.status).toBe(422);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNPROCESSABLE');
  });
});

describe('errors do not reveal the schema', () => {
  const misspelt: Array<[string, string, Record<string, unknown>]> = [
    ['a misspelt field', '{ viewr { id } }', {}],
    ['a misspelt argument', '{ documents(frist: 2) { nodes { id } } }', {}],
    ['a misspelt enum value', '{ jobs(status: [COMPLETE]) { nodes { id } } }', {}],
    ['a misspelt enum value in variables', 'query($s: [JobStatus!]) { jobs(status: $s) { nodes { id } } }', { s: ['COMPLETE'] }],
    [
      'a misspelt input field in variables',
      'mutation($input: StartExtractionJobInput!) { startExtractionJob(input: $input) { job { id } } }',
      { input: { documentId: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f', schemID: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f' } },
    ],
  ];

  it.each(misspelt)('%s is BAD_USER_INPUT (400) without a "Did you mean" suggestion', async (_name, query, variables) => {
    const response = await app.gql(query, variables);
    expect(response.status).toBe(400);
    expect(response.errors?.length).toBeGreaterThan(0);
    for (const error of response.errors!) {
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.message).not.toMatch(/did you mean/i);
    }
  });

  it('a misspelt field over graphql-ws is BAD_USER_INPUT without a suggestion too', async () => {
    const { errors } = await subscribeAll(app.ws(), '{ viewr { id } }', {});
    const flat = errors.flat() as Array<{ message: string; extensions?: { code?: string } }>;
    expect(flat.length).toBeGreaterThan(0);
    for (const error of flat) {
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.message).not.toMatch(/did you mean/i);
    }
  });

  it('a variable of the wrong type is BAD_USER_INPUT (400), not an internal error', async () => {
    const response = await app.gql('query($n: Int) { documents(first: $n) { nodes { id } } }', { n: 'abc' });
    expectRefused(response, /Int cannot represent/);
  });

  it('a JSON variable where a file is expected is BAD_USER_INPUT (400)', async () => {
    const response = await app.gql('mutation($f: File!) { uploadDocument(file: $f) { id } }', { f: 'a string' });
    expectRefused(response, /multipart/);
  });

  it('a syntax error is BAD_USER_INPUT (400)', async () => {
    expectRefused(await app.gql('{ viewer { id '), /Syntax Error/);
  });
});

describe('health endpoints', () => {
  it('GET /health answers 200 without a key', async () => {
    expect((await fetch(app.url.replace(/\/graphql$/, '/health'))).status).toBe(200);
  });

  it('GET /ready answers 200 without a key while the database and queue are reachable', async () => {
    expect((await fetch(app.url.replace(/\/graphql$/, '/ready'))).status).toBe(200);
  });
});
