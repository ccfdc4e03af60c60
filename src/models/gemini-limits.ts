/**
 * Gemini's documented limits in one place, checked before requests are sent.
 *
 * Sources (ai.google.dev/gemini-api/docs, read through their stored copies, 2026):
 * - document processing / files: inline data while the whole request stays under 20 MB (newer
 *   pages allow up to 50 MB for PDFs: we keep the lower figure); the Files API takes up to 2 GB a
 *   file and 1,000 pages a PDF; files live 48 hours.
 * - caching: minimum tokens of a context cache 1,024 for Flash models and 4,096 for Pro models
 *   (2.5 and 3.x); the TTL defaults to one hour when unset.
 * Only the limits a request is checked against are kept here; the models' input and output token
 * limits (1,048,576 and 65,536) are not checked: sections stay far below them (model-ids.ts).
 */

export const GEMINI_LIMITS = Object.freeze({
  /** Largest request body sent inline (PDF parts are base64 inside it). */
  inlineRequestBytes: 20 * 1024 * 1024,
  filesApiMaxBytes: 2 * 1024 * 1024 * 1024,
  /** Our own bounds on a context cache's TTL: long enough for the job, short enough that a crashed worker's caches go soon. */
  cacheTtlMinSeconds: 300,
  cacheTtlMaxSeconds: 3600,
});

/** Fewest tokens a context cache may hold for `modelName`. */
export function minCacheTokens(modelName: string): number {
  return /pro/.test(modelName) ? 4096 : 1024;
}
