/**
 * Reads the text layout of every page: lines in reading order with boxes in PDF points, top-left
 * origin (see the glossary in domain/types.ts).
 *
 * pdf.js parses on the main thread in Node. Pages are read one at a time, each page's resources
 * released with page.cleanup(), and the event loop gets a turn between pages, so a 200-page
 * document never blocks heartbeats or other requests for more than one page's worth of work.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { TextItem, TextMarkedContent } from 'pdfjs-dist/types/src/display/api.js';
import type { DocumentLayout, PageLayout } from '../domain/types.ts';
import { joinHyphenatedLines } from './join-hyphenated-lines.ts';
import { checkPageCount } from './inspect-pdf.ts';
import { unreadablePagesOf, withUnreadablePages } from './unreadable-pages.ts';
import { closePdf, loadPdf } from './load-pdf.ts';
import { describeDamage } from './pdf-error.ts';
import type { PDFDocumentProxy } from './load-pdf.ts';
import { layoutLines } from './page-lines.ts';
import { readEInvoiceAttachment } from './e-invoice-attachment.ts';
import type { TextFragment } from './text-fragment.ts';

/**
 * Glyph extent around the baseline as a share of the font size. Fonts differ (Helvetica: ascender
 * 0.72, descender 0.21); these cover ascenders and descenders of common fonts without knowing them.
 */
const ASCENT = 0.8;
const DESCENT = 0.2;
/** Degrees below which a run counts as horizontal. */
const MIN_ROTATION = 10;

/**
 * Throws PdfError (NOT_PDF, ENCRYPTED, CORRUPT from loading or when no page reads; NO_PAGES for a
 * document without pages). A page that cannot be read is kept as an unreadable page (readPageLayout).
 */
export async function readLayout(bytes: Uint8Array): Promise<DocumentLayout> {
  const doc = await loadPdf(bytes);
  try {
    const pageCount = checkPageCount(doc, Infinity);
    const pages: PageLayout[] = [];
    for (let n = 1; n <= pageCount; n++) {
      pages.push(await readPageLayout(doc, n));
      await yieldToEventLoop();
    }
    withUnreadablePages({ pageCount, textPageCount: 0 }, unreadablePagesOf(pages));
    const eInvoice = await readEInvoiceAttachment(doc);
    return eInvoice === undefined ? { pageCount, pages } : { pageCount, pages, eInvoice };
  } finally {
    await closePdf(doc);
  }
}

/**
 * pdf.js's size for a page without a usable /MediaBox (US Letter), here for a page whose
 * dictionary cannot be read at all.
 */
export const UNKNOWN_PAGE_SIZE = { width: 612, height: 792 };

/**
 * One page's layout; its pdf.js resources are released before it returns. A page pdf.js fails on
 * (its dictionary cannot be found, or its content cannot be parsed) is not an error of the
 * document: it comes back without lines, as a page without a text layer (so a vision model is
 * still sent whatever of it can be drawn), with `unreadable` saying why, for the warnings of the
 * document and of every job on it. The upload refuses a document none of whose pages reads.
 */
export async function readPageLayout(doc: PDFDocumentProxy, pageNumber: number): Promise<PageLayout> {
  let page: Awaited<ReturnType<PDFDocumentProxy['getPage']>>;
  try {
    page = await doc.getPage(pageNumber);
  } catch (e) {
    return unreadablePage(pageNumber, UNKNOWN_PAGE_SIZE, e);
  }
  try {
    const viewport = page.getViewport({ scale: 1 });
    let content: Awaited<ReturnType<typeof page.getTextContent>>;
    try {
      content = await page.getTextContent();
    } catch (e) {
      return unreadablePage(pageNumber, viewport, e);
    }
    const fragments: TextFragment[] = [];
    for (const item of content.items) {
      if (!isTextItem(item) || storableText(item.str).trim() === '') continue;
      const fragment = toFragment(item, viewport.convertToViewportPoint.bind(viewport));
      if (content.styles[item.fontName]?.fontFamily === 'monospace') fragment.monospace = true;
      // Text placed off the page is invisible to a reader; it would also stretch column detection.
      if (isOnPage(fragment, viewport.width, viewport.height)) fragments.push(fragment);
    }
    const lines = joinHyphenatedLines(layoutLines(fragments));
    return {
      page: pageNumber,
      width: viewport.width,
      height: viewport.height,
      hasTextLayer: lines.length > 0,
      lines,
    };
  } finally {
    page.cleanup();
  }
}

function unreadablePage(pageNumber: number, size: { width: number; height: number }, e: unknown): PageLayout {
  return { page: pageNumber, width: size.width, height: size.height, hasTextLayer: false, lines: [], unreadable: describeDamage(e) };
}

function isOnPage(f: TextFragment, width: number, height: number): boolean {
  return f.bbox.x1 > 0 && f.bbox.x0 < width && f.bbox.y1 > 0 && f.bbox.y0 < height;
}

function isTextItem(item: TextItem | TextMarkedContent): item is TextItem {
  return 'str' in item;
}

/**
 * A damaged font's ToUnicode map can give U+0000, or half of a surrogate pair: neither is text a
 * reader sees, and the jsonb column layouts were kept in until migrations/20261207_0003 refused
 * both (an upload that read the layout, or every attempt of a job, failed on it: "invalid input
 * syntax for type json" met a lone \ud996 in a fuzzed manual). NULs are dropped, lone surrogates
 * become U+FFFD.
 */
export function storableText(text: string): string {
  const wellFormed = text.isWellFormed() ? text : text.toWellFormed();
  return wellFormed.includes('\u0000') ? wellFormed.replaceAll('\u0000', '') : wellFormed;
}

/**
 * The item's transform places its baseline start in PDF user space (origin bottom-left); the
 * viewport maps user space to the top-left, y-down page space (and takes care of crop-box offsets
 * and page rotation). The run advances `width` along the transform's x axis, and its glyphs rise
 * along the y axis, so the box is taken around those four corners: a run printed up a margin gets
 * a tall, narrow box, and its direction is kept as `rotation` (degrees counter-clockwise on the page).
 */
function toFragment(item: TextItem, toViewport: (x: number, y: number) => number[]): TextFragment {
  const [a = 1, b = 0, c = 0, d = 0, e = 0, f = 0] = item.transform as number[];
  const fontSize = Math.hypot(c, d) || item.height || 1;
  const along = Math.hypot(a, b) || 1;
  const [ux, uy] = [a / along, b / along];
  const up = Math.hypot(c, d) || 1;
  const [vx, vy] = [c / up, d / up];
  const corners = [0, item.width].flatMap((t) =>
    [ASCENT, -DESCENT].map((h) => toViewport(e + ux * t + vx * h * fontSize, f + uy * t + vy * h * fontSize)),
  );
  const [startX = 0, baseline = 0] = toViewport(e, f);
  const [endX = 0, endY = 0] = toViewport(e + ux * Math.max(item.width, 1), f + uy * Math.max(item.width, 1));
  const rotation = Math.round((Math.atan2(-(endY - baseline), endX - startX) * 180) / Math.PI);
  const xs = corners.map(([x = 0]) => x);
  const ys = corners.map(([, y = 0]) => y);
  const fragment: TextFragment = {
    text: storableText(item.str),
    baseline,
    fontSize,
    bbox: { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) },
  };
  // A text layer deskewed by a few degrees (OCR) is still read as ordinary lines.
  if (Math.abs(rotation) >= MIN_ROTATION) fragment.rotation = rotation;
  return fragment;
}
