/**
 * A table's header row: the line whose cells best name an item's properties, with header cells the
 * reader had joined ("Pos Bezeichnung") split apart again, and the labels each item property is
 * recognised by inside a row (an item's "name" is its description).
 */
import type { JsonSchema } from '../../domain/types.ts';
import { findCurrency } from './coerce-value.ts';
import { fieldLabels, LEXICON } from './field-labels.ts';
import type { FieldLabels } from './field-labels.ts';
import type { LineView, Segment, Word } from './layout-words.ts';
import { makeSegment } from './layout-words.ts';
import { cellScore } from './label-cell-score.ts';
import { isLabelAndValue } from './item-blocks.ts';
import { isTaxAmountLabel, takesTaxAmount } from './tax-amount-label.ts';
import type { shapeOf } from './schema-shape.ts';
import { priceIsAmount } from './table-fixups.ts';
import { assignSignedColumns } from './signed-columns.ts';
import type { Sign } from './signed-columns.ts';
import { CONCEPTS } from './synonyms.ts';

/** A property of a table's item, with what recognises its column. */
export interface ItemProp {
  name: string;
  schema: JsonSchema;
  labels: FieldLabels;
  kind: ReturnType<typeof shapeOf>['kind'];
}

export interface Header {
  view: LineView;
  /** Header cells left to right, with the property each names (if any) and its match score. */
  columns: { seg: Segment; prop: ItemProp | null; score: number; sign?: Sign }[];
  score: number;
  signature: string;
  /** Where header cells the reader had joined were split (x of the second cell): rows are cut there too. */
  joins: number[];
}

/**
 * A header cell whose words are a label of several concepts ("Réf." reads "reference": an article
 * code, or a statement's transaction text) is a little less sure than one that names only the
 * property: of "Réf. | Désignation" the second is the description, even with its word split by an
 * OCR layer ("Désig nation", label-cell-score.ts), so the factor is below that split's 0.95.
 */
const SHARED_LABEL_FACTOR = 0.9;
const CONCEPTS_OF_LABEL = new Map<string, number>();
for (const c of CONCEPTS) for (const p of new Set([...c.phrases, ...(c.weak ?? [])])) CONCEPTS_OF_LABEL.set(p, (CONCEPTS_OF_LABEL.get(p) ?? 0) + 1);

/** A header cell names a property when it matches one of its labels at least this well. */
const MIN_HEADER_CELL_SCORE = 0.6;
/** A header cell of more words than this is a sentence, not a column name. */
const MAX_HEADER_CELL_WORDS = 6;
/** A header row is labels: at most this share of its cells may hold digits ("VAT 20%" aside). */
const MAX_HEADER_DIGIT_SHARE = 1 / 3;
/** Of two headers that match equally well, the one naming more columns is the table's: a small bonus per column. */
const PER_COLUMN_BONUS = 0.1;
/** A header cell as sure as this names its property exactly, figures and all ("Lap 1" for lap_1). */
const EXACT_HEADER_CELL_SCORE = 0.99;
/**
 * Two header labels joined in one cell are set apart by more than a word space (about 0.3 em, up
 * to twice that in scanned text layers) though less than a column gap.
 */
const JOINED_HEADER_GAP_EM = 0.7;

/**
 * Two column headers printed so close that the reader took them for one cell ("Pos Bezeichnung",
 * "Menge Einheit"): a cell whose words are two known labels, and not one known label as a whole
 * ("Unit Price"), is two columns. Returns the cell's parts, one part when it is one label.
 */
function splitJoinedHeader(seg: Segment): Segment[] {
  const tokens = seg.words.map((w) => w.folded);
  if (seg.words.length < 2 || LEXICON.has(tokens.flat().join(' '))) return [seg];
  for (let k = 1; k < seg.words.length; k++) {
    const before = seg.words[k - 1] as Word;
    const after = seg.words[k] as Word;
    // Two labels are two cells only with more than a word space between them, and no qualifier: "Net amount (EUR)".
    if (after.bbox.x0 - before.bbox.x1 < JOINED_HEADER_GAP_EM * after.fontSize || /^[(&+/]/.test(after.text)) continue;
    if (LEXICON.has(tokens.slice(0, k).flat().join(' ')) && LEXICON.has(tokens.slice(k).flat().join(' '))) {
      return [makeSegment(seg.words.slice(0, k)), makeSegment(seg.words.slice(k))];
    }
  }
  return [seg];
}

/**
 * A row's cells, with a cell that runs over the join of two split header cells cut where the
 * second header starts ("1 Weizenmehl" under "Pos | Bezeichnung"): each word goes to the side its
 * middle is on.
 */
export function rowSegments(view: LineView, header: Header): Segment[] {
  if (header.joins.length === 0) return view.segments;
  return view.segments.flatMap((seg) => {
    const cut = header.joins.find((x) => seg.bbox.x0 < x && seg.bbox.x1 > x);
    if (cut === undefined) return [seg];
    const left = seg.words.filter((w) => (w.bbox.x0 + w.bbox.x1) / 2 < cut);
    const right = seg.words.slice(left.length);
    return left.length === 0 || right.length === 0 ? [seg] : [makeSegment(left), makeSegment(right)];
  });
}
export function headerAt(view: LineView, props: readonly ItemProp[]): Header | null {
  const parts = view.segments.map(splitJoinedHeader);
  const segments = parts.flat();
  const joins = parts.filter((p) => p.length > 1).map((p) => (p[1] as Segment).bbox.x0);
  if (segments.length < Math.min(2, props.length)) return null;
  // "Einheit: | Stück": a label cell with its colon and a value beside it is a label row, not a header.
  if (isLabelAndValue(view)) return null;
  // A header cell may carry a number that names its column ("Lap 1", "Q3", "2023") when it
  // is a property's label; other cells with figures are values, and a row of values is no header.
  const namesAProp = (seg: Segment): boolean => {
    const tokens = seg.words.flatMap((w) => w.folded);
    return tokens.length > 0 && props.some((p) => cellScore(tokens, p.labels) >= EXACT_HEADER_CELL_SCORE);
  };
  const digitCells = segments.filter((s) => /\d/.test(s.text) && !/%/.test(s.text) && !namesAProp(s)).length;
  if (digitCells > segments.length * MAX_HEADER_DIGIT_SHARE) return null;
  const pairs: { seg: number; prop: ItemProp; score: number }[] = [];
  segments.forEach((seg, i) => {
    const tokens = seg.words.flatMap((w) => w.folded);
    if (tokens.length === 0 || tokens.length > MAX_HEADER_CELL_WORDS) return;
    const taxAmount = isTaxAmountLabel(tokens.join(' '));
    const shared = (CONCEPTS_OF_LABEL.get(tokens.join(' ')) ?? 0) > 1 ? SHARED_LABEL_FACTOR : 1;
    for (const prop of props) {
      if (taxAmount && !takesTaxAmount(prop.name)) continue;
      const score = cellScore(tokens, prop.labels) * shared;
      if (score >= MIN_HEADER_CELL_SCORE) pairs.push({ seg: i, prop, score });
    }
    // "Original amount | GBP": beside a foreign-currency column, the one headed by a bare currency
    // code is the amount in the account's currency.
    const amount = props.find((p) => p.kind === 'number' && p.labels.concept?.key === 'amount');
    if (amount !== undefined && isCurrencyHeading(seg.text)) pairs.push({ seg: i, prop: amount, score: 1 });
  });
  pairs.sort((a, b) => b.score - a.score || a.seg - b.seg);
  const columns: Header['columns'] = segments.map((seg) => ({ seg, prop: null, score: 0 }));
  const usedProps = new Set<string>();
  let score = 0;
  for (const p of pairs) {
    const col = columns[p.seg];
    if (col === undefined || col.prop !== null || usedProps.has(p.prop.name)) continue;
    col.prop = p.prop;
    col.score = p.score;
    usedProps.add(p.prop.name);
    score += p.score;
  }
  const tokensOf = (i: number): string[] => (columns[i]?.seg.words ?? []).flatMap((w) => w.folded);
  // Withdrawals | Deposits for one signed amount: one more property the header names.
  const signed = assignSignedColumns(columns, tokensOf, props, cellScore);
  if (signed > 0) score += columns.filter((c) => c.sign !== undefined).reduce((sum, c) => sum + c.score, 0) / signed;
  priceIsAmount(columns, props);
  const matched = usedProps.size + (signed > 0 ? 1 : 0);
  if (matched < Math.min(2, props.length)) return null;
  const signature = columns.map((c) => c.prop?.name ?? '').join('|');
  return { view, columns, joins, score: score + PER_COLUMN_BONUS * matched, signature };
}

function isCurrencyHeading(text: string): boolean {
  const bare = text.trim().replace(/^\((.*)\)$/, '$1');
  return bare.length <= 3 && findCurrency(bare)?.matched === bare;
}
/**
 * What a property's concept means inside an item row, where no party and no document total is:
 * an item's "name" is its description, its "total" or "net amount" the line's amount, and a
 * "vat_rate" is read under the tax column's header ("MwSt.", "VAT").
 */
const CONCEPT_IN_ITEM: Readonly<Record<string, string>> = { name: 'description', total: 'amount', subtotal: 'amount', tax_rate: 'tax' };

/** A row property's labels: its own, and those of the concept its concept means in an item row, unless another property names that concept. */
export function itemLabels(name: string, schema: JsonSchema, siblings: readonly FieldLabels[]): FieldLabels {
  const own = fieldLabels(name, schema, undefined, []);
  const alias = own.concept === undefined ? undefined : CONCEPT_IN_ITEM[own.concept.key];
  if (alias === undefined || siblings.some((l) => l.concept?.key === alias)) return own;
  const meant = fieldLabels(alias, schema, undefined, []);
  const candidates = [...own.candidates, ...meant.candidates.filter((c) => !own.keys.has(c.key))];
  // The row concept decides how cells are read (a description may wrap, an amount may be signed).
  return { ...own, candidates, keys: new Set([...own.keys, ...meant.keys]), concept: meant.concept };
}
