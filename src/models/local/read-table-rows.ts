/**
 * Reading a table's rows under its header: cells placed in learned column zones, wrapped cells
 * joined to their row, a text line above a row's figures given to it, and the table followed past
 * a page footer or a repeated header until its totals line.
 */
import type { BBox } from '../../domain/types.ts';
import { coerceScalar } from './coerce-value.ts';
import { LEXICON } from './field-labels.ts';
import { foundFrom, placeOf } from './found-value.ts';
import type { Found } from './found-value.ts';
import type { LineView, Segment, Word } from './layout-words.ts';
import { quoteOf, unionBox } from './layout-words.ts';
import { bands, learnColumnZones } from './column-bands.ts';
import type { ExtractContext } from './search-field.ts';
import { isBalanceRow, TIME_ONLY } from './table-fixups.ts';
import type { TableRow } from './table-fixups.ts';
import { applySign } from './signed-columns.ts';
import type { UnnamedCells } from './unnamed-columns.ts';
import type { Header, ItemProp } from './table-header.ts';
import { isEndLine } from './table-end-line.ts';
import { classify, NUMBER_CELL } from './table-row-kind.ts';
import type { RowKind } from './table-row-kind.ts';

/** A row further below the previous one than this many line heights (or points) is past the table. */
const MAX_ROW_GAP_LINES = 4;
const MAX_ROW_GAP_POINTS = 40;
/** A wrapped cell's next line starts within this many line heights of the line before. */
const WRAP_GAP_LINES = 1.5;
/** Two lines whose tops are closer than this share of a line height belong to one printed row. */
const SAME_ROW_SHARE = 0.9;
/** Running heads at the top of a page (this share of its height) are skipped while a table continues. */
const PAGE_HEAD_SHARE = 0.3;
/** A table that stops below this share of the page ran into the footer and may go on overleaf. */
const PAGE_FOOT_SHARE = 0.8;
/** A table cell's confidence: a little under its header match, for the column assignment it relies on. */
const CELL_CONFIDENCE = 0.95;
/** A cell's first line printed above its row's figures: placed by position only, so less sure than a cell on the row. */
const LINE_ABOVE_CONFIDENCE = 0.8;
/** A label that opens a cell ends with its colon within this many words. */
const MAX_LABEL_WORDS_BEFORE_COLON = 4;

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

/** The rows, and for each the cells under headers that name no property (unnamed-columns.ts). */
export function readRows(ctx: ExtractContext, header: Header, repeats: ReadonlySet<number>, props: readonly ItemProp[]): { rows: TableRow[]; unnamed: UnnamedCells[] } {
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
