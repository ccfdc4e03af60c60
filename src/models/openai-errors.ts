/**
 * How a failed Chat Completions attempt is classified (the openai SDK's error classes), in the
 * same terms as Gemini's (gemini-errors.ts), so that retries and subtree errors read alike.
 */
import { APIConnectionError, APIError } from 'openai';
import type { AttemptFailure } from './gemini-errors.ts';
import { retryAfterHeaderMs } from './retry.ts';

/** What the error body of a 4xx/5xx says, as `{"error":{"message","type","param","code"}}`. */
interface ErrorBody {
  message?: string;
  type?: string;
  param?: string | null;
  code?: string | null;
}

export function classifyOpenAiThrown(
  e: unknown,
  context: { user: AbortSignal; timeout: AbortSignal; timeoutMs: number; baseUrl: string },
): AttemptFailure {
  if (context.user.aborted) return { kind: 'aborted', message: 'the request was aborted' };
  if (context.timeout.aborted) return { kind: 'timeout', message: `the model did not answer within ${context.timeoutMs} ms` };
  if (e instanceof APIConnectionError) {
    return { kind: 'network', message: connectionMessage(e, context.baseUrl), cause: e };
  }
  if (e instanceof APIError && typeof e.status === 'number') {
    const body = (e.error ?? {}) as ErrorBody;
    const serverMessage = typeof body.message === 'string' ? body.message : e.message;
    if (e.status === 429 && body.code === 'insufficient_quota') {
      // Also a 429, but no wait helps: the account has no credit (langchainjs#1929).
      return { kind: 'client', status: 429, message: `the account has no quota left: ${serverMessage}` };
    }
    if (e.status === 429) {
      const serverDelayMs = retryAfterMs(e.headers);
      const message = `rate limited by the model server: ${serverMessage}`;
      return serverDelayMs === undefined
        ? { kind: 'rate_limited', status: 429, message }
        : { kind: 'rate_limited', status: 429, message, serverDelayMs };
    }
    if (isContextLengthError(e.status, body, serverMessage)) {
      return { kind: 'client', status: e.status, message: contextLengthMessage(serverMessage) };
    }
    const code = body.code ? ` (${body.code})` : '';
    if (e.status >= 500) return { kind: 'server', status: e.status, message: `server error ${e.status}${code}: ${serverMessage}` };
    return { kind: 'client', status: e.status, message: `request refused with ${e.status}${code}: ${serverMessage}` };
  }
  const error = e instanceof Error ? e : new Error(String(e));
  return { kind: 'network', message: error.message, cause: error };
}

/**
 * Whether a 400 refuses the `json_schema` response format: 'unsupported' when the server lacks
 * Structured Outputs (older Ollama and llama.cpp builds), 'schema' when it has them but refuses
 * this one schema ("Invalid schema for response_format ..."); null for anything else.
 */
export function responseFormatRefusal(e: unknown): 'unsupported' | 'schema' | null {
  if (!(e instanceof APIError) || (e.status !== 400 && e.status !== 422)) return null;
  const body = (e.error ?? {}) as ErrorBody;
  const text = `${body.message ?? ''} ${e.message}`;
  const aboutFormat = body.param === 'response_format' || body.param?.startsWith('response_format.') === true
    || (/response_format|json_schema/i.test(text) && !isContextLengthError(e.status, body, text));
  if (!aboutFormat) return null;
  return /invalid schema/i.test(text) ? 'schema' : 'unsupported';
}

function isContextLengthError(status: number, body: ErrorBody, message: string): boolean {
  if (status !== 400 && status !== 413) return false;
  return body.code === 'context_length_exceeded' || /context (length|window)|maximum context|too many tokens/i.test(message);
}

/** Names the limit when the server states it (OpenAI and vLLM say "maximum context length is N tokens"). */
function contextLengthMessage(serverMessage: string): string {
  const limit = /maximum context length is (\d+)/i.exec(serverMessage)?.[1];
  const named = limit ? `the model's context window of ${limit} tokens` : "the model's context window";
  return `the request does not fit ${named} (context_length_exceeded): ${serverMessage} ` +
    '(use a model with a longer context, or raise the server\'s context size, e.g. OLLAMA_CONTEXT_LENGTH or vllm --max-model-len)';
}

function connectionMessage(e: APIConnectionError, baseUrl: string): string {
  const codes = causeCodes(e);
  if (codes.includes('ECONNREFUSED')) return `no model server at ${baseUrl} (connection refused)`;
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')) return `no model server at ${baseUrl} (host not found)`;
  return `could not reach the model server at ${baseUrl}: ${codes[0] ?? e.message}`;
}

/** Error codes along the cause chain (undici wraps the socket error in "fetch failed"). */
function causeCodes(e: unknown): string[] {
  const codes: string[] = [];
  for (let current: unknown = e, depth = 0; current && depth < 6; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors)) codes.push(...errors.flatMap((inner) => causeCodes(inner)));
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/** OpenAI sends `retry-after-ms` (milliseconds) besides the standard `retry-after`. */
function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  return retryAfterHeaderMs(headers?.get('retry-after') ?? null);
}
