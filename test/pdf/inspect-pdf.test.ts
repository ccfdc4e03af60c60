import { describe, expect, it } from 'vitest';
import { inspectPdf } from '../../src/pdf/inspect-pdf.ts';
import { PdfError } from '../../src/pdf/pdf-error.ts';
import { fixture } from '../fixtures/read-fixture.ts';

describe('inspectPdf', () => {
  it('counts pages and pages with a text layer (a scanned page has none)', async () => {
    expect(await inspectPdf(fixture('scanned.pdf'), { maxPages: 100 })).toEqual({ pageCount: 2, textPageCount: 1 });
    expect(await inspectPdf(fixture('table-300.pdf'), { maxPages: 100 })).toEqual({ pageCount: 6, textPageCount: 6 });
  });

  it('refuses a PDF without pages as NO_PAGES', async () => {
    await expect(inspectPdf(fixture('zero-pages.pdf'), { maxPages: 100 })).rejects.toMatchObject({ kind: 'NO_PAGES' });
  });

  it('refuses a PDF over maxPages as TOO_MANY_PAGES, and accepts one exactly at the limit', async () => {
    const error = await inspectPdf(fixture('table-300.pdf'), { maxPages: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfError);
    expect(error).toMatchObject({ kind: 'TOO_MANY_PAGES' });
    expect((error as Error).message).toContain('6 pages');
    await expect(inspectPdf(fixture('table-300.pdf'), { maxPages: 6 })).resolves.toMatchObject({ pageCount: 6 });
  });

  it.each([
    ['not-a-pdf.pdf', 'NOT_PDF'],
    ['encrypted.pdf', 'ENCRYPTED'],
    ['corrupt.pdf', 'CORRUPT'],
  ])('passes on the load failure of %s as %s', async (name, kind) => {
    await expect(inspectPdf(fixture(name), { maxPages: 100 })).rejects.toMatchObject({ kind });
  });
});
