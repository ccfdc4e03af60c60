import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { findDocument, findDocumentIncludingDeleted, readDocumentContent } from '../documents/documents.repository.ts';
import { findJob } from '../jobs/jobs.repository.ts';
import { findTenantByApiKey, type Tenant } from '../tenants/api-keys.ts';
import { bearerToken } from '../api/authenticate.ts';
import { authFailures } from '../api/auth-failure-limiter.ts';
import { toError } from '../to-error.ts';
import { homePageHtml, PAGE_CSP, reviewErrorHtml, reviewPageHtml } from './review-html.ts';
import { sendStaticFile, staticFileFor } from './static-files.ts';

export interface ReviewRoutesOptions {
  db: Kysely<Database>;
  logger: Logger;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REVIEW_PATH = /^\/jobs\/([^/]+)\/review\/?$/;
const PDF_PATH = /^\/documents\/([^/]+)\/pdf$/;
/** A form post carries one key; anything longer is not a key. */
const MAX_FORM_BYTES = 4096;

/**
 * The browser pages in front of the GraphQL handler: `/` (home and upload form),
 * `/jobs/:id/review`, `/documents/:id/pdf` and the public files under `/review/`. Every other
 * request goes to `api` unchanged.
 *
 * Access: the pages' HTML and files hold nothing of a tenant; job data and the PDF are only
 * served to the tenant's key. A job or document of another tenant answers 404 like an unknown id.
 */
export function withReviewRoutes(api: RequestListener, options: ReviewRoutesOptions): RequestListener {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const read = method === 'GET' || method === 'HEAD';
    const review = REVIEW_PATH.exec(url.pathname);
    const pdf = PDF_PATH.exec(url.pathname);
    let handled: Promise<void> | null = null;
    if (url.pathname === '/' && read) handled = sendHtml(res, 200, homePageHtml());
    else if (review && (read || method === 'POST')) handled = serveReviewPage(req, res, url, review[1]!, options);
    else if (pdf && read) handled = servePdf(req, res, pdf[1]!, options);
    else if (url.pathname.startsWith('/review/') && read) {
      const file = staticFileFor(url.pathname);
      handled = file ? sendStaticFile(req, res, file) : sendText(res, 404, 'Not found');
    }
    if (!handled) {
      void api(req, res);
      return;
    }
    handled.catch((error: unknown) => {
      options.logger.error({ err: toError(error), path: url.pathname }, 'review route failed');
      if (!res.headersSent) void sendText(res, 500, 'Internal server error');
      else res.destroy();
    });
  };
}

async function serveReviewPage(req: IncomingMessage, res: ServerResponse, url: URL, jobId: string, options: ReviewRoutesOptions) {
  // A key posted from another site would open that site's tenant in the user's tab (and a later
  // upload from there would go to it): only our own pages may post a key.
  if (req.method === 'POST' && !isSameOrigin(req)) return sendText(res, 403, 'FORBIDDEN: the key form may only be posted from this site');
  const key =
    bearerToken(req.headers.authorization) ??
    nonEmpty(url.searchParams.get('apiKey')) ??
    (req.method === 'POST' ? await formKey(req) : null);
  const check = key ? await checkKey(req, key, options) : null;
  if (check?.kind === 'too-many-failures') return sendTooManyFailures(res, check.retryAfterSeconds);
  if (!key || check?.kind !== 'tenant') return sendHtml(res, 401, reviewErrorHtml(key ? 'unknown-key' : 'no-key', jobId));
  const { tenant } = check;
  const job = UUID.test(jobId) ? await findJob(options.db, tenant.id, jobId.toLowerCase()) : null;
  if (!job) return sendHtml(res, 404, reviewErrorHtml('not-found', jobId));
  return sendHtml(res, 200, reviewPageHtml(job.id, key));
}

/**
 * The uploaded PDF, for the review page's pdf.js. Only with `Authorization: Bearer`: the page
 * fetches it with the header, so the key never needs to be in this URL (or in a log line of it).
 * A deleted document's PDF is gone for its owner from the delete on, also while a job still runs
 * on it and keeps its bytes until it ends (documents/deleted-content.ts).
 */
async function servePdf(req: IncomingMessage, res: ServerResponse, documentId: string, options: ReviewRoutesOptions) {
  const key = bearerToken(req.headers.authorization);
  const check = key ? await checkKey(req, key, options) : null;
  if (check?.kind === 'too-many-failures') return sendTooManyFailures(res, check.retryAfterSeconds);
  const tenant: Tenant | null = check?.kind === 'tenant' ? check.tenant : null;
  if (!tenant) {
    res.setHeader('www-authenticate', 'Bearer');
    return sendText(res, 401, 'UNAUTHENTICATED: send the header "Authorization: Bearer <key>".');
  }
  const id = UUID.test(documentId) ? documentId.toLowerCase() : null;
  const document = id ? await findDocument(options.db, tenant.id, id) : null;
  const content = document ? await readDocumentContent(options.db, document.id, document.sizeBytes) : null;
  if (!document || !content) {
    const deleted = document ?? (id ? await findDocumentIncludingDeleted(options.db, tenant.id, id) : null);
    if (!deleted) return sendText(res, 404, `NOT_FOUND: document ${documentId.slice(0, 60)} not found`);
    return sendText(res, 404, `NOT_FOUND: document ${deleted.id} was deleted; its PDF is no longer stored`);
  }
  const filename = document.filename.replace(/[^\w. -]/g, '_') || 'document.pdf';
  res.writeHead(200, {
    'content-type': 'application/pdf',
    'content-length': content.byteLength,
    'content-disposition': `inline; filename="${filename}"`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : content);
}

type KeyCheck = { kind: 'tenant'; tenant: Tenant } | { kind: 'unknown' } | { kind: 'too-many-failures'; retryAfterSeconds: number };

/**
 * A key given to a page counts toward the same failed-authentication limit as the API's
 * (auth-failure-limiter.ts): guessing keys here is no cheaper than against /graphql. A page opened
 * without a key is a first visit, not a failure.
 */
async function checkKey(req: IncomingMessage, key: string, options: ReviewRoutesOptions): Promise<KeyCheck> {
  const address = req.socket.remoteAddress ?? 'unknown';
  const wait = authFailures.retryAfterSeconds(address);
  if (wait > 0) return { kind: 'too-many-failures', retryAfterSeconds: wait };
  const tenant = await findTenantByApiKey(options.db, key);
  if (tenant) return { kind: 'tenant', tenant };
  authFailures.recordFailure(address);
  return { kind: 'unknown' };
}

function sendTooManyFailures(res: ServerResponse, retryAfterSeconds: number): Promise<void> {
  res.setHeader('retry-after', String(retryAfterSeconds));
  return sendText(res, 429, `UNAUTHENTICATED: too many failed authentications from this address; try again in ${retryAfterSeconds} s.`);
}

/** `apiKey` of an application/x-www-form-urlencoded body (the 401 page's and the home page's forms). */
async function formKey(req: IncomingMessage): Promise<string | null> {
  if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return null;
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_FORM_BYTES) return null;
  }
  return nonEmpty(new URLSearchParams(body).get('apiKey'));
}

/**
 * Browsers send Sec-Fetch-Site (older ones only Origin) with every form post; a post with neither
 * does not come from a browser page, so it cannot be a cross-site one.
 */
function isSameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function nonEmpty(value: string | null): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

async function sendHtml(res: ServerResponse, status: number, html: string): Promise<void> {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': PAGE_CSP,
    // The page may be opened with ?apiKey=: never send that address to another site.
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
  });
  res.end(html);
}

async function sendText(res: ServerResponse, status: number, text: string): Promise<void> {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end(`${text}\n`);
}
