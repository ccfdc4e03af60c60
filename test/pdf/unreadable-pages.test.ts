import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { inspectPdf } from '../../src/pdf/inspect-pdf.ts';
import { inspectInChild, readLayoutInChild } from '../../src/pdf/pdf-in-child.ts';
import { renderPagesInThread } from '../../src/pdf/pdf-in-thread.ts';
import { readLayout } from '../../src/pdf/read-layout.ts';
import { unreadablePageWarnings, unreadablePagesWarnings } from '../../src/pdf/unreadable-pages.ts';
import * as hostile from '../fixtures/hostile-pdfs.ts';
import { fakeProvider, run } from '../helpers/fake-pipeline.ts';

// The bounds the service uses for uploads and jobs (documents.service.ts, document-layout.ts).
const INSPECT = { maxPages: 2000, timeoutMs: 60_000, maxMemoryMb: 256, layoutUpToPages: 20 };
const LAYOUT = { timeoutMs: 120_000, maxMemoryMb: 512 };
const PAGE_7_WARNING = 'page 7 could not be read: its cross-reference table is damaged (details: Bad (uncompressed) XRef entry: 17R)';

const texts = (layout: { pages: Array<{ lines: Array<{ text: string }> }> }) => layout.pages.map((p) => p.lines.map((l) => l.text).join(' '));

describe('a document some of whose pages cannot be read', () => {
  it('a document whose seventh page cannot be read is accepted with that page named in its warnings', async () => {
    const inspection = await inspectInChild(hostile.seventhPageContentMissingPdf(), INSPECT);
    expect(inspection).toMatchObject({ pageCount: 8, textPageCount: 7, warnings: [PAGE_7_WARNING] });
  });

  it('the layout read with the upload keeps the other pages and marks the seventh unreadable, without text', async () => {
    const inspection = await inspectInChild(hostile.seventhPageContentMissingPdf(), INSPECT);
    const layout = JSON.parse(inspection.layoutJson!) as Parameters<typeof unreadablePageWarnings>[0];
    expect(texts(layout)).toEqual([1, 2, 3, 4, 5, 6, 0, 8].map((n) => (n ? `Page ${n} of the report` : '')));
    expect(layout.pages[6]).toMatchObject({ page: 7, hasTextLayer: false, lines: [], width: 595, height: 842 });
    expect(unreadablePageWarnings(layout)).toEqual([PAGE_7_WARNING]);
  });

  it("a job's layout, read apart from the upload, reads the same pages and names the same page", async () => {
    const layout = await readLayoutInChild(hostile.seventhPageContentMissingPdf(), LAYOUT);
    expect(layout.pageCount).toBe(8);
    expect(unreadablePageWarnings(layout)).toEqual([PAGE_7_WARNING]);
    expect(layout.pages.filter((p) => p.unreadable === undefined).every((p) => p.hasTextLayer)).toBe(true);
  });

  it('a page the page tree points to wrongly is kept as an unreadable page of the default size, and the pages after it are said to be missing', async () => {
    const bytes = hostile.seventhPageNotAPagePdf();
    const inspection = await inspectInChild(bytes, INSPECT);
    const warnings = [
      'page 7 could not be read: its list of pages is damaged (details: Page dictionary kid reference points to wrong type of object)',
      // pdf.js stops at the bad entry: the file's eighth page is not found.
      'pages listed after page 7, if the file has any, could not be found: its list of pages is damaged there',
    ];
    expect(inspection).toMatchObject({ pageCount: 7, warnings });
    const layout = await readLayoutInChild(bytes, LAYOUT);
    expect(layout.pages[6]).toMatchObject({ page: 7, width: 612, height: 792, hasTextLayer: false });
    expect(unreadablePageWarnings(layout)).toEqual(warnings);
  });

  it('past twenty unreadable pages, the rest are summed up in one line as page ranges', () => {
    const unreadable = [...Array.from({ length: 23 }, (_, i) => i + 1), 30, 40, 41].map((page) => ({ page, reason: 'it is damaged (details: x)' }));
    const warnings = unreadablePagesWarnings(100, unreadable);
    expect(warnings).toHaveLength(21);
    expect(warnings[19]).toBe('page 20 could not be read: it is damaged (details: x)');
    expect(warnings[20]).toBe('6 more pages could not be read: 21-23, 30, 40-41');
  });

  it('a document none of whose pages reads is refused as CORRUPT, saying why', async () => {
    // pdf.js finds one page in this tree (it stops at the first entry that is not a page).
    const refusal = {
      kind: 'CORRUPT',
      message: 'its one page could not be read: its list of pages is damaged (details: Page dictionary kid reference points to wrong type of object).',
    };
    await expect(inspectInChild(hostile.noPageReadablePdf(), INSPECT)).rejects.toMatchObject(refusal);
    await expect(readLayout(hostile.noPageReadablePdf())).rejects.toMatchObject(refusal);
  });

  it('the calling-thread inspection and layout agree with the reader child', async () => {
    const bytes = hostile.seventhPageContentMissingPdf();
    expect(await inspectPdf(bytes, { maxPages: 100 })).toEqual({ pageCount: 8, textPageCount: 7, warnings: [PAGE_7_WARNING] });
    expect(unreadablePageWarnings(await readLayout(bytes))).toEqual([PAGE_7_WARNING]);
  });

  it('pages drawn for a vision model keep their order when one cannot be drawn: that one comes out blank', async () => {
    const rendered = await PDFDocument.load(await renderPagesInThread(hostile.seventhPageContentMissingPdf(), [6, 7, 8], { timeoutMs: 120_000, maxMemoryMb: 512 }));
    expect(rendered.getPages().map((p) => [Math.round(p.getWidth()), Math.round(p.getHeight())])).toEqual([
      [595, 842],
      [612, 792],
      [595, 842],
    ]);
  });

  it('a job sends the unreadable page to a vision model as an image page and reads the other pages as text', async () => {
    const bytes = hostile.seventhPageContentMissingPdf();
    const layout = await readLayoutInChild(bytes, LAYOUT);
    const provider = fakeProvider(() => ({ value: { title: 'Page 1 of the report' }, evidence: [] }));
    const { promise } = await run(provider, { layout, pdfBytes: bytes, schema: { type: 'object', properties: { title: { type: 'string' } } } });
    await promise;
    const [call] = provider.calls;
    expect(call?.section.imagePages).toEqual([7]);
    expect(call?.section.text).toContain('Page 8 of the report');
    expect((await PDFDocument.load(call!.imagePdf!)).getPageCount()).toBe(1);
  });
});
