/**
 * Renders chosen pages with pdf.js into a new PDF of page images, for image-only pages that pdf-lib
 * cannot copy (encrypted files pdf.js opens with an empty password, damaged files pdf.js repairs
 * while loading). A vision model then still sees the page.
 *
 * Runs in a bounded worker thread (pdf-in-thread.ts, via extract-pages.ts), one page at a time.
 * Images larger than load-pdf.ts's `maxImageSize` are left out by pdf.js rather than decoded, so
 * a decompression bomb renders as a blank page instead of 400 MB of pixels.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { PDFDocument } from 'pdf-lib';
import { closePdf, loadPdf } from './load-pdf.ts';
import { pageError, PdfError } from './pdf-error.ts';
import { UNKNOWN_PAGE_SIZE } from './read-layout.ts';

/** 150 dpi: enough for a model to read body text, about 1–2 MB of pixels per A4 page. */
const RENDER_SCALE = 150 / 72;
/** The longest side of a rendered page in pixels: an A0 poster page does not become 100 MP. */
const MAX_SIDE_PX = 3000;

/**
 * `pages` are 1-based. Throws PdfError when the PDF cannot be opened; a page that cannot be read or
 * drawn comes out blank.
 */
export async function renderPages(bytes: Uint8Array, pages: number[]): Promise<Uint8Array> {
  const source = await loadPdf(bytes);
  try {
    const target = await PDFDocument.create({ updateMetadata: false });
    for (const pageNumber of pages) {
      const png = await renderPage(source, pageNumber).catch((error: unknown) => {
        // A page pdf.js cannot draw is one the layout already names as unreadable (read-layout.ts):
        // a blank page in its place keeps the other pages of the request, and their order, for the
        // model, instead of failing them all.
        if (error instanceof PdfError) return null;
        throw error;
      });
      if (!png) {
        target.addPage([UNKNOWN_PAGE_SIZE.width, UNKNOWN_PAGE_SIZE.height]);
        continue;
      }
      const image = await target.embedPng(png.data);
      // Same size in points as the original page, so positions the model reports stay comparable.
      target.addPage([png.widthPt, png.heightPt]).drawImage(image, { x: 0, y: 0, width: png.widthPt, height: png.heightPt });
      await yieldToEventLoop();
    }
    return await target.save({ addDefaultPage: false });
  } finally {
    await closePdf(source);
  }
}

async function renderPage(
  doc: Awaited<ReturnType<typeof loadPdf>>,
  pageNumber: number,
): Promise<{ data: Uint8Array; widthPt: number; heightPt: number }> {
  const page = await doc.getPage(pageNumber).catch((e: unknown) => {
    throw pageError(pageNumber, e);
  });
  try {
    const unit = page.getViewport({ scale: 1 });
    const scale = Math.min(RENDER_SCALE, MAX_SIDE_PX / Math.max(unit.width, unit.height));
    const viewport = page.getViewport({ scale });
    const factory = doc.canvasFactory as {
      create(w: number, h: number): { canvas: { toBuffer(mime: 'image/png'): Buffer }; context: unknown };
      destroy(entry: unknown): void;
    };
    const entry = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    try {
      await page
        .render({ canvas: entry.canvas as unknown as HTMLCanvasElement, canvasContext: entry.context as CanvasRenderingContext2D, viewport, background: 'white' })
        .promise.catch((e: unknown) => {
          throw pageError(pageNumber, e);
        });
      return { data: new Uint8Array(entry.canvas.toBuffer('image/png')), widthPt: unit.width, heightPt: unit.height };
    } finally {
      factory.destroy(entry);
    }
  } finally {
    page.cleanup();
  }
}
