/**
 * Turns the positioned text fragments of one page into lines in reading order. Pure geometry, no
 * pdf.js: read-layout.ts feeds it.
 *
 * Vocabulary
 * - fragment: one pdf.js text item (a run of glyphs) with its box, top-left origin, y down.
 * - row: fragments that share a baseline.
 * - segment: fragments of a row with no wide horizontal gap between them. A row with several
 *   segments is a table row (or a row that crosses a column gutter).
 * - gutter: a vertical strip that no line of a block crosses, with column text on both sides.
 *
 * Reading order: rows top to bottom, except inside a block of rows split by a gutter, where the
 * whole left column is read before the right one. Rows that cross the gutter (titles, full-width
 * paragraphs, wide tables) stay where they are and end the block, so a page may go
 * full-width → two columns → full-width.
 */
import type { BBox, Line, Span } from '../domain/types.ts';
import { narrowCellStarts } from './narrow-cell-gaps.ts';
import type { TextFragment } from './text-fragment.ts';

interface Row {
  baseline: number;
  fragments: TextFragment[];
}

interface Segment {
  fragments: TextFragment[];
  text: string;
  bbox: BBox;
  fontSize: number;
}

interface Gutter {
  x0: number;
  x1: number;
}

/** A gap wider than this many font sizes separates table cells / columns inside one row. */
const CELL_GAP_EM = 1.0;
/** A gap wider than this many font sizes between fragments of one segment is a word space. */
const WORD_GAP_EM = 0.15;
/** Gutters are searched only in the middle of a block, so margins never count as one. */
const GUTTER_SEARCH_MARGIN = 0.2;
const MIN_GUTTER_WIDTH = 4;
const MIN_COLUMN_ROWS = 3;
/**
 * Column text has long lines that fill the column; the two halves of a key/value table do not.
 * Without this check "Subtotal … EUR 10.00" rows would be read as two columns.
 */
const MIN_COLUMN_LINE_CHARS = 20;
const MIN_COLUMN_FILL = 0.5;
/** Columns inside columns, at most this deep. */
const MAX_SPLIT_DEPTH = 3;

/** Fragments that begin a table cell although the gap before them is narrower than CELL_GAP_EM. */
type CellStarts = ReadonlySet<TextFragment>;

export function layoutLines(fragments: TextFragment[]): Line[] {
  const visible = fragments.filter((f) => f.text.trim() !== '' && !f.rotation);
  // Decided on the whole page: column edges are matched across neighbouring rows.
  const cellStarts = narrowCellStarts(groupRows(visible), CELL_GAP_EM);
  const lines = orderRegion(visible, 0, cellStarts).map((row) => rowToLine(row, cellStarts));
  return [...lines, ...rotatedLines(fragments.filter((f) => f.text.trim() !== '' && f.rotation))];
}

/**
 * Text running in another direction (an arXiv id up the margin, a rotated table header) has no
 * place among the rows: its fragments are grouped by direction and by their offset across it,
 * ordered along it, and read after the page's ordinary lines.
 */
function rotatedLines(fragments: TextFragment[]): Line[] {
  const groups: Array<{ rotation: number; across: number; size: number; items: Array<{ f: TextFragment; along: number }> }> = [];
  for (const f of fragments) {
    const rad = ((f.rotation ?? 0) * Math.PI) / 180;
    const cx = (f.bbox.x0 + f.bbox.x1) / 2;
    const cy = (f.bbox.y0 + f.bbox.y1) / 2;
    // Direction on a y-down page is (cos, -sin); across is the perpendicular.
    const along = cx * Math.cos(rad) - cy * Math.sin(rad);
    const across = cx * Math.sin(rad) + cy * Math.cos(rad);
    const group = groups.find((g) => g.rotation === f.rotation && Math.abs(g.across - across) <= 0.5 * Math.max(g.size, f.fontSize));
    if (group) group.items.push({ f, along });
    else groups.push({ rotation: f.rotation ?? 0, across, size: f.fontSize, items: [{ f, along }] });
  }
  return groups.map((g) => {
    const ordered = g.items.sort((a, b) => a.along - b.along).map((i) => i.f);
    const spans: Span[] = ordered.map((f) => ({ text: f.text.trim(), bbox: f.bbox, fontSize: f.fontSize, rotation: g.rotation }));
    return { text: spans.map((s) => s.text).join(' '), bbox: unionBoxes(spans.map((s) => s.bbox)), spans };
  });
}

function orderRegion(fragments: TextFragment[], depth: number, cellStarts: CellStarts): Row[] {
  const rows = groupRows(fragments);
  if (depth >= MAX_SPLIT_DEPTH) return rows;
  const gutter = findGutter(rows, cellStarts);
  if (!gutter) return rows;

  const ordered: Row[] = [];
  let left: TextFragment[] = [];
  let right: TextFragment[] = [];
  const flushColumns = (): void => {
    if (left.length > 0) ordered.push(...orderRegion(left, depth + 1, cellStarts));
    if (right.length > 0) ordered.push(...orderRegion(right, depth + 1, cellStarts));
    left = [];
    right = [];
  };
  for (const row of rows) {
    const segments = rowSegments(row, cellStarts);
    if (crossesGutter(segments, gutter)) {
      flushColumns();
      ordered.push(row);
      continue;
    }
    for (const segment of segments) {
      (segment.bbox.x1 <= gutter.x0 ? left : right).push(...segment.fragments);
    }
  }
  flushColumns();
  return ordered;
}

function groupRows(fragments: TextFragment[]): Row[] {
  const sorted = [...fragments].sort((a, b) => a.baseline - b.baseline || a.bbox.x0 - b.bbox.x0);
  const rows: Row[] = [];
  let current: Row | undefined;
  let currentSize = 0;
  for (const f of sorted) {
    const tolerance = Math.max(2, 0.5 * Math.min(f.fontSize, currentSize || f.fontSize));
    if (current && Math.abs(f.baseline - current.baseline) <= tolerance) {
      current.fragments.push(f);
      currentSize = Math.max(currentSize, f.fontSize);
    } else {
      current = { baseline: f.baseline, fragments: [f] };
      currentSize = f.fontSize;
      rows.push(current);
    }
  }
  for (const row of rows) row.fragments.sort((a, b) => a.bbox.x0 - b.bbox.x0);
  return rows;
}

function rowSegments(row: Row, cellStarts: CellStarts): Segment[] {
  const groups: TextFragment[][] = [];
  let right = -Infinity;
  for (const f of row.fragments) {
    const last = groups.at(-1);
    const gap = f.bbox.x0 - right;
    if (last && gap <= CELL_GAP_EM * Math.max(f.fontSize, last.at(-1)!.fontSize) && !cellStarts.has(f)) last.push(f);
    else groups.push([f]);
    right = Math.max(right, f.bbox.x1);
  }
  return groups.map(toSegment);
}

function toSegment(fragments: TextFragment[]): Segment {
  let text = '';
  let previous: TextFragment | undefined;
  for (const f of fragments) {
    const piece = f.text.trim();
    if (previous) {
      const gap = f.bbox.x0 - previous.bbox.x1;
      const explicitSpace = /\s$/.test(previous.text) || /^\s/.test(f.text);
      if (explicitSpace || gap > WORD_GAP_EM * Math.max(f.fontSize, previous.fontSize)) text += ' ';
    }
    text += piece;
    previous = f;
  }
  return {
    fragments,
    text,
    bbox: unionBoxes(fragments.map((f) => f.bbox)),
    fontSize: fragments.reduce((max, f) => Math.max(max, f.fontSize), 0),
  };
}

/**
 * The widest vertical strip in the middle of the block that as few rows as possible cross, if
 * there is column text on both sides of it. Rows with three or more segments are tables: their
 * cell gaps would look like gutters, so they do not vote (they may still cross the gutter).
 */
function findGutter(rows: Row[], cellStarts: CellStarts): Gutter | null {
  const voting = rows.map((row) => rowSegments(row, cellStarts)).filter((segments) => segments.length <= 2);
  const segments = voting.flat();
  if (segments.length < 2 * MIN_COLUMN_ROWS) return null;
  const extent = unionBoxes(segments.map((s) => s.bbox));
  const xMin = Math.floor(extent.x0);
  const xMax = Math.ceil(extent.x1);
  const width = xMax - xMin;
  if (width <= 0) return null;

  const coverage = new Array<number>(width).fill(0);
  for (const s of segments) {
    const from = Math.max(0, Math.floor(s.bbox.x0) - xMin);
    const to = Math.min(width, Math.ceil(s.bbox.x1) - xMin);
    for (let i = from; i < to; i++) coverage[i]! += 1;
  }
  const searchFrom = Math.floor(width * GUTTER_SEARCH_MARGIN);
  const searchTo = Math.ceil(width * (1 - GUTTER_SEARCH_MARGIN));
  let minimum = Infinity;
  for (let i = searchFrom; i < searchTo; i++) minimum = Math.min(minimum, coverage[i]!);

  let best: Gutter | null = null;
  for (let i = searchFrom; i < searchTo; i++) {
    if (coverage[i] !== minimum) continue;
    let end = i;
    while (end + 1 < width && coverage[end + 1] === minimum) end++;
    let start = i;
    while (start - 1 >= 0 && coverage[start - 1] === minimum) start--;
    if (!best || end + 1 - start > best.x1 - best.x0) best = { x0: xMin + start, x1: xMin + end + 1 };
    i = end;
  }
  if (!best || best.x1 - best.x0 < MIN_GUTTER_WIDTH) return null;
  return looksLikeColumns(rows, best, cellStarts) ? best : null;
}

function looksLikeColumns(rows: Row[], gutter: Gutter, cellStarts: CellStarts): boolean {
  const left: Segment[] = [];
  const right: Segment[] = [];
  let leftRows = 0;
  let rightRows = 0;
  for (const row of rows) {
    const segments = rowSegments(row, cellStarts);
    if (crossesGutter(segments, gutter)) continue;
    const l = segments.filter((s) => s.bbox.x1 <= gutter.x0);
    const r = segments.filter((s) => s.bbox.x0 >= gutter.x1);
    if (l.length > 0) leftRows++;
    if (r.length > 0) rightRows++;
    left.push(...l);
    right.push(...r);
  }
  return (
    leftRows >= MIN_COLUMN_ROWS && rightRows >= MIN_COLUMN_ROWS && isColumnText(left) && isColumnText(right)
  );
}

function isColumnText(segments: Segment[]): boolean {
  const { x0, x1 } = unionBoxes(segments.map((s) => s.bbox));
  const fill = median(segments.map((s) => (s.bbox.x1 - s.bbox.x0) / Math.max(1, x1 - x0)));
  const chars = median(segments.map((s) => s.text.length));
  return fill >= MIN_COLUMN_FILL && chars >= MIN_COLUMN_LINE_CHARS;
}

/** A row crosses if a segment overlaps the gutter, or if it is a table row with cells on both sides. */
function crossesGutter(segments: Segment[], gutter: Gutter): boolean {
  if (segments.some((s) => s.bbox.x0 < gutter.x1 && s.bbox.x1 > gutter.x0)) return true;
  return segments.length >= 3 && segments.some((s) => s.bbox.x1 <= gutter.x0) && segments.some((s) => s.bbox.x0 >= gutter.x1);
}

function rowToLine(row: Row, cellStarts: CellStarts): Line {
  const segments = rowSegments(row, cellStarts);
  const spans: Span[] = row.fragments.map((f) => ({ text: f.text.trim(), bbox: f.bbox, fontSize: f.fontSize, ...(f.monospace ? { monospace: true } : {}) }));
  const bbox = unionBoxes(row.fragments.map((f) => f.bbox));
  if (segments.length === 1) return { text: segments[0]!.text, bbox, spans };
  const cells: Span[] = segments.map((s) => ({ text: s.text, bbox: s.bbox, fontSize: s.fontSize }));
  return { text: cells.map((c) => c.text).join(' | '), bbox, spans, cells };
}

export function unionBoxes(boxes: BBox[]): BBox {
  // A loop, not Math.min(...spread): a dense page can have more fragments than a call has arguments.
  const out = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  for (const b of boxes) {
    out.x0 = Math.min(out.x0, b.x0);
    out.y0 = Math.min(out.y0, b.y0);
    out.x1 = Math.max(out.x1, b.x1);
    out.y1 = Math.max(out.y1, b.y1);
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
