/**
 * The one error the PDF reading code throws, in a module of its own: the API and the worker's
 * main thread handle it without loading pdf.js (about 40 MB of memory in a process that never
 * parses a PDF itself; see pdf-in-thread.ts).
 */

/** TOO_COMPLEX: the file needs more time or memory to read than the service allows (see pdf-in-thread.ts). */
export type PdfErrorKind = 'NOT_PDF' | 'ENCRYPTED' | 'CORRUPT' | 'NO_PAGES' | 'TOO_MANY_PAGES' | 'TOO_COMPLEX';

export class PdfError extends Error {
  readonly kind: PdfErrorKind;

  constructor(kind: PdfErrorKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PdfError';
    this.kind = kind;
  }
}

/** A failure of pdf.js on one page: the file is damaged there, whatever pdf.js threw. */
export function pageError(pageNumber: number, e: unknown): PdfError {
  return new PdfError('CORRUPT', `Page ${pageNumber} could not be read (${readableReason(e)}).`, { cause: e });
}

/** Characters no reader can use: controls, the replacement character, private-use code points. */
const UNREADABLE = /[\u0000-\u001f\u007f-\u009f\ufffd\ue000-\uf8ff]/u;
const MAX_REASON = 160;

/**
 * pdf.js's words for a failure, fit to show a user. Some of its messages quote what it found in
 * the file ("invalid object number in the ObjStm stream: <bytes>"); in a damaged file that is
 * binary garbage, so from the first unreadable character on, the quote is dropped (the text
 * before the colon says what went wrong). Long messages are cut.
 */
export function readableReason(e: unknown): string {
  const reason = e instanceof Error ? e.message : String(e);
  const bad = reason.search(UNREADABLE);
  let readable = reason;
  if (bad >= 0) {
    const colon = reason.lastIndexOf(':', bad);
    readable = (colon > 0 ? reason.slice(0, colon) : reason.slice(0, bad)).trim() || 'unreadable data';
  }
  return readable.length > MAX_REASON ? `${readable.slice(0, MAX_REASON - 1)}…` : readable;
}
