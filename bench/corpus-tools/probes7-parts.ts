/**
 * What the probes7 invoices (probes7-invoices-de.ts, probes7-invoices-other.ts) share: the truth's
 * shape under the detailed schema, a check that the printed sums add up (the truths are written by
 * hand, so a typo would otherwise score as an extractor miss), and a totals block whose labels are
 * right-aligned against the amounts, as many English and Dutch layouts print it.
 */
import type { OcrPage } from './ocr-page.ts';
import type { SealedInvoice } from './sealed1-invoices.ts';
import { checkedTruth, DETAILED_INVOICE_SCHEMA, type DetailedInvoiceTruth } from './detailed-invoice-truth.ts';

/** Throws when the hand-written truth does not add up the way the printed page does (checkedTruth). */
export function probe(id: string, page: OcrPage, scanned: boolean, truth: DetailedInvoiceTruth): SealedInvoice {
  return { id, page, scanned, schema: DETAILED_INVOICE_SCHEMA, expected: checkedTruth(id, truth) };
}

/** Totals with labels right-aligned at labelRight and amounts right-aligned at valueRight. */
export function rightAlignedSums(p: OcrPage, top: number, rows: Array<[string, string]>, labelRight = 460, valueRight = 545): number {
  rows.forEach(([l, v], i) => {
    const last = i === rows.length - 1;
    p.right(labelRight, top + i * 15, l, { bold: last, label: true }).right(valueRight, top + i * 15, v, { bold: last });
  });
  return top + rows.length * 15;
}
