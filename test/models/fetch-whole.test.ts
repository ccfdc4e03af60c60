import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect as tcpConnect, type AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Agent, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { startAlpnServer } from '../helpers/alpn-server.ts';
import { fetchWhole, MAX_ANSWER_BYTES } from '../../src/models/fetch-whole.ts';

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

  it('undoes a list of content codings last first, identity included', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate, identity, gzip' }).end(gzipSync(deflateSync('{"total":12}')));
    };
    const response = await fetchWhole(url, { method: 'POST', body: '{}' });
    expect(await response.json()).toEqual({ total: 12 });
  });

  it('sends a header given twice under names differing in case with both values', async () => {
    let seen: string | string[] | undefined;
    handler = (req, _body, res) => {
      seen = req.headers['x-trace'];
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    };
    await fetchWhole(url, { method: 'POST', headers: [['x-trace', 'a'], ['X-Trace', 'b']], body: '{}' });
    expect(seen).toBe('a, b');
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

  it('refuses an answer longer than the bound while it arrives, without waiting for its end', async () => {
    let written = 0;
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(2 ** 20, 0x20);
      // Sends until the client hangs up: an endless answer, which only a bound while reading ends.
      const more = () => {
        while (!res.destroyed && written <= 4 * MAX_ANSWER_BYTES) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
      };
      res.on('close', () => (written = Infinity));
      more();
    };
    await expect(fetchWhole(url, { method: 'POST', body: '{}' })).rejects.toThrow(/longer than 64 MB/);
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('refuses a small %s answer that decodes to more than the bound', async (coding, encode) => {
    const bomb = encode(Buffer.alloc(MAX_ANSWER_BYTES + 2 ** 20, 0x20));
    expect(bomb.length).toBeLessThan(2 ** 20);
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding }).end(bomb);
    };
    await expect(fetchWhole(url, { method: 'POST', body: '{}' })).rejects.toThrow(/decodes to more than 64 MB/);
  });
});

describe('fetchWhole on the wire', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('speaks HTTP/1.1 to a TLS server that offers h2 as well, one connection per concurrent call, status text kept', async () => {
    // The test certificate is self-signed; Node reads this at each TLS connect.
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0');
    // Whichever global dispatcher the process has: the undici package's default Agent (what a
    // process gets when it loads undici before Node's own fetch first runs) offers h2.
    const previous = getGlobalDispatcher();
    setGlobalDispatcher(new Agent());
    const server = await startAlpnServer((_req, res) => {
      res.writeHead(503, 'Service Unavailable', { 'content-type': 'text/html' }).end('<html>busy</html>');
    });
    try {
      const answers = await Promise.all(Array.from({ length: 3 }, () => fetchWhole(`${server.url}/x`, { method: 'POST', body: '{}' })));
      expect(server.httpVersions).toEqual(['1.1', '1.1', '1.1']);
      expect(server.connections()).toBe(3);
      expect(answers.map((a) => a.statusText)).toEqual(['Service Unavailable', 'Service Unavailable', 'Service Unavailable']);
    } finally {
      setGlobalDispatcher(previous);
      await server.close();
    }
  });

  /** A plain HTTP proxy: forwards absolute-URI requests and tunnels CONNECT, recording both. */
  async function startProxy(): Promise<{ port: number; hits: string[]; close: () => Promise<void> }> {
    const hits: string[] = [];
    const proxy = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"via":"proxy"}');
    });
    proxy.on('connect', (req: IncomingMessage, socket, head: Buffer) => {
      hits.push(`CONNECT ${req.url}`);
      const [host, port] = (req.url ?? '').split(':');
      const upstream = tcpConnect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    return {
      port: (proxy.address() as AddressInfo).port,
      hits,
      close: async () => {
        proxy.closeAllConnections();
        await new Promise((resolve) => proxy.close(resolve));
      },
    };
  }

  it.each([
    ['with NODE_USE_ENV_PROXY=1 goes through HTTP_PROXY, as the global fetch does', '1', true],
    ['without NODE_USE_ENV_PROXY goes direct although HTTP_PROXY is set, as the global fetch does', undefined, false],
  ] as const)('a call %s', async (_name, useEnvProxy, proxied) => {
    const target = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"via":"direct"}'));
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const proxy = await startProxy();
    try {
      vi.stubEnv('NODE_USE_ENV_PROXY', useEnvProxy);
      vi.stubEnv('HTTP_PROXY', `http://127.0.0.1:${proxy.port}`);
      vi.stubEnv('http_proxy', undefined);
      vi.stubEnv('NO_PROXY', undefined);
      vi.stubEnv('no_proxy', undefined);
      // A fresh module, so its dispatcher is built under this environment.
      vi.resetModules();
      const fresh = (await import('../../src/models/fetch-whole.ts')).fetchWhole;
      const targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/x`;
      const response = await fresh(targetUrl, { method: 'POST', body: '{}' });
      expect(response.ok).toBe(true);
      expect(proxy.hits.length > 0).toBe(proxied);
    } finally {
      target.closeAllConnections();
      await new Promise((resolve) => target.close(resolve));
      await proxy.close();
    }
  });
});
