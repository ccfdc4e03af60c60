/**
 * One PDF task (inspection, layout or rendering) read by whoever runs it: a worker thread
 * (pdf-thread.ts) or a child process (pdf-child.ts). Posts what it finds through `post` and never
 * throws: a failure is posted as 'failed'.
 *
 * Inspection and layout are read page by page: each page is posted as soon as it is read (nothing
 * accumulates here), and the page to read next is claimed from a counter in shared memory (one
 * reader per document now; the counter let a second thread share a long document's pages).
 */
import { toError } from '../to-error.ts';
import { checkPageCount, inspectPage } from './inspect-pdf.ts';
import { closePdf, loadPdf } from './load-pdf.ts';
import { PdfError } from './pdf-error.ts';
import type { PdfThreadData, PdfThreadMessage } from './pdf-in-thread.ts';
import { readPageLayout } from './read-layout.ts';
import { readEInvoiceAttachment } from './e-invoice-attachment.ts';

/** Posts a message to the caller; `transfer` lists buffers moved rather than copied, where the channel can. */
export type PostPdfMessage = (message: PdfThreadMessage, transfer?: ArrayBuffer[]) => void;

/**
 * pdf.js keeps what it parsed for every page it has read (page objects, fonts, resources) until the
 * document is closed, about 50 KB per text page: 26 MB of heap after 500 pages, and a thread's
 * memory bound is reached sooner the longer the document. Letting pdf.js drop those caches every
 * so many pages keeps a thread's heap flat; the fonts the next pages need are parsed again, which
 * cost no measurable time on text documents at this interval.
 */
const PAGES_BETWEEN_CLEANUPS = 50;

export async function runPdfTask({ task, bytes, nextPage }: PdfThreadData, post: PostPdfMessage): Promise<void> {
  try {
    if (task.kind === 'render') {
      // pdf-lib (about 15 MB of heap) only for the task that builds a PDF.
      const { renderPages } = await import('./render-pages.ts');
      const value = await renderPages(bytes, task.pages);
      // Transferred, not copied: the images of a few pages can be tens of MB.
      post({ type: 'result', value }, [value.buffer as ArrayBuffer]);
    } else {
      const doc = await loadPdf(bytes);
      try {
        checkPageCount(doc, task.kind === 'inspect' ? task.maxPages : Infinity);
        post({ type: 'opened', pageCount: doc.numPages });
        const claims = new Int32Array(nextPage);
        // Atomics.add returns the counter before the increment: each page is claimed exactly once.
        let pagesSinceCleanup = 0;
        // A short document's layout is read with its inspection; a page that fails to read whole
        // stops that (the inspection alone decides whether the upload is refused), and its reason
        // goes with the page so that the caller can log why the document has no stored layout.
        // Past the task's bound on layout JSON, no more is sent: the caller would drop it anyway,
        // after taking it into its heap.
        let readLayouts = task.kind === 'inspect' && doc.numPages <= task.layoutUpToPages;
        let layoutChars = 0;
        const layoutOf = async (n: number): Promise<{ layout: string } | { layoutError: string } | undefined> => {
          if (!readLayouts || task.kind !== 'inspect') return undefined;
          let layout: string;
          try {
            layout = JSON.stringify(await readPageLayout(doc, n));
          } catch (error) {
            readLayouts = false;
            return { layoutError: toError(error).message };
          }
          layoutChars += layout.length;
          if (layoutChars <= task.maxLayoutChars) return { layout };
          readLayouts = false;
          return { layoutError: `the layout of its first ${n} pages is over ${task.maxLayoutChars / 2 ** 20} M characters` };
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
        // The e-invoice goes with the layout, after its pages (pdf-child.ts writes it after them).
        if (task.kind === 'layout' || readLayouts) {
          const eInvoice = await readEInvoiceAttachment(doc);
          if (eInvoice !== undefined) post({ type: 'eInvoice', json: JSON.stringify(eInvoice) });
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
        : { type: 'failed', kind: null, message: toError(error).message },
    );
  }
}
