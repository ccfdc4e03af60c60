import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listenHttp, MAX_SUBSCRIPTIONS_PER_SOCKET, type RunningHttpServer } from '../../src/api/http-server.ts';
import type { Api } from '../../src/api/create-api.ts';
import { createLogger } from '../../src/logger.ts';
import { INVOICE_SCHEMA, JOB_PROGRESS, startJob, uploadFixture } from '../helpers/job-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ worker: false });
});
afterAll(async () => {
  await app?.stop();
});

describe('a client that sends slowly is cut off', () => {
  // The same server setup as the service, with short timeouts, and a handler that reads the body.
  let server: RunningHttpServer;
  beforeAll(async () => {
    const handler = ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      req.resume();
      req.on('end', () => res.end('read'));
    }) as unknown as Api;
    server = await listenHttp(handler, {
      port: 0,
      host: '127.0.0.1',
      db: app.database.db,
      logger: createLogger('silent', 'test'),
      drainMs: 0,
      timeouts: { headersMs: 1000, requestMs: 2000, checkEveryMs: 100 },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Opens a socket, sends `head`, then one byte every 100 ms; resolves with what the server said when it closed. */
  function trickle(head: string, byte: string): Promise<string> {
    const port = Number(new URL(server.url).port);
    return new Promise((resolve) => {
      const socket: Socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (d) => (answer += d.toString()));
      socket.write(head);
      const timer = setInterval(() => socket.writable && socket.write(byte), 100);
      socket.on('close', () => {
        clearInterval(timer);
        resolve(answer);
      });
      socket.on('error', () => {});
    });
  }

  it('an upload trickling its body is answered 408 and closed', async () => {
    const answer = await trickle('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n', 'a');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a client trickling its headers is answered 408 and closed', async () => {
    const answer = await trickle('POST /graphql HTTP/1.1\r\nHost: x\r\nX-Slow: ', 'a');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('subscriptions per socket are capped', () => {
  it(`the subscription after ${MAX_SUBSCRIPTIONS_PER_SOCKET} open ones on a socket is refused with BAD_USER_INPUT`, async () => {
    const documentId = await uploadFixture(app, 'invoice-2p.pdf');
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    const client = app.ws();
    const opened: Array<Promise<void>> = [];
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_SOCKET; i++) {
      opened.push(
        new Promise((resolve, reject) => {
          client.subscribe({ query: JOB_PROGRESS, variables: { jobId } }, { next: () => resolve(), error: reject, complete: () => {} });
        }),
      );
    }
    await Promise.all(opened); // every one of them received the replayed PENDING status
    const refused = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: JOB_PROGRESS, variables: { jobId } }, { next: () => resolve('accepted'), error: resolve, complete: () => {} });
    });
    expect(refused).toEqual([
      expect.objectContaining({
        message: `Too many open subscriptions on one socket (at most ${MAX_SUBSCRIPTIONS_PER_SOCKET}); complete some before starting more.`,
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      }),
    ]);
  });
});

// Last: it exhausts this address's allowance of failures for the rest of the file.
describe('failed authentications are rate-limited per client address', () => {
  it('after a burst of bad keys, requests from that address get 429 with Retry-After, without a key lookup', async () => {
    // The limiter's clock stands still (Date only; the server's timers run), so no token comes back
    // between the requests however slow the machine is; a minute on, the failures of earlier tests
    // of this file have refilled.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000);
    const answers: Array<{ status: number; code?: string; retryAfter: string | null; message?: string }> = [];
    for (let i = 0; i < 40; i++) {
      const response = await fetch(app.url, {
        method: 'POST',
        headers: { authorization: `Bearer pj_guess${i}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ viewer { id } }' }),
      });
      const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      answers.push({ status: response.status, code: body.errors[0]!.extensions.code, retryAfter: response.headers.get('retry-after'), message: body.errors[0]!.message });
    }
    expect(answers.every((a) => a.code === 'UNAUTHENTICATED')).toBe(true);
    const limited = answers.findIndex((a) => a.status === 429);
    expect(limited).toBe(30);
    expect(answers.slice(0, limited).every((a) => a.status === 401)).toBe(true);
    expect(answers.slice(limited).every((a) => a.status === 429 && Number(a.retryAfter) >= 1)).toBe(true);
    expect(answers[limited]!.message).toMatch(/Too many failed authentications from this address; try again in \d+ s/);

    // graphql-ws connections from the address are refused the same way.
    const closed = await new Promise<number>((resolve) => {
      const client = app.ws('pj_guess-ws');
      client.on('closed', (e) => resolve((e as CloseEvent).code));
      client.subscribe({ query: '{ viewer { id } }' }, { next: () => {}, error: () => {}, complete: () => {} });
    });
    vi.useRealTimers();
    expect(closed).toBe(4429);
  });
});
