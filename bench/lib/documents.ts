/** Documents and schemas the benchmarks use, generated here (no third-party files). */
import { randomBytes } from 'node:crypto';
import { PDFDocument, PDFName, PDFRawStream, StandardFonts } from 'pdf-lib';

/** A text PDF of `pages` pages, 45 lines of invoice-like text each. */
export async function textPdf(pages: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let p = 1; p <= pages; p++) {
    const page = pdf.addPage([595, 842]);
    page.drawText(`Statement page ${p}`, { x: 50, y: 800, size: 14, font });
    for (let line = 0; line < 45; line++) {
      const n = (p - 1) * 45 + line + 1;
      page.drawText(`2024-03-${String((n % 28) + 1).padStart(2, '0')}  Item ${n} description of the booking`, { x: 50, y: 770 - line * 16, size: 10, font });
      page.drawText((n * 3.17).toFixed(2), { x: 480, y: 770 - line * 16, size: 10, font });
    }
  }
  return pdf.save();
}

/** A scan-like PDF: each page holds ~200 KB of incompressible image data and no text (about 98 MB for 500 pages). */
export async function scanLikePdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([600, 800]);
    const image = PDFRawStream.of(
      doc.context.obj({ Type: 'XObject', Subtype: 'Image', Width: 256, Height: 256, ColorSpace: 'DeviceRGB', BitsPerComponent: 8 }),
      randomBytes(196_608),
    );
    page.node.setXObject(PDFName.of('Im0'), doc.context.register(image));
  }
  return doc.save();
}

/** One field: one subtree, one model call. */
export const ONE_SUBTREE_SCHEMA = { type: 'object', properties: { invoice_number: { type: 'string' } } };

/** `n` arrays of objects: each its own subtree, so `n` model calls. */
export function manySubtreesSchema(n: number) {
  return {
    type: 'object',
    properties: Object.fromEntries(
      Array.from({ length: n }, (_, i) => [`list_${i + 1}`, { type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, amount: { type: 'number' } } } }]),
    ),
  };
}
