/**
 * Which pages reach the model as PDF pages rather than as text (the job's documentInput).
 *
 * - TEXT: the text layer of every page; only scans (no text layer) go as PDF, since they have no
 *   text at all.
 * - PDF: every page as PDF, so the model sees layout and tables as drawn.
 * - AUTO: PDF where text loses what matters: scans, pages with a table (ruled or aligned: rows
 *   the layout reader split into cells), and pages whose text layer is poor (broken encodings,
 *   one glyph per line); text elsewhere, which is cheaper and quotes exactly.
 * Citations are verified against the text layer in every mode.
 */
import type { PageLayout } from '../domain/types.ts';

import type { DocumentInput } from '../domain/choices.ts';

/** Rows with cells that make a page a table page: two could be a label/value pair, three is a table. */
const MIN_TABLE_ROWS = 3;
/**
 * Share of characters that are replacement, private-use or control characters above which a text
 * layer is called poor: fonts without a usable ToUnicode map extract as such, and 10% already
 * garbles most numbers of a page.
 */
const MAX_GARBLED_SHARE = 0.1;
/**
 * Average non-space characters per line below which, on a page of at least MIN_LINES_FOR_SHAPE
 * lines, text came out one glyph or two per line (vertical or character-positioned text).
 */
const MIN_CHARS_PER_LINE = 2.5;
const MIN_LINES_FOR_SHAPE = 10;

// U+FFFD replacement, C0/C1 controls other than tab/newline, and the private-use area.
const GARBLED = /[\uFFFD\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uE000-\uF8FF]/gu;

export type PdfReason = 'scanned' | 'table' | 'poor text layer' | 'requested';

/** Why `page` goes as PDF under AUTO, or null when its text is good enough. */
export function autoPdfReason(page: PageLayout): PdfReason | null {
  if (!page.hasTextLayer) return 'scanned';
  if (page.lines.filter((line) => (line.cells?.length ?? 0) >= 2).length >= MIN_TABLE_ROWS) return 'table';
  const text = page.lines.map((line) => line.text).join('');
  const visible = text.replace(/\s/g, '');
  if (visible.length === 0) return 'poor text layer';
  const garbled = visible.match(GARBLED)?.length ?? 0;
  if (garbled / visible.length > MAX_GARBLED_SHARE) return 'poor text layer';
  if (page.lines.length >= MIN_LINES_FOR_SHAPE && visible.length / page.lines.length < MIN_CHARS_PER_LINE) return 'poor text layer';
  return null;
}

/** The pages sent as PDF, each with its reason. */
export function pdfPagesFor(pages: readonly PageLayout[], input: DocumentInput = 'TEXT'): Map<number, PdfReason> {
  const chosen = new Map<number, PdfReason>();
  for (const page of pages) {
    if (!page.hasTextLayer) chosen.set(page.page, 'scanned');
    else if (input === 'PDF') chosen.set(page.page, 'requested');
    else if (input === 'AUTO') {
      const reason = autoPdfReason(page);
      if (reason) chosen.set(page.page, reason);
    }
  }
  return chosen;
}
