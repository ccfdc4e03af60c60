/** Plumbing shared by the model providers' stand-ins (gemini-stub.ts, openai-stub.ts). */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

/** A JSON answer as it goes on the wire: status, headers and body bytes. */
export interface EncodedJson {
  status: number;
  headers: Record<string, string>;
  payload: string | Buffer;
}

/**
 * Gzipped when the request accepts it, as Google's and OpenAI's front ends do (and Node's fetch
 * always asks), so the providers meet `content-encoding: gzip` as they do in production.
 */
export function encodeJson(req: IncomingMessage, answer: { status: number; body: unknown; headers?: Record<string, string> }): EncodedJson {
  const json = JSON.stringify(answer.body);
  const headers = answer.headers ?? {};
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    return { status: answer.status, headers: { 'content-type': 'application/json; charset=UTF-8', 'content-encoding': 'gzip', vary: 'Accept-Encoding', ...headers }, payload: gzipSync(json) };
  }
  return { status: answer.status, headers: { 'content-type': 'application/json; charset=UTF-8', ...headers }, payload: json };
}

export function sendEncoded(res: ServerResponse, answer: EncodedJson): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.payload);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendEncoded(res, encodeJson(res.req, { status, body, headers }));
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * State watchers: `changed()` after every state change; `waitUntil` resolves once the predicate
 * holds, so tests wait on the stand-in's state instead of sleeping.
 */
export function createWatchers<S>(name: string, state: () => S) {
  const watchers = new Set<() => void>();
  return {
    changed(): void {
      for (const watcher of [...watchers]) watcher();
    },
    waitUntil(predicate: (stub: S) => boolean, timeoutMs = 5_000): Promise<void> {
      if (predicate(state())) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(check);
          reject(new Error(`${name}: condition not reached within ${timeoutMs} ms`));
        }, timeoutMs);
        function check() {
          if (!predicate(state())) return;
          clearTimeout(timer);
          watchers.delete(check);
          resolve();
        }
        watchers.add(check);
      });
    },
  };
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
}
