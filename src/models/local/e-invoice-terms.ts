/**
 * The business terms of the e-invoice embedded in a PDF as labelled values: each carries its
 * EN 16931 name (BT-27 "Seller name") and the LOCAL concept it is printed under (synonyms.ts:
 * 'name' of the party 'vendor'), so that e-invoice-fields.ts can give it to the schema field
 * LOCAL's own label matching would read it for. One reader per syntax, chosen by the root element.
 */
import { ciiInvoiceTerms } from './cii-invoice-terms.ts';
import type { InvoiceTerms } from './invoice-term-list.ts';
import { ublInvoiceTerms } from './ubl-invoice-terms.ts';
import { parseXml } from './xml-tree.ts';

/**
 * The last XML read and its terms. A job asks LOCAL for one section's subtrees one after another,
 * each with the same e-invoice, and parsing a 2 MB XML again for each took seconds; requests reach
 * this thread as copies (local-in-thread.ts), so the XML's text is the key, not its object.
 * The terms are never changed by their readers.
 */
let last: { xml: string; terms: InvoiceTerms | null } | undefined;

/** The invoice's terms, or null when the XML is malformed or not an invoice of a syntax read here. */
export function readInvoiceTerms(xml: string): InvoiceTerms | null {
  if (last?.xml !== xml) last = { xml, terms: readTerms(xml) };
  return last.terms;
}

function readTerms(xml: string): InvoiceTerms | null {
  const root = parseXml(xml);
  if (root === null) return null;
  if (root.name === 'CrossIndustryInvoice' || root.name === 'CrossIndustryDocument') return ciiInvoiceTerms(root);
  if (root.name === 'Invoice') return ublInvoiceTerms(root);
  return null;
}
