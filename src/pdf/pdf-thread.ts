/**
 * Worker-thread entry of pdf-in-thread.ts: runs ONE task on one PDF, posts the outcome and lets the
 * thread be ended. Parsing a large or hostile PDF therefore never stalls the caller's event loop,
 * and whatever pdf.js allocated dies with the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { inspectPdf } from './inspect-pdf.ts';
import { PdfError } from './load-pdf.ts';
import { readLayout } from './read-layout.ts';
import { renderPages } from './render-pages.ts';
import type { PdfTask } from './pdf-in-thread.ts';

const { task, bytes } = workerData as { task: PdfTask; bytes: Uint8Array };

try {
  const value =
    task.kind === 'inspect'
      ? await inspectPdf(bytes, { maxPages: task.maxPages })
      : task.kind === 'layout'
        ? await readLayout(bytes)
        : await renderPages(bytes, task.pages);
  parentPort!.postMessage({ ok: true, value });
} catch (error) {
  parentPort!.postMessage(
    error instanceof PdfError
      ? { ok: false, kind: error.kind, message: error.message }
      : { ok: false, kind: null, message: error instanceof Error ? error.message : String(error) },
  );
}
