/**
 * The business terms of an e-invoice as labelled values (see e-invoice-terms.ts), and how the
 * readers of each syntax (cii-invoice-terms.ts, ubl-invoice-terms.ts) collect them.
 */
import type { XmlElement } from './xml-tree.ts';

export interface InvoiceTerm {
  /** EN 16931 business term, "BT-27" (or a group of them, for a whole address). */
  bt: string;
  /** Its EN 16931 name: "Seller name". */
  label: string;
  /** The LOCAL concept (synonyms.ts key) a field reading this term names. */
  concept: string;
  /** The party (a synonyms.ts entity concept) the term belongs to, if any. */
  entity?: 'vendor' | 'customer' | 'ship_to';
  /** Printed names a field may have that pick this term before others of its concept ("amount due"). */
  aliases?: readonly string[];
  value: string | number;
  /**
   * 'code': a code list value (unit C62, country DE) that the print writes in words: it is used
   * only where the print shows it as it is.
   */
  kind: 'text' | 'date' | 'number' | 'code';
}

export interface InvoiceTerms {
  header: InvoiceTerm[];
  /** One list of terms per invoice line, in the XML's order. */
  lines: InvoiceTerm[][];
}

/** Names of fields that pick a term before others of its concept (InvoiceTerm.aliases), shared by both syntaxes. */
export const ALIASES = {
  grandTotal: ['total', 'grand total', 'invoice total', 'total amount', 'gross amount', 'total gross'],
  amountDue: ['amount due', 'balance due', 'amount payable', 'total due', 'amount to pay'],
  netTotal: ['net amount', 'net total', 'total net', 'subtotal'],
  lineTotal: ['line total', 'sum of line net amounts'],
  vatId: ['vat id', 'vat number', 'ust id', 'ust idnr'],
  taxNumber: ['tax number', 'steuernummer'],
  itemName: ['name', 'item', 'item name', 'product', 'product name', 'description', 'article'],
  itemDescription: ['item description', 'product description'],
  netPrice: ['unit price', 'price', 'net price'],
  lineAmount: ['amount', 'total', 'line total', 'net amount', 'line amount'],
  lineVatRate: ['vat', 'vat rate', 'tax rate', 'tax'],
} as const;

export class TermList {
  readonly items: InvoiceTerm[] = [];

  text(bt: string, label: string, concept: string, e: XmlElement | undefined, aliases?: readonly string[], entity?: InvoiceTerm['entity']): void {
    if (e !== undefined && e.text !== '') this.items.push({ bt, label, concept, ...(entity ? { entity } : {}), ...(aliases ? { aliases } : {}), value: e.text.replace(/\s+/g, ' '), kind: 'text' });
  }

  code(bt: string, label: string, concept: string, e: XmlElement | undefined, entity?: InvoiceTerm['entity']): void {
    if (e !== undefined && e.text !== '') this.items.push({ bt, label, concept, ...(entity ? { entity } : {}), value: e.text, kind: 'code' });
  }

  /** A CII date: format 102 (CCYYMMDD). */
  date(bt: string, label: string, concept: string, e: XmlElement | undefined): void {
    const iso = e === undefined ? null : dateOf(e);
    if (iso !== null) this.items.push({ bt, label, concept, value: iso, kind: 'date' });
  }

  /** A UBL date: xs:date (YYYY-MM-DD). */
  isoDate(bt: string, label: string, concept: string, e: XmlElement | undefined): void {
    const iso = e === undefined ? null : validDate(e.text.slice(0, 10).replace(/-/g, ''));
    if (iso !== null) this.items.push({ bt, label, concept, value: iso, kind: 'date' });
  }

  /** A party's address parts and the whole address in one line, as LOCAL joins printed address lines. */
  address(bt: string, role: string, entity: NonNullable<InvoiceTerm['entity']>, parts: { streets: (XmlElement | undefined)[]; postcode?: XmlElement; city?: XmlElement; country?: XmlElement }): void {
    this.text(bt, `${role} address line 1`, 'street', parts.streets[0], undefined, entity);
    this.text(bt, `${role} post code`, 'postal_code', parts.postcode, undefined, entity);
    this.text(bt, `${role} city`, 'city', parts.city, undefined, entity);
    this.code(bt, `${role} country code`, 'country', parts.country, entity);
    const street = parts.streets.map((e) => e?.text ?? '').filter((t) => t !== '');
    const cityLine = [parts.postcode?.text ?? '', parts.city?.text ?? ''].filter((t) => t !== '').join(' ');
    const whole = [...street, cityLine].filter((t) => t !== '').join(', ');
    if (whole !== '') this.items.push({ bt, label: `${role} postal address`, concept: 'address', entity, value: whole, kind: 'text' });
  }

  number(bt: string, label: string, concept: string, e: XmlElement | undefined, aliases?: readonly string[]): void {
    // xs:decimal: digits, one point, an optional sign; nothing else is an EN 16931 amount.
    if (e === undefined || !/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(e.text)) return;
    this.items.push({ bt, label, concept, ...(aliases ? { aliases } : {}), value: Number(e.text), kind: 'number' });
  }
}

/** Format 102 (CCYYMMDD), the one EN 16931 allows for dates, as an ISO date; null for anything else. */
function dateOf(e: XmlElement): string | null {
  const format = e.attributes['format'];
  return format !== undefined && format !== '102' ? null : validDate(e.text);
}

/** CCYYMMDD as an ISO date, when it is a day of the calendar. */
function validDate(text: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m === null) return null;
  const [, y, mo, d] = m;
  const date = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d) ? null : `${y}-${mo}-${d}`;
}
