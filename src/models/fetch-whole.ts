/**
 * A `fetch` for model calls that reads the whole answer before it returns, over undici's
 * `request()` instead of the global fetch.
 *
 * Why not the global fetch: for every call it builds WHATWG Request and Response objects and web
 * streams around the body, and for a gzip answer (which is what it asks for, and what Gemini
 * sends) pipes the body through a zlib stream whose inflate runs on the thread pool, one more
 * loop turn before the call's slot can go back. Measured on the overhead benchmark's worker
 * (CPU profile, 200 calls at C = 20): the HTTP client was most of the ~2.5 ms of CPU per call,
 * our own pipeline about 0.15 ms. A job at C = 20 sends its next wave only as fast as the
 * previous wave's answers go through that path.
 *
 * So it asks for no content coding: model answers are JSON of a few kilobytes, cheaper to carry
 * than to inflate. A server that encodes anyway (gzip, deflate or br, or a list of them) is
 * decoded in one synchronous step per coding.
 *
 * It speaks HTTP/1.1 only, as the global fetch does: the `undici` package offers h2 by default,
 * and over h2 every model call of the process would share one TCP connection (inline PDFs of up
 * to ~20 MB among them), answers would carry no status text, and the connection reuse below is
 * HTTP/1.1's. Proxies are honoured exactly when the global fetch honours them (NODE_USE_ENV_PROXY
 * with HTTP_PROXY / HTTPS_PROXY / NO_PROXY).
 *
 * It returns one loop turn after the body is in, when the connection can take the next request.
 *
 * What it returns is a global `Response` built around the body bytes already in memory (and the
 * answer's headers in a global `Headers`): `ok`, `status`, `headers`, `json()` and `text()` behave
 * as the global fetch's do, which is all the SDK reads. It takes a URL, not a `Request`, and
 * sends only string or byte bodies. No redirects are followed (the Gemini API does not redirect
 * its calls). `init.signal` aborts the request and the body read alike.
 */
import { request, type Dispatcher } from 'undici';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { http1Dispatcher } from '../http1-dispatcher.ts';

/**
 * The most an answer may hold, as sent and once decoded. A model's answer is JSON of kilobytes (a
 * whole output-token budget is well under a megabyte); the bound is far above any real one and
 * is there for a broken or hostile endpoint (a proxy, a server at a base URL someone else runs):
 * without it, an answer, or a few kilobytes of gzip that inflate to gigabytes, would take the
 * worker's memory.
 */
export const MAX_ANSWER_BYTES = 64 * 2 ** 20;

/** Status codes whose Response must have a null body. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** Built at the first call, so the environment it reads is the process's as it runs. */
let dispatcher: Dispatcher | undefined;

/** Header names lower-cased; a name given twice keeps both values, joined as HTTP joins them. */
function headerRecord(headers: HeadersInit | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  if (headers === undefined) return record;
  const entries = headers instanceof Headers || Array.isArray(headers) ? headers : Object.entries(headers);
  for (const [name, value] of entries) {
    const key = name.toLowerCase();
    record[key] = key in record ? `${record[key]}, ${value}` : value;
  }
  return record;
}

/** A content-encoding list names codings in the order they were applied: undo them last first. */
function decoded(bytes: Uint8Array<ArrayBuffer>, codings: string | undefined): Uint8Array<ArrayBuffer> {
  if (codings === undefined) return bytes;
  return codings.split(',').reduceRight((content, coding) => decodedOnce(content, coding), bytes);
}

function decodedOnce(bytes: Uint8Array<ArrayBuffer>, coding: string): Uint8Array<ArrayBuffer> {
  switch (coding.trim().toLowerCase()) {
    case '':
    case 'identity':
      return bytes;
    case 'gzip':
    case 'x-gzip':
      return withinBound(() => gunzipSync(bytes, { maxOutputLength: MAX_ANSWER_BYTES }));
    case 'deflate':
      return withinBound(() => inflateSync(bytes, { maxOutputLength: MAX_ANSWER_BYTES }));
    case 'br':
      return withinBound(() => brotliDecompressSync(bytes, { maxOutputLength: MAX_ANSWER_BYTES }));
    default:
      throw new TypeError(`the answer came in a content coding this client does not read: ${coding}`);
  }
}

/** zlib refuses to decode past maxOutputLength with a RangeError; said here as what it is. */
function withinBound(decode: () => Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  try {
    return decode();
  } catch (e) {
    if (e instanceof RangeError) throw new TypeError(`the answer decodes to more than ${MAX_ANSWER_BYTES / 2 ** 20} MB`, { cause: e });
    throw e;
  }
}

/** The body's bytes, refused past MAX_ANSWER_BYTES as they arrive rather than once all are in. */
async function readBounded(body: AsyncIterable<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > MAX_ANSWER_BYTES) throw new TypeError(`the answer is longer than ${MAX_ANSWER_BYTES / 2 ** 20} MB`);
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** `onAnswer` is called once the status line and headers are in, before the body is read. */
export async function fetchWhole(url: string | URL, init: RequestInit = {}, onAnswer?: () => void): Promise<Response> {
  const body = init.body;
  if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new TypeError('fetchWhole sends only string or byte bodies');
  }
  const answer = await request(url, {
    method: (init.method ?? 'GET') as 'GET',
    headers: headerRecord(init.headers),
    body: body ?? null,
    signal: init.signal ?? undefined,
    dispatcher: (dispatcher ??= http1Dispatcher()),
  });
  onAnswer?.();
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await readBounded(answer.body);
  } catch (e) {
    answer.body.destroy();
    throw e;
  }
  // undici hands a keep-alive connection to its next request only a loop turn after an answer
  // ends (client-h1.js, setImmediate after onMessageComplete). A caller that sends its next
  // request as soon as this returns (a freed model slot) would otherwise find every connection
  // of the origin busy and open a new one: in the overhead benchmark, 18 of a C = 20 job's 20
  // second-wave requests did, each waiting for its connect. Queued after undici's, this turn
  // ends with the connection free.
  await nextTurn();
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const coding = headers.get('content-encoding') ?? undefined;
  const content = decoded(bytes, coding);
  if (coding !== undefined) {
    // The Response carries the decoded bytes, so it must not claim the coding or the coded length.
    headers.delete('content-encoding');
    headers.delete('content-length');
  }
  return new Response(NULL_BODY_STATUSES.has(answer.statusCode) ? null : content, {
    status: answer.statusCode,
    statusText: answer.statusText ?? '',
    headers,
  });
}
