/**
 * Child-process entry of pdf-in-child.ts: receives ONE task and its PDF over IPC, runs it
 * (read-pdf-task.ts), sends what it finds and exits. Whatever pdf.js allocated (heap, malloc
 * arenas) goes back to the OS with the process.
 *
 * Never outlives its parent: when the IPC channel closes (the parent exited, crashed or was
 * killed) it exits at once, even mid-document.
 */
import { writeSync } from 'node:fs';
import module from 'node:module';
import { toError } from '../to-error.ts';
import type { ChildPageMessage, PdfChildMessage, PdfChildTask } from './pdf-in-child.ts';
import { exitForTestAt } from './pdf-child-test-exit.ts';
import { keepCanvasOut } from './keep-canvas-out.ts';
import { importWithoutFetch } from './keep-fetch-out.ts';
import { LAYOUT_FILE_FD, LAYOUT_WRITE_FAILED_EXIT, layoutTooLarge } from './layout-file.ts';
import { PDF_FILE_FD, readPdfFile } from './pdf-file-input.ts';

process.on('disconnect', () => process.exit(1));
// The terminal's Ctrl-C (SIGINT) and hang-up (SIGHUP) reach every process of its group, this
// child included, and systemd's default stop sends SIGTERM to every process of the unit: all
// ignored, since the service decides when its readers stop. At its own stop (after draining the
// requests and jobs in flight, which may still need this reader) it exits, which ends this child
// through the closed channel above; a bound or an abort kills it with SIGKILL. Dying of such a
// signal failed an estimate in flight with an internal error.
for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM'] as const) process.on(signal, () => {});
// Listening before the imports below: a message that arrives with no listener is dropped.
const received = new Promise<PdfChildTask>((resolve) => process.once('message', (message) => resolve(message as PdfChildTask)));

// As in pdf-thread.ts: V8's code cache on disk halves pdf.js's start (NODE_COMPILE_CACHE is set in
// this process's environment by pdf-in-child.ts; enabling it here covers a child started without).
module.enableCompileCache();
const { task, bytes: sent, maxLayoutBytes } = await received;
// Sent no bytes: the PDF is the file the parent opened for it (an upload, pdf-file-input.ts).
const bytes = sent ?? readPdfFile(PDF_FILE_FD);
// The channel no longer keeps this process alive: were pdf.js to leave a promise unsettled with
// nothing else to do, the process ends (exit code 13, CORRUPT for the parent) at once, as a
// reading thread does, instead of waiting out the time bound. A closed channel still ends it.
process.channel?.unref();
await exitForTestAt('before-open');
// The task decides what pdf.js may load, so it is awaited before pdf.js is imported: the parent
// sends it right after starting the child, and it is in by the time Node has started.
if (task.kind !== 'render') keepCanvasOut();
const importPdfJs = async () => {
  const { runPdfTask } = await import('./read-pdf-task.ts');
  const { installTextWorker } = await import('./text-worker.ts');
  await installTextWorker();
  return runPdfTask;
};
const runPdfTask = await (task.kind === 'render' ? importPdfJs() : importWithoutFetch(importPdfJs));
module.flushCompileCache();

// pdf.js can throw outside any promise of ours (a stream's controller closed twice): that is the
// file's doing, reported as a reading thread's error is (CORRUPT, with pdf.js's reason). Installed
// after the imports, so a module that fails to load stays the service's own failure.
const failOnStray = (error: unknown) =>
  send({ type: 'failed', kind: null, message: toError(error).message, maxRssKb: process.resourceUsage().maxRSS }, () => process.exit(1));
process.on('uncaughtException', failOnStray);
process.on('unhandledRejection', failOnStray);

const nextPage = new SharedArrayBuffer(4);
new Int32Array(nextPage)[0] = 1;
/**
 * Pages read and not yet sent. They go PAGES_PER_MESSAGE to a message, and every other message
 * first sends those before it, so the parent still gets everything in the order it was read: a
 * message per page cost this process about 0.15 ms of CPU each to serialise and write (a 500-page
 * inspection's pages are a few bytes each), and the parent as much to read.
 */
const unsentPages: ChildPageMessage[] = [];
const PAGES_PER_MESSAGE = 50;
const send = (message: PdfChildMessage, then?: () => void) => {
  if (unsentPages.length > 0) process.send!({ type: 'pages', pages: unsentPages.splice(0) } satisfies PdfChildMessage);
  process.send!(message, undefined, {}, then);
};
const sendPage = (page: ChildPageMessage) => {
  unsentPages.push(page);
  if (unsentPages.length === PAGES_PER_MESSAGE) process.send!({ type: 'pages', pages: unsentPages.splice(0) } satisfies PdfChildMessage);
};
// A layout goes to the file the parent opened for it (layoutFileWriter), not over IPC.
const layoutFile = task.kind === 'layout' ? layoutFileWriter(maxLayoutBytes) : null;
await runPdfTask({ task, bytes, nextPage }, (message) => {
  if (message.type === 'opened') {
    layoutFile?.opened(message.pageCount);
    return send(message, () => void exitForTestAt('after-open'));
  }
  if (message.type === 'layoutPage') return sendPage({ type: 'layoutPageWritten', page: message.page, ...layoutFile!.page(message.json) });
  if (message.type === 'page') return sendPage(message);
  if (message.type === 'eInvoice') {
    // An inspection's short layout (and so its e-invoice) goes over IPC, as its pages do; a
    // layout's goes to its file, unless it would take the file past its bound (then it is left out).
    if (layoutFile === null) return send(message);
    const span = layoutFile.eInvoice(message.json);
    return span === null ? undefined : send({ type: 'eInvoiceWritten', ...span });
  }
  if (message.type === 'done') layoutFile?.done();
  if (message.type !== 'done' && message.type !== 'failed') return send(message);
  // The last message says how much memory this process took at its peak, for whoever measures it.
  send({ ...message, maxRssKb: process.resourceUsage().maxRSS }, () => process.exit(0));
});

/**
 * Writes the document's layout JSON (a DocumentLayout) to LAYOUT_FILE_FD page by page, as each
 * page is read: `{"pageCount":n,"pages":[` when the document opens, each page with the comma before
 * it, then `],"eInvoice":{...}` when the document carries one, and `]}` (or `}`) at the end. Each page's byte range in the file goes to the parent with the page, so the
 * parent can parse one page at a time without looking for where pages end.
 */
function layoutFileWriter(maxBytes: number) {
  let position = 0;
  let pages = 0;
  let pagesClosed = false;
  const write = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    // Thrown inside the task, which reports it as the document's TOO_COMPLEX.
    if (position + bytes.length > maxBytes) throw layoutTooLarge(maxBytes);
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(LAYOUT_FILE_FD, bytes, done, bytes.length - done, position + done);
    } catch (error) {
      // Not thrown into the task, which would report it as a damaged PDF (CORRUPT): the parent
      // reads this exit code as the service's own failure. stderr to a pipe is written at once.
      process.stderr.write(`could not write the layout file: ${toError(error).message}\n`);
      process.exit(LAYOUT_WRITE_FAILED_EXIT);
    }
    position += bytes.length;
  };
  return {
    opened: (pageCount: number) => write(`{"pageCount":${pageCount},"pages":[`),
    page(json: string): { start: number; end: number } {
      if (pages++ > 0) write(',');
      const start = position;
      write(json);
      return { start, end: position };
    },
    /**
     * Null, and nothing written, when the e-invoice would take the layout past the bound: the
     * document is then read from its print alone, as any other PDF, rather than refused as
     * TOO_COMPLEX for an attachment (a 2 MB XML next to a layout just under the bound).
     */
    eInvoice(json: string): { start: number; end: number } | null {
      if (position + Buffer.byteLength(`],"eInvoice":${json}}`) > maxBytes) return null;
      write('],"eInvoice":');
      pagesClosed = true;
      const start = position;
      write(json);
      return { start, end: position };
    },
    done: () => write(pagesClosed ? '}' : ']}'),
  };
}
