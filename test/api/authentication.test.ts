import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, subscribeAll, type TestApp } from '../helpers/test-app.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ worker: false });
});
afterAll(async () => {
  await app?.stop();
});

async function post(body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** The events of a GraphQL-over-SSE response ("distinct connections" mode: event + data lines). */
async function sseEvents(response: Response): Promise<Array<{ event: string; data: any }>> {
  const text = await response.text();
  return text
    .split(/\n\n+/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0 && !block.startsWith(':'))
    .map((block) => {
      const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
      const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
      return { event, data: data ? JSON.parse(data) : null };
    });
}

describe('over HTTP', () => {
  it('a request without an Authorization header is UNAUTHENTICATED with status 401', async () => {
    const response = await app.gql('{ viewer { id } }', {}, { key: null });
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.errors?.[0]?.message).toMatch(/Authorization: Bearer/);
    expect(response.data).toBeUndefined();
  });

  it('an unknown key is UNAUTHENTICATED with status 401', async () => {
    const response = await app.gql('{ viewer { id } }', {}, { key: 'pj_this-key-was-never-issued' });
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['the key without "Bearer"', (key: string) => key],
    ['another scheme', (key: string) => `Basic ${key}`],
    ['an empty bearer', () => 'Bearer '],
  ])('%s is UNAUTHENTICATED with status 401, and the message says how to send the key', async (_name, header) => {
    const response = await post({ query: '{ viewer { id } }' }, { authorization: header(app.apiKey) });
    expect(response.status).toBe(401);
    const error = ((await response.json()) as any).errors[0];
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/"Bearer <key>"/);
  });

  it('a mutation without a key changes nothing', async () => {
    const response = await app.gql('mutation { createSchema(name: "x", jsonSchema: {type: "object", properties: {a: {type: "string"}}}) { id } }', {}, { key: null });
    expect(response.status).toBe(401);
    const list = await app.gql('{ extractionSchemas { nodes { id } } }');
    expect(list.data.extractionSchemas.nodes).toEqual([]);
  });

  it('a valid key authenticates, with the scheme in any case', async () => {
    const response = await post({ query: '{ viewer { name } }' }, { authorization: `bearer ${app.apiKey}` });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { viewer: { name: 'default' } } });
  });
});

describe('over graphql-ws', () => {
  it.each([
    ['without an authorization in connection_init', null],
    ['with an unknown key', 'pj_this-key-was-never-issued'],
  ])('a connection %s is closed with 4403 and a reason that says UNAUTHENTICATED', async (_name, key) => {
    const { events, errors } = await subscribeAll(app.ws(key), '{ viewer { id } }', {});
    expect(events).toEqual([]);
    expect(errors).toHaveLength(1);
    const close = errors[0] as { code: number; reason: string };
    expect(close.code).toBe(4403);
    expect(close.reason).toMatch(/UNAUTHENTICATED/);
  });

  it('with a good key a query answers like over HTTP', async () => {
    const { events, errors } = await subscribeAll(app.ws(), '{ viewer { name maxActiveJobs } }', {});
    expect(errors).toEqual([]);
    expect(events).toEqual([{ viewer: { name: 'default', maxActiveJobs: 5 } }]);
  });

  it('operations run as the tenant connection_init authenticated, whichever spelling of authorization it used', async () => {
    const key = await app.newTenant('spelt-capitalised');
    const client = createClient({
      url: app.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${key}` },
      retryAttempts: 0,
      lazy: true,
    });
    try {
      const { events, errors } = await subscribeAll(client, '{ viewer { name } }', {});
      expect(errors).toEqual([]);
      expect(events).toEqual([{ viewer: { name: 'spelt-capitalised' } }]);
    } finally {
      await client.dispose();
    }
  });

  it('an error over graphql-ws carries the code and its HTTP status in extensions', async () => {
    const { errors } = await subscribeAll(app.ws(), '{ document(id: "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f") { id } }', {});
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', http: { status: 404 } } });
  });

  it('a subscription to an unknown job fails with NOT_FOUND', async () => {
    const { events, errors } = await subscribeAll(app.ws(), 'subscription { jobProgress(jobId: "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f") { seq } }', {});
    expect(events).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });
});

describe('over GraphQL-over-SSE', () => {
  const sse = { accept: 'text/event-stream' };

  it('a query with a key answers as a next event, then complete', async () => {
    const response = await post({ query: '{ viewer { name } }' }, { ...sse, authorization: `Bearer ${app.apiKey}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(await sseEvents(response)).toEqual([
      { event: 'next', data: { data: { viewer: { name: 'default' } } } },
      { event: 'complete', data: null },
    ]);
  });

  it('a subscription to an unknown job answers a NOT_FOUND error event, then complete', async () => {
    const response = await post(
      { query: 'subscription($id: ID!) { jobProgress(jobId: $id) { seq } }', variables: { id: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f' } },
      { ...sse, authorization: `Bearer ${app.apiKey}` },
    );
    const events = await sseEvents(response);
    expect(events.map((e) => e.event)).toEqual(['next', 'complete']);
    expect(events[0]!.data.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('without a key the stream answers UNAUTHENTICATED with status 401', async () => {
    const response = await post({ query: 'subscription { jobProgress(jobId: "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f") { seq } }' }, sse);
    expect(response.status).toBe(401);
    const events = await sseEvents(response);
    expect(events[0]!.data.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('error responses over HTTP', () => {
  it('carry extensions.http.status with the status of their code, as the contract says', async () => {
    const { startTestApp } = await import('../helpers/test-app.ts');
    const app = await startTestApp({ worker: false });
    try {
      const unauthenticated = await app.gql('{ viewer { id } }', {}, { key: null });
      expect(unauthenticated.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', http: { status: 401 } });
      const notFound = await app.gql('{ document(id: "00000000-0000-4000-8000-000000000000") { id } }');
      expect(notFound.status).toBe(404);
      expect(notFound.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', http: { status: 404 } });
      const invalid = await app.gql('{ viewer { nope } }');
      expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', http: { status: 400 } });
    } finally {
      await app.stop();
    }
  });
});
