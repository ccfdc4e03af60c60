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

/**
 * The warning a document, and every job on it, carries for a page that could not be read while the
 * rest of the document could: the page is kept (as a page without text) rather than the whole
 * upload refused, and this says which one and why, so nothing is lost in silence.
 */
export function unreadablePageWarning(pageNumber: number, reason: string): string {
  return `page ${pageNumber} could not be read: ${reason}`;
}

/**
 * What is wrong with the file, in words a user can act on, with pdf.js's own words after it as a
 * detail (they name PDF internals: "Invalid Root reference", "Bad (uncompressed) XRef entry").
 * Checked in order; the first match names the damaged part.
 */
export const PAGE_LIST_DAMAGE = 'its list of pages is damaged';
const DAMAGE: Array<[RegExp, string]> = [
  [/xref|cross-reference|startxref/i, 'its cross-reference table is damaged'],
  [/root reference|catalog|trailer/i, 'its trailer, which says where the pages are, is damaged'],
  [/page dictionary|kid|pages tree|page index|circular reference|\/count/i, PAGE_LIST_DAMAGE],
  [/invalid pdf structure|unexpected end|end of file|eof/i, 'it is damaged or cut short'],
  [/flate|decode|stream|zlib|compression|inflate|jbig2|jpx|jpeg|ccitt/i, 'a compressed part of it does not decode'],
  [/font|glyph|cmap/i, 'a font in it is damaged'],
];

/** `e` as `damage (details: pdf.js's words)`, fit to show a user (see readableReason). */
export function describeDamage(e: unknown): string {
  const reason = readableReason(e);
  const damage = DAMAGE.find(([pattern]) => pattern.test(reason))?.[1] ?? 'it is damaged';
  return `${damage} (details: ${reason.replace(/\.$/, '')})`;
}

/** Characters no reader can use: controls, the replacement character, private-use code points, half a surrogate pair. */
const UNREADABLE = /[\u0000-\u001f\u007f-\u009f\ufffd\ue000-\uf8ff\p{Cs}]/u;
const MAX_REASON = 160;

/**
 * pdf.js's words for a failure, fit to show a user. Some of its messages quote what it found in
 * the file ("invalid object number in the ObjStm stream: <bytes>"); in a damaged file that is
 * binary garbage, so from the first unreadable character on, the quote is dropped (the text
 * before the colon says what went wrong). Long messages are cut.
 */
export function readableReason(e: unknown): string {
  // Not toError(e): a string here is already a reason (pdf-in-thread.ts passes the reading
  // thread's message string), and this text goes to a user, to whom toError's "Non-error thrown"
  // would say nothing.
  const reason = e instanceof Error ? e.message : String(e);
  const bad = reason.search(UNREADABLE);
  let readable = reason;
  if (bad >= 0) {
    const colon = reason.lastIndexOf(':', bad);
    readable = (colon > 0 ? reason.slice(0, colon) : reason.slice(0, bad)).trim() || 'unreadable data';
  }
  return readable.length > MAX_REASON ? `${readable.slice(0, MAX_REASON - 1)}…` : readable;
}
