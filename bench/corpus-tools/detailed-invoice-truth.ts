/**
 * The truth of an invoice under the detailed schema (bench/corpora/schemas/invoice-detailed.schema.json),
 * written by hand from the printed page, as the sealed4 and probes7 sets write it. A null leaf means
 * the page does not print that value.
 */
export const DETAILED_INVOICE_SCHEMA = 'invoice-detailed.schema.json';

interface Party { name: string | null; street: string | null; postal_code: string | null; city: string | null; country: string | null }

interface DetailedInvoiceItem {
  position: string | null;
  description: string;
  quantity: number;
  unit: string | null;
  unit_price: number;
  /** Null where the line does not print its own rate. */
  tax_rate: number | null;
  net_amount: number;
}

export interface DetailedInvoiceTruth {
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
  line_items: DetailedInvoiceItem[];
}

const cents = (n: number): number => Math.round(n * 100);

/**
 * The truths are typed in by hand, so the printed sums must add up or there is a typo: quantity ×
 * price = line amount (to a cent), lines = net total, net + tax = gross.
 */
export function checkedTruth(id: string, t: DetailedInvoiceTruth): Record<string, unknown> {
  for (const i of t.line_items) {
    if (Math.abs(cents(i.quantity * i.unit_price) - cents(i.net_amount)) > 1) throw new Error(`${id} ${i.description}: quantity × price ≠ amount`);
  }
  if (cents(t.line_items.reduce((s, i) => s + i.net_amount, 0)) !== cents(t.net_total)) throw new Error(`${id}: lines ≠ net total`);
  if (cents(t.net_total) + cents(t.tax_total) !== cents(t.gross_total)) throw new Error(`${id}: net + tax ≠ gross`);
  return { ...t };
}
