/**
 * A local HTTP server that speaks enough of Gemini's REST protocol for the real @google/genai
 * SDK to talk to it. Point a provider at it with `baseUrl: stub.url`.
 *
 *   const stub = await startGeminiStub();
 *   stub.respond((req) => req.callIndex === 0
 *     ? { kind: 'error', status: 503 }
 *     : { kind: 'json', value: { total: 12 } });
 *   ... createGeminiProvider({ model: 'GEMINI_2_5_FLASH', apiKey: 'k', baseUrl: stub.url, ... })
 *   expect(stub.requests).toHaveLength(2);
 *   await stub.close();
 *
 * Endpoints: POST /{v1beta|v1}/models/{model}:generateContent and :countTokens.
 *
 * Replies (`StubReply`, returned by the handler given to `respond`, may be async), shaped like
 * the API's GenerateContentResponse and google.rpc.Status error bodies:
 * - `{ kind: 'json', value }`: a 200 whose candidate text is JSON.stringify(value);
 * - `{ kind: 'text', text }`: a 200 whose candidate text is `text` verbatim (e.g. broken JSON);
 *   both take `finishReason` (default STOP; MAX_TOKENS with a cut-off `text` is how the API
 *   ends an answer at maxOutputTokens);
 * - `{ kind: 'stopped', finishReason }`: a 200 whose candidate has no content, only the reason
 *   (SAFETY, RECITATION, OTHER ...), with safetyRatings as the API sends them;
 * - `{ kind: 'blocked', blockReason }`: a 200 with `promptFeedback.blockReason` and no candidates;
 * - `{ kind: 'no-candidates' }`: a 200 with usage but no candidates and no promptFeedback;
 * - `{ kind: 'error', status }`: a Gemini error body (the API's own messages for 429/500/503);
 *   a 429 carries QuotaFailure and Help details, plus a google.rpc.RetryInfo detail with
 *   `retryDelaySeconds`; `retryAfterHeader` sets a Retry-After header;
 * - `{ kind: 'hang' }`: never answers; the connection stays open until the client goes away.
 * `json`/`text`/`error` take `delayMs`: answer that long after the request arrived (its headers
 * read), never earlier, the time the handler held it not counted. `json`/`text` take `usage` overrides;
 * the default usage is promptTokenCount = ceil(prompt chars / 4), candidatesTokenCount =
 * ceil(answer chars / 4), thoughtsTokenCount = 0, cachedContentTokenCount absent.
 * `thought` adds a thought-summary part.
 * Without a handler every call gets a 500 saying so.
 *
 * Like the API, the stub refuses (400 INVALID_ARGUMENT, before the handler sees the request):
 * a responseJsonSchema keyword outside the subset the API takes, a $ref with non-$ siblings, an
 * enum of other than strings and numbers, a responseJsonSchema without responseMimeType
 * application/json, `thinkingBudget` for a Gemini 3 or later model, `thinkingLevel` for a
 * Gemini 2.x model, and both at once. `rejected` counts these.
 *
 * State: `requests` (every generateContent call, in arrival order), `inFlight`/`maxInFlight`
 * (generateContent requests not yet answered), `aborted` (requests whose client disconnected
 * before the answer). `waitUntil(predicate)` resolves once the predicate holds, checked at every
 * state change, so tests never sleep to wait for the stub.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, createWatchers, encodeJson, readBody, sendEncoded, sendJson } from './stub-server.ts';
import { jsonAnswerOf } from './gemini-stub-replies.ts';
import { createStubCaches, type StubCache } from './gemini-stub-caches.ts';
import { createStubFiles, type StubFile } from './gemini-stub-files.ts';
import { invalidArgument } from './gemini-stub-rules.ts';

export interface StubUsage {
  promptTokenCount: number;
  candidatesTokenCount: number;
  thoughtsTokenCount: number;
  /** Part of promptTokenCount served from a context cache; sent only when set. */
  cachedContentTokenCount?: number;
}

export interface StubRequest {
  apiVersion: string;
  /** The model name from the URL, e.g. "gemini-2.5-flash". */
  model: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, as the SDK sent it. */
  body: Record<string, unknown>;
  /** The body's length in bytes (UTF-8), as it arrived. */
  bodyBytes: number;
  /** Every text part of `contents`, joined with newlines (the system instruction is apart). */
  prompt: string;
  systemInstruction: string;
  generationConfig: Record<string, unknown>;
  /** generationConfig.responseJsonSchema (or responseSchema). */
  responseSchema: unknown;
  inlineData: Array<{ mimeType: string; data: string }>;
  /** Files API files the request's parts (or its cache's) name, with their bytes. */
  fileData: Array<{ uri: string; mimeType: string; data: string }>;
  /** The cachedContents name the request used, or null. */
  cachedContent: string | null;
  /** 0-based position among generateContent calls to this stub. */
  callIndex: number;
  /** When its headers were read: epoch ms, sub-millisecond. A reply's `delayMs` counts from here. */
  arrivedAt: number;
}

export type StubReply =
  | { kind: 'json'; value: unknown; usage?: Partial<StubUsage>; thought?: string; delayMs?: number; finishReason?: string }
  | { kind: 'text'; text: string; usage?: Partial<StubUsage>; thought?: string; delayMs?: number; finishReason?: string }
  | { kind: 'stopped'; finishReason: string; finishMessage?: string; delayMs?: number }
  | { kind: 'blocked'; blockReason: string; delayMs?: number }
  | { kind: 'no-candidates'; delayMs?: number }
  | {
      kind: 'error';
      status: number;
      message?: string;
      retryDelaySeconds?: number;
      retryAfterHeader?: string;
      delayMs?: number;
    }
  | { kind: 'hang' };

export type StubHandler = (request: StubRequest) => StubReply | Promise<StubReply>;

export interface GeminiStub {
  /** Base URL for `httpOptions.baseUrl` / the provider's `baseUrl`. */
  readonly url: string;
  readonly requests: readonly StubRequest[];
  readonly inFlight: number;
  readonly maxInFlight: number;
  readonly aborted: number;
  /** Explicit context caches (cachedContents): every one created, and those still alive. */
  readonly caches: { readonly created: readonly StubCache[]; readonly alive: readonly StubCache[] };
  /** Files API uploads: every one, and those not deleted. */
  readonly files: { readonly uploaded: readonly StubFile[]; readonly alive: readonly StubFile[] };
  /**
   * Cache deletes (cachedContents DELETE) held by `holdDeletes`: waiting now, and those whose client
   * gave up (disconnected) while held.
   */
  readonly deletes: { readonly held: number; readonly abandoned: number };
  /** Holds every cache delete that arrives until `until` settles (null: deletes answer at once again). */
  holdDeletes(until: Promise<void> | null): void;
  /** Requests refused with 400 INVALID_ARGUMENT as the API would (never shown to the handler). */
  readonly rejected: ReadonlyArray<{ request: StubRequest; message: string }>;
  respond(handler: StubHandler): void;
  waitUntil(predicate: (stub: GeminiStub) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const ROUTE = /^\/(v1beta|v1)\/models\/([^/:]+):(generateContent|countTokens)$/;

export async function startGeminiStub(): Promise<GeminiStub> {
  let handler: StubHandler = () => ({ kind: 'error', status: 500, message: 'gemini stub: no respond() handler set' });
  const files = createStubFiles(() => stub.url);
  const caches = createStubCaches({ textOf, inlineDataOf, files: (contents) => files.resolve(partsOf(contents)) });
  const requests: StubRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let aborted = 0;
  let deleteHold: Promise<void> | null = null;
  const deletes = { held: 0, abandoned: 0 };
  const rejected: Array<{ request: StubRequest; message: string }> = [];
  const watch = createWatchers('gemini stub', () => stub);
  const changed = watch.changed;

  const server = createServer((req, res) => {
    // A reply's delay counts from here, the request's headers read, as a server's latency does:
    // reading and checking the body is part of it, not added to it.
    const arrivedAt = now();
    void handle(req, res, arrivedAt).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 500, message: `gemini stub: ${String(e)}`, status: 'INTERNAL' } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, arrivedAt: number): Promise<void> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (await files.handle(req, res)) {
      changed();
      return;
    }
    if (path.startsWith('/v1beta/cachedContents')) {
      if (req.method === 'DELETE' && deleteHold) {
        let gone = false;
        const onClose = () => {
          gone = true;
          deletes.abandoned++;
          changed();
        };
        res.on('close', onClose);
        deletes.held++;
        changed();
        await deleteHold;
        deletes.held--;
        res.off('close', onClose);
        changed();
        if (gone) return;
      }
      const raw = req.method === 'POST' ? await readBody(req) : '';
      const reply = await caches.handle(req.method ?? 'GET', path, raw ? (JSON.parse(raw) as Record<string, unknown>) : null);
      sendJson(res, reply.status, reply.body);
      changed();
      return;
    }
    const match = ROUTE.exec(path);
    if (req.method !== 'POST' || !match) {
      sendJson(res, 404, { error: { code: 404, message: `gemini stub: no route ${req.method} ${path}`, status: 'NOT_FOUND' } });
      return;
    }
    const [, apiVersion = '', model = '', method] = match;
    const rawBody = await readBody(req);
    const body = JSON.parse(rawBody) as Record<string, unknown>;
    const resolved = method === 'generateContent' ? caches.resolve(model, body) : { cache: null };
    if ('error' in resolved) {
      sendJson(res, resolved.error.status, resolved.error.body);
      changed();
      return;
    }
    const { cache } = resolved;
    const named = files.resolve(partsOf(body.contents));
    if ('missing' in named) {
      sendJson(res, 403, { error: { code: 403, message: `You do not have permission to access the File ${named.missing} or it may not exist.`, status: 'PERMISSION_DENIED' } });
      changed();
      return;
    }
    // Handlers see what the model sees: the cached contents come before the request's own.
    const ownPrompt = textOf(body.contents);
    const prompt = cache ? `${cache.text}\n${ownPrompt}` : ownPrompt;
    if (method === 'countTokens') {
      sendJson(res, 200, { totalTokens: Math.ceil(prompt.length / 4) });
      return;
    }

    const generationConfig = (body.generationConfig ?? {}) as Record<string, unknown>;
    const request: StubRequest = {
      apiVersion,
      model,
      headers: req.headers,
      body,
      bodyBytes: Buffer.byteLength(rawBody),
      prompt,
      systemInstruction: cache ? cache.systemInstruction : textOf(body.systemInstruction),
      generationConfig,
      responseSchema: generationConfig.responseJsonSchema ?? generationConfig.responseSchema,
      inlineData: [...(cache?.inlineData ?? []), ...inlineDataOf(body.contents)],
      fileData: [...(cache?.fileData ?? []), ...named.files].map((f) => ({ uri: f.uri, mimeType: f.mimeType, data: f.bytes.toString('base64') })),
      cachedContent: cache?.name ?? null,
      callIndex: requests.length,
      arrivedAt,
    };
    const invalid = invalidArgument(model, generationConfig);
    if (invalid !== null) {
      rejected.push({ request, message: invalid });
      sendJson(res, 400, { error: { code: 400, message: invalid, status: 'INVALID_ARGUMENT' } });
      changed();
      return;
    }
    requests.push(request);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let answered = false;
    res.on('close', () => {
      inFlight--;
      if (!answered) aborted++;
      changed();
    });
    changed();

    // The time a handler holds the request (a test's or a bench's hold) does not count toward
    // the reply's delay; the rest of the delay counts from the request's arrival.
    const calledAt = now();
    const reply = await handler(request);
    if (reply.kind === 'hang') return;
    const heldMs = now() - calledAt;
    // Ready before it is due, so that at the due moment only the bytes are written.
    const answer = encodeJson(req, jsonAnswerOf(reply, { model, callIndex: request.callIndex, ownPrompt, cacheTokens: cache?.tokens ?? null }));
    if (reply.delayMs) await until(arrivedAt + heldMs + reply.delayMs);
    if (res.destroyed) return;
    answered = true;
    sendEncoded(res, answer);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const stub: GeminiStub = {
    url: `http://127.0.0.1:${port}`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get aborted() {
      return aborted;
    },
    rejected,
    caches,
    files,
    deletes,
    holdDeletes(until) {
      deleteHold = until;
    },
    respond(next) {
      handler = next;
    },
    waitUntil: watch.waitUntil,
    close: () => closeServer(server),
  };
  return stub;
}

function partsOf(contents: unknown): Array<Record<string, unknown>> {
  const list = Array.isArray(contents) ? contents : contents === undefined ? [] : [contents];
  return list.flatMap((content) => {
    const parts = (content as { parts?: unknown } | null)?.parts;
    return Array.isArray(parts) ? (parts as Array<Record<string, unknown>>) : [];
  });
}

function textOf(contents: unknown): string {
  return partsOf(contents)
    .map((part) => part.text)
    .filter((text): text is string => typeof text === 'string')
    .join('\n');
}

function inlineDataOf(contents: unknown): Array<{ mimeType: string; data: string }> {
  return partsOf(contents)
    .map((part) => part.inlineData as { mimeType: string; data: string } | undefined)
    .filter((data) => data !== undefined);
}

/**
 * Resolves at `due` (epoch ms, sub-millisecond), never before: a timer counts from the event
 * loop's cached millisecond clock and may fire up to a millisecond early by `now()`, so it is set
 * again for what is left.
 */
function until(due: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      const left = due - now();
      if (left <= 0) resolve();
      else setTimeout(check, left);
    };
    check();
  });
}

/** Epoch ms with sub-millisecond precision. */
const now = () => performance.timeOrigin + performance.now();
