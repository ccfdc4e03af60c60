/**
 * A local HTTP server speaking OpenAI's Chat Completions protocol, for the real `openai` SDK
 * (shapes from node_modules/openai/resources/chat/completions and the API reference):
 *
 *   const stub = await startOpenAiStub();
 *   stub.respond((req) => req.callIndex === 0
 *     ? { kind: 'error', status: 429, retryAfterMs: 20 }
 *     : { kind: 'json', value: { total: 12 } });
 *   createOpenAiProvider({ baseUrl: stub.url, modelName: 'qwen2.5:7b-instruct', ... })
 *
 * Endpoint: POST <base>/chat/completions for any base path (`stub.url` is `/v1`; OpenAI's and
 * Ollama's layout). Anything else is a 404 with an OpenAI error body.
 *
 * Replies (`StubReply`, from the handler given to `respond`, may be async):
 * - `{ kind: 'json', value }`: a 200 whose message content is JSON.stringify(value);
 * - `{ kind: 'text', text, finishReason? }`: content verbatim (malformed JSON; with
 *   finishReason "length", an answer cut off at the token limit);
 * - `{ kind: 'refusal', refusal }`: a Structured Outputs refusal (content null);
 * - `{ kind: 'error', status, message?, type?, code?, param? }`: the body OpenAI sends,
 *   `{"error":{"message","type","param","code"}}`; `retryAfter` (seconds) and `retryAfterMs` set
 *   the `retry-after` / `retry-after-ms` headers;
 * - `{ kind: 'hang' }`: never answers; the connection stays open until the client goes away.
 * `json`/`text` take `usage` overrides; by default prompt_tokens = ceil(prompt chars / 4),
 * completion_tokens = ceil(answer chars / 4), cached and reasoning tokens 0. Every reply
 * takes `delayMs`.
 *
 * Server behaviours, set with `configure`: `refuseJsonSchema` answers a `json_schema`
 * response_format with the 400 an older server gives; `contextWindow` answers a prompt with more
 * (estimated) tokens with OpenAI's 400 `context_length_exceeded`.
 *
 * State: `requests`, `inFlight`/`maxInFlight`, `aborted`; `waitUntil(predicate)` resolves once
 * the predicate holds, checked at every state change.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, createWatchers, readBody, sendJson } from './stub-server.ts';

interface StubUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
}

export interface StubRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  model: string;
  /** Every text of every message, joined with newlines. */
  prompt: string;
  /** The user message's image_url parts. */
  imageUrls: string[];
  responseFormat: { type: string; json_schema?: { name: string; strict?: boolean; schema?: Record<string, unknown> } } | undefined;
  callIndex: number;
}

type Delay = { delayMs?: number };
export type StubReply =
  | ({ kind: 'json'; value: unknown; usage?: Partial<StubUsage> } & Delay)
  | ({ kind: 'text'; text: string; finishReason?: 'stop' | 'length' | 'content_filter'; usage?: Partial<StubUsage> } & Delay)
  | ({ kind: 'refusal'; refusal: string } & Delay)
  | ({ kind: 'error'; status: number; message?: string; type?: string; code?: string | null; param?: string | null; retryAfter?: string; retryAfterMs?: number } & Delay)
  | { kind: 'hang' };

type StubHandler = (request: StubRequest) => StubReply | Promise<StubReply>;

interface StubBehaviour {
  refuseJsonSchema?: boolean;
  contextWindow?: number;
}

export interface OpenAiStub {
  /** Base URL for the SDK's baseURL / OPENAI_BASE_URL (ends in /v1). */
  readonly url: string;
  /** The server's origin, for mounting under another base path. */
  readonly origin: string;
  readonly requests: readonly StubRequest[];
  readonly inFlight: number;
  readonly maxInFlight: number;
  readonly aborted: number;
  respond(handler: StubHandler): void;
  configure(behaviour: StubBehaviour): void;
  waitUntil(predicate: (stub: OpenAiStub) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  404: 'invalid_request_error',
  // "requests" or "tokens" for rate limits; insufficient_quota sets its own type and code.
  429: 'requests',
  500: 'server_error',
  503: 'server_error',
};

export async function startOpenAiStub(): Promise<OpenAiStub> {
  let handler: StubHandler = () => ({ kind: 'error', status: 500, message: 'openai stub: no respond() handler set' });
  let behaviour: StubBehaviour = {};
  const requests: StubRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let aborted = 0;
  const watch = createWatchers('openai stub', () => stub);
  const changed = watch.changed;

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendError(res, { kind: 'error', status: 500, message: `openai stub: ${String(e)}` });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
      sendError(res, { kind: 'error', status: 404, message: `Unknown request URL: ${req.method} ${path}.`, code: 'unknown_url' });
      return;
    }
    const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    const messages = Array.isArray(body.messages) ? (body.messages as Array<{ content?: unknown }>) : [];
    const request: StubRequest = {
      path,
      headers: req.headers,
      body,
      model: String(body.model),
      prompt: messages.flatMap((m) => textsOf(m.content)).join('\n'),
      imageUrls: messages.flatMap((m) => imagesOf(m.content)),
      responseFormat: body.response_format as StubRequest['responseFormat'],
      callIndex: requests.length,
    };
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

    const promptTokens = Math.ceil(request.prompt.length / 4);
    let reply: StubReply;
    if (behaviour.refuseJsonSchema && request.responseFormat?.type === 'json_schema') {
      reply = { kind: 'error', status: 400, message: "invalid response_format type 'json_schema': expected 'json_object' or 'text'", param: 'response_format' };
    } else if (behaviour.contextWindow !== undefined && promptTokens > behaviour.contextWindow) {
      reply = {
        kind: 'error',
        status: 400,
        code: 'context_length_exceeded',
        param: 'messages',
        message: `This model's maximum context length is ${behaviour.contextWindow} tokens. However, your messages resulted in ${promptTokens} tokens. Please reduce the length of the messages.`,
      };
    } else {
      reply = await handler(request);
    }
    if (reply.kind === 'hang') return;
    if (reply.delayMs) await delay(reply.delayMs);
    if (res.destroyed) return;
    answered = true;
    if (reply.kind === 'error') {
      sendError(res, reply);
      return;
    }
    const content = reply.kind === 'json' ? JSON.stringify(reply.value) : reply.kind === 'text' ? reply.text : null;
    const usage: StubUsage = {
      prompt_tokens: promptTokens,
      completion_tokens: Math.ceil((content ?? '').length / 4),
      cached_tokens: 0,
      reasoning_tokens: 0,
      ...(reply.kind === 'refusal' ? {} : reply.usage),
    };
    sendJson(res, 200, {
      id: `chatcmpl-stub${request.callIndex}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      system_fingerprint: 'fp_stub',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: reply.kind === 'refusal' ? reply.refusal : null, annotations: [] },
          logprobs: null,
          finish_reason: reply.kind === 'text' ? (reply.finishReason ?? 'stop') : 'stop',
        },
      ],
      usage: {
        prompt_tokens: usage.prompt_tokens,
        completion_tokens: usage.completion_tokens,
        total_tokens: usage.prompt_tokens + usage.completion_tokens,
        prompt_tokens_details: { cached_tokens: usage.cached_tokens, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: usage.reasoning_tokens,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const stub: OpenAiStub = {
    url: `${origin}/v1`,
    origin,
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
    respond(next) {
      handler = next;
    },
    configure(next) {
      behaviour = next;
    },
    waitUntil: watch.waitUntil,
    close: () => closeServer(server),
  };
  return stub;
}

function sendError(res: ServerResponse, reply: Extract<StubReply, { kind: 'error' }>): void {
  const headers: Record<string, string> = {};
  if (reply.retryAfter !== undefined) headers['retry-after'] = reply.retryAfter;
  if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = String(reply.retryAfterMs);
  sendJson(
    res,
    reply.status,
    {
      error: {
        message: reply.message ?? `stub error ${reply.status}`,
        type: reply.type ?? ERROR_TYPES[reply.status] ?? 'server_error',
        param: reply.param ?? null,
        code: reply.code === undefined ? (reply.status === 429 ? 'rate_limit_exceeded' : null) : reply.code,
      },
    },
    headers,
  );
}



function textsOf(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  return content.flatMap((part: { type?: string; text?: unknown }) => (part.type === 'text' && typeof part.text === 'string' ? [part.text] : []));
}

function imagesOf(content: unknown): string[] {
  if (!Array.isArray(content)) return [];
  return content.flatMap((part: { type?: string; image_url?: { url?: unknown } }) =>
    part.type === 'image_url' && typeof part.image_url?.url === 'string' ? [part.image_url.url] : [],
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
