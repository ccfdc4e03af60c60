/**
 * How a failed Gemini attempt is classified, and the error a provider throws once it gives up.
 */
import { ApiError } from '@google/genai';
import type { SubtreeErrorType, TokenUsage } from '../domain/types.ts';
import type { FailureTraits } from './call-with-retries.ts';
import { retryInfoDelayMs } from './retry.ts';

/** Thrown by model providers. `usage` is what the failed request consumed, retries included. */
export class ModelCallError extends Error {
  readonly errorType: SubtreeErrorType;
  readonly usage: TokenUsage;
  /** HTTP attempts made, including the first. */
  readonly attempts: number;
  /** HTTP status of the last answered attempt, when there was one. */
  readonly status: number | undefined;
  /**
   * Asking again later gives the same answer (a refusal, a blocked prompt, a 4xx): the pipeline
   * gives such a subtree no second round.
   */
  readonly permanent: boolean;

  constructor(
    message: string,
    details: { errorType: SubtreeErrorType; usage: TokenUsage; attempts: number; status?: number; cause?: unknown; permanent?: boolean },
  ) {
    super(message, { cause: details.cause });
    this.name = 'ModelCallError';
    this.errorType = details.errorType;
    this.usage = details.usage;
    this.attempts = details.attempts;
    this.status = details.status;
    this.permanent = details.permanent ?? false;
  }
}

/** Why one attempt failed, and whether another attempt may help. */
export type AttemptFailure =
  | { kind: 'rate_limited'; status: 429; message: string; serverDelayMs?: number }
  | { kind: 'server'; status: number; message: string; serverDelayMs?: number }
  | { kind: 'client'; status: number; message: string }
  | { kind: 'network'; message: string; cause: unknown }
  | { kind: 'timeout'; message: string }
  | { kind: 'aborted'; message: string }
  | { kind: 'invalid_output'; message: string }
  /** The API answered 200 but declined: a blocked prompt, or a SAFETY/RECITATION/... stop. Asking again gives the same. */
  | { kind: 'refused'; message: string };

/** Statuses worth retrying besides 429 (Gemini troubleshooting guide). */
const RETRYABLE_SERVER_STATUSES = new Set([500, 502, 503, 504]);

function isRetryable(failure: AttemptFailure): boolean {
  switch (failure.kind) {
    case 'rate_limited':
    case 'timeout':
    case 'invalid_output':
    case 'network':
      return true;
    case 'server':
      return RETRYABLE_SERVER_STATUSES.has(failure.status);
    case 'client':
    case 'aborted':
    case 'refused':
      return false;
  }
}

/**
 * Outages (429, overload and other 5xx worth retrying, timeouts, dropped connections) are
 * retried for a time window; unusable output a few times; the rest never.
 */
export function retryTraitsOf(failure: AttemptFailure): FailureTraits {
  switch (failure.kind) {
    case 'rate_limited':
      return { retry: 'outage', rateLimited: true, ...delayOf(failure.serverDelayMs) };
    case 'server':
      return { retry: isRetryable(failure) ? 'outage' : 'never', rateLimited: false, ...delayOf(failure.serverDelayMs) };
    case 'timeout':
    case 'network':
      return { retry: 'outage', rateLimited: false };
    case 'invalid_output':
      return { retry: 'other', rateLimited: false };
    case 'client':
    case 'aborted':
    case 'refused':
      return { retry: 'never', rateLimited: false };
  }
}

function delayOf(serverDelayMs: number | undefined): { serverDelayMs?: number } {
  return serverDelayMs === undefined ? {} : { serverDelayMs };
}

export function errorTypeOf(failure: AttemptFailure): SubtreeErrorType {
  switch (failure.kind) {
    case 'rate_limited':
      return 'RATE_LIMITED';
    case 'timeout':
      return 'TIMEOUT';
    case 'aborted':
      return 'ABORTED';
    case 'invalid_output':
      return 'INVALID_OUTPUT';
    case 'server':
    case 'client':
    case 'network':
    case 'refused':
      return 'MODEL_ERROR';
  }
}

/**
 * Classifies what the SDK threw. Aborts are told apart by which signal fired, not by the
 * error, because the SDK aborts its own controller without passing the reason on.
 */
export function classifyThrown(
  e: unknown,
  signals: { user: AbortSignal; timeout: AbortSignal; timeoutMs: number },
  retryAfterMs: number | undefined,
): AttemptFailure {
  if (signals.user.aborted) return { kind: 'aborted', message: 'the request was aborted' };
  if (signals.timeout.aborted) {
    return { kind: 'timeout', message: `the model did not answer within ${signals.timeoutMs} ms` };
  }
  if (e instanceof ApiError) {
    const body = parseJson(e.message);
    const message = apiErrorMessage(body) ?? e.message;
    if (e.status === 429) {
      const serverDelayMs = retryInfoDelayMs(body) ?? retryAfterMs;
      return serverDelayMs === undefined
        ? { kind: 'rate_limited', status: 429, message }
        : { kind: 'rate_limited', status: 429, message, serverDelayMs };
    }
    // A 503 may carry Retry-After too (overload); honour it like a 429's.
    if (e.status >= 500) {
      return retryAfterMs === undefined
        ? { kind: 'server', status: e.status, message }
        : { kind: 'server', status: e.status, message, serverDelayMs: retryAfterMs };
    }
    return { kind: 'client', status: e.status, message };
  }
  const error = e instanceof Error ? e : new Error(String(e));
  return { kind: 'network', message: error.message, cause: error };
}

function apiErrorMessage(body: unknown): string | undefined {
  const error = (body as { error?: { message?: unknown; status?: unknown } } | undefined)?.error;
  if (typeof error?.message !== 'string') return undefined;
  return typeof error.status === 'string' ? `${error.status}: ${error.message}` : error.message;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
