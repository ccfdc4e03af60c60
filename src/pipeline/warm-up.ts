/**
 * What a worker's first job would otherwise pay, paid once at start instead: loading pdf-lib
 * (about 130 ms on this project's 2-core machine; only when the worker's model reads pages sent
 * as PDF, which under AUTO is every page with a table) and ajv's first compile (its code
 * generator's own first run, about 80 ms). Measured with a CPU profile of burst20's worker: the
 * first job took 590 ms against 110–150 ms for the next ones.
 *
 * A worker whose model reads PDF pages (Gemini) also cuts one page of a tiny PDF, and makes one
 * `Headers`: in the overhead benchmark's first job, cold, the page cut before the first model call
 * took ~60 ms of CPU (pdf-lib's parser and deflate run for the first time) and the SDK's first
 * `new Headers()` ~18 ms (it loads Node's bundled undici); warm, a fraction of that. It then makes
 * one model call to a loopback server of its own (models/gemini-warm-up.ts says what that saves).
 */
import { extractPages, loadPdfLib } from '../pdf/extract-pages.ts';
import { warmUpValidator } from './run-extraction.ts';

async function cutOnePage(): Promise<void> {
  const { PDFDocument, StandardFonts } = await loadPdfLib();
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText('warm-up 1.00', { x: 50, y: 800, size: 10, font: await pdf.embedFont(StandardFonts.Helvetica) });
  await extractPages(await pdf.save(), [1]);
}

export async function warmUpExtraction(options: { pdfPages: boolean }): Promise<void> {
  warmUpValidator();
  if (options.pdfPages) {
    new Headers();
    await cutOnePage();
    // Loaded here, not at the top: a worker whose model reads no PDF pages (LOCAL, OpenAI) must
    // not load the Gemini SDK (runtime/create-provider.ts loads each SDK only when configured).
    const { warmUpGeminiCall } = await import('../models/gemini-warm-up.ts');
    await warmUpGeminiCall();
  }
}
