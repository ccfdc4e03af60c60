/**
 * What the probes7 invoices (probes7-invoices-de.ts, probes7-invoices-other.ts) share: the truth's
 * shape under the detailed schema, a check that the printed sums add up (the truths are written by
 * hand, so a typo would otherwise score as an extractor miss), and a totals block whose labels are
 * right-aligned against the amounts, as many English and Dutch layouts print it.
 */
import type { OcrPage } from './ocr-page.ts';
import type { SealedInvoice } from './sealed1-invoices.ts';

const DETAILED_SCHEMA = 'invoice-detailed.schema.json';

interface Party { name: string | null; street: string | null; postal_code: string | null; city: string | null; country: string | null }
interface ProbeItem {
  position: string | null;
  description: string;
  quantity: number;
  unit: string | null;
  unit_price: number;
  tax_rate: number | null;
  net_amount: number;
}
export interface ProbeTruth {
  invoice_number: string | null;
  invoice_date: string | null;
  delivery_date: string | null;
  due_date: string | null;
  currency: string | null;
  buyer_reference: string | null;
  seller: Party & { vat_id: string | null };
  buyer: Party;
  payment: { iban: string | null; bic: string | null };
  net_total: number;
  tax_total: number;
  gross_total: number;
  line_items: ProbeItem[];
}

const cents = (n: number): number => Math.round(n * 100);

/** Throws when the hand-written truth does not add up the way the printed page does. */
export function probe(id: string, page: OcrPage, scanned: boolean, truth: ProbeTruth): SealedInvoice {
  for (const i of truth.line_items) {
    if (Math.abs(cents(i.quantity * i.unit_price) - cents(i.net_amount)) > 1) throw new Error(`${id} ${i.description}: quantity × price ≠ amount`);
  }
  if (cents(truth.line_items.reduce((s, i) => s + i.net_amount, 0)) !== cents(truth.net_total)) throw new Error(`${id}: items ≠ net total`);
  if (cents(truth.net_total + truth.tax_total) !== cents(truth.gross_total)) throw new Error(`${id}: net + tax ≠ gross`);
  return { id, page, scanned, schema: DETAILED_SCHEMA, expected: { ...truth } };
}

/** Totals with labels right-aligned at labelRight and amounts right-aligned at valueRight. */
export function rightAlignedSums(p: OcrPage, top: number, rows: Array<[string, string]>, labelRight = 460, valueRight = 545): number {
  rows.forEach(([l, v], i) => {
    const last = i === rows.length - 1;
    p.right(labelRight, top + i * 15, l, { bold: last, label: true }).right(valueRight, top + i * 15, v, { bold: last });
  });
  return top + rows.length * 15;
}
