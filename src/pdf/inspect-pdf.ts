/**
 * A quick look at an uploaded PDF before any work is queued: how many pages, and how many of them
 * carry a text layer (the rest are scans a model must read as images).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { closePdf, loadPdf } from './load-pdf.ts';
import { pageError, PdfError } from './pdf-error.ts';
import type { PDFDocumentProxy } from './load-pdf.ts';

export interface PdfInspection {
  pageCount: number;
  /** Pages with some non-whitespace text in their text layer. */
  textPageCount: number;
}

/**
 * Throws PdfError: NOT_PDF, ENCRYPTED, CORRUPT from loading; NO_PAGES; TOO_MANY_PAGES (checked
 * before any page is read, so an oversized upload is refused cheaply).
 */
export async function inspectPdf(bytes: Uint8Array, options: { maxPages: number }): Promise<PdfInspection> {
  const doc = await loadPdf(bytes);
  try {
    const pageCount = checkPageCount(doc, options.maxPages);
    let textPageCount = 0;
    for (let n = 1; n <= pageCount; n++) {
      if (await pageHasText(doc, n)) textPageCount++;
      await yieldToEventLoop();
    }
    return { pageCount, textPageCount };
  } finally {
    await closePdf(doc);
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
export async function pageHasText(doc: PDFDocumentProxy, pageNumber: number): Promise<boolean> {
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
