/**
 * Arrays of objects from tables. The header is the line whose cells best name the item's
 * properties; every later cell goes to the header column its box overlaps most. The table ends
 * at a totals line or a line that does not fit the columns, and continues on later pages after a
 * repeated header, or at the top of the next page when it ran into the page footer.
 */
import type { BBox, JsonSchema } from '../../pipeline/types.ts';
import { coerceScalar } from './coerce-value.ts';
import { fieldLabels } from './field-labels.ts';
import type { FieldLabels } from './field-labels.ts';
import { foundFrom, placeOf } from './found-value.ts';
import type { Found } from './found-value.ts';
import type { LineView, Segment } from './layout-words.ts';
import { quoteOf, unionBox, xOverlap } from './layout-words.ts';
import { foldLabel, labelSimilarity } from './normalize-label.ts';
import type { ExtractContext } from './search-field.ts';
import { propertiesOf, shapeOf } from './schema-shape.ts';
import { findItemLines } from './item-lines.ts';
import { stackedHeaders } from './stacked-header.ts';
import { isBalanceRow, priceIsAmount, signByBalance, splitCountFromDescription, TIME_ONLY } from './table-fixups.ts';
import type { TableRow } from './table-fixups.ts';
import { applySign, assignSignedColumns, signByMarks } from './signed-columns.ts';
import type { Sign } from './signed-columns.ts';
import { TABLE_END_PHRASES } from './synonyms.ts';

interface ItemProp {
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
}

export type { TableRow } from './table-fixups.ts';

const END_PHRASES = TABLE_END_PHRASES.map((p) => foldLabel(p));
function cellScore(tokens: readonly string[], labels: FieldLabels): number {
  let best = 0;
  for (const c of [...labels.candidates, ...labels.blockCandidates]) {
    let s = c.weight * labelSimilarity(c.words, tokens);
    // "Amount (EUR)", "Unit price excl. VAT": the label then a qualifier.
    if (s === 0 && tokens.length > c.words.length && c.words.length > 0) {
      s = 0.9 * c.weight * labelSimilarity(c.words, tokens.slice(0, c.words.length));
      // "Posting Date", "Transaction Amount": a qualifier then the label.
      if (s === 0) s = 0.85 * c.weight * labelSimilarity(c.words, tokens.slice(tokens.length - c.words.length));
    }
    best = Math.max(best, s);
  }
  return best;
}

function headerAt(view: LineView, props: readonly ItemProp[]): Header | null {
  if (view.segments.length < Math.min(2, props.length)) return null;
  const digitCells = view.segments.filter((s) => /\d/.test(s.text) && !/%/.test(s.text)).length;
  if (digitCells > view.segments.length / 3) return null;
  const pairs: { seg: number; prop: ItemProp; score: number }[] = [];
  view.segments.forEach((seg, i) => {
    const tokens = seg.words.flatMap((w) => w.folded);
    if (tokens.length === 0 || tokens.length > 6) return;
    for (const prop of props) {
      const score = cellScore(tokens, prop.labels);
      if (score >= 0.6) pairs.push({ seg: i, prop, score });
    }
  });
  pairs.sort((a, b) => b.score - a.score || a.seg - b.seg);
  const columns: Header['columns'] = view.segments.map((seg) => ({ seg, prop: null, score: 0 }));
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
  return { view, columns, score: score + 0.1 * matched, signature };
}

/**
 * Column of each header cell, from the midpoint to its left neighbour to the midpoint to its right.
 * Where the rows show where a column's values really sit (`zones`), those edges are used instead
 * of the header's: a left-aligned "Qty" over right-aligned numbers would otherwise hand the
 * numbers to the next column.
 */
function bands(header: Header, zones: readonly ({ x0: number; x1: number } | null)[] = []): { x0: number; x1: number }[] {
  const cols = header.columns.map((c, i) => zones[i] ?? { x0: c.seg.bbox.x0, x1: c.seg.bbox.x1 });
  return cols.map((c, i) => {
    const prev = cols[i - 1];
    const next = cols[i + 1];
    return {
      x0: prev === undefined ? -Infinity : (prev.x1 + c.x0) / 2,
      x1: next === undefined ? Infinity : (c.x1 + next.x0) / 2,
    };
  });
}

/** Lines looked at after a header to learn where its columns' values sit. */
const ZONE_LOOKAHEAD = 60;

/**
 * Where each column's values sit, learned from the rows that fill every column (one cell per
 * header cell, in order): the median left and right edge of the cells of each column. Null when
 * fewer than two such rows follow the header.
 */
function learnColumnZones(views: readonly LineView[], header: Header): ({ x0: number; x1: number } | null)[] {
  const n = header.columns.length;
  const full: Segment[][] = [];
  for (let i = header.view.order + 1; i < Math.min(views.length, header.view.order + 1 + ZONE_LOOKAHEAD); i++) {
    const v = views[i] as LineView;
    if (v.segments.length !== n || isEndLine(v)) continue;
    // A second header row (repeated on the next page) fills every column too, but it is not data.
    if (v.segments.every((seg, k) => seg.text === header.columns[k]?.seg.text)) continue;
    full.push(v.segments);
  }
  if (full.length < 2) return header.columns.map(() => null);
  return header.columns.map((_, k) => {
    const x0s = full.map((segs) => (segs[k] as Segment).bbox.x0);
    const x1s = full.map((segs) => (segs[k] as Segment).bbox.x1);
    return { x0: median(x0s), x1: median(x1s) };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function bandOf(seg: Segment, bs: readonly { x0: number; x1: number }[]): { band: number; spread: number } {
  let best = 0;
  let bestOverlap = -1;
  let spread = 0;
  bs.forEach((b, i) => {
    const o = xOverlap(seg.bbox, { x0: b.x0, x1: b.x1, y0: 0, y1: 0 });
    if (o > 1) spread++;
    if (o > bestOverlap) {
      best = i;
      bestOverlap = o;
    }
  });
  return { band: best, spread };
}

function isEndLine(view: LineView): boolean {
  const first = view.segments[0];
  if (first === undefined) return false;
  const tokens = first.words.flatMap((w) => w.folded);
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
  const cells = new Map<number, Segment[]>();
  for (const seg of view.segments) {
    const placed = bandOf(seg, bs);
    const spread = placed.spread;
    const band = learned ? placed.band : numberUnderGap(seg, header) ?? placed.band;
    // Text across three columns is a note, unless the line fills most columns: then it is a row
    // whose long cell runs past a centred header ("Buchungstext" over left-aligned text).
    if (spread >= 3 && view.segments.length < Math.max(3, header.columns.length / 2)) return { kind: 'other' };
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

export function findTableRows(ctx: ExtractContext, itemSchema: JsonSchema): TableRow[] {
  const props: ItemProp[] = propertiesOf(itemSchema)
    .map(([name, schema]) => ({ name, schema, labels: fieldLabels(name, schema, undefined, []), kind: shapeOf(schema).kind }))
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
  if (header === null) return findItemLines(ctx, props).map((values) => ({ values }));
  const main = header;
  const repeats = new Set(headers.filter((h) => h.signature === main.signature && h.score >= 0.8 * main.score).map((h) => h.view.order));
  const rows = readRows(ctx, main, repeats, props);
  if (rows.length === 0) return findItemLines(ctx, props).map((values) => ({ values }));
  for (const prop of props) if (prop.kind === 'number' && prop.labels.concept?.key === 'amount') signMarkedColumn(rows, prop.name);
  const amount = props.find((p) => p.kind === 'number' && p.labels.concept?.key === 'amount');
  if (amount !== undefined) for (const row of rows) splitCountFromDescription(ctx, row, props, amount.name);
  const balance = props.find((p) => p.kind === 'number' && p.labels.concept?.key === 'balance');
  if (amount !== undefined && balance !== undefined) signByBalance(rows, amount.name, balance.name);
  return rows;
}

function signMarkedColumn(rows: TableRow[], prop: string): void {
  const cells = rows.map((r) => r.values.get(prop)).filter((f): f is Found => f !== undefined && typeof f.value === 'number');
  const signed = signByMarks(cells.map((f) => ({ quote: f.quote, value: f.value as number })));
  if (signed === null) return;
  cells.forEach((f, i) => {
    f.value = signed[i];
  });
}

function readRows(ctx: ExtractContext, header: Header, repeats: ReadonlySet<number>, props: readonly ItemProp[]): TableRow[] {
  const zones = learnColumnZones(ctx.views, header);
  const learned = zones.some((z) => z !== null);
  const bs = bands(header, zones);
  const rows: TableRow[] = [];
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
    const tooFar = !topOfPage && view.page === lastRow.page && gap > Math.max(4 * view.height, 40);
    const c: RowKind = tooFar ? { kind: 'other' } : classify(ctx, view, header, bs, props, learned);
    if (c.kind === 'row') {
      const row: TableRow = { values: rowValues(ctx, view, c.cells, header) };
      if (pending !== undefined && pending.next === view.order) prependTo(row, pending.prop, pending.view, pending.seg);
      pending = undefined;
      if (!isBalanceRow(row)) rows.push(row);
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
      if (prop !== null && prop !== undefined && next !== undefined && next.page === view.page && next.bbox.y0 - view.bbox.y0 < 0.9 * view.height) {
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
      if (prev !== undefined && prop !== null && prop !== undefined && !topOfPage && gap <= 1.5 * view.height) {
        // A line right above a repeated header is the next section's title ("Materials"), not a wrapped cell.
        const titleOfSection = views[i + 1] !== undefined && repeats.has((views[i + 1] as LineView).order);
        if (!TIME_ONLY.test(c.seg.text.trim()) && !titleOfSection) appendTo(prev, prop.name, view, c.seg);
        lastRow = view;
        continue;
      }
    }
    if (rows.length === 0 && skippedBeforeFirst < 3 && c.kind !== 'end') {
      skippedBeforeFirst++;
      continue;
    }
    // Headers and footers at the top of a page are skipped while the table continues.
    if (topOfPage && view.bbox.y1 < view.pageHeight * 0.3 && c.kind !== 'end') continue;
    const next = nextResume(views, i, repeats, c.kind === 'end');
    if (next === undefined) break;
    i = next.index - 1;
    lastRow = views[next.index - 1] as LineView;
    topOfPage = next.topOfPage;
  }
  return rows;
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
    if ((views[j] as LineView).bbox.y0 < stop.pageHeight * 0.8) return undefined;
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
    values.set(prop.name, foundFrom([{ view, words }], coerced, applySign(coerced.value, col.sign), Math.min(1, col.score) * coerced.quality * 0.95,
      `table column '${col.seg.text}' for ${prop.name}`));
  }
  return values;
}

function prependTo(row: TableRow, prop: string, view: LineView, seg: Segment): void {
  const prev = row.values.get(prop);
  const text = seg.text.trim();
  if (prev === undefined) {
    row.values.set(prop, { value: text, confidence: 0.8, reasoning: `table line above the row's figures for ${prop}`, quote: seg.text, page: view.page, bbox: seg.bbox, place: placeOf(view, seg.words), order: view.order });
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
