/**
 * Worker-thread entry of pdf-in-thread.ts: runs ONE task on one PDF, posts the outcome and lets the
 * thread be ended. Parsing a large or hostile PDF therefore never stalls the caller's event loop,
 * and whatever pdf.js allocated dies with the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { inspectPdf } from '../pdf/inspect-pdf.ts';
import { PdfError } from '../pdf/load-pdf.ts';
import { readLayout } from '../pdf/read-layout.ts';
import type { PdfTask } from './pdf-in-thread.ts';

const { task, bytes } = workerData as { task: PdfTask; bytes: Uint8Array };

try {
  const value = task.kind === 'inspect' ? await inspectPdf(bytes, { maxPages: task.maxPages }) : await readLayout(bytes);
  parentPort!.postMessage({ ok: true, value });
} catch (error) {
  parentPort!.postMessage(
    error instanceof PdfError
      ? { ok: false, kind: error.kind, message: error.message }
      : { ok: false, kind: null, message: error instanceof Error ? error.message : String(error) },
  );
}
