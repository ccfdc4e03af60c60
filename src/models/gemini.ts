/**
 * The Gemini model provider, through the official @google/genai SDK.
 *
 * Retries are ours (callWithRetries), not the SDK's: we need to honour the server's RetryInfo
 * delay, count every attempt and its tokens, give up the job's and the process's slots while
 * backing off, retry outages for a time window rather than a count, and tell a timeout from a
 * user's abort. So the SDK runs with no retryOptions (which means one attempt) and no
 * timeout of its own.
 *
 * A 200 is not always an answer (gemini-output.ts reads how it ended): a blocked prompt or a
 * SAFETY/RECITATION/... stop is a refusal, reported as MODEL_ERROR and not retried (the same
 * prompt gets the same refusal); no candidates or an OTHER stop is retried like malformed output;
 * an answer cut off at MAX_TOKENS is kept up to its last complete value and marked `truncated`.
 *
 * Accounting: `usage.modelCalls` counts attempts that got an HTTP answer (any status), since
 * those are the ones the API saw through; attempts that timed out or never connected are not
 * counted. Tokens come only from answers that carry usageMetadata. Both add up across retries,
 * in the response and in a ModelCallError alike.
 */
import { GoogleGenAI, ThinkingLevel } from '@google/genai';
import type { Content, GenerateContentConfig, GenerateContentResponseUsageMetadata, ThinkingConfig } from '@google/genai';
import type { FieldEvidence, ModelId, ModelProvider, ModelRequest, ModelResponse, TokenUsage } from '../domain/types.ts';
import { ZERO_USAGE, addUsage } from '../domain/types.ts';
import { ModelCallError, classifyThrown, errorTypeOf, retryTraitsOf } from './gemini-errors.ts';
import { callWithRetries, modelCallOptions } from './call-with-retries.ts';
import type { RetryPolicy } from './call-with-retries.ts';
import type { AttemptFailure } from './gemini-errors.ts';
import { answerEnd, parseOutput } from './gemini-output.ts';
import { contentsFor, systemInstructionFor } from './gemini-prompt.ts';
import { responseSchemaFor } from './gemini-schema.ts';
import type { EnvelopeOptions } from './gemini-schema.ts';
import type { Limiter } from './limiter.ts';
import { geminiModelName, isGeminiModel, isProModel, thinkingStyleOf } from './model-ids.ts';
import { retryAfterHeaderMs } from './retry.ts';
import { createSectionCaches, type CacheLog, type PreparedCall } from './gemini-cache.ts';
import { GEMINI_LIMITS } from './gemini-limits.ts';
import { fitsInline } from './gemini-request-size.ts';
import { createUploadedPdfs } from './gemini-files.ts';
import { fetchWhole } from './fetch-whole.ts';
import { toError } from '../to-error.ts';
import { turnOfItsOwn } from './turn-of-its-own.ts';

export { ModelCallError } from './gemini-errors.ts';

export interface GeminiProviderOptions {
  model: ModelId;
  /** The Gemini model id for model GEMINI (e.g. "gemini-3.6-flash"); ignored for the fixed enum models. */
  modelName?: string | null;
  apiKey: string;
  /** Replaces https://generativelanguage.googleapis.com (tests point this at a local stub). */
  baseUrl?: string;
  /**
   * Per HTTP attempt, counted from when the attempt holds its limiter slot. Default 120 s.
   * Keep it under 300 s: our observing fetch replaces the SDK's, which also drops the SDK's
   * no-timeout undici dispatcher, so undici's 300 s headers timeout applies (as a MODEL_ERROR).
   */
  timeoutMs?: number;
  /** Further attempts after a retryable failure that is not an outage (e.g. unparseable output). */
  maxRetries: number;
  /** How long rate limits, 5xx, timeouts and network errors are retried. Default 180 s. */
  retryWindowMs?: number;
  /** Backoff ceiling for the first retry, doubling after each. Default 1000 ms. */
  retryBaseDelayMs?: number;
  /** Cap on our own backoff between attempts. Default 4 s. */
  maxBackoffMs?: number;
  /** Cap on a delay the server asks for (RetryInfo, Retry-After). Default 60 s. */
  maxRetryDelayMs?: number;
  /**
   * Shared by every provider in the process; a slot is held only while HTTP is in flight. An
   * adaptive one (createAdaptiveLimiter) shrinks on rate limits and grows back on answers.
   */
  limiter?: Limiter;
  random?: () => number;
  /**
   * Explicit context caching of each section's prefix (gemini-cache.ts), with caches living this
   * long (bounded by GEMINI_LIMITS). Absent: no explicit caches (the prefix is still byte-identical
   * across calls, so implicit caching applies).
   */
  contextCache?: { ttlSeconds: number; log?: CacheLog };
  /** Largest request sent with its PDF part inline (default: Gemini's documented limit); larger ones upload it. */
  inlineRequestLimitBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_RETRY_WINDOW_MS = 180_000;
const DEFAULT_RETRY_BASE_DELAY_MS = 1_000;
const DEFAULT_MAX_BACKOFF_MS = 4_000;
const DEFAULT_MAX_RETRY_DELAY_MS = 60_000;

/** One attempt: parsed output, or why it failed; with what it consumed either way. */
type Attempt =
  | { ok: true; value: { value: unknown; evidence: FieldEvidence[]; done?: boolean; truncated?: boolean; usage: TokenUsage } }
  | { ok: false; failure: AttemptFailure & { usage: TokenUsage } };

export function createGeminiProvider(options: GeminiProviderOptions): ModelProvider {
  const { model } = options;
  if (!isGeminiModel(model)) throw new RangeError(`${model} is not a Gemini model`);
  const modelName = geminiModelName(model, options.modelName);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy: RetryPolicy = {
    windowMs: options.retryWindowMs ?? DEFAULT_RETRY_WINDOW_MS,
    maxRetries: options.maxRetries,
    baseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS,
    maxDelayMs: options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS,
    maxServerDelayMs: options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS,
    random: options.random ?? Math.random,
  };
  const ai = clientFor(options.apiKey, options.baseUrl);

  const inlineLimit = options.inlineRequestLimitBytes ?? GEMINI_LIMITS.inlineRequestBytes;
  const files = createUploadedPdfs({ ai, ...(options.contextCache?.log && { log: options.contextCache.log }) });
  const caches = options.contextCache
    ? createSectionCaches({ ai, modelName, ttlSeconds: options.contextCache.ttlSeconds, ...(options.contextCache.log && { log: options.contextCache.log }) })
    : null;

  /**
   * One HTTP request, sent once its slots are taken (`takeSlots`, inside the observing fetch, after
   * the SDK built the request); a 2xx gives them back (`answeredOk`) before its body is parsed.
   * Never throws.
   */
  async function attempt(
    config: GenerateContentConfig,
    contents: Content[],
    request: ModelRequest,
    envelope: EnvelopeOptions,
    answeredOk: () => void,
    takeSlots: () => Promise<void>,
  ): Promise<Attempt> {
    // Our own timer rather than the SDK's, so that a timeout is distinguishable from an abort.
    // Armed once the slots are held (the SDK builds the request before that, see below).
    const timeout = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let answered = false;
    let retryAfterMs: number | undefined;
    // Sees the raw response, which the SDK's ApiError does not expose (Retry-After header).
    // The body is in when fetchWhole returns: a 2xx gives its slots back then, before the SDK
    // parses it, and the call taking the slot finds this connection free again (undici reuses it
    // rather than opening another for every call of a busy job).
    const observingFetch: typeof fetch = async (input, init) => {
      // The SDK calls with a URL string; a Request's own method, headers and body would be lost.
      if (input instanceof Request) throw new TypeError('the model client was called with a Request, which fetchWhole does not send');
      // The SDK has built the request (body, headers) by now: the slots are taken only here, so
      // that a slot given back by an answer lets this call go out with nothing left to do.
      await takeSlots();
      timer ??= setTimeout(() => timeout.abort(), timeoutMs);
      // Answered (counted as a model call) once its status is in, even if its body then breaks off.
      const response = await fetchWhole(input, init, () => {
        answered = true;
      });
      retryAfterMs = retryAfterHeaderMs(response.headers.get('retry-after'));
      if (response.ok) {
        answeredOk();
        // Answers tend to come in together (a wave of calls sent together): each gives back its
        // slot, and the call waiting for it goes out, before any of them is parsed, validated
        // and written, and each is parsed in a loop turn of its own, so an answer that arrives
        // meanwhile is read between two of them (turn-of-its-own.ts).
        await turnOfItsOwn();
      }
      return response;
    };
    let text: string | undefined;
    let truncated = false;
    let usage: TokenUsage;
    try {
      const response = await ai.models.generateContent({
        model: modelName,
        contents,
        config: {
          ...config,
          abortSignal: AbortSignal.any([request.signal, timeout.signal]),
          httpOptions: { fetch: observingFetch },
        },
      });
      usage = usageOf(response.usageMetadata);
      // A 200 is not always an answer: blocked prompts, refusals and cut-off answers say so here.
      const end = answerEnd(response);
      if (!end.ok) return { ok: false, failure: { ...end.failure, usage } };
      text = response.text;
      truncated = end.truncated;
    } catch (e) {
      const failure = classifyThrown(e, { user: request.signal, timeout: timeout.signal, timeoutMs }, retryAfterMs);
      return { ok: false, failure: { ...failure, usage: answered ? { ...ZERO_USAGE, modelCalls: 1 } : ZERO_USAGE } };
    } finally {
      clearTimeout(timer);
    }
    const parsed = parseOutput(text, envelope, truncated);
    if (!parsed.ok) return { ok: false, failure: { kind: 'invalid_output', message: parsed.problem, usage } };
    const { value, evidence, done } = parsed;
    return {
      ok: true,
      value: { value, evidence, usage, ...(done === undefined ? {} : { done }), ...(parsed.truncated ? { truncated: true } : {}) },
    };
  }

  return {
    id: model,
    limitsOwnCalls: true,
    async dispose(signal) {
      await Promise.all([caches?.dispose(signal), files.dispose(signal)]);
    },
    async extract(request: ModelRequest): Promise<ModelResponse> {
      const envelope: EnvelopeOptions = {
        wantEvidence: request.wantEvidence,
        ...(request.subtree.itemsPerTurn === undefined ? {} : { itemsPerTurn: request.subtree.itemsPerTurn }),
      };
      const config = generationConfigFor(modelName, request, envelope);
      // PDF parts travel base64-encoded inside the JSON body; past the inline limit (on the whole
      // body's bytes) they go through the Files API instead (uploaded once per section).
      let contents = contentsFor(request);
      const upload = request.imagePdf !== undefined && !fitsInline(contents, config, inlineLimit);
      // An upload and a context cache are calls of their own, made before any slot is taken: they
      // wait, as the calls do, until the job may call at all (its JOB_STARTED stored), and not
      // for a job cancelled or failed meanwhile. A call without either builds its request now and
      // waits for its slot with it (callWithRetries bounds how many do).
      if (upload || caches) {
        await request.jobLimiter?.ready;
        if (request.signal.aborted) throw new ModelCallError(`${modelName}: the request was aborted`, { errorType: 'ABORTED', usage: ZERO_USAGE, attempts: 0 });
      }
      if (upload && request.imagePdf) {
        try {
          contents = await files.replaceInline(contents, request.imagePdf, request.signal);
        } catch (e) {
          if (request.signal.aborted) throw new ModelCallError(`${modelName}: the request was aborted`, { errorType: 'ABORTED', usage: ZERO_USAGE, attempts: 0 });
          throw new ModelCallError(`${modelName}: the pages to send as PDF could not be uploaded: ${toError(e).message}`, {
            errorType: 'MODEL_ERROR',
            usage: ZERO_USAGE,
            attempts: 0,
          });
        }
      }
      let prepared: PreparedCall = caches ? await caches.prepare(request, config, contents) : { config, contents, cacheName: null, storageTokenHours: 0 };
      let usage: TokenUsage = prepared.storageTokenHours > 0 ? { ...ZERO_USAGE, cacheStorageTokenHours: prepared.storageTokenHours } : ZERO_USAGE;
      const outcome = await callWithRetries({
        attempt: async (_index, answeredOk, takeSlots) => {
          let result = await attempt(prepared.config, prepared.contents, request, envelope, answeredOk, takeSlots);
          if (!result.ok && prepared.cacheName !== null && isCacheGone(result.failure)) {
            // The cache expired or was deleted under us: send this call (and later ones) whole.
            // (A cache-gone answer is a 403/404, so the slots are still held for this retry.)
            usage = addUsage(usage, result.failure.usage);
            caches?.forget(prepared.cacheName);
            prepared = { config, contents, cacheName: null, storageTokenHours: 0 };
            result = await attempt(prepared.config, prepared.contents, request, envelope, answeredOk, takeSlots);
          }
          usage = addUsage(usage, result.ok ? result.value.usage : result.failure.usage);
          return result;
        },
        traits: retryTraitsOf,
        takeSlotsWhenReady: true,
        ...modelCallOptions(request, options.limiter, policy),
      });
      if (outcome.ok) return { ...outcome.value, usage };

      const { failure, attempts } = outcome;
      if (outcome.gaveUp === 'aborted' || failure === undefined || failure.kind === 'aborted') {
        throw new ModelCallError(`${modelName}: the request was aborted`, { errorType: 'ABORTED', usage, attempts });
      }
      const tried = `after ${attempts} attempt${attempts === 1 ? '' : 's'}${outcome.gaveUp === 'window_exhausted' ? ` over ${Math.round(policy.windowMs / 1000)} s` : ''}`;
      throw new ModelCallError(`${modelName}: ${failure.message} (${tried})`, {
        errorType: errorTypeOf(failure),
        usage,
        attempts,
        permanent: outcome.gaveUp === 'not_retryable',
        ...('status' in failure ? { status: failure.status } : {}),
        ...('cause' in failure ? { cause: failure.cause } : {}),
      });
    },
  };
}

/**
 * SDK clients by key and base URL. A provider is made per job (its caches are the job's), but the
 * client is only configuration (every call passes its own fetch, signal and options), and making
 * one builds a dozen API objects and reads the environment: about a millisecond a job, kept here
 * instead. A process uses one key or a few (a cap, should that ever change).
 */
const clients = new Map<string, GoogleGenAI>();
const MAX_CLIENTS = 8;

function clientFor(apiKey: string, baseUrl: string | undefined): GoogleGenAI {
  const key = JSON.stringify([apiKey, baseUrl ?? null]);
  let client = clients.get(key);
  if (!client) {
    if (clients.size >= MAX_CLIENTS) clients.clear();
    // apiVersion is pinned because SDK 3.x defaults to v1, which lacks responseJsonSchema.
    client = new GoogleGenAI({ apiKey, vertexai: false, apiVersion: 'v1beta', httpOptions: baseUrl === undefined ? {} : { baseUrl } });
    clients.set(key, client);
  }
  return client;
}

function generationConfigFor(modelName: string, request: ModelRequest, envelope: EnvelopeOptions): GenerateContentConfig {
  const config: GenerateContentConfig = {
    systemInstruction: systemInstructionFor(request),
    responseMimeType: 'application/json',
    responseJsonSchema: responseSchemaFor(request.subtree.schema, envelope),
    thinkingConfig: thinkingConfigFor(modelName, request.enableThinking),
    // One call must be one HTTP request, or our call and usage counts would be wrong.
    automaticContinuation: false,
  };
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.seed !== undefined) config.seed = request.seed;
  return config;
}

/**
 * By the model's family (sending the other family's setting is a 400 INVALID_ARGUMENT):
 * - Gemini 2.x takes a token budget (0 = off, -1 = dynamic); the Pro model cannot turn thinking
 *   off, so "off" is its minimum budget of 128.
 * - Gemini 3 and later take a level. Without thinking we ask for the least each accepts: LOW for
 *   Pro models, MINIMAL for Flash and Flash-Lite. With thinking, the model's own default (dynamic).
 */
function thinkingConfigFor(modelName: string, enableThinking: boolean): ThinkingConfig {
  if (thinkingStyleOf(modelName) === 'budget') {
    if (enableThinking) return { thinkingBudget: -1, includeThoughts: false };
    return { thinkingBudget: isProModel(modelName) ? 128 : 0 };
  }
  if (enableThinking) return { includeThoughts: false };
  return { thinkingLevel: isProModel(modelName) ? ThinkingLevel.LOW : ThinkingLevel.MINIMAL, includeThoughts: false };
}

/** A request naming a cache the API no longer has (403 "CachedContent not found", or 404). */
function isCacheGone(failure: AttemptFailure): boolean {
  return failure.kind === 'client' && (failure.status === 403 || failure.status === 404) && /cachedcontent/i.test(failure.message);
}

function usageOf(metadata: GenerateContentResponseUsageMetadata | undefined): TokenUsage {
  const promptTokens = metadata?.promptTokenCount ?? 0;
  const outputTokens = metadata?.candidatesTokenCount ?? 0;
  const thinkingTokens = metadata?.thoughtsTokenCount ?? 0;
  const cached = metadata?.cachedContentTokenCount;
  return {
    // Part of promptTokens, billed at the cached rate (explicit or implicit caching).
    ...(cached !== undefined && { cachedTokens: cached }),
    promptTokens,
    outputTokens,
    thinkingTokens,
    totalTokens: metadata?.totalTokenCount ?? promptTokens + outputTokens + thinkingTokens,
    modelCalls: 1,
  };
}
