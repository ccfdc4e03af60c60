import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchWhole } from '../../src/models/fetch-whole.ts';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

let server: Server;
let url: string;
let handler: Handler;
beforeEach(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1beta/models/m:generateContent`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('fetchWhole', () => {
  it('sends the method, headers and body it is given and asks for no content coding', async () => {
    let seen: { method?: string; key?: string | string[]; encoding?: string | string[]; body?: string } = {};
    handler = (req, body, res) => {
      seen = { method: req.method, key: req.headers['x-goog-api-key'], encoding: req.headers['accept-encoding'], body };
      res.writeHead(200, { 'content-type': 'application/json', 'retry-after': '3' }).end('{"ok":true}');
    };
    const response = await fetchWhole(url, { method: 'POST', headers: new Headers({ 'x-goog-api-key': 'k' }), body: '{"a":1}' });
    expect(seen).toEqual({ method: 'POST', key: 'k', encoding: undefined, body: '{"a":1}' });
    expect([response.ok, response.status, response.headers.get('retry-after')]).toEqual([true, 200, '3']);
    expect(await response.json()).toEqual({ ok: true });
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('decodes an answer sent %s-coded although not asked to, and no longer claims the coding', async (coding, encode) => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding }).end(encode('{"total":12}'));
    };
    const response = await fetchWhole(url, { method: 'POST', body: '{}' });
    expect(await response.json()).toEqual({ total: 12 });
    expect(response.headers.get('content-encoding')).toBeNull();
  });

  it('returns an error status with its body readable, as the SDK expects to read it', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":503,"status":"UNAVAILABLE"}}');
    };
    const response = await fetchWhole(url, { method: 'POST', body: '{}' });
    expect([response.ok, response.status]).toEqual([false, 503]);
    expect(await response.json()).toEqual({ error: { code: 503, status: 'UNAVAILABLE' } });
  });

  it('a request sent the moment an answer returns reuses that answer\'s connection', async () => {
    let connections = 0;
    server.on('connection', () => connections++);
    handler = (_req, _body, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 20);
    };
    // Three chains of two calls each, like a job whose waiting calls take the slots answers free.
    const chain = async () => {
      await (await fetchWhole(url, { method: 'POST', body: '{}' })).json();
      await (await fetchWhole(url, { method: 'POST', body: '{}' })).json();
    };
    await Promise.all([chain(), chain(), chain()]);
    expect(connections).toBe(3);
  });

  it('tells the caller an answer came once its status is in, even when its body then breaks off', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"total":', () => res.destroy());
    };
    let answered = false;
    const pending = fetchWhole(url, { method: 'POST', body: '{}' }, () => {
      answered = true;
    });
    await expect(pending).rejects.toThrow();
    expect(answered).toBe(true);
  });

  it('rejects once its signal aborts while the answer is awaited', async () => {
    handler = () => {}; // never answers
    const controller = new AbortController();
    const pending = fetchWhole(url, { method: 'POST', body: '{}', signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow();
  });
});
