/**
 * The concepts schemas usually ask for (invoice number, seller, total...) and the labels printed
 * for them on invoices, statements and papers, gathered from the per-language lexicons. A
 * property whose folded name or title equals one of a concept's phrases is searched under all of
 * that concept's phrases. Weak phrases are ambiguous on their own ("Amount", "Invoice") and
 * score lower so that a specific label wins when both are present.
 */

import { LEXICONS } from './lexicon/index.ts';
import type { Lexicon } from './lexicon/lexicon-types.ts';

export interface Concept {
  key: string;
  phrases: readonly string[];
  weak?: readonly string[];
  /** Printed only as a section heading on a line of its own (see LexiconEntry.headings). */
  headings?: readonly string[];
  /** A party (seller, customer): its fields are read from the block under its heading. */
  entity?: boolean;
  /** Prefer the last of equally good matches (grand totals are printed after the line totals). */
  preferLast?: boolean;
  /** The value may run over several lines (addresses, abstracts). */
  multiline?: boolean;
}

/**
 * The concepts in the order they are tried (the first concept a phrase names wins), with what is
 * particular to each; the printed labels come from the lexicon of every language (lexicon/).
 */
const TRAITS: ReadonlyArray<Omit<Concept, 'phrases' | 'weak' | 'headings'>> = [
  { key: 'invoice_number' },
  { key: 'date' },
  { key: 'due_date' },
  { key: 'delivery_date' },
  { key: 'total', preferLast: true },
  { key: 'subtotal' },
  { key: 'tax' },
  { key: 'tax_rate' },
  { key: 'discount' },
  { key: 'shipping' },
  { key: 'vendor', entity: true },
  { key: 'customer', entity: true },
  { key: 'ship_to', entity: true },
  { key: 'account_number' },
  { key: 'account_holder' },
  { key: 'iban' },
  { key: 'bic' },
  { key: 'sort_code' },
  { key: 'bank_name' },
  { key: 'statement_period' },
  { key: 'opening_balance' },
  { key: 'closing_balance', preferLast: true },
  { key: 'title' },
  { key: 'authors' },
  { key: 'abstract', multiline: true },
  { key: 'keywords' },
  { key: 'received_date' },
  { key: 'accepted_date' },
  { key: 'doi' },
  { key: 'email' },
  { key: 'phone' },
  { key: 'fax' },
  { key: 'website' },
  { key: 'street' },
  { key: 'postal_code' },
  { key: 'city' },
  { key: 'country' },
  { key: 'address', multiline: true },
  { key: 'currency' },
  { key: 'po_number' },
  { key: 'buyer_reference' },
  { key: 'payment_terms' },
  { key: 'tax_id' },
  { key: 'customer_id' },
  { key: 'name' },
  { key: 'description', multiline: true },
  { key: 'quantity' },
  { key: 'unit_price' },
  { key: 'amount' },
  { key: 'transaction_date' },
  { key: 'debit' },
  { key: 'credit' },
  { key: 'balance' },
  { key: 'sku' },
  { key: 'unit' },
  // An item's position in its table ("Pos", "Line"), a number printed as a label of the row.
  { key: 'position' },
];

const LANGUAGES: readonly Lexicon[] = Object.values(LEXICONS);

/** A party's headings in one language: its own, and each of its phrases after a heading lead-in. */
function headingsOf(l: Lexicon, t: Omit<Concept, 'phrases' | 'weak' | 'headings'>): string[] {
  const entry = l.concepts[t.key];
  const led = t.entity === true ? (l.headingLeadIns ?? []).flatMap((lead) => (entry?.phrases ?? []).map((p) => `${lead} ${p}`)) : [];
  return [...(entry?.headings ?? []), ...led];
}

export const CONCEPTS: readonly Concept[] = TRAITS.map((t) => {
  const phrases = LANGUAGES.flatMap((l) => l.concepts[t.key]?.phrases ?? []);
  const weak = LANGUAGES.flatMap((l) => l.concepts[t.key]?.weak ?? []);
  const headings = LANGUAGES.flatMap((l) => headingsOf(l, t));
  return {
    ...t, phrases: [...new Set(phrases)], ...(weak.length > 0 ? { weak: [...new Set(weak)] } : {}), ...(headings.length > 0 ? { headings: [...new Set(headings)] } : {}),
  };
});

/** Text at the start of a table line that ends an item table (totals under the items). */
export const TABLE_END_PHRASES: readonly string[] = [...new Set(LANGUAGES.flatMap((l) => l.tableEnd))];

/** What documents call themselves, in every language (see Lexicon.documentNames). */
export const DOCUMENT_NAMES: readonly string[] = [...new Set(LANGUAGES.flatMap((l) => l.documentNames))];

/** Titles of other documents an invoice refers to, in every language (see Lexicon.otherDocumentNames). */
export const OTHER_DOCUMENT_NAMES: readonly string[] = [...new Set(LANGUAGES.flatMap((l) => l.otherDocumentNames ?? []))];

/** Words joining a document number to its date in a sentence, in every language. */
export const DATE_AFTER_NUMBER: readonly string[] = [...new Set(LANGUAGES.flatMap((l) => l.dateAfterNumber))];

/** Words that may stand before a label without being part of it, in every language (see Lexicon.leadIns). */
export const LABEL_LEAD_INS: ReadonlySet<string> = new Set(LANGUAGES.flatMap((l) => l.leadIns ?? []));

/** Words introducing a due date in running text, in every language. */
export const DUE_INTRO: readonly string[] = [...new Set(LANGUAGES.flatMap((l) => l.dueIntro))];

/** Values a boolean field can take on a document. */
export const TRUE_WORDS: ReadonlySet<string> = new Set(['yes', 'y', 'true', 'x', '✓', '✔', '☑', '☒', '1', 'checked', 'on', 'paid', 'ja', 'oui', 'si']);
export const FALSE_WORDS: ReadonlySet<string> = new Set(['no', 'n', 'false', '✗', '✘', '☐', '0', 'unchecked', 'off', 'unpaid', 'nein', 'non']);
