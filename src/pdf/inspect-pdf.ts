/**
 * A quick look at an uploaded PDF before any work is queued: how many pages, and how many of them
 * carry a text layer (the rest are scans a model must read as images).
 *
 * A page pdf.js cannot read (a damaged page tree entry, content it cannot parse) does not refuse
 * the document when another page reads: it is counted as a page without text and named in the
 * inspection's `warnings`. Only a document none of whose pages reads is refused.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { closePdf, loadPdf } from './load-pdf.ts';
import { describeDamage, pageError, PdfError } from './pdf-error.ts';
import type { PDFDocumentProxy } from './load-pdf.ts';
import { withUnreadablePages, type PdfInspection, type UnreadablePage } from './unreadable-pages.ts';

/** One page as the inspection saw it; `unreadable` says why it could not be read, when it could not. */
export interface PageInspection {
  hasText: boolean;
  unreadable?: string;
}

/**
 * Throws PdfError: NOT_PDF, ENCRYPTED, CORRUPT from loading or when no page reads; NO_PAGES;
 * TOO_MANY_PAGES (checked before any page is read, so an oversized upload is refused cheaply).
 */
export async function inspectPdf(bytes: Uint8Array, options: { maxPages: number }): Promise<PdfInspection> {
  const doc = await loadPdf(bytes);
  try {
    const pageCount = checkPageCount(doc, options.maxPages);
    let textPageCount = 0;
    const unreadable: UnreadablePage[] = [];
    for (let n = 1; n <= pageCount; n++) {
      const page = await inspectPage(doc, n);
      if (page.hasText) textPageCount++;
      if (page.unreadable !== undefined) unreadable.push({ page: n, reason: page.unreadable });
      await yieldToEventLoop();
    }
    return withUnreadablePages({ pageCount, textPageCount }, unreadable);
  } finally {
    await closePdf(doc);
  }
}

/**
 * Whether the page has text, or why it cannot be read: pdf.js failing on one page is that page's
 * state, not the document's (the pages after it are still asked for).
 */
export async function inspectPage(doc: PDFDocumentProxy, pageNumber: number): Promise<PageInspection> {
  try {
    return { hasText: await pageHasText(doc, pageNumber) };
  } catch (error) {
    if (!(error instanceof PdfError)) throw error;
    return { hasText: false, unreadable: describeDamage(error.cause ?? error) };
  }
}

/** The page count; throws PdfError NO_PAGES, or TOO_MANY_PAGES past `maxPages`. */
export function checkPageCount(doc: PDFDocumentProxy, maxPages: number): number {
  const pageCount = doc.numPages;
  if (pageCount === 0) throw new PdfError('NO_PAGES', 'The PDF has no pages.');
  if (pageCount > maxPages) throw new PdfError('TOO_MANY_PAGES', `The PDF has ${pageCount} pages; at most ${maxPages} are accepted.`);
  return pageCount;
}

/**
 * Whether the page has any non-whitespace text. Reads the page's text in chunks and stops at the
 * first chunk that has some: pdf.js then stops interpreting the rest of the content stream (with
 * the patched worker of text-worker.ts; stock pdf.js reads on to the page's end), so a text page
 * costs a fraction of reading all its text. A damaged content stream fails here, not in
 * getPage (poppler-90-0-fuzzed.pdf did). Throws PdfError CORRUPT.
 */
async function pageHasText(doc: PDFDocumentProxy, pageNumber: number): Promise<boolean> {
  const page = await doc.getPage(pageNumber).catch((e: unknown) => {
    throw pageError(pageNumber, e);
  });
  const reader = page.streamTextContent().getReader();
  try {
    for (;;) {
      const chunk = await reader.read().catch((e: unknown) => {
        throw pageError(pageNumber, e);
      });
      if (chunk.done) return false;
      const items = (chunk.value as { items: Array<{ str?: string }> }).items;
      if (items.some((item) => typeof item.str === 'string' && item.str.trim() !== '')) return true;
    }
  } finally {
    // Cancelling a finished or failed stream is a no-op; on a page with text it ends pdf.js's work
    // on it. pdf.js needs an Error as the reason: without one it fails to mark the stream closed and
    // a chunk already on its way then throws "Controller is already closed" outside any promise.
    // Not awaited: when pdf.js's side of the stream has already ended (a damaged content stream
    // whose text stops after the first chunk) but our side has not yet heard so, pdf.js drops the
    // cancel and never answers it; awaiting it left inspection waiting on a promise nothing would
    // settle (the reading thread then ended with exit code 13 and an unclear error). The cancel
    // message is sent at once either way, before any request for the next page.
    void reader.cancel(new Error('the page has text')).catch(() => undefined);
    page.cleanup();
  }
}
