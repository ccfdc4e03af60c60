/**
 * An upload's inspection as its reader (a child process, pdf-in-child.ts) reports it page by page:
 * the counts, the unreadable pages, and for a short document its layout: what the inspection makes
 * of the pages, and when it reads again without the layout. The reader that runs the pages comes
 * in as `readPages`, so this part knows nothing of processes or IPC.
 */
import { PdfError } from './pdf-error.ts';
import type { PdfTask, PdfThreadLimits, PdfThreadMessage } from './pdf-in-thread.ts';
import { withUnreadablePages, type PdfInspection, type UnreadablePage } from './unreadable-pages.ts';

/**
 * Reads every page of `task` in the PDF `source` (its bytes, or wherever the reader finds them),
 * handing each to `onPage` as it arrives; returns the page count.
 */
export type ReadPages<Source> = (
  task: PdfTask,
  source: Source,
  limits: PdfThreadLimits,
  onPage: (message: Extract<PdfThreadMessage, { type: 'opened' | 'page' | 'eInvoice' }>) => void,
) => Promise<number>;

type ReaderMessage = Parameters<Parameters<ReadPages<unknown>>[3]>[0];

/**
 * Hands a reader's messages on to `onPage` as a ReadPages does, counting the pages: `take` says
 * whether a message was the document's first 'opened'; `pageCount` throws unless every page came.
 */
export function pageTally(onPage: (message: ReaderMessage) => void) {
  let pageCount = 0;
  let pagesRead = 0;
  return {
    take(message: { type: string }): boolean {
      const forwarded = message as ReaderMessage;
      if (forwarded.type === 'opened') {
        if (pageCount !== 0) return false;
        pageCount = forwarded.pageCount;
        onPage(forwarded);
        return true;
      }
      if (forwarded.type === 'page') pagesRead++;
      if (forwarded.type === 'page' || forwarded.type === 'eInvoice') onPage(forwarded);
      return false;
    },
    pageCount(): number {
      if (pagesRead !== pageCount) throw new PdfError('CORRUPT', `The PDF reader stopped after ${pagesRead} of ${pageCount} pages.`);
      return pageCount;
    },
  };
}

export interface InspectLimits {
  maxPages: number;
  timeoutMs: number;
  maxMemoryMb?: number;
  layoutUpToPages?: number;
}

export type InspectionWithLayout = PdfInspection & { layoutJson?: string; layoutMissing?: string };

const DEFAULT_MEMORY_MB = 256;

/**
 * The most layout JSON an inspection keeps (its pages come over IPC into this process's heap): an
 * ordinary 20-page layout is well under 1 M characters, a hostile one of 20 pages sharing one dense
 * content stream reached 96 M. Past it the layout is left to the first job, whose reader writes it
 * to a bounded file (layout-file.ts). The reader is told too (the task's maxLayoutChars) and sends
 * no layout past it; the count here stays, so that this process's bound does not rest on the reader.
 */
const MAX_INSPECTION_LAYOUT_CHARS = 16 * 2 ** 20;

const withMemory = (limits: { timeoutMs: number; maxMemoryMb?: number }): PdfThreadLimits => ({
  timeoutMs: limits.timeoutMs,
  maxMemoryMb: limits.maxMemoryMb ?? DEFAULT_MEMORY_MB,
});

/**
 * Page count and text pages; for a document of at most `layoutUpToPages` pages (default none) also
 * its layout as JSON (as readLayoutJsonInChild gives it). The layout never refuses an upload the
 * inspection alone accepts: when a page's layout cannot be read whole, or the combined pass runs
 * out of time or memory, the inspection is what counts (read again without the layout in the
 * second case) and `layoutMissing` says why there is no layout; it is then left to the first job,
 * as for a longer document. A document known to be longer than `layoutUpToPages`, or one that
 * failed before its page count was known, had no layout read: its failure is final.
 */
export async function inspectWith<Source>(readPages: ReadPages<Source>, source: Source, limits: InspectLimits): Promise<InspectionWithLayout> {
  const layoutUpToPages = limits.layoutUpToPages ?? 0;
  if (layoutUpToPages === 0) return inspectPages(readPages, source, limits.maxPages, 0, withMemory(limits));
  let opened: number | null = null;
  try {
    return await inspectPages(readPages, source, limits.maxPages, layoutUpToPages, withMemory(limits), (pageCount) => (opened = pageCount));
  } catch (error) {
    // Before 'opened' only the document was loaded, as the plain inspection would: no second try.
    const layoutWasRead = opened !== null && opened <= layoutUpToPages;
    if (!(error instanceof PdfError) || error.kind !== 'TOO_COMPLEX' || !layoutWasRead) throw error;
    const inspection = await inspectPages(readPages, source, limits.maxPages, 0, withMemory(limits));
    return { ...inspection, layoutMissing: `reading the layout with the inspection failed: ${error.message}` };
  }
}

async function inspectPages<Source>(
  readPages: ReadPages<Source>,
  source: Source,
  maxPages: number,
  layoutUpToPages: number,
  limits: PdfThreadLimits,
  onOpened?: (pageCount: number) => void,
): Promise<InspectionWithLayout> {
  let textPageCount = 0;
  const layouts: string[] = [];
  let eInvoiceJson: string | undefined;
  let layoutBytes = 0;
  let layoutMissing: string | undefined;
  const unreadable: UnreadablePage[] = [];
  const task = { kind: 'inspect', maxPages, layoutUpToPages, maxLayoutChars: MAX_INSPECTION_LAYOUT_CHARS } as const;
  const pageCount = await readPages(task, source, limits, (message) => {
    if (message.type === 'opened') return onOpened?.(message.pageCount);
    if (message.type === 'eInvoice') return void (eInvoiceJson ??= message.json);
    if (message.value.hasText) textPageCount++;
    if (message.value.unreadable !== undefined) unreadable.push({ page: message.value.page, reason: message.value.unreadable });
    // One reader claims the pages from 1 up, so they come in order.
    if (message.value.layoutError !== undefined) layoutMissing ??= `page ${message.value.page}: ${message.value.layoutError}`;
    if (message.value.layout !== undefined && layoutMissing === undefined) {
      layoutBytes += message.value.layout.length;
      if (layoutBytes > MAX_INSPECTION_LAYOUT_CHARS) layoutMissing = `the layout of its first ${message.value.page} pages is over ${MAX_INSPECTION_LAYOUT_CHARS / 2 ** 20} M characters`;
      else layouts.push(message.value.layout);
    }
  });
  // Throws when no page reads; otherwise the unreadable pages become the document's warnings.
  const inspection = withUnreadablePages({ pageCount, textPageCount }, unreadable);
  if (layoutMissing !== undefined) return { ...inspection, layoutMissing };
  if (layoutUpToPages < pageCount || layouts.length !== pageCount) return inspection;
  return { ...inspection, layoutJson: documentLayoutJson(pageCount, layouts, eInvoiceJson) };
}

/** A DocumentLayout's JSON from its pages' JSON, in page order, and its EmbeddedInvoice's JSON if it has one. */
const documentLayoutJson = (pageCount: number, pages: string[], eInvoiceJson?: string) =>
  `{"pageCount":${pageCount},"pages":[${pages.join(',')}]${eInvoiceJson === undefined ? '' : `,"eInvoice":${eInvoiceJson}`}}`;
