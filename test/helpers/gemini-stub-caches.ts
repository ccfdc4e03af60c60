/**
 * The stand-in's explicit context caches, as the Gemini API's `cachedContents` resource behaves
 * (API reference: cachedContents create / get / list / delete; the caching guide):
 * - POST /v1beta/cachedContents {model, contents, systemInstruction?, ttl | expireTime, displayName?}
 *   → a CachedContent {name: "cachedContents/<id>", model, displayName, usageMetadata:
 *   {totalTokenCount}, createTime, updateTime, expireTime}; 400 INVALID_ARGUMENT when the content
 *   is under the model's minimum ("Cached content is too small").
 * - GET /v1beta/cachedContents[/<id>], DELETE /v1beta/cachedContents/<id> → {}.
 * - generateContent with `cachedContent`: the cache must exist and not be expired (else 403
 *   PERMISSION_DENIED "CachedContent not found (or permission denied)"), be of the same model,
 *   and the request may not also set systemInstruction, tools or toolConfig (400).
 */
import { randomBytes } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type { StubFile } from './gemini-stub-files.ts';

export interface StubCache {
  name: string;
  model: string;
  displayName: string;
  /** The cached contents' text parts joined, and the system instruction. */
  text: string;
  systemInstruction: string;
  inlineData: Array<{ mimeType: string; data: string }>;
  /** Files API files the cached contents name. */
  fileData: StubFile[];
  tokens: number;
  expireTime: number;
  createTime: number;
}

export type CacheReply = { status: number; body: unknown };

/** Minimum cached tokens by model family (caching guide: 1,024 for Flash, 4,096 for Pro). */
function minCacheTokens(model: string): number {
  return /pro/.test(model) ? 4096 : 1024;
}

const PDF_PAGE_TOKENS = 258;

function apiError(status: number, statusName: string, message: string): CacheReply {
  return { status, body: { error: { code: status, message, status: statusName } } };
}

function parseTtl(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d+(?:\.\d{1,9})?)s$/.exec(value);
  return match ? Number(match[1]) * 1000 : null;
}

export function createStubCaches(helpers: {
  textOf: (contents: unknown) => string;
  inlineDataOf: (contents: unknown) => Array<{ mimeType: string; data: string }>;
  files: (contents: unknown) => { files: StubFile[] } | { missing: string };
}) {
  const caches = new Map<string, StubCache>();
  const now = () => Date.now();
  const view = (c: StubCache) => ({
    name: c.name,
    model: c.model,
    displayName: c.displayName,
    usageMetadata: { totalTokenCount: c.tokens },
    createTime: new Date(c.createTime).toISOString(),
    updateTime: new Date(c.createTime).toISOString(),
    expireTime: new Date(c.expireTime).toISOString(),
  });
  const live = (name: string) => {
    const cache = caches.get(name);
    return cache && cache.expireTime > now() ? cache : undefined;
  };

  return {
    /** Every cache ever created, deleted ones included (tests read what was left behind from `alive`). */
    created: [] as StubCache[],
    get alive(): StubCache[] {
      return [...caches.values()].filter((c) => c.expireTime > now());
    },

    async handle(method: string, path: string, body: Record<string, unknown> | null): Promise<CacheReply> {
      const id = /^\/v1beta\/cachedContents(?:\/([^/]+))?$/.exec(path);
      if (!id) return apiError(404, 'NOT_FOUND', `no route ${method} ${path}`);
      const name = id[1] ? `cachedContents/${id[1]}` : null;
      if (method === 'POST' && !name) {
        const model = typeof body?.model === 'string' ? body.model.replace(/^models\//, '') : '';
        if (!model) return apiError(400, 'INVALID_ARGUMENT', 'model is required');
        const ttlMs = parseTtl(body?.ttl);
        const expireAt = typeof body?.expireTime === 'string' ? Date.parse(body.expireTime) : null;
        if (ttlMs === null && expireAt === null) return apiError(400, 'INVALID_ARGUMENT', 'ttl or expire_time is required');
        const text = helpers.textOf(body?.contents);
        const systemInstruction = helpers.textOf(body?.systemInstruction);
        const inlineData = helpers.inlineDataOf(body?.contents);
        const named = helpers.files(body?.contents);
        if ('missing' in named) return apiError(403, 'PERMISSION_DENIED', `You do not have permission to access the File ${named.missing} or it may not exist.`);
        let pdfPages = 0;
        for (const data of [...inlineData.map((p) => Buffer.from(p.data, 'base64')), ...named.files.map((f) => f.bytes)]) {
          pdfPages += (await PDFDocument.load(data)).getPageCount();
        }
        const tokens = Math.ceil(text.length / 4) + Math.ceil(systemInstruction.length / 4) + pdfPages * PDF_PAGE_TOKENS;
        const min = minCacheTokens(model);
        if (tokens < min) {
          return apiError(400, 'INVALID_ARGUMENT', `Cached content is too small. total_token_count=${tokens}, min_total_token_count=${min}`);
        }
        const created = now();
        const cache: StubCache = {
          name: `cachedContents/${randomBytes(6).toString('hex')}`,
          model: `models/${model}`,
          displayName: typeof body?.displayName === 'string' ? body.displayName : '',
          text,
          systemInstruction,
          inlineData,
          fileData: named.files,
          tokens,
          createTime: created,
          expireTime: ttlMs !== null ? created + ttlMs : (expireAt as number),
        };
        caches.set(cache.name, cache);
        this.created.push(cache);
        return { status: 200, body: view(cache) };
      }
      if (method === 'GET' && !name) return { status: 200, body: { cachedContents: this.alive.map(view) } };
      const cache = name ? live(name) : undefined;
      if (!cache) return apiError(403, 'PERMISSION_DENIED', 'CachedContent not found (or permission denied)');
      if (method === 'GET') return { status: 200, body: view(cache) };
      if (method === 'DELETE') {
        caches.delete(cache.name);
        return { status: 200, body: {} };
      }
      return apiError(404, 'NOT_FOUND', `no route ${method} ${path}`);
    },

    /** The cache a generateContent request names, or the error the API answers with. */
    resolve(model: string, body: Record<string, unknown>): { cache: StubCache | null } | { error: CacheReply } {
      const name = body.cachedContent;
      if (name === undefined) return { cache: null };
      if (body.systemInstruction !== undefined || body.tools !== undefined || body.toolConfig !== undefined) {
        return {
          error: apiError(
            400,
            'INVALID_ARGUMENT',
            'CachedContent can not be used with GenerateContent request setting system_instruction, tools or tool_config.\n\nProposed fix: move those values to CachedContent from GenerateContent request.',
          ),
        };
      }
      const cache = typeof name === 'string' ? live(name) : undefined;
      if (!cache) return { error: apiError(403, 'PERMISSION_DENIED', 'CachedContent not found (or permission denied)') };
      if (cache.model !== `models/${model}`) {
        return {
          error: apiError(400, 'INVALID_ARGUMENT', `Model used by GenerateContent request (models/${model}) and CachedContent (${cache.model}) has to be the same!`),
        };
      }
      return { cache };
    },
  };
}
