/**
 * Copies chosen pages into a new, smaller PDF: scanned pages are sent to the model as a PDF of
 * just those pages, not the whole upload.
 */
import type { PDFDocument } from 'pdf-lib';
import { renderPagesInThread } from './pdf-in-thread.ts';
import { pdfLibCopies, type PdfLib, type PdfLibCopies } from './pdf-lib-copies.ts';

/** Rendering a few scanned pages takes seconds; the bound is for a file built to take longer. */
const RENDER_LIMITS = { timeoutMs: 120_000, maxMemoryMb: 512 };

/**
 * pdf-lib, loaded on first use: it costs a process about 15 MB, and only a worker whose model
 * reads PDF pages needs it (the API never does). A worker that will need it loads it at start
 * (pipeline/warm-up.ts), so that its first job does not wait for it. The copy in use: documents
 * are opened with a copy of their own choosing (pdf-lib-copies.ts says why).
 */
export function loadPdfLib(): Promise<PdfLib> {
  return Promise.resolve(pdfLibCopies.current());
}

/** A document opened once, to cut several page sets from. */
export interface PageCutter {
  /**
   * `pages` are 1-based, in the order they should appear. Throws RangeError for a page outside
   * the document: callers pass pages they got from the document's own layout, so this is a bug,
   * not bad input. `signal` withdraws a drawing in a thread (see `inThread`); a copy by pdf-lib
   * is made at once and does not look at it.
   */
  cut(pages: number[], signal?: AbortSignal): Promise<Uint8Array>;
  /**
   * Set when the cuts are drawn in a rendering thread (a file pdf-lib cannot open): nothing is
   * parsed in this process, and each cut waits for a reading slot of its own, which bounds them.
   */
  readonly inThread?: boolean;
}

/**
 * Parses the document once (pdf-lib copies every stream of it: about twice its size in memory,
 * held until the cutter is dropped), for the page sets that are cut from it while it is open.
 */
export async function openForCutting(bytes: Uint8Array, copies: PdfLibCopies = pdfLibCopies): Promise<PageCutter> {
  let lib: PdfLib;
  let source: PDFDocument;
  try {
    // Source and target from the one copy of pdf-lib: the objects of two copies must not meet.
    // Chosen inside the try: with no copy of pdf-lib to be had, the file is drawn as below.
    lib = copies.forDocument();
    // updateMetadata:false keeps pdf-lib from stamping its producer and the current time into the copy.
    // throwOnInvalidObject: a damaged object must not be copied as silently empty.
    source = await lib.PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
  } catch {
    // pdf-lib cannot copy pages of an encrypted file (even one with an empty password) or of a
    // file it cannot parse, nor any file when pdf-lib cannot be loaded; pdf.js, which accepted the
    // upload, can still draw them. The copy loses the text layer, which these image-only pages do
    // not have anyway.
    return { cut: (pages, signal) => renderPagesInThread(bytes, pages, RENDER_LIMITS, signal), inThread: true };
  }
  const pageCount = source.getPageCount();
  return {
    async cut(pages) {
      const bad = pages.filter((p) => !Number.isInteger(p) || p < 1 || p > pageCount);
      if (bad.length > 0) {
        throw new RangeError(`Pages ${bad.join(', ')} are outside the document (1-${pageCount}).`);
      }
      const target = await lib.PDFDocument.create({ updateMetadata: false });
      const copies = await target.copyPages(source, pages.map((p) => p - 1));
      for (const page of copies) target.addPage(page);
      return target.save({ addDefaultPage: false });
    },
  };
}

/** One page set of the document (see PageCutter.cut). */
export async function extractPages(bytes: Uint8Array, pages: number[]): Promise<Uint8Array> {
  return (await openForCutting(bytes)).cut(pages);
}
