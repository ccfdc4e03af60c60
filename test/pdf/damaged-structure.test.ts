import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { inspectInChild, readLayoutInChild } from '../../src/pdf/pdf-in-child.ts';
import { withoutLayout } from './without-layout.ts';
import { renderPagesInThread } from '../../src/pdf/pdf-in-thread.ts';
import * as hostile from '../fixtures/hostile-pdfs.ts';

// Damage the hidden corpus of issue 16 may hold beyond what the sweep's mutations make. Each file
// is either accepted and read, or refused with a clear reason, within the service's bounds.
// As the upload service inspects (documents.service.ts): a short document has its layout read in the same pass.
const INSPECT = { maxPages: 2000, timeoutMs: 60_000, maxMemoryMb: 256, layoutUpToPages: 20 };
const LAYOUT = { timeoutMs: 120_000, maxMemoryMb: 512 };
const RENDER = { timeoutMs: 120_000, maxMemoryMb: 512 };

const texts = async (bytes: Uint8Array) => (await readLayoutInChild(bytes, LAYOUT)).pages.map((p) => p.lines.map((l) => l.text).join(' '));

describe('damaged structure: accepted and read, or refused with a clear reason', () => {
  it('an incremental update whose cross-reference section points at the wrong bytes is repaired and its update read', async () => {
    const bytes = hostile.brokenIncrementalUpdatePdf();
    expect(await withoutLayout(inspectInChild(bytes, INSPECT))).toEqual({ pageCount: 1, textPageCount: 1 });
    expect(await texts(bytes)).toEqual(['Updated page one']);
  });

  it('references with the wrong generation number leave no page readable: refused, naming the cross-reference table', async () => {
    await expect(inspectInChild(hostile.wrongGenerationPdf(), INSPECT)).rejects.toMatchObject({
      kind: 'CORRUPT',
      message: 'none of its 2 pages could be read; page 1: its cross-reference table is damaged (details: Inconsistent generation in XRef: 5R1).',
    });
  });

  it('a stream whose /Length runs past the end and whose endstream is missing still gives every page its text', async () => {
    const bytes = hostile.lyingLengthNoEndstreamPdf();
    expect(await withoutLayout(inspectInChild(bytes, INSPECT))).toEqual({ pageCount: 2, textPageCount: 2 });
    const [first, second] = await texts(bytes);
    // pdf.js reads on to the next endstream it finds, so page 1 also shows what page 2's stream holds.
    expect(first).toMatch(/^Page 1 of the report/);
    expect(second).toBe('Page 2 of the report');
  });

  it('a font program of garbage bytes and an image of garbage JPEG data leave the text readable and the page drawable', async () => {
    const bytes = hostile.brokenFontAndImagePdf();
    expect(await withoutLayout(inspectInChild(bytes, INSPECT))).toEqual({ pageCount: 1, textPageCount: 1 });
    expect(await texts(bytes)).toEqual(['Invoice INV-9 total 31.00']);
    expect((await PDFDocument.load(await renderPagesInThread(bytes, [1], RENDER))).getPageCount()).toBe(1);
  });

  it('a page tree that lists itself is read without hanging; the looping entry is named as an unreadable page and what follows it as not found', async () => {
    const inspection = await inspectInChild(hostile.pageTreeLoopPdf(), INSPECT);
    expect(inspection).toMatchObject({ pageCount: 2, textPageCount: 1 });
    expect(inspection.warnings).toEqual([
      'page 2 could not be read: its list of pages is damaged (details: Pages tree contains circular reference)',
      // The real second page, listed after the loop, is not found by pdf.js: said, not lost in silence.
      'pages listed after page 2, if the file has any, could not be found: its list of pages is damaged there',
    ]);
  });

  it('a page tree /Count larger than its pages counts the pages there are', async () => {
    const bytes = hostile.wrongPageCountPdf(2, 5);
    expect(await withoutLayout(inspectInChild(bytes, INSPECT))).toEqual({ pageCount: 2, textPageCount: 2 });
    expect(await texts(bytes)).toEqual(['Page 1 of the report', 'Page 2 of the report']);
  });

  it('a page without /Contents is an empty (image-only) page; a page without /Resources still has its text read', async () => {
    const bytes = hostile.missingContentsAndResourcesPdf();
    expect(await withoutLayout(inspectInChild(bytes, INSPECT))).toEqual({ pageCount: 2, textPageCount: 1 });
    expect(await texts(bytes)).toEqual(['', 'Page 2 of the report']);
  });

  it('a page a billion points square is read, and drawn for a model at a bounded size', async () => {
    const bytes = hostile.hugeMediaBoxPdf();
    expect(await withoutLayout(inspectInChild(bytes, INSPECT))).toEqual({ pageCount: 1, textPageCount: 1 });
    const layout = await readLayoutInChild(bytes, LAYOUT);
    expect(layout.pages[0]).toMatchObject({ width: 1e9, height: 1e9, hasTextLayer: true });
    const rendered = await renderPagesInThread(bytes, [1], RENDER);
    expect(rendered.length).toBeLessThan(1_000_000);
  });

  it('rotated pages are read upright, with width and height swapped at 90 and 270 degrees; an invalid /Rotate counts as 0', async () => {
    const layout = await readLayoutInChild(hostile.rotatedPagesPdf(), LAYOUT);
    expect(layout.pages.map((p) => [Math.round(p.width), Math.round(p.height)])).toEqual([
      [842, 595],
      [595, 842],
      [842, 595],
      [595, 842],
    ]);
    expect(layout.pages.map((p) => p.lines.map((l) => l.text).join(' '))).toEqual([1, 2, 3, 4].map((n) => `Page ${n} of the report`));
  });
});
