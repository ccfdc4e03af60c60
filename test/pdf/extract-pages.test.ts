import { describe, expect, it } from 'vitest';
import { extractPages } from '../../src/pdf/extract-pages.ts';
import { readLayout } from '../../src/pdf/read-layout.ts';
import { fixture } from '../fixtures/read-fixture.ts';

describe('extractPages', () => {
  it('makes a PDF of just the chosen pages, in the order given', async () => {
    const invoice = fixture('invoice-2p.pdf');
    const layout = await readLayout(await extractPages(invoice, [2, 1]));
    expect(layout.pageCount).toBe(2);
    expect(layout.pages[0]!.lines[0]!.text).toBe('Invoice INV-2024-0042 (continued)');
    expect(layout.pages[1]!.lines[0]!.text).toBe('INVOICE');
  });

  it('extracts the scanned page of a mixed document as a one-page PDF without text', async () => {
    const layout = await readLayout(await extractPages(fixture('scanned.pdf'), [2]));
    expect(layout.pageCount).toBe(1);
    expect(layout.pages[0]!.hasTextLayer).toBe(false);
  });

  it('refuses pages outside the document', async () => {
    await expect(extractPages(fixture('scanned.pdf'), [1, 3])).rejects.toThrow(/3 .*outside the document \(1-2\)/);
    await expect(extractPages(fixture('scanned.pdf'), [0])).rejects.toBeInstanceOf(RangeError);
  });
});
