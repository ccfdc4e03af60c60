import { Worker } from 'node:worker_threads';
import type { DocumentLayout } from '../pipeline/types.ts';
import { PdfError, type PdfErrorKind } from '../pdf/load-pdf.ts';

type Outcome = { ok: true; layout: DocumentLayout } | { ok: false; kind: PdfErrorKind | null; message: string };

/** Heap bound of one layout reading; pdf.js on a 2,000-page text PDF stays well below it. */
const MAX_HEAP_MB = 512;

/**
 * Reads a document's layout in a thread of its own, ended afterwards, so that an API process can
 * read a layout (for an estimate) without stalling its event loop and with its memory bounded.
 * Throws PdfError like readLayout (CORRUPT for a timeout, a crash or the memory bound).
 */
export async function readLayoutInThread(bytes: Uint8Array, options: { timeoutMs: number }): Promise<DocumentLayout> {
  const worker = new Worker(new URL('./read-layout-thread.ts', import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: MAX_HEAP_MB },
  });
  try {
    const outcome = await new Promise<Outcome>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new PdfError('CORRUPT', `The PDF could not be read within ${Math.round(options.timeoutMs / 1000)} s.`)),
        options.timeoutMs,
      );
      worker.once('message', (message: Outcome) => {
        clearTimeout(timer);
        resolve(message);
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(new PdfError('CORRUPT', 'The PDF could not be read.', { cause: error }));
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new PdfError('CORRUPT', `The PDF reader stopped (exit code ${code}).`));
      });
      worker.postMessage({ bytes });
    });
    if (outcome.ok) return outcome.layout;
    if (outcome.kind) throw new PdfError(outcome.kind, outcome.message);
    throw new Error(`PDF layout reading failed: ${outcome.message}`);
  } finally {
    void worker.terminate();
  }
}
