import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLayout, storableText } from '../../src/pdf/read-layout.ts';
import type { DocumentLayout, Line, PageLayout, Span } from '../../src/domain/types.ts';
import { fixture } from '../fixtures/read-fixture.ts';

function lineIndex(page: PageLayout, startsWith: string): number {
  const index = page.lines.findIndex((l) => l.text.startsWith(startsWith));
  expect(index, `a line starting "${startsWith}"`).toBeGreaterThanOrEqual(0);
  return index;
}

function spanWithText(page: PageLayout, text: string): Span {
  const span = page.lines.flatMap((l) => l.spans).find((s) => s.text === text);
  expect(span, `a span "${text}"`).toBeDefined();
  return span!;
}

async function textWidth(font: StandardFonts, text: string, size: number): Promise<number> {
  const doc = await PDFDocument.create();
  return (await doc.embedFont(font)).widthOfTextAtSize(text, size);
}

describe('readLayout on a two-column paper page', () => {
  let page: PageLayout;
  beforeAll(async () => {
    page = (await readLayout(fixture('two-column.pdf'))).pages[0]!;
  });

  it('a two-column page comes out in column order, with full-width lines in place', () => {
    const title = lineIndex(page, 'Schema-Guided Extraction from Business Documents');
    const abstract = lineIndex(page, 'We present a method');
    const leftFirst = lineIndex(page, 'Businesses receive thousands of documents');
    const leftLast = page.lines.findIndex((l) => l.text.endsWith('This concludes the introduction.'));
    const rightHeading = lineIndex(page, '2 Related Work');
    const rightFirst = lineIndex(page, 'Early systems relied on templates');
    const rightLast = page.lines.findIndex((l) => l.text.endsWith('users see progress on long documents.'));
    expect(title).toBe(0);
    expect(abstract).toBeLessThan(leftFirst);
    expect(leftFirst).toBeLessThan(leftLast);
    expect(leftLast).toBeLessThan(rightHeading);
    expect(rightHeading).toBeLessThan(rightFirst);
    expect(rightFirst).toBeLessThan(rightLast);
    expect(rightLast).toBe(page.lines.length - 1);
  });

  it('no line mixes words from both columns', () => {
    const gutterMiddle = 72 + 222 + 12;
    const columnTop = page.lines[lineIndex(page, '1 Introduction')]!.bbox.y0;
    const columnLines = page.lines.filter((l) => l.bbox.y0 >= columnTop);
    expect(columnLines.length).toBe(2 + 12 + 10); // two headings, 12 left lines, 10 right
    for (const line of columnLines) {
      const side = line.bbox.x1 < gutterMiddle ? 'left' : line.bbox.x0 > gutterMiddle ? 'right' : 'both';
      expect(side, line.text).not.toBe('both');
      expect(line.cells).toBeUndefined();
    }
  });

  it('joins a hyphenated line end in the text and keeps each piece’s box where it was printed', () => {
    const joined = page.lines.find((l) => l.text.includes('extraction'))!;
    expect(joined.text).toBe('automated data extraction');
    expect(page.lines.some((l) => /extrac-/.test(l.text))).toBe(false);
    const next = page.lines[page.lines.indexOf(joined) + 1]!;
    expect(next.text).toMatch(/^has been studied for decades\./);
    // The continuation "tion ..." is still a span of the next printed line, one leading lower.
    expect(next.spans[0]!.text).toMatch(/^tion has been studied/);
    expect(next.bbox.y0 - joined.bbox.y0).toBeCloseTo(12, 1);
  });

  it('puts a known word’s box where it was drawn (top-left origin, y flipped)', async () => {
    const span = spanWithText(page, 'Abstract');
    const baseline = 792 - 655; // drawn at y=655 on a 792-pt page
    const width = await textWidth(StandardFonts.HelveticaBold, 'Abstract', 11);
    expect(Math.abs(span.bbox.x0 - 72)).toBeLessThan(2);
    expect(Math.abs(span.bbox.x1 - (72 + width))).toBeLessThan(2);
    expect(span.bbox.y0).toBeLessThan(baseline);
    expect(span.bbox.y1).toBeGreaterThan(baseline);
    expect(span.bbox.y0).toBeGreaterThan(baseline - 11 - 2);
    expect(span.bbox.y1).toBeLessThan(baseline + 11 * 0.3 + 2);
    expect(span.fontSize).toBeCloseTo(11, 3);
    for (const line of page.lines) {
      expect(line.bbox.x0).toBeGreaterThanOrEqual(0);
      expect(line.bbox.x1).toBeLessThanOrEqual(page.width);
      expect(line.bbox.y0).toBeGreaterThanOrEqual(0);
      expect(line.bbox.y1).toBeLessThanOrEqual(page.height);
    }
  });
});

describe('readLayout on tables', () => {
  let statement: DocumentLayout;
  let invoice: DocumentLayout;
  beforeAll(async () => {
    statement = await readLayout(fixture('table-300.pdf'));
    invoice = await readLayout(fixture('invoice-2p.pdf'));
  });

  it('keeps each of the 300 statement rows as one line with date | description | amount | balance cells', () => {
    const isTransaction = (l: Line): boolean => /^\d{4}-\d{2}-\d{2} \| /.test(l.text);
    const rows = statement.pages.flatMap((p) => p.lines.filter(isTransaction));
    expect(rows).toHaveLength(300);
    for (const row of rows) expect(row.cells).toHaveLength(4);
    expect(rows[0]!.text).toBe('2024-01-01 | Salary Analytical Engines ref 0001 | 3,250.00 | 8,250.00');
    expect(rows[299]!.text).toBe('2024-12-29 | Card Circle K ref 0300 | -39.31 | 26,480.00');
    expect(rows[299]!.cells!.map((c) => c.text)).toEqual(['2024-12-29', 'Card Circle K ref 0300', '-39.31', '26,480.00']);
    const headers = statement.pages.map((p) => p.lines.find((l) => l.text.startsWith('Date'))?.text);
    expect(headers).toEqual(new Array(6).fill('Date | Description | Amount | Balance'));
  });

  it('gives each cell the box of its column', () => {
    const row = statement.pages[5]!.lines.find((l) => l.text.startsWith('2024-12-29'))!;
    const [date, description, amount, balance] = row.cells!;
    expect(Math.abs(date!.bbox.x0 - 50)).toBeLessThan(1);
    expect(Math.abs(description!.bbox.x0 - 130)).toBeLessThan(1);
    expect(Math.abs(amount!.bbox.x1 - 440)).toBeLessThan(1);
    expect(Math.abs(balance!.bbox.x1 - 545)).toBeLessThan(1);
  });

  it('reads the invoice item table on both pages and the totals on page 2', () => {
    const [p1, p2] = invoice.pages;
    const items = (p: PageLayout): string[] => p.lines.filter((l) => /^\d+ \| /.test(l.text)).map((l) => l.text);
    expect(items(p1!)).toHaveLength(24);
    expect(items(p2!)).toHaveLength(8);
    expect(items(p1!)[0]).toBe('1 | Copy paper A4 80g, box of 5 reams | 1 | 2.50 | 2.50');
    expect(items(p2!).at(-1)).toBe('32 | Staples 24/6, box of 5000 | 2 | 19.73 | 39.46');
    const texts = p2!.lines.map((l) => l.text);
    expect(texts).toContain('Subtotal | EUR 1,924.31');
    expect(texts).toContain('Total due | EUR 2,289.93');
    expect(texts.indexOf('Subtotal | EUR 1,924.31')).toBeLessThan(texts.indexOf('VAT 19% | EUR 365.62'));
  });

  it('puts the invoice number’s box where it was drawn', () => {
    const span = spanWithText(invoice.pages[0]!, 'Invoice number: INV-2024-0042');
    expect(Math.abs(span.bbox.x0 - 360)).toBeLessThan(2);
    const baseline = 842 - 750;
    expect(span.bbox.y0).toBeLessThan(baseline);
    expect(span.bbox.y1).toBeGreaterThan(baseline);
    expect(span.bbox.y1 - span.bbox.y0).toBeLessThan(10 * 1.3);
  });
});

describe('readLayout on a scan', () => {
  it('marks an image-only page as having no text layer and no lines', async () => {
    const layout = await readLayout(fixture('scanned.pdf'));
    expect(layout.pageCount).toBe(2);
    expect(layout.pages.map((p) => [p.page, p.hasTextLayer, p.lines.length > 0])).toEqual([
      [1, true, true],
      [2, false, false],
    ]);
    expect(layout.pages[0]!.lines.map((l) => l.text)).toContain('Reference: SCAN-0001');
    expect(layout.pages[1]!.width).toBe(595);
    expect(layout.pages[1]!.height).toBe(842);
  });

  it('fails with the PdfError kind of the document', async () => {
    await expect(readLayout(fixture('zero-pages.pdf'))).rejects.toMatchObject({ kind: 'NO_PAGES' });
    await expect(readLayout(fixture('encrypted.pdf'))).rejects.toMatchObject({ kind: 'ENCRYPTED' });
  });
});

describe('text as the layout stores it (jsonb)', () => {
  it('half a surrogate pair from a damaged font becomes U+FFFD and NULs are dropped (jsonb refuses both)', () => {
    // Found by the hostile PDF sweep: a fuzzed manual's page 81 gave a lone \ud996 and every
    // attempt of its job failed with "invalid input syntax for type json".
    expect(storableText('Invoice \ud996 INV-7\u0000')).toBe('Invoice \ufffd INV-7');
    expect(storableText('a pair 😀 stays')).toBe('a pair 😀 stays');
  });
});
