/**
 * Worker-thread entry of pdf-in-thread.ts: runs ONE task on one PDF (read-pdf-task.ts), posts what
 * it finds and lets the thread be ended. Parsing a large or hostile PDF therefore never stalls the
 * caller's event loop, and whatever pdf.js allocated dies with the thread.
 */
import module from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { PdfThreadData } from './pdf-in-thread.ts';

// Every thread compiles pdf.js (1 MB) and its worker (2.4 MB) afresh; with V8's code cache on disk
// a thread starts in about half the CPU time. The thread's environment turns the cache on
// (NODE_COMPILE_CACHE, compile-cache.ts); enabling it here as well covers a thread started without
// that, for the modules imported below (hence the dynamic imports). A cache that cannot be written
// is skipped.
module.enableCompileCache();
const { runPdfTask } = await import('./read-pdf-task.ts');
const { installTextWorker } = await import('./text-worker.ts');
const data = workerData as PdfThreadData;
// pdf-lib's modules too, for the task that builds a PDF, before the cache is written.
if (data.task.kind === 'render') await import('./render-pages.ts');
await installTextWorker();
// The thread is ended, not exited, after its document: write the cache now or never.
module.flushCompileCache();

await runPdfTask(data, (message, transfer) => parentPort!.postMessage(message, transfer ?? []));
