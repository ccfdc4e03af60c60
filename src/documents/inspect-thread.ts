/**
 * Worker-thread entry of inspect-in-thread.ts: inspects PDFs one at a time and posts each
 * outcome. Runs in its own thread so that parsing a large or hostile PDF never stalls the API's
 * event loop.
 */
import { parentPort } from 'node:worker_threads';
import { inspectPdf } from '../pdf/inspect-pdf.ts';
import { PdfError } from '../pdf/load-pdf.ts';

parentPort!.on('message', async ({ id, bytes, maxPages }: { id: number; bytes: Uint8Array; maxPages: number }) => {
  try {
    parentPort!.postMessage({ id, ok: true, inspection: await inspectPdf(bytes, { maxPages }) });
  } catch (error) {
    parentPort!.postMessage(
      error instanceof PdfError
        ? { id, ok: false, kind: error.kind, message: error.message }
        : { id, ok: false, kind: null, message: error instanceof Error ? error.message : String(error) },
    );
  }
});
