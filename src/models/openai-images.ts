/**
 * Scanned pages as PNG images for vision models: Chat Completions takes images, not PDFs.
 *
 * The pipeline hands providers the scanned pages of a section cut into a small PDF
 * (`ModelRequest.imagePdf`, its pages in the order of `section.imagePages`); this renders each
 * with pdf.js onto the canvas pdf.js brings in Node (@napi-rs/canvas). Rendering runs on the
 * main thread, so pages are rendered one at a time with a yield between them.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';

/**
 * 150 dpi (PDF points are 1/72 in): enough for OCR-grade reading of body text, while an A4 page
 * stays near 1240×1754 px, which vision models accept without rescaling much.
 */
const SCALE = 150 / 72;

interface NodeCanvas {
  toBuffer(mime: 'image/png'): Buffer;
}

/** One `data:image/png;base64,...` URL per page of `pdf`, in page order. */
export async function renderPagesAsPngDataUrls(pdf: Uint8Array): Promise<string[]> {
  // Loaded here, not at startup: pdf.js costs every process about 40 MB, and only this provider's
  // scanned pages need it in the main thread.
  const { closePdf, loadPdf } = await import('../pdf/load-pdf.ts');
  const doc = await loadPdf(pdf);
  try {
    const urls: string[] = [];
    for (let pageNumber = 1; pageNumber <= doc.numPages; pageNumber++) {
      const page = await doc.getPage(pageNumber);
      const viewport = page.getViewport({ scale: SCALE });
      // pdf.js's own Node canvas factory (backed by @napi-rs/canvas, a dependency of pdfjs-dist).
      const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): { canvas: NodeCanvas; context: unknown } } }).canvasFactory;
      const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
      await page.render({ canvasContext: context, canvas, viewport } as unknown as Parameters<typeof page.render>[0]).promise;
      urls.push(`data:image/png;base64,${canvas.toBuffer('image/png').toString('base64')}`);
      page.cleanup();
      await yieldToLoop();
    }
    return urls;
  } finally {
    await closePdf(doc);
  }
}
