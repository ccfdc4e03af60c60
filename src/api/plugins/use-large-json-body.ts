import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { appError } from '../../errors.ts';
import { createRequestThreads, type Send } from '../../runtime/request-threads.ts';
import type { SchemaLimits } from '../../schemas/check-schema.ts';
import { rememberCheck, UnusableSchema } from '../../schemas/prechecked-schema.ts';
import type { ParsedBody, SchemaPosition } from '../parse-json-body.ts';

/**
 * Keeps large JSON request bodies off the API's event loop (issue 16 §2). Parsing a 4.9 MB body
 * takes the API thread 50–250 ms, copying the parsed schema to the checking thread as long again,
 * and twenty of them at once held another client's `{ viewer { id } }` for seconds. A JSON POST of
 * at least LARGE_BODY_BYTES is therefore:
 * - admitted one at a time per client address (its key is not checked yet), at most
 *   MAX_WAITING_PER_KEY more waiting, their bodies left unread in the socket meanwhile; the addresses
 *   share PARSE_THREADS in order of arrival, so one client's flood waits behind itself;
 * - read as bytes and parsed in a worker thread (parse-json-body.ts), which also checks every
 *   schema argument: an invalid one stays there, and the API thread gets an UnusableSchema with
 *   the result in its place; a valid one comes back with its result, so it is not checked again.
 *   Answers are the ones a small body gets.
 * Smaller bodies, and bodies that are not a JSON object, take yoga's own parser as before.
 */

/** Bodies below this are parsed on the API thread: a few ms at most, less than the thread round trip. */
export const LARGE_BODY_BYTES = 64 * 1024;
/** Shared with multipart receptions (use-uploads-on-disk.ts), which are bounded the same way. */
export const MAX_WAITING_PER_KEY = 20;
/** All clients together: past this, large requests are refused rather than queued without bound. */
export const MAX_WAITING_TOTAL = 100;
const PARSE_THREADS = 1;
/** Parsing and checking are bounded (checkSchema stops at 100,000 values); this is a safety net. */
const TIMEOUT_MS = 30_000;

const threads = createRequestThreads({
  entry: new URL('../parse-json-body-thread.ts', import.meta.url),
  threads: PARSE_THREADS,
  maxOldGenerationSizeMb: 512,
  timeoutMs: TIMEOUT_MS,
  maxWaitingPerKey: MAX_WAITING_PER_KEY,
  maxWaitingTotal: MAX_WAITING_TOTAL,
});

export function useLargeJsonBody(options: { schemaLimits: SchemaLimits }): Plugin<Record<string, unknown>, { req?: IncomingMessage }> {
  return {
    onRequestParse({ request, requestParser, setRequestParser, serverContext, fetchAPI }) {
      if (request.method !== 'POST' || !requestParser) return;
      if (!/^application\/(graphql\+)?json\b/i.test(request.headers.get('content-type') ?? '')) return;
      if (!(Number(request.headers.get('content-length')) >= LARGE_BODY_BYTES)) return;
      // Queued by the client's address, not by its bearer token: the token is not checked yet, and
      // made-up tokens must not each get a queue of their own.
      const client = `address:${serverContext.req?.socket.remoteAddress ?? 'unknown'}`;
      setRequestParser(async (req) => {
        const parsed = await threads.admitted(
          client,
          async (send) => parseInThread(send, transferableBytes(await req.arrayBuffer()), options.schemaLimits),
          () => appError('BAD_USER_INPUT', `Too many large requests in progress (at most ${MAX_WAITING_PER_KEY} waiting per client address); retry when they finish.`),
        );
        if (parsed.result.kind === 'not-an-object') {
          return requestParser(new fetchAPI.Request(req.url, { method: 'POST', headers: req.headers, body: parsed.bytes as Uint8Array<ArrayBuffer> }));
        }
        const { body, checked } = parsed.result;
        const variables = body['variables'] as Record<string, unknown>;
        for (const { position, result, shape } of checked) {
          if (!result.valid) place(variables, position, new UnusableSchema(result, options.schemaLimits));
          else rememberCheck(valueAt(variables, position), result, options.schemaLimits, shape);
        }
        return body;
      });
    },
  };
}

function place(variables: Record<string, unknown>, [variable, field]: SchemaPosition, value: UnusableSchema): void {
  if (field === undefined) variables[variable] = value;
  else (variables[variable] as Record<string, unknown>)[field] = value;
}

function valueAt(variables: Record<string, unknown>, [variable, field]: SchemaPosition): object {
  return (field === undefined ? variables[variable] : (variables[variable] as Record<string, unknown>)[field]) as object;
}

/**
 * The body as bytes that may be transferred to the parsing thread. The server's Request gives a
 * Buffer that owns its whole ArrayBuffer (Buffer.concat of the chunks); that one is used as it
 * is: copying it again cost the API thread another 4.9 MB of ArrayBuffer per large request, and
 * such garbage outside the JS heap is what set off most of its full GCs during a flood (issue 16
 * §2: ~110 full collections in a run while the heap itself stayed at ~33 MB). A view on part of a
 * buffer (the socket's, shared with other data) is copied, since transferring would detach the rest.
 */
export function transferableBytes(body: ArrayBuffer | ArrayBufferView): Uint8Array<ArrayBuffer> {
  if (!ArrayBuffer.isView(body)) return new Uint8Array(body);
  const whole = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
  return whole ? new Uint8Array(body.buffer as ArrayBuffer) : new Uint8Array(body.buffer, body.byteOffset, body.byteLength).slice();
}

/** The bytes are transferred to the thread, not copied; they come back only for yoga's parser (not-an-object). */
async function parseInThread(send: Send, bytes: Uint8Array, limits: SchemaLimits): Promise<{ result: ParsedBody; bytes?: Uint8Array }> {
  const sent = await send<{ result: ParsedBody; bytes?: Uint8Array }>({ bytes, limits }, [bytes.buffer as ArrayBuffer]);
  if ('answer' in sent) return sent.answer;
  throw sent.failed === 'timeout'
    ? appError('PAYLOAD_TOO_LARGE', `The request body could not be parsed and checked within ${TIMEOUT_MS / 1000} s.`)
    : appError('PAYLOAD_TOO_LARGE', 'The request body could not be parsed within the memory this service allows.');
}
