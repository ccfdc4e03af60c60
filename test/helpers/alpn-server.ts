import { readFileSync } from 'node:fs';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';

const fixtures = new URL('../fixtures/tls/', import.meta.url);

export interface AlpnServer {
  /** `https://localhost:<port>`; the certificate is self-signed (test/fixtures/tls). */
  url: string;
  /** `req.httpVersion` of each request, in arrival order: "2.0" or "1.1". */
  httpVersions: string[];
  /** TLS connections accepted so far. */
  connections: () => number;
  close: () => Promise<void>;
}

/**
 * A TLS server that offers both h2 and http/1.1 by ALPN, as Google's front ends do, so a test sees
 * which protocol a client picks when it may choose.
 */
export async function startAlpnServer(handle: (req: Http2ServerRequest, res: Http2ServerResponse) => void): Promise<AlpnServer> {
  const httpVersions: string[] = [];
  let connections = 0;
  const server = createSecureServer(
    { key: readFileSync(new URL('localhost-key.pem', fixtures)), cert: readFileSync(new URL('localhost-cert.pem', fixtures)), allowHTTP1: true },
    (req, res) => {
      httpVersions.push(req.httpVersion);
      req.resume();
      req.on('end', () => handle(req, res));
    },
  );
  server.on('secureConnection', () => connections++);
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket: import('node:net').Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://localhost:${(server.address() as AddressInfo).port}`,
    httpVersions,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
