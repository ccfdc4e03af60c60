/**
 * Pages of a document that could not be read while others could: how an inspection carries them,
 * refuses a document none of whose pages reads, and words them as warnings for the document and
 * every job on it. No pdf.js here: the API's main thread and the pipeline use this without
 * loading it (see pdf-error.ts).
 */
import type { DocumentLayout, PageLayout } from '../domain/types.ts';
import { PAGE_LIST_DAMAGE, PdfError, unreadablePageWarning } from './pdf-error.ts';

export interface PdfInspection {
  pageCount: number;
  /** Pages with some non-whitespace text in their text layer. */
  textPageCount: number;
  /** One line per page that could not be read ("page 7 could not be read: ..."); absent when all read. */
  warnings?: string[];
}

export interface UnreadablePage {
  page: number;
  reason: string;
}

/** Pages named one by one in a document's warnings; the rest are summed up in one more line. */
const MAX_PAGE_WARNINGS = 20;

/**
 * The inspection with its unreadable pages (in any order) as warnings. Throws PdfError CORRUPT
 * when no page reads: there is nothing in the document to extract from.
 */
export function withUnreadablePages(inspection: PdfInspection, unreadable: UnreadablePage[]): PdfInspection {
  if (unreadable.length === 0) return inspection;
  if (unreadable.length >= inspection.pageCount) {
    const first = [...unreadable].sort((a, b) => a.page - b.page)[0]!;
    throw new PdfError(
      'CORRUPT',
      inspection.pageCount === 1
        ? `its one page could not be read: ${first.reason}.`
        : `none of its ${inspection.pageCount} pages could be read; page ${first.page}: ${first.reason}.`,
    );
  }
  return { ...inspection, warnings: unreadablePagesWarnings(inspection.pageCount, unreadable) };
}

/** One warning per unreadable page (in any order), the first MAX_PAGE_WARNINGS by name, the rest summed up. */
export function unreadablePagesWarnings(pageCount: number, unreadable: UnreadablePage[]): string[] {
  if (unreadable.length === 0) return [];
  const pages = [...unreadable].sort((a, b) => a.page - b.page);
  const warnings = pages.slice(0, MAX_PAGE_WARNINGS).map((p) => unreadablePageWarning(p.page, p.reason));
  const rest = pages.slice(MAX_PAGE_WARNINGS);
  if (rest.length > 0) warnings.push(`${rest.length} more pages could not be read: ${pageRanges(rest.map((p) => p.page))}`);
  // pdf.js stops walking a damaged list of pages at its first bad entry and counts that entry as
  // the last page: pages listed after it, if the file has any, are not found at all. Said, since
  // nothing else would tell the user that pages may be missing.
  const last = pages.at(-1)!;
  if (last.page === pageCount && last.reason.startsWith(PAGE_LIST_DAMAGE)) {
    warnings.push(`pages listed after page ${last.page}, if the file has any, could not be found: its list of pages is damaged there`);
  }
  return warnings;
}

/** Sorted page numbers as "3, 7-9, 12". */
function pageRanges(pages: number[]): string {
  const ranges: string[] = [];
  for (let i = 0; i < pages.length; ) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j]! + 1) j++;
    ranges.push(j === i ? `${pages[i]}` : `${pages[i]}-${pages[j]}`);
    i = j + 1;
  }
  return ranges.join(', ');
}

/** The warnings of a layout's unreadable pages (PageLayout.unreadable), worded as the upload's inspection words them. */
export function unreadablePageWarnings(layout: DocumentLayout): string[] {
  return unreadablePagesWarnings(layout.pageCount, unreadablePagesOf(layout.pages));
}

export function unreadablePagesOf(pages: PageLayout[]): UnreadablePage[] {
  return pages.flatMap((p) => (p.unreadable === undefined ? [] : [{ page: p.page, reason: p.unreadable }]));
}
