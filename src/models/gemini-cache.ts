/**
 * One explicit Gemini context cache per section of a job, so a job pays for its document once.
 *
 * Every call of a job on one section sends the same prefix: the system instruction, the section's
 * pages (text and PDF parts), then its own task. Above the model's minimum (gemini-limits.ts) the
 * prefix goes into a cache (`caches.create`) the first time the section is asked, and every call
 * on it then sends only its task with `cachedContent` (a request that uses a cache may not also
 * set the system instruction: it lives in the cache). Below the minimum nothing is cached and the
 * prefix stays byte-identical across calls, so Gemini's implicit caching can apply.
 *
 * Invariants: at most one cache per (section, system instruction); concurrent calls on a new
 * section wait for the same creation; a creation that fails is not retried for that section (its
 * calls go uncached); a cache the API no longer knows (expired, deleted) is dropped and the call
 * is sent whole; `dispose()` deletes every cache this job made (also on cancel), and a crashed
 * worker's caches expire by their TTL, which is bounded by the job's expected duration.
 */
import type { Content, GenerateContentConfig, GoogleGenAI, Part } from '@google/genai';
import { toError } from '../to-error.ts';
import { estimateTokens } from '../pipeline/sections.ts';
import { pdfPagesOf, type ModelRequest } from '../domain/types.ts';
import { GEMINI_LIMITS, minCacheTokens } from './gemini-limits.ts';
import { TOKENS_PER_PDF_PAGE } from './model-ids.ts';

export interface CacheLog {
  warn(obj: object, msg: string): void;
}

interface Created {
  name: string;
  /** Tokens × hours of storage paid for when the cache was made (its TTL). */
  storageTokenHours: number;
  /** The first call on the cache carries its storage cost in its usage. */
  storageCharged: boolean;
}

export interface PreparedCall {
  config: GenerateContentConfig;
  contents: Content[];
  /** Set when the call uses a cache. */
  cacheName: string | null;
  /** Storage to add to this call's usage (once per cache). */
  storageTokenHours: number;
}

export interface SectionCaches {
  prepare(request: ModelRequest, config: GenerateContentConfig, contents: Content[]): Promise<PreparedCall>;
  /** The API says the cache is gone: later calls on its section go uncached. */
  forget(cacheName: string): void;
  /** Deletes every cache of the job; `signal` aborts the deletes still in flight (the TTL then ends them). */
  dispose(signal?: AbortSignal): Promise<void>;
}

/** The shared prefix of a call: everything of its one user turn except the task (its last part). */
function splitPrefix(contents: Content[]): { prefix: Part[]; task: Part[] } | null {
  const parts = contents.length === 1 ? contents[0]?.parts : undefined;
  if (!parts || parts.length < 2) return null;
  return { prefix: parts.slice(0, -1), task: parts.slice(-1) };
}

function prefixTokens(request: ModelRequest, prefix: Part[], systemInstruction: string): number {
  const text = prefix.map((p) => p.text ?? '').join('\n');
  const pdfPages = request.imagePdf && request.imagePdf.length > 0 ? pdfPagesOf(request.section).length : 0;
  return estimateTokens(text) + estimateTokens(systemInstruction) + pdfPages * TOKENS_PER_PDF_PAGE;
}

export function createSectionCaches(options: {
  ai: GoogleGenAI;
  modelName: string;
  /** Lifetime of each cache: the job's expected remaining duration, bounded (gemini-limits.ts). */
  ttlSeconds: number;
  log?: CacheLog;
}): SectionCaches {
  const { ai, modelName } = options;
  const ttlSeconds = Math.round(Math.min(GEMINI_LIMITS.cacheTtlMaxSeconds, Math.max(GEMINI_LIMITS.cacheTtlMinSeconds, options.ttlSeconds)));
  const bySection = new Map<string, Promise<Created | null>>();
  const names = new Set<string>();
  const forgotten = new Set<string>();
  const keys = new WeakMap<object, number>();
  let nextKey = 0;
  let disposed = false;
  const keyOf = (section: object, system: string) => {
    let key = keys.get(section);
    if (key === undefined) keys.set(section, (key = nextKey++));
    return `${key}\u0000${system}`;
  };

  const create = async (prefix: Part[], systemInstruction: string, tokens: number): Promise<Created | null> => {
    try {
      const cache = await ai.caches.create({
        model: modelName,
        config: {
          contents: [{ role: 'user', parts: prefix }],
          systemInstruction,
          ttl: `${ttlSeconds}s`,
          displayName: 'paperjson section',
        },
      });
      if (!cache.name) return null;
      names.add(cache.name);
      // A job disposed while the cache was being made must not leave it behind.
      if (disposed) await deleteCache(cache.name);
      const cachedTokens = cache.usageMetadata?.totalTokenCount ?? tokens;
      return { name: cache.name, storageTokenHours: (cachedTokens * ttlSeconds) / 3600, storageCharged: false };
    } catch (e) {
      options.log?.warn({ err: toError(e), model: modelName }, 'context cache could not be created; calls on this section go uncached');
      return null;
    }
  };

  const deleteCache = async (name: string, signal?: AbortSignal): Promise<void> => {
    names.delete(name);
    try {
      await ai.caches.delete({ name, ...(signal && { config: { abortSignal: signal } }) });
    } catch (e) {
      options.log?.warn({ err: toError(e), cache: name }, 'context cache could not be deleted; it expires by its TTL');
    }
  };

  return {
    async prepare(request, config, contents) {
      const whole: PreparedCall = { config, contents, cacheName: null, storageTokenHours: 0 };
      const split = splitPrefix(contents);
      const systemInstruction = typeof config.systemInstruction === 'string' ? config.systemInstruction : null;
      if (!split || systemInstruction === null || disposed) return whole;
      const tokens = prefixTokens(request, split.prefix, systemInstruction);
      if (tokens < minCacheTokens(modelName)) return whole;
      const key = keyOf(request.section, systemInstruction);
      let pending = bySection.get(key);
      if (!pending) bySection.set(key, (pending = create(split.prefix, systemInstruction, tokens)));
      const created = await pending;
      if (!created || forgotten.has(created.name)) return whole;
      const storage = created.storageCharged ? 0 : created.storageTokenHours;
      created.storageCharged = true;
      const { systemInstruction: _inCache, ...rest } = config;
      return {
        config: { ...rest, cachedContent: created.name },
        contents: [{ role: 'user', parts: split.task }],
        cacheName: created.name,
        storageTokenHours: storage,
      };
    },
    forget(cacheName) {
      forgotten.add(cacheName);
      names.delete(cacheName);
    },
    async dispose(signal) {
      disposed = true;
      await Promise.all([...bySection.values()].map((p) => p.catch(() => null)));
      await Promise.all([...names].map((name) => deleteCache(name, signal)));
    },
  };
}
