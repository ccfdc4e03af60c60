/**
 * Opening a PDF with pdf.js (legacy build: the modern one does not load in Node 24) and turning its
 * failures into one typed error.
 *
 * pdf.js runs a "fake worker" on the main thread in Node, so parsing blocks the event loop: callers
 * read page by page and yield between pages (see read-layout.ts).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { DocumentInitParameters } from 'pdfjs-dist/types/src/display/api.js';
import { describeDamage, PdfError } from './pdf-error.ts';
import { hasPdfHeader } from './pdf-header.ts';
import { installTextWorker } from './text-worker.ts';

export type { PDFDocumentProxy };

// pdf.js reads these with fs.readFile(base + fileName) in Node, so they must be plain directory
// paths with a trailing separator, not file:// URLs.
const PDFJS_ROOT = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const STANDARD_FONT_DIR = join(PDFJS_ROOT, 'standard_fonts') + '/';
const CMAP_DIR = join(PDFJS_ROOT, 'cmaps') + '/';
const WASM_DIR = join(PDFJS_ROOT, 'wasm') + '/';

/** 25 megapixels: an A4 page scanned at 600 dpi is about 35 MP in colour, 600 dpi is rarely needed. */
const MAX_IMAGE_PIXELS = 25_000_000;

/**
 * Opens a PDF. Throws PdfError NOT_PDF (decided by content, not by file name), ENCRYPTED (a user
 * password is needed) or CORRUPT. Close the result with closePdf().
 */
export async function loadPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  if (!hasPdfHeader(bytes)) {
    throw new PdfError('NOT_PDF', 'The file is not a PDF (no %PDF- header in its first 1024 bytes).');
  }
  const params: DocumentInitParameters & { isEvalSupported: boolean } = {
    // pdf.js transfers ownership of `data` to its worker and detaches it, so it gets a copy. The
    // Uint8Array constructor copies and also turns a Node Buffer (which pdf.js rejects) into a plain array;
    // Buffer#slice would return a view of the same memory.
    data: new Uint8Array(bytes),
    // Gone in pdf.js 5.7+ (the eval font path was removed after CVE-2024-4367); kept so that a
    // downgrade to an older pdf.js stays safe. Ignored by 6.x.
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    standardFontDataUrl: STANDARD_FONT_DIR,
    cMapUrl: CMAP_DIR,
    cMapPacked: true,
    wasmUrl: WASM_DIR,
    enableXfa: false,
    // Images above this many pixels are skipped when rendering (render-pages.ts): a few KB of
    // doubly deflated zeros can claim a 20,000×20,000 image, 400 MB once decoded.
    maxImageSize: MAX_IMAGE_PIXELS,
    verbosity: 0,
  };
  await installTextWorker();
  let task: ReturnType<typeof getDocument> | undefined;
  try {
    task = getDocument(params);
    return await task.promise;
  } catch (e) {
    // Release the half-opened document; its own failure is the one worth reporting.
    await task?.destroy().catch(() => undefined);
    throw classifyLoadError(e);
  }
}

export async function closePdf(doc: PDFDocumentProxy): Promise<void> {
  // PDFDocumentProxy.destroy() no longer exists in pdf.js 6; the loading task owns the resources.
  await doc.loadingTask.destroy();
}

function classifyLoadError(e: unknown): PdfError {
  const name = e instanceof Error ? e.name : '';
  const cause = e instanceof Error ? e : undefined;
  // Match on the name: the classes are not exported by every pdf.js version we may run on.
  if (name === 'PasswordException') {
    // code 1 = NEED_PASSWORD, 2 = INCORRECT_PASSWORD; we never send a password, so both mean "locked".
    return new PdfError('ENCRYPTED', 'The PDF needs a password to open.', { cause });
  }
  // Lower case, no subject: the upload's refusal reads "The PDF is corrupt and cannot be read: <this>
  // Re-save ...", and the damage is named before pdf.js's own words.
  return new PdfError('CORRUPT', `${describeDamage(e)}.`, { cause });
}
