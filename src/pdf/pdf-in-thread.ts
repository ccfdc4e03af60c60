import { Worker } from 'node:worker_threads';
import { createLimiter } from '../models/limiter.ts';
import type { PdfInspection } from './inspect-pdf.ts';
import { PdfError, type PdfErrorKind } from './load-pdf.ts';
import type { DocumentLayout } from '../domain/types.ts';

/**
 * Runs pdf.js on one document in a worker thread with a time and memory bound, and ends the thread
 * afterwards.
 *
 * Why a thread per document: pdf.js parses on the calling thread in Node, keeps caches per
 * document and fragments the heap; a damaged 1-page file took a fresh process from 215 to 766 MiB,
 * and six 500-page layouts kept RSS near 900 MB. A thread's heap is capped by `resourceLimits` (a
 * file that needs more is refused instead of growing the service), and ending the thread returns
 * everything to the OS. Starting a thread and loading pdf.js costs about 300 ms, small next to an
 * upload or a job.
 *
 * Limits and what they do not cover: `maxOldGenerationSizeMb` bounds the JavaScript heap, not the
 * backing stores of typed arrays (decoded streams); those are bounded by pdf.js's `maxImageSize`
 * (load-pdf.ts) and by pdf.js not decoding images when it only reads text; canvases for rendering
 * are native memory, returned when the thread ends.
 *
 * Used by the API (inspection), the worker (layout) and the pipeline (rendering pages): it knows
 * nothing of the database or the queue.
 */

export type PdfTask = { kind: 'inspect'; maxPages: number } | { kind: 'layout' } | { kind: 'render'; pages: number[] };

type Outcome = { ok: true; value: unknown } | { ok: false; kind: PdfErrorKind | null; message: string };

export interface PdfThreadLimits {
  /** A PDF that takes longer is refused (upload) or fails the job (layout). */
  timeoutMs: number;
  /** Heap of the thread; a PDF that needs more is refused. */
  maxMemoryMb: number;
}

/** Two PDFs at a time per process: each thread may use its whole memory bound. */
const slots = createLimiter(2);

export async function inspectInThread(
  bytes: Uint8Array,
  limits: { maxPages: number; timeoutMs: number; maxMemoryMb?: number },
): Promise<PdfInspection> {
  const value = await runInThread({ kind: 'inspect', maxPages: limits.maxPages }, bytes, {
    timeoutMs: limits.timeoutMs,
    maxMemoryMb: limits.maxMemoryMb ?? DEFAULT_MEMORY_MB,
  });
  return value as PdfInspection;
}

export async function readLayoutInThread(bytes: Uint8Array, limits: PdfThreadLimits): Promise<DocumentLayout> {
  return (await runInThread({ kind: 'layout' }, bytes, limits)) as DocumentLayout;
}

/** Pages rendered to images for a vision model when pdf-lib cannot copy them (render-pages.ts). */
export async function renderPagesInThread(bytes: Uint8Array, pages: number[], limits: PdfThreadLimits): Promise<Uint8Array> {
  return (await runInThread({ kind: 'render', pages }, bytes, limits)) as Uint8Array;
}

const DEFAULT_MEMORY_MB = 256;

/**
 * Throws PdfError: the task's own refusals (NOT_PDF, ENCRYPTED, CORRUPT, NO_PAGES, TOO_MANY_PAGES),
 * TOO_COMPLEX past the time or memory bound, CORRUPT for any other failure of the parser.
 */
async function runInThread(task: PdfTask, bytes: Uint8Array, limits: PdfThreadLimits): Promise<unknown> {
  const release = await slots.acquire();
  const worker = new Worker(new URL('./pdf-thread.ts', import.meta.url), {
    workerData: { task, bytes },
    resourceLimits: { maxOldGenerationSizeMb: limits.maxMemoryMb, maxYoungGenerationSizeMb: Math.min(64, limits.maxMemoryMb / 4) },
    stdout: true, // pdf.js warnings about damaged files are not the service's log
    stderr: true,
  });
  try {
    const outcome = await new Promise<Outcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new PdfError('TOO_COMPLEX', `The PDF could not be read within ${Math.round(limits.timeoutMs / 1000)} s.`));
      }, limits.timeoutMs);
      worker.once('message', (message: Outcome) => {
        clearTimeout(timer);
        resolve(message);
      });
      worker.once('error', (error: Error & { code?: string }) => {
        clearTimeout(timer);
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new PdfError('TOO_COMPLEX', `The PDF needs more than ${limits.maxMemoryMb} MB of memory to read.`, { cause: error })
            : new PdfError('CORRUPT', `The PDF could not be parsed: ${error.message}`, { cause: error }),
        );
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new PdfError('CORRUPT', `The PDF reader stopped (exit code ${code}).`));
      });
    });
    if (outcome.ok) return outcome.value;
    // Any failure of the parser itself (a TypeError deep in pdf.js on a damaged stream) is a
    // property of the file, not of the service: the user gets CORRUPT with pdf.js's words.
    throw new PdfError(outcome.kind ?? 'CORRUPT', outcome.kind ? outcome.message : `The PDF could not be parsed: ${outcome.message}`);
  } finally {
    // Ending the thread (not reusing it) is what returns pdf.js's memory; a late 'exit' after
    // settling is ignored.
    worker.removeAllListeners();
    worker.on('error', () => {});
    await worker.terminate().catch(() => undefined);
    release();
  }
}
