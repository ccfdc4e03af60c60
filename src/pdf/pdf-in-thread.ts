import { Worker } from 'node:worker_threads';
import { THREAD_ENV } from '../compile-cache.ts';
import { PdfError, readableReason, type PdfErrorKind } from './pdf-error.ts';
import { readingSlots } from './reading-slots.ts';

/**
 * Runs pdf.js on one document in a worker thread with a time and memory bound, and ends the thread
 * afterwards.
 *
 * Why a thread per document: pdf.js parses on the calling thread in Node, keeps caches per
 * document and fragments the heap; a damaged 1-page file took a fresh process from 215 to 766 MiB,
 * and six 500-page layouts kept RSS near 900 MB. A thread's heap is capped by `resourceLimits` (a
 * file that needs more is refused instead of growing the service), and ending the thread frees
 * its heap: V8 keeps the freed pages in a process-wide pool for about 8 s (the next thread reuses
 * them) and then returns them to the OS. Starting a thread and loading pdf.js costs about 300 ms, small next to an
 * upload or a job.
 *
 * Limits and what they do not cover: `maxOldGenerationSizeMb` bounds the JavaScript heap, not the
 * backing stores of typed arrays (decoded streams). Images are bounded by pdf.js's `maxImageSize`
 * (load-pdf.ts) and not decoded when only text is read, but a content stream is always decoded
 * whole, and nothing in a thread bounds that: the service reads uploads and layouts in child
 * processes (pdf-in-child.ts), whose resident memory is watched; threads render pages only.
 * Canvases for rendering are native memory, returned when the thread ends.
 *
 * Which path reads where (this module knows nothing of the database or the queue):
 * - a thread, here: the worker's rendering of pages (renderPagesInThread, through extract-pages.ts);
 * - a child process (pdf-in-child.ts): the API's inspection of an upload (inspectInChild, which
 *   also reads the layout of a short document with it) and every layout read through loadLayout
 *   (documents/document-layout.ts), i.e. a job's in the worker and an estimate's in the API.
 *   Ending a thread did not give all of its memory back: a long-lived worker grew with every
 *   500-page layout it read, and a 500-page upload's inspection thread left the service process
 *   50-100 MB larger for the seconds in which the first job's reader child starts. Inspection in
 *   threads (and a second thread for a document of 1,000 pages or more) went with that.
 */

export type PdfTask =
  /**
   * `layoutUpToPages`: a document of at most that many pages also has its layout read
   * (inspectInChild), up to `maxLayoutChars` of JSON in all: the reader sends no layout past it.
   */
  | { kind: 'inspect'; maxPages: number; layoutUpToPages: number; maxLayoutChars: number }
  | { kind: 'layout' }
  | { kind: 'render'; pages: number[] };

/** What a reader gets (a thread, or a child: pdf-child.ts): `nextPage` holds one Int32, the next page nobody has claimed. */
export interface PdfThreadData {
  task: PdfTask;
  bytes: Uint8Array;
  nextPage: SharedArrayBuffer;
}

export type PdfThreadMessage =
  | { type: 'opened'; pageCount: number }
  | { type: 'page'; value: PageInspection }
  /** A layout page as JSON; a reader child writes it to its layout file instead of posting it (pdf-child.ts). */
  | { type: 'layoutPage'; page: number; json: string }
  /** The document's EmbeddedInvoice as JSON, after the last layout page (a layout read with no e-invoice has none). */
  | { type: 'eInvoice'; json: string }
  | { type: 'result'; value: Uint8Array }
  | { type: 'done' }
  | { type: 'failed'; kind: PdfErrorKind | null; message: string };

interface PageInspection {
  page: number;
  hasText: boolean;
  /** Why the page could not be read, when it could not (inspect-pdf.ts's inspectPage). */
  unreadable?: string;
  /** The page's layout as JSON, when the task asked for it and the page could be read whole. */
  layout?: string;
  /** Why this page's layout could not be read (the document's layout is then not read further). */
  layoutError?: string;
}

export interface PdfThreadLimits {
  /** A PDF that takes longer is refused (upload) or fails the job (layout). */
  timeoutMs: number;
  /** Heap of each thread; a PDF that needs more is refused. */
  maxMemoryMb: number;
}

/**
 * The young generation of a reading thread, MB. pdf.js makes a lot of short-lived garbage per page;
 * V8's default lets a thread run up tens of MB of it before a scavenge, resident until the thread
 * ends. A small one keeps each thread's resident memory near what it really holds.
 */
const YOUNG_GENERATION_MB = 16;

/**
 * Pages rendered to images for a vision model when pdf-lib cannot copy them (render-pages.ts).
 * Once `signal` aborts (no one waits for the drawing any more), it leaves the queue for a reading
 * slot, or its thread is ended and the slot freed; it then rejects with the signal's reason.
 */
export async function renderPagesInThread(bytes: Uint8Array, pages: number[], limits: PdfThreadLimits, signal?: AbortSignal): Promise<Uint8Array> {
  let result: Uint8Array | undefined;
  await runThread({ kind: 'render', pages }, bytes, limits, (message) => {
    if (message.type === 'result') result = message.value;
  }, signal);
  if (!result) throw new PdfError('CORRUPT', 'The PDF reader stopped without a result.');
  return result;
}

/**
 * Runs `task` in a thread; resolves when it has posted 'done'. Throws PdfError: the task's own
 * refusals, TOO_COMPLEX past the time or memory bound, CORRUPT for any other failure of the
 * parser. The thread is ended before it returns.
 */
async function runThread(
  task: PdfTask,
  bytes: Uint8Array,
  limits: PdfThreadLimits,
  onMessage: (message: PdfThreadMessage) => void,
  signal?: AbortSignal,
): Promise<void> {
  const release = await readingSlots.acquire(signal);
  const nextPage = new SharedArrayBuffer(4);
  new Int32Array(nextPage)[0] = 1;
  let worker: Worker | undefined;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    signal?.throwIfAborted();
    const thread = startWorker({ task, bytes, nextPage }, limits);
    worker = thread;
    await new Promise<void>((resolve, reject) => {
      let done = false;
      // Ended below like any other thread: a drawing no one waits for does not hold its slot.
      onAbort = () => reject(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      thread.on('message', (message: PdfThreadMessage) => {
        if (message.type === 'failed') return reject(failure(message));
        if (message.type === 'done') {
          done = true;
          return resolve();
        }
        onMessage(message);
      });
      thread.once('error', (error: Error & { code?: string }) => {
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new PdfError('TOO_COMPLEX', `The PDF needs more than ${limits.maxMemoryMb} MB of memory to read.`, { cause: error })
            : new PdfError('CORRUPT', `The PDF could not be parsed: ${error.message}`, { cause: error }),
        );
      });
      thread.once('exit', (code) => {
        if (!done) reject(new PdfError('CORRUPT', `The PDF reader stopped (exit code ${code}).`));
      });
      timer = setTimeout(() => {
        reject(new PdfError('TOO_COMPLEX', `The PDF could not be read within ${Math.round(limits.timeoutMs / 1000)} s.`));
      }, limits.timeoutMs);
    });
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    // Ending the thread (not reusing it) is what returns pdf.js's memory; a late 'error' or 'exit'
    // after settling is ignored (a settled promise ignores a second reject).
    worker?.removeAllListeners();
    worker?.on('error', () => {});
    await worker?.terminate().catch(() => undefined);
    release();
  }
}

// THREAD_ENV (compile-cache.ts): V8's code cache on disk, so pdf.js starts in about half the CPU time.
function startWorker(data: PdfThreadData, limits: PdfThreadLimits): Worker {
  return new Worker(new URL('./pdf-thread.ts', import.meta.url), {
    workerData: data,
    env: THREAD_ENV,
    resourceLimits: {
      maxOldGenerationSizeMb: limits.maxMemoryMb,
      maxYoungGenerationSizeMb: Math.min(YOUNG_GENERATION_MB, limits.maxMemoryMb / 4),
    },
    stdout: true, // pdf.js warnings about damaged files are not the service's log
    stderr: true,
  });
}

/**
 * Any failure of the parser itself (a TypeError deep in pdf.js on a damaged stream) is a property
 * of the file, not of the service: the user gets CORRUPT with pdf.js's words.
 */
export function failure(message: { kind: PdfErrorKind | null; message: string }): PdfError {
  return new PdfError(message.kind ?? 'CORRUPT', message.kind ? message.message : `The PDF could not be parsed: ${readableReason(message.message)}`);
}
