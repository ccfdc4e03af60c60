/**
 * One fresh document (bench/corpora/fresh): a held-out document plus the few print options the
 * fresh styles need (a landscape export, a narrow till roll) that the older held-out set did not.
 */
import type { HeldoutDocument } from './heldout-types.ts';

export interface FreshDocument extends HeldoutDocument {
  /** wkhtmltopdf only: print the page in landscape, as exchanges export wide tables. */
  landscape?: boolean;
}

export interface FreshItem { description: string; quantity: number | null; unit_price: number | null; amount: number }

/** The invoice truth in schema order; a null leaf is a value the document does not state. */
export function invoiceTruth(o: {
  number: string; date: string; due: string | null; currency: string;
  vendor: [string, string[]]; customer: [string | null, string[] | null];
  subtotal: number | null; tax: number | null; total: number; items: FreshItem[];
}): Record<string, unknown> {
  return {
    invoice_number: o.number, invoice_date: o.date, due_date: o.due, currency: o.currency,
    vendor: { name: o.vendor[0], address: o.vendor[1].join(', ') },
    customer: { name: o.customer[0], address: o.customer[1] === null ? null : o.customer[1].join(', ') },
    subtotal: o.subtotal, tax: o.tax, total: o.total,
    line_items: o.items.map((i) => ({ description: i.description, quantity: i.quantity, unit_price: i.unit_price, amount: i.amount })),
  };
}

const IT = ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'];
const NL = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const NL_LONG = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
const EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Date styles the older corpora do not print ("12 maggio 2025", "6 jan 2025", "03-Jun-2025", "6/19/25"). */
export function freshDate(iso: string, style: 'it-long' | 'nl-short' | 'nl-long' | 'd-mon-yyyy' | 'd-mon-yy' | 'us-short' | 'en-ordinal'): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const dd = String(d).padStart(2, '0');
  switch (style) {
    case 'it-long': return `${d} ${IT[m - 1]} ${y}`;
    case 'nl-short': return `${d} ${NL[m - 1]} ${y}`;
    case 'nl-long': return `${d} ${NL_LONG[m - 1]} ${y}`;
    case 'd-mon-yyyy': return `${dd}-${EN[m - 1]}-${y}`;
    case 'd-mon-yy': return `${dd}-${EN[m - 1]}-${String(y).slice(2)}`;
    case 'us-short': return `${m}/${d}/${String(y).slice(2)}`;
    case 'en-ordinal': {
      const suffix = d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th';
      return `${['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][m - 1]} ${d}${suffix}, ${y}`;
    }
  }
}
