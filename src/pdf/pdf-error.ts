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
  const reason = e instanceof Error ? e.message : String(e);
  return new PdfError('CORRUPT', `Page ${pageNumber} could not be read (${reason}).`, { cause: e });
}
