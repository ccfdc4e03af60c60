/**
 * The PDF header test, apart from pdf.js: the API refuses a file without one before it starts a
 * reader child (documents.service.ts), and the reader checks it again before pdf.js opens a file.
 */

/** The PDF header may be preceded by junk; readers accept it within the first 1024 bytes. */
export const HEADER_WINDOW = 1024;
const PDF_HEADER = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

export function hasPdfHeader(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, HEADER_WINDOW) - PDF_HEADER.length;
  for (let i = 0; i <= end; i++) {
    if (PDF_HEADER.every((b, k) => bytes[i + k] === b)) return true;
  }
  return false;
}
