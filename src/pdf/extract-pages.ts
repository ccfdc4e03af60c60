/**
 * Copies chosen pages into a new, smaller PDF: scanned pages are sent to the model as a PDF of
 * just those pages, not the whole upload.
 */
import { PDFDocument } from 'pdf-lib';

/**
 * `pages` are 1-based, in the order they should appear. Throws RangeError for a page outside the
 * document: callers pass pages they got from the document's own layout, so this is a bug, not
 * bad input.
 */
export async function extractPages(bytes: Uint8Array, pages: number[]): Promise<Uint8Array> {
  // updateMetadata:false keeps pdf-lib from stamping its producer and the current time into the copy.
  const source = await PDFDocument.load(bytes, { updateMetadata: false });
  const pageCount = source.getPageCount();
  const bad = pages.filter((p) => !Number.isInteger(p) || p < 1 || p > pageCount);
  if (bad.length > 0) {
    throw new RangeError(`Pages ${bad.join(', ')} are outside the document (1-${pageCount}).`);
  }
  const target = await PDFDocument.create({ updateMetadata: false });
  const copies = await target.copyPages(source, pages.map((p) => p - 1));
  for (const page of copies) target.addPage(page);
  return target.save({ addDefaultPage: false });
}
