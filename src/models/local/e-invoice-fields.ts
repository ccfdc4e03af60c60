/**
 * The embedded e-invoice (ZUGFeRD, Factur-X, XRechnung) checked against, and completing, what
 * LOCAL read from the print.
 *
 * The XML is used at all only when it is the print's own data: its invoice number (BT-1) and its
 * total (BT-112 or BT-115) are printed (describesThePrint). An XML made from other data (a
 * template's sample values, an invoice corrected on paper) would otherwise fill the fields the
 * print reading missed with values the document does not have.
 *
 * Each schema field is matched to a business term of the XML the way LOCAL matches it to printed
 * labels (field-labels.ts): by the concept its name or title names and the party it belongs to,
 * a term's own names choosing among the terms of that concept ("amount_due" takes BT-115, "total"
 * BT-112; see termFor). Then, field by field:
 *
 * - the XML's value is found in the print (e-invoice-locate.ts): it is the value, cited at that
 *   place, whatever the print reading made of the page (it read "GmbH" for the seller's name that
 *   the print shows in full, or took another number for the total);
 * - the print reading found nothing and the XML's value is not printed: the XML's value, with a
 *   low confidence and no place (nothing on the page to cite), except a code (unit C62, country
 *   DE), which the print writes in words and which would be a wrong value where it is not shown;
 * - the print reading found a value and the XML's disagrees and is not printed: the print
 *   reading stays. An XML is not always made from the same data as its print (a demo with sample
 *   XML, an invoice corrected on paper), and what LOCAL answers must be what the document shows.
 *
 * Invoice lines go to the array of objects whose item fields match at least MIN_LINE_FIELDS line
 * terms: item by item when the print reading has as many items as the XML lines; as the XML's
 * lines when it has none, or when every line's item name is printed; otherwise the print reading
 * stays.
 */
import type { FieldEvidence, JsonSchema } from '../../domain/types.ts';
import { conceptOf, entityOf, fieldLabels } from './field-labels.ts';
import type { FieldLabels } from './field-labels.ts';
import { locateTerm } from './e-invoice-locate.ts';
import type { PrintedValue } from './e-invoice-locate.ts';
import type { InvoiceTerm, InvoiceTerms } from './invoice-term-list.ts';
import type { LineView } from './layout-words.ts';
import { foldKey, foldLabel } from './normalize-label.ts';
import type { DocumentHints } from './parse-number.ts';
import { itemsOf, pointerToken, propertiesOf, requiredOf, shapeOf } from './schema-shape.ts';
import type { Concept } from './synonyms.ts';
import { isPlainObject } from '../../json-schema/json-object.ts';

/** Confidence of an XML value the print shows where the value was found. */
const PRINTED_CONFIDENCE = 0.9;
/** Confidence of an XML value the print does not show: only used where the print reading had nothing. */
const UNPRINTED_CONFIDENCE = 0.5;
/** An array is the invoice's lines when this many of its item fields match line terms. */
const MIN_LINE_FIELDS = 2;
/** An invoice line's values are looked for on its name's line and this many lines below it. */
const LINE_SPAN = 3;
/**
 * An XML with more lines than this has its lines ignored (the print reading of the items stays).
 * Matching costs a few field lookups per line; a 2 MB XML of empty <InvoiceLine/>s has 149,000 of
 * them and held the LOCAL thread 12-28 s. Real invoices with thousands of lines are rare, and their
 * print is read anyway.
 */
const MAX_INVOICE_LINES = 5_000;

interface Parent {
  entity: Concept | undefined;
  words: readonly string[];
}

interface Reading {
  terms: InvoiceTerms;
  views: readonly LineView[];
  hints: DocumentHints;
  /**
   * The print reading's evidence, and what replaces it: gathered apart and joined once (evidenceOf),
   * as filtering the whole list for each field made 5,000 lines take seconds.
   */
  evidence: readonly FieldEvidence[];
  added: FieldEvidence[];
  /** Pointers whose print evidence is replaced. */
  replaced: Set<string>;
  /** An array whose items are the XML's lines: all its print evidence goes. */
  replacedUnder: string[];
  linesTaken: boolean;
}

/**
 * LOCAL's answer for a subtree with the e-invoice's values applied (see the module comment);
 * `value` is changed in place where it is an object, and returned.
 */
export function applyInvoiceTerms(
  answer: { value: unknown; evidence: FieldEvidence[] },
  schema: JsonSchema,
  parent: Parent & { name: string },
  terms: InvoiceTerms,
  views: readonly LineView[],
  hints: DocumentHints,
): { value: unknown; evidence: FieldEvidence[] } {
  if (!describesThePrint(terms, views, hints)) return answer;
  const reading: Reading = { terms, views, hints, evidence: answer.evidence, added: [], replaced: new Set(), replacedUnder: [], linesTaken: false };
  const shape = shapeOf(schema);
  if (shape.kind === 'object' && isPlainObject(answer.value)) {
    applyObject(reading, shape.schema, answer.value, '', parent);
    return { value: answer.value, evidence: evidenceOf(reading) };
  }
  if (shape.kind === 'array') {
    const holder: Record<string, unknown> = { [parent.name]: answer.value };
    applyLines(reading, holder, parent.name, shape.schema, '', parent.name);
    return { value: holder[parent.name], evidence: evidenceOf(reading) };
  }
  return answer;
}

/** Whether the print shows the XML's invoice number and total, the two facts every invoice prints. */
function describesThePrint(terms: InvoiceTerms, views: readonly LineView[], hints: DocumentHints): boolean {
  const number = terms.header.find((t) => t.bt === 'BT-1');
  const totals = terms.header.filter((t) => t.bt === 'BT-112' || t.bt === 'BT-115');
  if (number === undefined || totals.length === 0) return false;
  return locateTerm(number, views, hints) !== null && totals.some((t) => locateTerm(t, views, hints) !== null);
}

function applyObject(reading: Reading, schema: JsonSchema, value: Record<string, unknown>, pointer: string, parent: Parent): boolean {
  let changed = false;
  for (const [name, propSchema] of propertiesOf(schema)) {
    const shape = shapeOf(propSchema);
    const childPointer = `${pointer}/${pointerToken(name)}`;
    if (shape.kind === 'object') {
      const own = entityOf(name, shape.schema);
      const child = isPlainObject(value[name]) ? value[name] : {};
      if (applyObject(reading, shape.schema, child, childPointer, { entity: own ?? parent.entity, words: foldLabel(name) })) {
        value[name] = child;
        changed = true;
      }
    } else if (shape.kind === 'array') {
      if (!reading.linesTaken) changed = applyLines(reading, value, name, shape.schema, `${pointer}/${pointerToken(name)}`, name) || changed;
    } else {
      const labels = fieldLabels(name, propSchema, parent.entity, parent.words);
      const found = termFor(reading.terms.header, name, propSchema, labels, parent);
      if (found !== undefined) changed = applyTerm(reading, value, name, propSchema, found, childPointer, reading.views) || changed;
    }
  }
  return changed;
}

/**
 * The term a field reads, of the same party: a term of the concept the field names, its own names
 * (aliases) only choosing among those ("amount_due" and "total" both name totals: BT-115, BT-112).
 * A name alone never carries a field to another concept by its last word: "tax_total" is a tax,
 * not BT-112; a line's "total_price" is not its net price. Only a field named exactly as a term of
 * another concept is ("name" for the item name) reads that term, and then only where the print
 * reading found nothing (`foreign`). A field that names no concept reads nothing.
 */
function termFor(terms: readonly InvoiceTerm[], name: string, schema: JsonSchema, labels: FieldLabels, parent: Parent): { term: InvoiceTerm; foreign: boolean } | undefined {
  const concept = labels.concept?.key;
  if (concept === undefined) return undefined;
  let entity = labels.entity?.key;
  // A VAT id at the top of an invoice's schema is the issuer's (as vat-id-field.ts reads it).
  if (entity === undefined && parent.entity === undefined && concept === 'tax_id') entity = 'vendor';
  const mine = terms.filter((t) => t.entity === entity);
  const title = typeof schema['title'] === 'string' ? foldLabel(schema['title']).join(' ') : '';
  const own = [foldLabel(name).join(' '), title].filter((k) => k !== '');
  const namesOf = (t: InvoiceTerm) => [foldLabel(t.label).join(' '), ...(t.aliases ?? [])];
  const ofConcept = mine.filter((t) => t.concept === concept);
  const same =
    ofConcept.find((t) => namesOf(t).some((n) => own.includes(n))) ??
    (narrowed(name, schema)
      ? undefined
      : (ofConcept.find((t) => namesOf(t).some((n) => own.some((k) => k.endsWith(` ${n}`)))) ?? ofConcept[0]));
  if (same !== undefined) return { term: same, foreign: false };
  const named = mine.find((t) => namesOf(t).some((n) => own.includes(n)));
  return named === undefined ? undefined : { term: named, foreign: true };
}

/**
 * Whether words the synonyms do not know narrow the concept the field names ("shipping_total" is
 * some total, not the invoice's): such a field reads only a term named exactly as it is. A party
 * before the concept ("seller_name") does not narrow it.
 */
function narrowed(name: string, schema: JsonSchema): boolean {
  const title = typeof schema['title'] === 'string' ? foldLabel(schema['title']) : [];
  const named = conceptOf(foldLabel(name), false) ?? (title.length > 0 ? conceptOf(title, false) : undefined);
  if (named === undefined || named.prefix.length === 0) return false;
  return conceptOf(named.prefix, true)?.prefix.length !== 0;
}

/** One field under the rule of the module comment; true when it changed the answer. */
function applyTerm(
  reading: Reading,
  container: Record<string, unknown>,
  name: string,
  schema: JsonSchema,
  { term, foreign }: { term: InvoiceTerm; foreign: boolean },
  pointer: string,
  views: readonly LineView[],
): boolean {
  const printed = locateTerm(term, views, reading.hints);
  const value = valueFor(term, schema, printed);
  if (value === undefined) return false;
  const current = container[name];
  const empty = current === null || current === undefined || current === '';
  // A term of another concept than the field's only fills a field the print reading left empty.
  if (!empty && (sameValue(current, value) || printed === null || foreign)) return false;
  if (empty && printed === null && term.kind === 'code') return false;
  container[name] = value;
  reading.replaced.add(pointer);
  reading.added.push(evidenceFor(pointer, term, printed, empty));
  return true;
}

function evidenceOf(reading: Reading): FieldEvidence[] {
  const kept = reading.evidence.filter((e) => !reading.replaced.has(e.pointer) && !reading.replacedUnder.some((p) => e.pointer.startsWith(p)));
  return [...kept, ...reading.added];
}

function evidenceFor(pointer: string, term: InvoiceTerm, printed: PrintedValue | null, empty: boolean): FieldEvidence {
  const source = `${term.bt} "${term.label}" of the embedded e-invoice`;
  if (printed === null) {
    return { pointer, reasoning: `${source}; not found in the printed text, which gave no value here`, confidence: UNPRINTED_CONFIDENCE };
  }
  return {
    pointer,
    reasoning: empty ? `${source}, as printed here` : `${source}, as printed here (the print reading had taken another value)`,
    confidence: PRINTED_CONFIDENCE,
    quote: printed.quote,
    page: printed.page,
    bbox: printed.bbox,
  };
}

/** The term's value in the field's type, or undefined when the field cannot hold it. */
function valueFor(term: InvoiceTerm, schema: JsonSchema, printed: PrintedValue | null): unknown {
  const shape = shapeOf(schema);
  const options = shape.schema['enum'];
  if (Array.isArray(options)) return options.find((o) => typeof o === 'string' && foldKey(o) === foldKey(String(term.value)));
  switch (shape.kind) {
    case 'number':
      return term.kind === 'number' ? term.value : undefined;
    case 'integer':
      return term.kind === 'number' && Number.isInteger(term.value) ? term.value : undefined;
    case 'string':
    case 'unknown': {
      const format = shape.schema['format'];
      if (format === 'date') return term.kind === 'date' ? term.value : undefined;
      if (format !== undefined) return undefined;
      // The document's own characters where it prints the value; the XML's otherwise.
      return printed?.quote ?? (term.kind === 'number' ? String(term.value) : term.value);
    }
    default:
      return undefined;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 0.005;
  // An IBAN printed in groups is the same as the XML's unbroken one.
  return foldKey(String(a)).replace(/ /g, '') === foldKey(String(b)).replace(/ /g, '');
}

function applyLines(reading: Reading, container: Record<string, unknown>, name: string, schema: JsonSchema, pointer: string, arrayName: string): boolean {
  const { lines } = reading.terms;
  const itemShape = shapeOf(itemsOf(schema));
  if (lines.length === 0 || lines.length > MAX_INVOICE_LINES || itemShape.kind !== 'object') return false;
  const props = propertiesOf(itemShape.schema)
    .filter(([, s]) => !['object', 'array'].includes(shapeOf(s).kind))
    .map(([prop, propSchema]) => ({ prop, propSchema, labels: fieldLabels(prop, propSchema, undefined, []) }));
  const parent: Parent = { entity: undefined, words: foldLabel(arrayName) };
  // Each line's terms once: the fields' labels do not depend on the line.
  const lineTerms = lines.map((line) =>
    props.flatMap(({ prop, propSchema, labels }) => {
      const found = termFor(line, prop, propSchema, labels, parent);
      return found === undefined ? [] : [{ prop, propSchema, found }];
    }),
  );
  if (!lineTerms.some((t) => t.length >= MIN_LINE_FIELDS)) return false;
  reading.linesTaken = true;
  const printedItems = Array.isArray(container[name]) ? (container[name] as unknown[]) : [];
  const anchors = lines.map((line) => {
    const itemName = line.find((t) => t.bt === 'BT-153');
    return itemName === undefined ? null : locateTerm(itemName, reading.views, reading.hints);
  });
  const itemByItem = printedItems.length === lines.length;
  if (!itemByItem && printedItems.length > 0 && anchors.some((a) => a === null)) return false;
  const required = requiredOf(itemShape.schema);
  const items = lineTerms.map((terms, i) => {
    const item = itemByItem && isPlainObject(printedItems[i]) ? printedItems[i] : {};
    const anchor = anchors[i] ?? null;
    // A line's values are read beside its name: a quantity of 1 is printed in many other places.
    const beside = anchor === null ? [] : reading.views.filter((v) => v.page === anchor.page && v.order >= anchor.order && v.order <= anchor.order + LINE_SPAN);
    for (const { prop, propSchema, found } of terms) applyTerm(reading, item, prop, propSchema, found, `${pointer}/${i}/${pointerToken(prop)}`, beside);
    for (const { prop, propSchema } of props) if (!(prop in item) && (required.has(prop) || shapeOf(propSchema).nullable)) item[prop] = null;
    return item;
  });
  // Items that are the XML's lines keep none of the print reading's evidence.
  if (!itemByItem) reading.replacedUnder.push(`${pointer}/`);
  container[name] = items;
  return true;
}
