import { describe, expect, it } from 'vitest';
import { inspectPdf } from '../../src/pdf/inspect-pdf.ts';
import { inspectInChild, readLayoutInChild } from '../../src/pdf/pdf-in-child.ts';
import { withoutLayout } from './without-layout.ts';
import { textThenBrokenStreamPdf } from '../fixtures/hostile-pdfs.ts';

// As the upload service inspects (documents.service.ts): a short document has its layout read in the same pass.
const INSPECT = { maxPages: 2000, timeoutMs: 60_000, maxMemoryMb: 256, layoutUpToPages: 20 };

/**
 * Found by bench/hostile-pdf-sweep.ts: real documents with bytes flipped in a content stream were
 * refused as "The PDF reader stopped (exit code 13)". Inspection waited for pdf.js to confirm the
 * cancel of a text stream that pdf.js had already ended, which it never does; with nothing else
 * left to run, the reading thread ended with its top-level await unsettled. A reader child ends
 * the same way (its IPC channel no longer keeps it alive once its task is in, pdf-child.ts), and
 * the service reads uploads and layouts in one.
 */
describe('a page whose text stream ends on damage right after its first text', () => {
  it('is inspected as a text page, in a reader child', async () => {
    expect(await withoutLayout(inspectInChild(textThenBrokenStreamPdf(), INSPECT))).toEqual({ pageCount: 1, textPageCount: 1 });
  });

  it('is inspected on the calling thread too, without waiting on pdf.js for ever', async () => {
    // Here the stall showed as a promise that never settled (the test's timeout is the bound).
    expect(await inspectPdf(textThenBrokenStreamPdf(), { maxPages: 10 })).toEqual({ pageCount: 1, textPageCount: 1 });
  });

  it('reads the lines before the damage into the layout', async () => {
    const layout = await readLayoutInChild(textThenBrokenStreamPdf(), { timeoutMs: 60_000, maxMemoryMb: 512 });
    expect(layout.pages).toHaveLength(1);
    expect(layout.pages[0]!.lines[0]!.text).toBe('Line 0 of the invoice');
  });
});
