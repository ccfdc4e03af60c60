import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { inspectInChild, readLayoutInChild } from '../../src/pdf/pdf-in-child.ts';
import { withoutLayout } from './without-layout.ts';
import { extractPages } from '../../src/pdf/extract-pages.ts';
import { loadPdf, closePdf } from '../../src/pdf/load-pdf.ts';
import * as hostile from '../fixtures/hostile-pdfs.ts';
import { fakeProvider, run } from '../helpers/fake-pipeline.ts';
import { fixture } from '../fixtures/read-fixture.ts';

// The bounds the service uses for uploads; every file below must be answered within them.
// As the upload service inspects (documents.service.ts): a short document has its layout read in the same pass.
const INSPECT = { maxPages: 2000, timeoutMs: 60_000, maxMemoryMb: 256, layoutUpToPages: 20 };
const LAYOUT = { timeoutMs: 120_000, maxMemoryMb: 512 };

describe('hostile files: each is refused with a clear reason or accepted and read', () => {
  it('a truncated file is CORRUPT', async () => {
    await expect(inspectInChild(await hostile.truncatedPdf(), INSPECT)).rejects.toMatchObject({
      kind: 'CORRUPT',
      message: 'it is damaged or cut short (details: Invalid PDF structure).',
    });
  });

  it('a file whose cross-reference table points nowhere is repaired and read', async () => {
    const bytes = await hostile.brokenXrefPdf();
    expect(await withoutLayout(inspectInChild(bytes, INSPECT))).toEqual({ pageCount: 1, textPageCount: 1 });
    const layout = await readLayoutInChild(bytes, LAYOUT);
    expect(layout.pages[0]!.lines.map((l) => l.text)).toEqual(['Invoice INV-7 total 12.50']);
  });

  it('a page whose content stream does not decompress reads as empty; the other page still reads', async () => {
    const bytes = hostile.brokenStreamPdf();
    expect(await withoutLayout(inspectInChild(bytes, INSPECT))).toEqual({ pageCount: 2, textPageCount: 1 });
    const layout = await readLayoutInChild(bytes, LAYOUT);
    expect(layout.pages.map((p) => p.lines.map((l) => l.text))).toEqual([[], ['Readable page two']]);
  });

  it('20,000 levels of nested arrays in the page and its content neither overflow nor hang the reader', async () => {
    const bytes = hostile.deepNestingPdf(20_000);
    expect(await withoutLayout(inspectInChild(bytes, INSPECT))).toEqual({ pageCount: 1, textPageCount: 1 });
    const layout = await readLayoutInChild(bytes, LAYOUT);
    expect(layout.pages[0]!.lines.map((l) => l.text)).toEqual(['Deep']);
  });

  it('a few KB that inflate to a 400 MB image: inspected without decoding it, and its page is prepared for the model', async () => {
    const bytes = await hostile.decompressionBombPdf();
    expect(bytes.length).toBeLessThan(10_000);
    expect(await withoutLayout(inspectInChild(bytes, INSPECT))).toEqual({ pageCount: 1, textPageCount: 0 });
    const pages = await extractPages(bytes, [1]);
    expect((await PDFDocument.load(pages)).getPageCount()).toBe(1);
  });

  it('JavaScript and an attachment are ignored: the text is read, nothing runs', async () => {
    const bytes = await hostile.activeContentPdf();
    expect(await withoutLayout(inspectInChild(bytes, INSPECT))).toEqual({ pageCount: 1, textPageCount: 1 });
    const layout = await readLayoutInChild(bytes, LAYOUT);
    expect(layout.pages[0]!.lines.map((l) => l.text)).toEqual(['Invoice INV-8 total 99.00']);
  });

  it('5,000 pages are refused as TOO_MANY_PAGES before any page is read', async () => {
    await expect(inspectInChild(hostile.manyPagesPdf(5000), INSPECT)).rejects.toMatchObject({
      kind: 'TOO_MANY_PAGES',
      message: 'The PDF has 5000 pages; at most 2000 are accepted.',
    });
  });

  it('a PDF with no pages is NO_PAGES', async () => {
    await expect(inspectInChild(fixture('zero-pages.pdf'), INSPECT)).rejects.toMatchObject({ kind: 'NO_PAGES' });
  });
});

describe('encrypted files: refused only when they need a password', () => {
  it('AES-256 with an empty user password is accepted and its layout read', async () => {
    const bytes = fixture('aes256-empty-password.pdf');
    expect(await withoutLayout(inspectInChild(bytes, INSPECT))).toEqual({ pageCount: 2, textPageCount: 1 });
    const layout = await readLayoutInChild(bytes, LAYOUT);
    expect(layout.pages[0]!.lines.map((l) => l.text)).toContain('Reference: SCAN-0001');
  });

  it('AES-256 with a user password is ENCRYPTED, with a message saying a password is needed', async () => {
    await expect(inspectInChild(fixture('aes256-user-password.pdf'), INSPECT)).rejects.toMatchObject({
      kind: 'ENCRYPTED',
      message: 'The PDF needs a password to open.',
    });
  });

  it('an image-only page of an encrypted file, which pdf-lib cannot copy, is rendered for the model instead', async () => {
    const bytes = fixture('aes256-empty-password.pdf');
    await expect(PDFDocument.load(bytes)).rejects.toThrow(/encrypted/);
    const pages = await extractPages(bytes, [2]);
    const copy = await PDFDocument.load(pages);
    expect(copy.getPageCount()).toBe(1);
    expect(copy.getPage(0).getSize()).toEqual({ width: 595, height: 842 });
    // The rendered page shows the scan: pdf.js draws the embedded image with dark pixels in it.
    const doc = await loadPdf(pages);
    try {
      const ops = await (await doc.getPage(1)).getOperatorList();
      expect(ops.fnArray.length).toBeGreaterThan(0);
    } finally {
      await closePdf(doc);
    }
  });
});

describe('a job on an encrypted file with a scanned page', () => {
  it('sends the scanned page to the model as a rendered page, with no "could not be prepared" warning', async () => {
    const bytes = fixture('aes256-empty-password.pdf');
    const layout = await readLayoutInChild(bytes, LAYOUT);
    const provider = fakeProvider(() => ({ value: { reference: 'SCAN-0001' }, evidence: [] }));
    const { promise } = await run(provider, { layout, pdfBytes: bytes, schema: { type: 'object', properties: { reference: { type: 'string' } } } });
    const outcome = await promise;
    const [call] = provider.calls;
    expect(call?.section.imagePages).toEqual([2]);
    expect((await PDFDocument.load(call!.imagePdf!)).getPageCount()).toBe(1);
    expect(outcome.warnings.filter((w) => /could not be prepared/.test(w))).toEqual([]);
  });
});

describe('bounds of the PDF reader', () => {
  it('a PDF that needs more memory than the bound is TOO_COMPLEX, and an ordinary PDF is read within the same bound', async () => {
    // 4 million numbers in one operand: about 32 MB of heap before the page's text is reached. (It
    // reads within the service's bound of 256 MB; 8 MB, this test's bound once, refused even a 2-page PDF.)
    const bound = { ...INSPECT, maxMemoryMb: 32 };
    await expect(inspectInChild(hostile.longOperandPdf(4_000_000), bound)).rejects.toMatchObject({
      kind: 'TOO_COMPLEX',
      message: 'The PDF needs more than 32 MB of memory to read.',
    });
    expect(await withoutLayout(inspectInChild(fixture('invoice-2p.pdf'), bound))).toEqual({ pageCount: 2, textPageCount: 2 });
  });

  it('a layout that takes longer than the bound is TOO_COMPLEX', async () => {
    await expect(readLayoutInChild(fixture('table-300.pdf'), { ...LAYOUT, timeoutMs: 1 })).rejects.toMatchObject({
      kind: 'TOO_COMPLEX',
      message: expect.stringMatching(/could not be read within/),
    });
  });
});
