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

type Party = NonNullable<InvoiceTerm['entity']>;

/** Each party's business terms: the seller's and buyer's in full, the deliver-to party's name and address. */
export const PARTIES = {
  seller: { entity: 'vendor', role: 'Seller', bt: { name: 'BT-27', vat: 'BT-31', taxNumber: 'BT-32', address: 'BG-5', email: 'BT-43', phone: 'BT-42' } },
  buyer: { entity: 'customer', role: 'Buyer', bt: { name: 'BT-44', vat: 'BT-48', address: 'BG-8', email: 'BT-58', phone: 'BT-57' } },
  shipTo: { entity: 'ship_to', role: 'Deliver to', bt: { name: 'BT-70', address: 'BG-15' } },
} as const satisfies Record<string, { entity: Party; role: string; bt: { name: string; vat?: string; taxNumber?: string; address: string; email?: string; phone?: string } }>;

/** The elements of one party that hold its terms, wherever a syntax keeps them. */
export interface PartyElements {
  name: XmlElement | undefined;
  vat?: XmlElement | undefined;
  taxNumber?: XmlElement | undefined;
  streets: (XmlElement | undefined)[];
  postcode: XmlElement | undefined;
  city: XmlElement | undefined;
  country: XmlElement | undefined;
  email: XmlElement | undefined;
  phone: XmlElement | undefined;
}

/** Adds the terms of `party` found in `found` (nothing when the invoice has no such party). */
export function addPartyTerms(terms: TermList, party: (typeof PARTIES)[keyof typeof PARTIES], found: PartyElements | undefined): void {
  if (found === undefined) return;
  const { entity, role } = party;
  const bt: { name: string; vat?: string; taxNumber?: string; address: string; email?: string; phone?: string } = party.bt;
  terms.text(bt.name, `${role} name`, 'name', found.name, undefined, entity);
  if (bt.vat !== undefined) terms.text(bt.vat, `${role} VAT identifier`, 'tax_id', found.vat, ALIASES.vatId, entity);
  if (bt.taxNumber !== undefined) terms.text(bt.taxNumber, `${role} tax registration identifier`, 'tax_id', found.taxNumber, ALIASES.taxNumber, entity);
  terms.address(bt.address, role, entity, { streets: found.streets, postcode: found.postcode, city: found.city, country: found.country });
  terms.text(bt.email ?? bt.address, `${role} contact email address`, 'email', found.email, undefined, entity);
  terms.text(bt.phone ?? bt.address, `${role} contact telephone number`, 'phone', found.phone, undefined, entity);
}

/** The elements of one invoice line that hold its terms, wherever a syntax keeps them. */
export interface LineElements {
  id: XmlElement | undefined;
  name: XmlElement | undefined;
  description: XmlElement | undefined;
  sku: XmlElement | undefined;
  quantity: XmlElement | undefined;
  netPrice: XmlElement | undefined;
  lineAmount: XmlElement | undefined;
  vatRate: XmlElement | undefined;
}

/** The terms of one invoice line (BG-25). */
export function lineTermsFrom(found: LineElements): InvoiceTerm[] {
  const terms = new TermList();
  terms.text('BT-126', 'Invoice line identifier', 'position', found.id);
  terms.text('BT-153', 'Item name', 'description', found.name, ALIASES.itemName);
  terms.text('BT-154', 'Item description', 'description', found.description, ALIASES.itemDescription);
  terms.text('BT-155', "Item Seller's identifier", 'sku', found.sku);
  terms.number('BT-129', 'Invoiced quantity', 'quantity', found.quantity);
  const unit = found.quantity?.attributes['unitCode'];
  if (unit !== undefined && unit !== '') terms.items.push({ bt: 'BT-130', label: 'Invoiced quantity unit of measure code', concept: 'unit', value: unit, kind: 'code' });
  terms.number('BT-146', 'Item net price', 'unit_price', found.netPrice, ALIASES.netPrice);
  terms.number('BT-131', 'Invoice line net amount', 'amount', found.lineAmount, ALIASES.lineAmount);
  terms.number('BT-152', 'Invoiced item VAT rate', 'tax_rate', found.vatRate, ALIASES.lineVatRate);
  return terms.items;
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
