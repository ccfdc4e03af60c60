/**
 * Worker-thread entry of read-layout-in-thread.ts: reads one PDF's layout and posts it (or the
 * error), then the thread is ended by its owner.
 */
import { parentPort } from 'node:worker_threads';
import { PdfError } from '../pdf/load-pdf.ts';
import { readLayout } from '../pdf/read-layout.ts';

parentPort!.once('message', async ({ bytes }: { bytes: Uint8Array }) => {
  try {
    parentPort!.postMessage({ ok: true, layout: await readLayout(bytes) });
  } catch (error) {
    parentPort!.postMessage({
      ok: false,
      kind: error instanceof PdfError ? error.kind : null,
      message: error instanceof Error ? error.message : String(error),
    });
  }
});
