/**
 * An embedded file is decoded only as far as the largest e-invoice kept: a few KB that inflate to
 * a gigabyte cost the reader a few MB and leave the document without an e-invoice. Alone in its
 * file, so the process's peak memory before the reading is this test's own.
 */
import { describe, expect, it } from 'vitest';
import { readLayout } from '../../src/pdf/read-layout.ts';
import { attachmentReadsAreBounded } from '../../src/pdf/text-worker.ts';
import { attachmentBombPdf } from '../fixtures/e-invoice-pdf.ts';

describe('an attachment that inflates to 1000 MB', () => {
  it('is decoded only to the e-invoice bound: no e-invoice, the print is read, and peak memory grows by far less than the attachment', async () => {
    const pdf = await attachmentBombPdf(1000);
    expect(pdf.length).toBeLessThan(20_000);
    const peakBeforeMb = process.resourceUsage().maxRSS / 1024;
    const layout = await readLayout(pdf);
    const peakAfterMb = process.resourceUsage().maxRSS / 1024;
    // Else no attachment is read at all, and the bound below would hold without being tested.
    expect(attachmentReadsAreBounded()).toBe(true);
    expect(layout.eInvoice).toBeUndefined();
    expect(layout.pages[0]?.lines.some((l) => l.text.includes('Verkäufer'))).toBe(true);
    expect(peakAfterMb - peakBeforeMb).toBeLessThan(300);
  });
});
