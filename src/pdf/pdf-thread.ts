/**
 * Worker-thread entry of pdf-in-thread.ts: runs ONE task on one PDF, posts what it finds and lets
 * the thread be ended. Parsing a large or hostile PDF therefore never stalls the caller's event
 * loop, and whatever pdf.js allocated dies with the thread.
 *
 * Inspection and layout are read page by page: each page is posted as soon as it is read (nothing
 * accumulates here), and the page to read next is claimed from a counter shared with the other
 * thread reading the same document, if there is one (see pdf-in-thread.ts).
 */
import module from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { PdfThreadData, PdfThreadMessage } from './pdf-in-thread.ts';

// Every thread compiles pdf.js (1 MB) and its worker (2.4 MB) afresh; with V8's code cache on disk
// a thread starts in about half the CPU time. The thread's environment turns the cache on
// (NODE_COMPILE_CACHE, pdf-in-thread.ts); enabling it here as well covers a thread started without
// that, for the modules imported below (hence the dynamic imports). A cache that cannot be written
// is skipped.
module.enableCompileCache();
const { checkPageCount, inspectPage } = await import('./inspect-pdf.ts');
const { closePdf, loadPdf } = await import('./load-pdf.ts');
const { PdfError } = await import('./pdf-error.ts');
const { readPageLayout } = await import('./read-layout.ts');
const { installTextWorker } = await import('./text-worker.ts');
const { task, bytes, nextPage } = workerData as PdfThreadData;
// pdf-lib (about 15 MB of heap) only for the task that builds a PDF.
const renderPages = task.kind === 'render' ? (await import('./render-pages.ts')).renderPages : null;
await installTextWorker();
// The thread is ended, not exited, after its document: write the cache now or never.
module.flushCompileCache();

const post = (message: PdfThreadMessage) => parentPort!.postMessage(message);

/**
 * pdf.js keeps what it parsed for every page it has read (page objects, fonts, resources) until the
 * document is closed, about 50 KB per text page: 26 MB of heap after 500 pages, and a thread's
 * memory bound is reached sooner the longer the document. Letting pdf.js drop those caches every
 * so many pages keeps a thread's heap flat; the fonts the next pages need are parsed again, which
 * cost no measurable time on text documents at this interval.
 */
const PAGES_BETWEEN_CLEANUPS = 50;

try {
  if (renderPages && task.kind === 'render') {
    const value = await renderPages(bytes, task.pages);
    // Transferred, not copied: the images of a few pages can be tens of MB.
    parentPort!.postMessage({ type: 'result', value } satisfies PdfThreadMessage, [value.buffer as ArrayBuffer]);
  } else {
    const doc = await loadPdf(bytes);
    try {
      // Every thread checks; the page count is the document's, so all agree. The first to report
      // it decides whether a second thread joins.
      checkPageCount(doc, task.kind === 'inspect' ? task.maxPages : Infinity);
      post({ type: 'opened', pageCount: doc.numPages });
      const claims = new Int32Array(nextPage);
      // Atomics.add returns the counter before the increment: each page goes to exactly one thread.
      let pagesSinceCleanup = 0;
      // A short document's layout is read with its inspection; a page that fails to read whole
      // stops that (the inspection alone decides whether the upload is refused), and its reason
      // goes with the page so that the caller can log why the document has no stored layout.
      let readLayouts = task.kind === 'inspect' && doc.numPages <= task.layoutUpToPages;
      const layoutOf = async (n: number): Promise<{ layout: string } | { layoutError: string } | undefined> => {
        if (!readLayouts) return undefined;
        try {
          return { layout: JSON.stringify(await readPageLayout(doc, n)) };
        } catch (error) {
          readLayouts = false;
          return { layoutError: error instanceof Error ? error.message : String(error) };
        }
      };
      for (let n = Atomics.add(claims, 0, 1); n <= doc.numPages; n = Atomics.add(claims, 0, 1)) {
        if (task.kind === 'layout') {
          post({ type: 'layoutPage', page: n, json: JSON.stringify(await readPageLayout(doc, n)) });
        } else {
          post({ type: 'page', value: { page: n, ...(await inspectPage(doc, n)), ...(await layoutOf(n)) } });
        }
        if (++pagesSinceCleanup === PAGES_BETWEEN_CLEANUPS) {
          pagesSinceCleanup = 0;
          // Only frees caches: a page pdf.js still holds ("currently rendering") must not fail a
          // document that reads fine.
          await doc.cleanup().catch(() => {});
        }
      }
    } finally {
      await closePdf(doc);
    }
  }
  post({ type: 'done' });
} catch (error) {
  post(
    error instanceof PdfError
      ? { type: 'failed', kind: error.kind, message: error.message }
      : { type: 'failed', kind: null, message: error instanceof Error ? error.message : String(error) },
  );
}
