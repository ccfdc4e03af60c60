import { request } from 'node:http';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/** True once the port no longer accepts connections (the stop has begun closing the server). */
function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });
}

/**
 * Sends a request whose body is half sent when `app.stop()` begins and the rest once the port
 * refuses new connections (the stop has begun closing the server); resolves with the answer, or
 * rejects with the error of a cut connection.
 */
function requestAcrossStop(app: TestApp): Promise<{ status: number; text: string }> {
  const url = new URL(app.url);
  const body = JSON.stringify({ query: '{ __typename }' });
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { expect: '100-continue', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${app.apiKey}` } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.once('end', () => resolve({ status: res.statusCode!, text }));
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.flushHeaders();
    // Its 100 Continue: the server has taken the request. Half the body then: the request is in
    // flight until the rest comes, after the stop began.
    req.once('continue', () => stopDuringBody().catch(reject));
    const stopDuringBody = async () => {
      req.write(body.slice(0, 5));
      const stopping = app.stop();
      while (!(await refuses(Number(url.port)))) await delay(20);
      req.end(body.slice(5));
      await stopping;
    };
  });
}

it('a request in flight when the API stops (its body still arriving) is answered, not cut off', async () => {
  const app = await startTestApp({ worker: false });
  const { status, text } = await requestAcrossStop(app);
  expect(status).toBe(200);
  expect(JSON.parse(text)).toEqual({ data: { __typename: 'Query' } });
}, 60_000);

it('with SHUTDOWN_REQUEST_GRACE_SECONDS=0 the stop cuts a request in flight at once', async () => {
  const app = await startTestApp({ worker: false, env: { SHUTDOWN_REQUEST_GRACE_SECONDS: '0' } });
  await expect(requestAcrossStop(app)).rejects.toThrow(/socket hang up|ECONNRESET/);
}, 60_000);
