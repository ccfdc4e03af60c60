/**
 * The truth of a sealed4 invoice (bench/corpora/schemas/invoice-detailed.schema.json), written by
 * hand from the printed page. A null leaf means the page does not print that value.
 */
export const SEALED4_SCHEMA = 'invoice-detailed.schema.json';

interface Party { name: string; street: string; postal_code: string; city: string; country: string | null }

interface Sealed4Item {
  position: string | null;
  description: string;
  quantity: number;
  unit: string | null;
  unit_price: number;
  /** Null where the line does not print its own rate. */
  tax_rate: number | null;
  net_amount: number;
}

export interface Sealed4Truth {
  invoice_number: string;
  invoice_date: string;
  delivery_date: string | null;
  due_date: string | null;
  currency: string;
  buyer_reference: string | null;
  seller: Party & { vat_id: string | null };
  buyer: Party;
  payment: { iban: string | null; bic: string | null };
  net_total: number;
  tax_total: number;
  gross_total: number;
  line_items: Sealed4Item[];
}

const cents = (n: number): number => Math.round(n * 100);

/**
 * The truths are typed in by hand, so the printed sums must add up or there is a typo: quantity ×
 * price = line amount (to a cent), lines = net total, net + tax = gross.
 */
export function checkedTruth(t: Sealed4Truth): Record<string, unknown> {
  for (const i of t.line_items) {
    if (Math.abs(cents(i.quantity * i.unit_price) - cents(i.net_amount)) > 1) throw new Error(`${t.invoice_number} ${i.description}: quantity × price ≠ amount`);
  }
  if (cents(t.line_items.reduce((s, i) => s + i.net_amount, 0)) !== cents(t.net_total)) throw new Error(`${t.invoice_number}: lines ≠ net total`);
  if (cents(t.net_total) + cents(t.tax_total) !== cents(t.gross_total)) throw new Error(`${t.invoice_number}: net + tax ≠ gross`);
  return { ...t };
}
