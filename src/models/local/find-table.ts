/**
 * Arrays of objects from tables. The header is the line whose cells best name the item's
 * properties; every later cell goes to the header column its box overlaps most. The table ends
 * at a totals line or a line that does not fit the columns, and continues on later pages after a
 * repeated header, or at the top of the next page when it ran into the page footer.
 */
import type { BBox, JsonSchema } from '../../domain/types.ts';
import { coerceScalar, findCurrency } from './coerce-value.ts';
import { fieldLabels, LEXICON } from './field-labels.ts';
import type { FieldLabels } from './field-labels.ts';
import { foundFrom, placeOf } from './found-value.ts';
import type { Found } from './found-value.ts';
import type { LineView, Segment, Word } from './layout-words.ts';
import { makeSegment, quoteOf, unionBox } from './layout-words.ts';
import { bandOf, bands, learnColumnZones } from './column-bands.ts';
import { foldLabel } from './normalize-label.ts';
import { cellScore } from './label-cell-score.ts';
import { findItemBlocks, isLabelAndValue } from './item-blocks.ts';
import { isTaxAmountLabel, takesTaxAmount } from './tax-amount-label.ts';
import type { ExtractContext } from './search-field.ts';
import { propertiesOf, shapeOf } from './schema-shape.ts';
import { findItemLines } from './item-lines.ts';
import { stackedHeaders } from './stacked-header.ts';
import { isBalanceRow, priceIsAmount, signByBalance, splitCountFromDescription, TIME_ONLY } from './table-fixups.ts';
import type { TableRow } from './table-fixups.ts';
import { applySign, assignSignedColumns, signByMarks } from './signed-columns.ts';
import type { Sign } from './signed-columns.ts';
import { CONCEPTS, LABEL_LEAD_INS, TABLE_END_PHRASES } from './synonyms.ts';
import { readUnnamedColumns } from './unnamed-columns.ts';
import type { UnnamedCells } from './unnamed-columns.ts';

/** A property of a table's item, with what recognises its column. */
export interface ItemProp {
  name: string;
  schema: JsonSchema;
  labels: FieldLabels;
  kind: ReturnType<typeof shapeOf>['kind'];
}

interface Header {
  view: LineView;
  /** Header cells left to right, with the property each names (if any) and its match score. */
  columns: { seg: Segment; prop: ItemProp | null; score: number; sign?: Sign }[];
  score: number;
  signature: string;
  /** Where header cells the reader had joined were split (x of the second cell): rows are cut there too. */
  joins: number[];
}

export type { TableRow } from './table-fixups.ts';

/**
 * A totals line ends the table: the table-end phrases, and every label of the document's sums
 * (total, subtotal, tax) of more than one word; a one-word one ends it only as the whole first cell.
 */
const SUM_CONCEPTS: ReadonlySet<string> = new Set(['total', 'subtotal', 'tax']);
const SUM_LABELS = CONCEPTS.filter((c) => SUM_CONCEPTS.has(c.key)).flatMap((c) => c.phrases).map((p) => foldLabel(p));
const END_PHRASES = [...TABLE_END_PHRASES.map((p) => foldLabel(p)), ...SUM_LABELS.filter((p) => p.length > 1)];
const END_CELLS: ReadonlySet<string> = new Set(SUM_LABELS.filter((p) => p.length === 1).map((p) => p.join(' ')));
/** A totals line is a label of a few words, its amount and perhaps a currency: item rows have more cells. */
const MAX_SUM_CELL_WORDS = 3;
const MAX_SUM_LINE_CELLS = 3;

/** A header cell names a property when it matches one of its labels at least this well. */
const MIN_HEADER_CELL_SCORE = 0.6;
/** A header cell of more words than this is a sentence, not a column name. */
const MAX_HEADER_CELL_WORDS = 6;
/** A header row is labels: at most this share of its cells may hold digits ("VAT 20%" aside). */
const MAX_HEADER_DIGIT_SHARE = 1 / 3;
/** Text over this many columns is a note across the table, not a cell. */
const NOTE_SPREAD = 3;
/** A row further below the previous one than this many line heights (or points) is past the table. */
const MAX_ROW_GAP_LINES = 4;
const MAX_ROW_GAP_POINTS = 40;
/** A wrapped cell's next line starts within this many line heights of the line before. */
const WRAP_GAP_LINES = 1.5;
/** Two lines whose tops are closer than this share of a line height belong to one printed row. */
const SAME_ROW_SHARE = 0.9;
/** A later line is the header repeated (next page) when it names the same columns about as well. */
const REPEAT_HEADER_SHARE = 0.8;
/** Running heads at the top of a page (this share of its height) are skipped while a table continues. */
const PAGE_HEAD_SHARE = 0.3;
/** A table that stops below this share of the page ran into the footer and may go on overleaf. */
const PAGE_FOOT_SHARE = 0.8;
/** A table cell's confidence: a little under its header match, for the column assignment it relies on. */
const CELL_CONFIDENCE = 0.95;
/** Of two headers that match equally well, the one naming more columns is the table's: a small bonus per column. */
const PER_COLUMN_BONUS = 0.1;
/** A cell's first line printed above its row's figures: placed by position only, so less sure than a cell on the row. */
const LINE_ABOVE_CONFIDENCE = 0.8;
/** A header cell as sure as this names its property exactly, figures and all ("Lap 1" for lap_1). */
const EXACT_HEADER_CELL_SCORE = 0.99;
/**
 * Two header labels joined in one cell are set apart by more than a word space (about 0.3 em, up
 * to twice that in scanned text layers) though less than a column gap.
 */
const JOINED_HEADER_GAP_EM = 0.7;
/** A label that opens a cell ends with its colon within this many words. */
const MAX_LABEL_WORDS_BEFORE_COLON = 4;

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
function rowSegments(view: LineView, header: Header): Segment[] {
  if (header.joins.length === 0) return view.segments;
  return view.segments.flatMap((seg) => {
    const cut = header.joins.find((x) => seg.bbox.x0 < x && seg.bbox.x1 > x);
    if (cut === undefined) return [seg];
    const left = seg.words.filter((w) => (w.bbox.x0 + w.bbox.x1) / 2 < cut);
    const right = seg.words.slice(left.length);
    return left.length === 0 || right.length === 0 ? [seg] : [makeSegment(left), makeSegment(right)];
  });
}

function headerAt(view: LineView, props: readonly ItemProp[]): Header | null {
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
    for (const prop of props) {
      if (taxAmount && !takesTaxAmount(prop.name)) continue;
      const score = cellScore(tokens, prop.labels);
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

/** Totals labels that end a table only on their own: "Net" also starts item names ("Net curtain"). */
const END_WORDS: ReadonlySet<string> = new Set(['net', 'nett', 'netto']);

/** Tokens of a first cell without its lead-in words and rate ("zzgl. 19 % USt." → "u st"). */
function withoutLeadIn(tokens: readonly string[]): string[] {
  let i = 0;
  while (i < tokens.length && (LABEL_LEAD_INS.has(tokens[i] as string) || (i > 0 && (/^\d{1,2}$/.test(tokens[i] as string) || tokens[i] === 'percent')))) i++;
  return i > 0 && i < tokens.length ? tokens.slice(i) : [...tokens];
}

function isEndLine(view: LineView): boolean {
  const first = view.segments[0];
  if (first === undefined) return false;
  const tokens = withoutLeadIn(first.words.flatMap((w) => w.folded));
  if (tokens.length === 1 && END_WORDS.has(tokens[0] as string) && view.segments.length > 1) return true;
  // "Warenwert netto | 270,00": a one-word sum label with a qualifier, on a short line of label and amount.
  if (tokens.length <= MAX_SUM_CELL_WORDS && END_CELLS.has(tokens[0] as string) && view.segments.length > 1 && view.segments.length <= MAX_SUM_LINE_CELLS) return true;
  return END_PHRASES.some((p) => p.length <= tokens.length && tokens.length - p.length <= 3 && p.every((w, i) => tokens[i] === w));
}

type RowKind = { kind: 'row'; cells: Map<number, Segment[]> } | { kind: 'continuation'; band: number; seg: Segment } | { kind: 'other' } | { kind: 'end' };

const NUMBER_CELL = /^[-+(]?\p{Sc}?\s?[-+]?\d[\d.,' ]*\)?\s?(?:\p{Sc}|[A-Z]{3}|CR|DR)?$/u;

/**
 * A number printed in the gap between two header cells, under neither, is right-aligned in the
 * left one's column (headers left-aligned, figures right-aligned: "Withdrawals      Deposits" over
 * "      36.03"). Midpoint bands would hand it to the right column when it is the closer one.
 */
function numberUnderGap(seg: Segment, header: Header): number | null {
  if (!NUMBER_CELL.test(seg.text.trim())) return null;
  const cols = header.columns;
  for (let i = 0; i + 1 < cols.length; i++) {
    const left = (cols[i] as Header['columns'][number]).seg.bbox;
    const right = (cols[i + 1] as Header['columns'][number]).seg.bbox;
    if (seg.bbox.x0 >= left.x1 && seg.bbox.x1 <= right.x0) return i;
  }
  return null;
}

function classify(ctx: ExtractContext, view: LineView, header: Header, bs: readonly { x0: number; x1: number }[], props: readonly ItemProp[], learned: boolean): RowKind {
  if (isEndLine(view)) return { kind: 'end' };
  // "Verwendungszweck: | Rate 1" under a table is a label row of what follows it, not an item.
  if (isLabelAndValue(view)) return { kind: 'other' };
  const cells = new Map<number, Segment[]>();
  const segments = rowSegments(view, header);
  for (const seg of segments) {
    const placed = bandOf(seg, bs);
    const spread = placed.spread;
    const band = learned ? placed.band : numberUnderGap(seg, header) ?? placed.band;
    // Text across three columns is a note, unless the line fills most columns: then it is a row
    // whose long cell runs past a centred header ("Buchungstext" over left-aligned text).
    if (spread >= NOTE_SPREAD && segments.length < Math.max(3, header.columns.length / 2)) return { kind: 'other' };
    cells.set(band, [...(cells.get(band) ?? []), seg]);
  }
  const mapped = header.columns.filter((c) => c.prop !== null).length;
  if (cells.size === 1) {
    const [band, segs] = [...cells.entries()][0] as [number, Segment[]];
    const prop = header.columns[band]?.prop;
    // A wrapped cell stays inside its column; text running across columns is a note or footer.
    const within = segs.length === 1 && bandOf(segs[0] as Segment, bs).spread <= 1;
    if (prop?.kind === 'string' && within && mapped > 1) return { kind: 'continuation', band, seg: segs[0] as Segment };
    if (mapped > 1) return { kind: 'other' };
  }
  // A real row has at least one cell whose text fits its column's type.
  const fits = [...cells.entries()].some(([band, segs]) => {
    const prop = header.columns[band]?.prop;
    if (prop === null || prop === undefined) return false;
    const text = segs.map((s) => s.text).join(' ');
    return coerceScalar(text, prop.schema, ctx.hints, prop.labels.concept?.key) !== null && (prop.kind !== 'string' || props.every((p) => p.kind === 'string'));
  });
  return fits ? { kind: 'row', cells } : { kind: 'other' };
}

/**
 * What a property's concept means inside an item row, where no party and no document total is:
 * an item's "name" is its description, its "total" or "net amount" the line's amount, and a
 * "vat_rate" is read under the tax column's header ("MwSt.", "VAT").
 */
const CONCEPT_IN_ITEM: Readonly<Record<string, string>> = { name: 'description', total: 'amount', subtotal: 'amount', tax_rate: 'tax' };

/** A row property's labels: its own, and those of the concept its concept means in an item row, unless another property names that concept. */
function itemLabels(name: string, schema: JsonSchema, siblings: readonly FieldLabels[]): FieldLabels {
  const own = fieldLabels(name, schema, undefined, []);
  const alias = own.concept === undefined ? undefined : CONCEPT_IN_ITEM[own.concept.key];
  if (alias === undefined || siblings.some((l) => l.concept?.key === alias)) return own;
  const meant = fieldLabels(alias, schema, undefined, []);
  const candidates = [...own.candidates, ...meant.candidates.filter((c) => !own.keys.has(c.key))];
  // The row concept decides how cells are read (a description may wrap, an amount may be signed).
  return { ...own, candidates, keys: new Set([...own.keys, ...meant.keys]), concept: meant.concept };
}

export function findTableRows(ctx: ExtractContext, itemSchema: JsonSchema): TableRow[] {
  const entries = propertiesOf(itemSchema);
  const plain = entries.map(([name, schema]) => fieldLabels(name, schema, undefined, []));
  const props: ItemProp[] = entries
    .map(([name, schema]) => ({ name, schema, labels: itemLabels(name, schema, plain), kind: shapeOf(schema).kind }))
    .filter((p) => p.kind !== 'object' && p.kind !== 'array');
  if (props.length === 0) return [];
  let header: Header | null = null;
  const headers: Header[] = [];
  for (let i = 0; i < ctx.views.length; i++) {
    for (const v of [ctx.views[i] as LineView, ...stackedHeaders(ctx.views, i)]) {
      const h = headerAt(v, props);
      if (h === null) continue;
      headers.push(h);
      if (header === null || h.score > header.score) header = h;
    }
  }
  if (header === null) {
    // Items printed as repeated blocks of label rows leave no header row to find; label rows
    // that follow a table (a VAT breakdown, an instalment plan) are never its items.
    const blocks = findItemBlocks(ctx, props);
    return blocks.length > 0 ? blocks : findItemLines(ctx, props).map((values) => ({ values }));
  }
  const main = header;
  const repeats = new Set(headers.filter((h) => h.signature === main.signature && h.score >= REPEAT_HEADER_SHARE * main.score).map((h) => h.view.order));
  const { rows, unnamed } = readRows(ctx, main, repeats, props);
  readUnnamedColumns(ctx, rows, unnamed, props);
  if (rows.length === 0) return findItemLines(ctx, props).map((values) => ({ values }));
  let marked = false;
  for (const prop of props) if (prop.kind === 'number' && prop.labels.concept?.key === 'amount') marked = signMarkedColumn(rows, prop.name) || marked;
  const amount = props.find((p) => p.kind === 'number' && p.labels.concept?.key === 'amount');
  if (amount !== undefined) for (const row of rows) splitCountFromDescription(ctx, row, props, amount.name);
  const balance = props.find((p) => p.kind === 'number' && p.labels.concept?.key === 'balance');
  // "600.00 CR" marks say which way money moved; a card's balance is what is owed and moves the other way.
  if (amount !== undefined && balance !== undefined && !marked) signByBalance(rows, amount.name, balance.name);
  return rows;
}

/**
 * A row whose amount cell holds words and no figure ("optional", "included", "n/a") is offered
 * or informative, not billed.
 */
function isUnpricedRow(cells: ReadonlyMap<number, Segment[]>, header: Header): boolean {
  for (const [band, segs] of cells) {
    const prop = header.columns[band]?.prop;
    if (prop?.kind !== 'number' || prop.labels.concept?.key !== 'amount') continue;
    const text = segs.map((seg) => seg.text).join(' ');
    if (/\p{L}{3,}/u.test(text) && !/\d/.test(text)) return true;
  }
  return false;
}

/** True when CR/DR marks in the column gave the signs. */
function signMarkedColumn(rows: TableRow[], prop: string): boolean {
  const cells = rows.map((r) => r.values.get(prop)).filter((f): f is Found => f !== undefined && typeof f.value === 'number');
  const signed = signByMarks(cells.map((f) => ({ quote: f.quote, value: f.value as number })));
  if (signed === null) return false;
  cells.forEach((f, i) => {
    f.value = signed[i];
  });
  return true;
}

/** The rows, and for each the cells under headers that name no property (unnamed-columns.ts). */
function readRows(ctx: ExtractContext, header: Header, repeats: ReadonlySet<number>, props: readonly ItemProp[]): { rows: TableRow[]; unnamed: UnnamedCells[] } {
  const zones = learnColumnZones(ctx.views, header.view, header.columns.map((c) => c.seg), isEndLine);
  const learned = zones.some((z) => z !== null);
  const bs = bands(header.columns.map((c) => c.seg), zones);
  const rows: TableRow[] = [];
  const unnamed: UnnamedCells[] = [];
  let lastRow: LineView = header.view;
  let skippedBeforeFirst = 0;
  let topOfPage = false;
  let pending: { prop: string; view: LineView; seg: Segment; next: number } | undefined;
  const views = ctx.views;
  for (let i = header.view.order + 1; i < views.length; i++) {
    const view = views[i] as LineView;
    if (view.page !== lastRow.page && !topOfPage) topOfPage = true;
    if (repeats.has(view.order)) {
      lastRow = view;
      topOfPage = false;
      continue;
    }
    const gap = view.bbox.y0 - lastRow.bbox.y1;
    const tooFar = !topOfPage && view.page === lastRow.page && gap > Math.max(MAX_ROW_GAP_LINES * view.height, MAX_ROW_GAP_POINTS);
    const c: RowKind = tooFar ? { kind: 'other' } : classify(ctx, view, header, bs, props, learned);
    if (c.kind === 'row') {
      const row: TableRow = { values: rowValues(ctx, view, c.cells, header) };
      if (pending !== undefined && pending.next === view.order) prependTo(row, pending.prop, pending.view, pending.seg);
      pending = undefined;
      if (!isBalanceRow(row) && !isUnpricedRow(c.cells, header)) {
        rows.push(row);
        unnamed.push(unnamedCells(view, c.cells, header));
      }
      lastRow = view;
      topOfPage = false;
      continue;
    }
    if (c.kind !== 'end') {
      const heading = recordHeading(ctx, i, header, bs, props, learned);
      if (heading !== undefined) {
        pending = heading;
        lastRow = view;
        continue;
      }
    }
    if (c.kind === 'continuation') {
      const prop = header.columns[c.band]?.prop;
      // A cell wrapped over two lines with the row's other cells centred on it: its first line
      // comes before the line with the numbers and belongs to that row, not the one above.
      const next = views[i + 1];
      if (prop !== null && prop !== undefined && next !== undefined && next.page === view.page && next.bbox.y0 - view.bbox.y0 < SAME_ROW_SHARE * view.height) {
        const nc = classify(ctx, next, header, bs, props, learned);
        if (nc.kind === 'row' && !nc.cells.has(c.band)) {
          pending = { prop: prop.name, view, seg: c.seg, next: next.order };
          continue;
        }
      }
    }
    if (c.kind === 'continuation') {
      const prev = rows[rows.length - 1];
      const prop = header.columns[c.band]?.prop;
      if (prev !== undefined && prop !== null && prop !== undefined && !topOfPage && gap <= WRAP_GAP_LINES * view.height) {
        // A line right above a repeated header is the next section's title ("Materials"), not a wrapped cell.
        const titleOfSection = views[i + 1] !== undefined && repeats.has((views[i + 1] as LineView).order);
        // "Sold by: …" under an item is a labelled detail of its own, not more of the item's text.
        if (!TIME_ONLY.test(c.seg.text.trim()) && !titleOfSection && !startsWithKnownLabel(c.seg)) appendTo(prev, prop.name, view, c.seg);
        lastRow = view;
        continue;
      }
    }
    if (rows.length === 0 && skippedBeforeFirst < 3 && c.kind !== 'end') {
      skippedBeforeFirst++;
      continue;
    }
    // Headers and footers at the top of a page are skipped while the table continues.
    if (topOfPage && view.bbox.y1 < view.pageHeight * PAGE_HEAD_SHARE && c.kind !== 'end') continue;
    const next = nextResume(views, i, repeats, c.kind === 'end');
    if (next === undefined) break;
    i = next.index - 1;
    lastRow = views[next.index - 1] as LineView;
    topOfPage = next.topOfPage;
  }
  return { rows, unnamed };
}

function unnamedCells(view: LineView, cells: ReadonlyMap<number, Segment[]>, header: Header): UnnamedCells {
  const out = new Map<number, { view: LineView; words: Word[]; header: string }>();
  for (const [band, segs] of cells) {
    const col = header.columns[band];
    if (col !== undefined && col.prop === null) out.set(band, { view, words: segs.flatMap((s) => s.words), header: col.seg.text });
  }
  return out;
}

/**
 * Accounting packages print each item as two lines: code and description, then quantity, price
 * and amount under the other header line. A text-only line right above a row that has figures but
 * no text for a string column gives that column its text (the segment with most words, not the code).
 */
function recordHeading(ctx: ExtractContext, i: number, header: Header, bs: readonly { x0: number; x1: number }[], props: readonly ItemProp[], learned: boolean):
  { prop: string; view: LineView; seg: Segment; next: number } | undefined {
  const view = ctx.views[i] as LineView;
  const next = ctx.views[i + 1];
  if (next === undefined || next.page !== view.page || next.bbox.y0 - view.bbox.y1 > view.height) return undefined;
  if (view.segments.length === 0 || view.segments.length > 3 || view.segments.some((s) => NUMBER_CELL.test(s.text.trim()))) return undefined;
  const nc = classify(ctx, next, header, bs, props, learned);
  if (nc.kind !== 'row') return undefined;
  const given = rowValues(ctx, next, nc.cells, header);
  // Free text only: a date or code column split from its row is the wrapped-cell case above.
  const strings = props.filter((p) => p.kind === 'string' && p.schema['format'] === undefined && !given.has(p.name));
  const prop = strings.find((p) => p.labels.concept?.key === 'description') ?? strings[0];
  if (prop === undefined || ![...given.values()].some((f) => typeof f.value === 'number')) return undefined;
  const seg = [...view.segments].sort((a, b) => b.words.length - a.words.length)[0] as Segment;
  return { prop: prop.name, view, seg, next: next.order };
}

/** Where a stopped table resumes: after a repeated header, or on the next page after a footer. */
function nextResume(views: readonly LineView[], stoppedAt: number, repeats: ReadonlySet<number>, atTotals: boolean): { index: number; topOfPage: boolean } | undefined {
  for (let j = stoppedAt + 1; j < views.length; j++) if (repeats.has((views[j] as LineView).order)) return { index: j, topOfPage: false };
  if (atTotals) return undefined;
  const stop = views[stoppedAt] as LineView;
  let j = stoppedAt;
  while (j < views.length && (views[j] as LineView).page === stop.page) {
    if ((views[j] as LineView).bbox.y0 < stop.pageHeight * PAGE_FOOT_SHARE) return undefined;
    j++;
  }
  return j < views.length ? { index: j, topOfPage: true } : undefined;
}

function rowValues(ctx: ExtractContext, view: LineView, cells: Map<number, Segment[]>, header: Header): Map<string, Found> {
  const values = new Map<string, Found>();
  for (const [band, segs] of cells) {
    const col = header.columns[band];
    const prop = col?.prop;
    if (col === undefined || prop === null || prop === undefined) continue;
    const words = segs.flatMap((s) => s.words);
    const coerced = coerceScalar(quoteOf(words), prop.schema, ctx.hints, prop.labels.concept?.key);
    if (coerced === null) continue;
    // Of a money-out and a money-in cell on one row, an empty "0.00" does not hide the other.
    if (col.sign !== undefined && values.has(prop.name) && coerced.value === 0) continue;
    values.set(prop.name, foundFrom([{ view, words }], coerced, applySign(coerced.value, col.sign), Math.min(1, col.score) * coerced.quality * CELL_CONFIDENCE,
      `table column '${col.seg.text}' for ${prop.name}`));
  }
  return values;
}

/** A cell that opens with a known label and a colon ("Sold by:", "Lieferschein-Nr.:"). */
function startsWithKnownLabel(seg: Segment): boolean {
  const colonAt = seg.words.findIndex((w) => /[:：]$/.test(w.text));
  if (colonAt < 0 || colonAt >= MAX_LABEL_WORDS_BEFORE_COLON) return false;
  return LEXICON.has(seg.words.slice(0, colonAt + 1).flatMap((w) => w.folded).join(' '));
}

function prependTo(row: TableRow, prop: string, view: LineView, seg: Segment): void {
  const prev = row.values.get(prop);
  const text = seg.text.trim();
  if (prev === undefined) {
    row.values.set(prop, { value: text, confidence: LINE_ABOVE_CONFIDENCE, reasoning: `table line above the row's figures for ${prop}`, quote: seg.text, page: view.page, bbox: seg.bbox, place: placeOf(view, seg.words), order: view.order });
    return;
  }
  if (typeof prev.value !== 'string') return;
  row.values.set(prop, { ...prev, value: `${text} ${prev.value}`, quote: `${seg.text}\n${prev.quote}`, bbox: unionBox([seg.bbox, prev.bbox]), place: `${placeOf(view, seg.words)}+${prev.place}` });
}

function appendTo(row: TableRow, prop: string, view: LineView, seg: Segment): void {
  const prev = row.values.get(prop);
  if (prev === undefined || typeof prev.value !== 'string') return;
  const bbox: BBox = unionBox([prev.bbox, seg.bbox]);
  row.values.set(prop, {
    ...prev,
    value: `${prev.value} ${seg.text.trim()}`,
    quote: `${prev.quote}\n${seg.text}`,
    bbox,
    reasoning: `${prev.reasoning}; continued on the next line`,
    place: `${prev.place}+${placeOf(view, seg.words)}`,
  });
}
