/**
 * Backoff arithmetic and an abortable sleep for retrying model calls.
 */

export interface BackoffOptions {
  /** Ceiling of the first retry's delay, doubling after each. */
  baseDelayMs: number;
  /** Cap on our own delay: a few seconds, so work resumes soon after the model answers again. */
  maxDelayMs: number;
  /** Cap on a delay the server asked for (a misbehaving server must not park us for hours). */
  maxServerDelayMs: number;
  /** Uniform in [0, 1); injectable so tests can pin the jitter. */
  random: () => number;
}

/**
 * Delay before retry number `retry` (0 for the first retry): "full jitter", uniform in
 * [0, min(max, base·2^retry)), which spreads out callers that failed together. A delay the
 * server asked for is a floor, because retrying earlier only earns another 429.
 */
export function retryDelayMs(retry: number, options: BackoffOptions, serverDelayMs?: number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  const jittered = options.random() * ceiling;
  if (serverDelayMs === undefined) return jittered;
  return Math.max(Math.min(serverDelayMs, options.maxServerDelayMs), jittered);
}

/**
 * The delay a Google API error body asks for, from its google.rpc.RetryInfo detail
 * (`{"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"2s"}]}}`).
 */
export function retryInfoDelayMs(errorBody: unknown): number | undefined {
  const details = (errorBody as { error?: { details?: unknown } } | null)?.error?.details;
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    if (typeof detail !== 'object' || detail === null) continue;
    const record = detail as Record<string, unknown>;
    if (record['@type'] !== 'type.googleapis.com/google.rpc.RetryInfo') continue;
    const parsed = parseProtoDuration(record.retryDelay);
    if (parsed !== undefined) return parsed;
  }
  return undefined;
}

/** Protobuf JSON durations look like "2s", "1.5s" or "0.200s". */
function parseProtoDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

/** A Retry-After header: delay in seconds, or an HTTP date. */
export function retryAfterHeaderMs(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
