import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useReadyEndpoint } from '../../src/api/plugins/use-ready-endpoint.ts';

const schema = createSchema({ typeDefs: 'type Query { a: String }', resolvers: { Query: { a: () => 'x' } } });

/** A yoga server with the endpoint, whose check answers `answer` and counts its calls. */
function serverWithReadiness(answer: () => Promise<boolean>) {
  const calls = { checks: 0 };
  const yoga = createYoga({
    schema,
    logging: false,
    plugins: [
      useReadyEndpoint({
        check: () => {
          calls.checks++;
          return answer();
        },
      }),
    ],
  });
  const request = async (path: string, method = 'GET') => {
    const response = await yoga.fetch(`http://localhost${path}`, { method, headers: { accept: 'application/json' } });
    return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type') };
  };
  return { request, calls };
}

describe('the readiness endpoint', () => {
  it('answers GET and HEAD /ready with 200 and no body while the check says ready', async () => {
    const { request, calls } = serverWithReadiness(async () => true);
    expect(await request('/ready')).toEqual({ status: 200, body: '', contentType: null });
    expect(await request('/ready', 'HEAD')).toEqual({ status: 200, body: '', contentType: null });
    expect(calls.checks).toBe(2);
  });

  it('answers 503 while the check says not ready, with the message of an error it threw', async () => {
    expect(await serverWithReadiness(async () => false).request('/ready')).toEqual({ status: 503, body: '', contentType: null });
    const failing = serverWithReadiness(() => Promise.reject(new Error('database unreachable')));
    expect(await failing.request('/ready')).toEqual({ status: 503, body: 'database unreachable', contentType: 'text/plain; charset=utf-8' });
  });

  it('answers /ready whatever its query string', async () => {
    const { request } = serverWithReadiness(async () => false);
    expect(await request('/ready?x=1')).toMatchObject({ status: 503, body: '' });
    expect(await request('/ready#top')).toMatchObject({ status: 503, body: '' });
  });

  it('leaves a GraphQL request whose query string ends in /ready to GraphQL', async () => {
    const { request, calls } = serverWithReadiness(async () => true);
    const answer = await request('/graphql?query=%7Ba%7D&x=/ready');
    expect(answer).toMatchObject({ status: 200 });
    expect(JSON.parse(answer.body)).toEqual({ data: { a: 'x' } });
    expect(calls.checks).toBe(0);
  });

  it('leaves paths that merely end in /ready, or only look like it, to the rest of the server', async () => {
    const { request, calls } = serverWithReadiness(async () => true);
    for (const path of ['/x/ready', '//ready', '/ready/', '/READY', '?x=/ready']) {
      expect((await request(path)).status, path).toBe(404);
    }
    expect(calls.checks).toBe(0);
  });
});
