/**
 * A model provider for any server speaking OpenAI's Chat Completions protocol (OpenAI, Ollama,
 * vLLM, llama.cpp's server, LM Studio, LocalAI), through the official `openai` SDK.
 *
 * Like the Gemini provider: retries are ours (the SDK runs with maxRetries 0), so that we can
 * honour `retry-after`/`retry-after-ms`, count every attempt and its tokens, give up the
 * process-wide slot while backing off, and tell a timeout (our own timer) from a user's abort.
 * `usage.modelCalls` counts attempts that got an HTTP answer; tokens add up over attempts, in
 * the response and in a ModelCallError alike.
 *
 * Structured output: `json_schema` (strict where the schema allows, openai-schema.ts) first.
 * A server that refuses that response format with a 400 is asked again at once in JSON mode
 * with the schema in the prompt (not counted against the retries), and the fallback is
 * remembered for that base URL and model for the life of the process.
 */
import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { ModelProvider, ModelRequest, ModelResponse, TokenUsage } from '../domain/types.ts';
import { ZERO_USAGE, addUsage } from '../domain/types.ts';
import { ModelCallError, errorTypeOf, retryTraitsOf } from './gemini-errors.ts';
import { callWithRetries, modelCallOptions, type RetryPolicy } from './call-with-retries.ts';
import type { AttemptFailure } from './gemini-errors.ts';
import { parseOutput } from './gemini-output.ts';
import type { Limiter } from './limiter.ts';
import { classifyOpenAiThrown, responseFormatRefusal } from './openai-errors.ts';
import { renderPagesAsPngDataUrls } from './openai-images.ts';
import { openAiCostUsd, openAiPriceFor } from './openai-prices.ts';
import type { OpenAiPrice } from './openai-prices.ts';
import { answerShapeFor, messagesFor, responseFormatFor } from './openai-prompt.ts';
import type { AnswerShape, OutputMode } from './openai-prompt.ts';

export interface OpenAiProviderOptions {
  /** e.g. http://127.0.0.1:11434/v1 (Ollama) or https://api.openai.com/v1. */
  baseUrl: string;
  /** Local servers need none; the SDK insists on one, so a placeholder is sent. */
  apiKey: string | null;
  /** The server's model id, e.g. "qwen2.5:7b-instruct" or "gpt-4.1-mini". */
  modelName: string;
  /** Send scanned pages as images (the model must accept images). */
  vision: boolean;
  /** Per HTTP attempt, counted from when the attempt holds its limiter slot. Default 120 s. */
  timeoutMs?: number;
  /** How long rate limits, 5xx, timeouts and network errors are retried. Default 180 s. */
  retryWindowMs?: number;
  /** Further attempts after a retryable failure that is not an outage (e.g. unparseable output). */
  maxRetries: number;
  retryBaseDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Shared by every provider in the process; a slot is held only while HTTP is in flight. */
  limiter?: Limiter;
  /** OPENAI_PRICES, by model id. */
  prices?: Readonly<Record<string, OpenAiPrice>>;
  random?: () => number;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_RETRY_BASE_DELAY_MS = 1_000;
const DEFAULT_MAX_RETRY_DELAY_MS = 60_000;
const DEFAULT_RETRY_WINDOW_MS = 180_000;
const DEFAULT_MAX_BACKOFF_MS = 4_000;
const PLACEHOLDER_API_KEY = 'no-key';

/** Servers (base URL + model) known to refuse `json_schema`: asked in JSON mode from then on. */
const jsonModeOnly = new Set<string>();

type AttemptResult =
  | { ok: true; completion: ChatCompletion; usage: TokenUsage }
  | { ok: false; failure: AttemptFailure; usage: TokenUsage; refusedFormat: 'unsupported' | 'schema' | null };

export function createOpenAiProvider(options: OpenAiProviderOptions): ModelProvider {
  const { baseUrl, modelName } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy: RetryPolicy = {
    windowMs: options.retryWindowMs ?? DEFAULT_RETRY_WINDOW_MS,
    maxRetries: options.maxRetries,
    baseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS,
    maxDelayMs: DEFAULT_MAX_BACKOFF_MS,
    maxServerDelayMs: options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS,
    random: options.random ?? Math.random,
  };
  // The SDK's own timeout is a backstop only: ours fires first and is told apart from an abort.
  const client = new OpenAI({ baseURL: baseUrl, apiKey: options.apiKey ?? PLACEHOLDER_API_KEY, maxRetries: 0, timeout: timeoutMs + 5_000 });
  const serverKey = `${baseUrl} ${modelName}`;
  const price = openAiPriceFor(modelName, { configured: options.prices ?? {}, baseUrl });
  // The pipeline hands every subtree, turn and repair of a section the same imagePdf object, so
  // its pages are rendered once per job rather than once per call.
  const rendered = new WeakMap<Uint8Array, Promise<string[]>>();
  const pageImagesOf = (pdf: Uint8Array): Promise<string[]> => {
    let images = rendered.get(pdf);
    if (!images) {
      images = renderPagesAsPngDataUrls(pdf);
      rendered.set(pdf, images);
      images.catch(() => rendered.delete(pdf));
    }
    return images;
  };

  /** One HTTP request; the caller (callWithRetries) holds the slots. Never throws. */
  async function attempt(body: ChatCompletionCreateParamsNonStreaming, request: ModelRequest): Promise<AttemptResult> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    try {
      const completion = await client.chat.completions.create(body, { signal: AbortSignal.any([request.signal, timeout.signal]) });
      return { ok: true, completion, usage: usageOf(completion) };
    } catch (e) {
      const failure = classifyOpenAiThrown(e, { user: request.signal, timeout: timeout.signal, timeoutMs, baseUrl });
      const answered = 'status' in failure;
      return { ok: false, failure, usage: answered ? { ...ZERO_USAGE, modelCalls: 1 } : ZERO_USAGE, refusedFormat: responseFormatRefusal(e) };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    id: 'OPENAI_COMPATIBLE',
    limitsOwnCalls: true,
    readsImages: options.vision,
    costUsd: (usage) => openAiCostUsd(price, usage),
    async extract(request: ModelRequest): Promise<ModelResponse> {
      const shape = answerShapeFor(request);
      let pageImages: string[] = [];
      if (options.vision && request.imagePdf && request.imagePdf.length > 0) {
        try {
          pageImages = await pageImagesOf(request.imagePdf);
        } catch (e) {
          const message = `${modelName}: scanned pages ${request.section.imagePages.join(', ')} could not be rendered as images (${(e as Error).message})`;
          throw new ModelCallError(message, { errorType: 'MODEL_ERROR', usage: ZERO_USAGE, attempts: 0, cause: e });
        }
      }
      const bodyFor = (mode: OutputMode): ChatCompletionCreateParamsNonStreaming => ({
        model: modelName,
        messages: messagesFor(request, { mode, shape, pageImages }),
        response_format: responseFormatFor(mode, shape),
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        ...(request.seed === undefined ? {} : { seed: request.seed }),
      });
      let usage: TokenUsage = ZERO_USAGE;
      const fail = (failure: AttemptFailure, attempts: number, permanent = false): ModelCallError =>
        new ModelCallError(`${modelName}: ${failure.message} (after ${attempts} attempt${attempts === 1 ? '' : 's'})`, {
          errorType: errorTypeOf(failure),
          usage,
          attempts,
          ...('status' in failure ? { status: failure.status } : {}),
          ...('cause' in failure ? { cause: failure.cause } : {}),
          permanent,
        });

      let attempts = 0;
      let schemaRefused = false;
      type Failure = AttemptFailure & { final?: boolean };
      const outcome = await callWithRetries<Omit<ModelResponse, 'usage'>, Failure>({
        attempt: async () => {
          for (;;) {
            const mode: OutputMode = jsonModeOnly.has(serverKey) || schemaRefused ? 'json_object' : 'json_schema';
            const result = await attempt(bodyFor(mode), request);
            attempts++;
            usage = addUsage(usage, result.usage);
            if (result.ok) {
              const read = readCompletion(result.completion, shape);
              if (read.ok) return { ok: true, value: read.response };
              return { ok: false, failure: read.retryable ? read.failure : { ...read.failure, final: true } };
            }
            if (result.refusedFormat && mode === 'json_schema') {
              // Not a failure of the extraction: ask in JSON mode, in the same slot. A server
              // without Structured Outputs is remembered; a refused schema concerns this request only.
              if (result.refusedFormat === 'unsupported') jsonModeOnly.add(serverKey);
              else schemaRefused = true;
              continue;
            }
            return { ok: false, failure: result.failure };
          }
        },
        traits: (failure) => (failure.final ? { retry: 'never', rateLimited: false } : retryTraitsOf(failure)),
        ...modelCallOptions(request, options.limiter, policy),
      });
      if (outcome.ok) return { ...outcome.value, usage };
      const failure = outcome.failure;
      if (outcome.gaveUp === 'aborted' || failure === undefined || failure.kind === 'aborted') {
        throw fail({ kind: 'aborted', message: 'the request was aborted' }, attempts);
      }
      throw fail(failure, attempts, outcome.gaveUp === 'not_retryable');
    },
  };
}

type ReadResult =
  | { ok: true; response: Omit<ModelResponse, 'usage'> }
  | { ok: false; failure: AttemptFailure; retryable: boolean };

function readCompletion(completion: ChatCompletion, shape: AnswerShape): ReadResult {
  const choice = completion.choices?.[0];
  if (!choice) return { ok: false, failure: { kind: 'invalid_output', message: 'the server returned no choices' }, retryable: true };
  const { message } = choice;
  if (message.refusal) {
    return { ok: false, failure: { kind: 'client', status: 200, message: `the model refused: ${message.refusal}` }, retryable: false };
  }
  const content = message.content == null ? undefined : withoutWrapping(message.content);
  let parsed = parseOutput(content, shape.envelope);
  // A model in JSON mode may answer a list bare instead of as {"value": [...]}; take it as meant.
  if (!parsed.ok && shape.unwrapped) {
    const bare = parseOutput(content, shape.unwrapped);
    if (bare.ok) parsed = bare;
  }
  if (parsed.ok) {
    const { value, evidence, done } = parsed;
    return { ok: true, response: done === undefined ? { value, evidence } : { value, evidence, done } };
  }
  if (choice.finish_reason === 'length') {
    // The same request would be cut off again at the same limit.
    return {
      ok: false,
      failure: { kind: 'invalid_output', message: `the answer was cut off at the output token limit (finish_reason "length"; ${parsed.problem})` },
      retryable: false,
    };
  }
  if (choice.finish_reason === 'content_filter') {
    return { ok: false, failure: { kind: 'client', status: 200, message: 'the answer was withheld by the server\'s content filter' }, retryable: false };
  }
  return { ok: false, failure: { kind: 'invalid_output', message: parsed.problem }, retryable: true };
}

/**
 * What self-hosted models wrap JSON in, even in JSON mode: a reasoning block ("<think>...</think>",
 * Qwen3 and DeepSeek-R1 on servers that do not split it off) and Markdown code fences.
 */
function withoutWrapping(content: string): string {
  const text = content.replace(/^\s*<think>[\s\S]*?<\/think>/, '').trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/.exec(text);
  return fenced ? fenced[1]! : text;
}

/**
 * OpenAI counts reasoning tokens inside completion_tokens and cached tokens inside
 * prompt_tokens; TokenUsage keeps thinking apart from output (as Gemini reports them).
 */
function usageOf(completion: ChatCompletion): TokenUsage {
  const usage = completion.usage;
  const promptTokens = usage?.prompt_tokens ?? 0;
  const completionTokens = usage?.completion_tokens ?? 0;
  const thinkingTokens = Math.min(usage?.completion_tokens_details?.reasoning_tokens ?? 0, completionTokens);
  return {
    promptTokens,
    outputTokens: completionTokens - thinkingTokens,
    thinkingTokens,
    totalTokens: usage?.total_tokens ?? promptTokens + completionTokens,
    modelCalls: 1,
    cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
  };
}

/** Forgets which servers refused `json_schema` (tests start each case from a clean process state). */
export function forgetOutputModeFallbacks(): void {
  jsonModeOnly.clear();
}
