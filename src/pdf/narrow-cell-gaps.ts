/**
 * Finds table cell boundaries that are narrower than a cell gap proper (CELL_GAP_EM in
 * page-lines.ts) but wider than a word space.
 *
 * Tight tables (LibreOffice HTML tables, many invoicing tools) put cells only 0.35–1 em apart,
 * which is also the width of a stretched word space in justified text. A gap in that range counts
 * as a cell boundary only when
 * - no space character was printed there (justified text with real spaces keeps them in the text),
 * - the row is not word-per-item prose (TeX-like output: every word its own run, all gaps alike),
 * - and a nearby row has a cell edge at the same x: the next run starts where a cell starts in a
 *   row above or below (left-aligned columns) or the previous run ends where a cell ends there
 *   (right-aligned columns). Columns line up; the word gaps of prose do not.
 */
import type { TextFragment } from './text-fragment.ts';

/**
 * The narrowest gap (in font sizes) that can separate cells. pdf.js (with the worker of
 * text-worker.ts) splits runs from 0.35 em on; word spaces of common fonts are 0.25–0.33 em.
 */
const NARROW_CELL_GAP_EM = 0.35;
/** In fixed-pitch text a gap of one character is a word space; cells are at least two apart. */
const MONOSPACE_CELL_GAP_CHARS = 1.5;
/** Rows above and below that are searched for a matching cell edge. */
const NEIGHBOUR_ROWS = 3;
/** How far apart (points) two cell edges may be and still count as one column edge. */
const ALIGN_TOLERANCE = 1.5;
/** Word-per-item prose has at least this many in-between gaps in a row ... */
const PROSE_MIN_GAPS = 3;
/** ... most of them within this many font sizes of the row's median gap. */
const PROSE_GAP_SPREAD_EM = 0.06;
const PROSE_UNIFORM_SHARE = 2 / 3;

interface RowLike {
  fragments: TextFragment[];
}

interface Gap {
  before: TextFragment;
  after: TextFragment;
  /** Width in font sizes of the larger neighbour. */
  em: number;
}

/**
 * The fragments that start a new cell after a narrow gap. Rows must be in top-to-bottom order with
 * fragments sorted left to right; `cellGapEm` is the width from which any gap is a cell boundary.
 */
export function narrowCellStarts(rows: RowLike[], cellGapEm: number): Set<TextFragment> {
  const gaps = rows.map(rowGaps);
  // Cell edges of every row: where its cells start and end, whatever the gap width.
  const starts = gaps.map((row, i) => cellEdges(rows[i]!, row, 'start'));
  const ends = gaps.map((row, i) => cellEdges(rows[i]!, row, 'end'));
  const out = new Set<TextFragment>();
  gaps.forEach((row, r) => {
    const narrow = row.filter((g) => g.em >= narrowGapEm(g) && g.em < cellGapEm && !hasSpaceBetween(g));
    if (narrow.length === 0 || isWordPerItemProse(row, cellGapEm)) return;
    for (const g of narrow) {
      if (alignsNearby(r, g.after.bbox.x0, starts) || alignsNearby(r, g.before.bbox.x1, ends)) out.add(g.after);
    }
  });
  return out;
}

function rowGaps(row: RowLike): Gap[] {
  const gaps: Gap[] = [];
  for (let i = 1; i < row.fragments.length; i++) {
    const before = row.fragments[i - 1]!;
    const after = row.fragments[i]!;
    const size = Math.max(before.fontSize, after.fontSize) || 1;
    gaps.push({ before, after, em: (after.bbox.x0 - before.bbox.x1) / size });
  }
  return gaps;
}

/** x of the cell starts (or ends) of a row: its ends and every side of a gap of a narrow cell gap or more. */
function cellEdges(row: RowLike, gaps: Gap[], side: 'start' | 'end'): number[] {
  const first = row.fragments[0];
  const last = row.fragments.at(-1);
  if (!first || !last) return [];
  const edges = [side === 'start' ? first.bbox.x0 : last.bbox.x1];
  for (const g of gaps) {
    if (g.em >= NARROW_CELL_GAP_EM) edges.push(side === 'start' ? g.after.bbox.x0 : g.before.bbox.x1);
  }
  return edges;
}

/**
 * Fixed-pitch text (statements printed in Courier) puts words exactly one character cell apart,
 * about 0.6 em, and every word on a grid that lines up with the rows around it. Only the font's
 * own flag is trusted: equal average advances also occur in proportional fonts (tabular digits).
 */
function narrowGapEm(g: Gap): number {
  if (g.before.monospace !== true || g.after.monospace !== true) return NARROW_CELL_GAP_EM;
  const size = Math.max(g.before.fontSize, g.after.fontSize) || 1;
  return Math.max(NARROW_CELL_GAP_EM, (MONOSPACE_CELL_GAP_CHARS * Math.max(pitch(g.before), pitch(g.after))) / size);
}

function charCount(f: TextFragment): number {
  return [...f.text.trim()].length;
}

/** Average glyph advance of a run in points. */
function pitch(f: TextFragment): number {
  return (f.bbox.x1 - f.bbox.x0) / Math.max(1, charCount(f));
}

function alignsNearby(row: number, x: number, edges: number[][]): boolean {
  for (let r = Math.max(0, row - NEIGHBOUR_ROWS); r <= Math.min(edges.length - 1, row + NEIGHBOUR_ROWS); r++) {
    if (r !== row && edges[r]!.some((e) => Math.abs(e - x) <= ALIGN_TOLERANCE)) return true;
  }
  return false;
}

function hasSpaceBetween(g: Gap): boolean {
  return /\s$/.test(g.before.text) || /^\s/.test(g.after.text);
}

/**
 * Justified text printed one word per run: the row's in-between gaps are nearly all the same width
 * (a justified line stretches every space alike). Table gaps depend on cell contents and vary.
 */
function isWordPerItemProse(gaps: Gap[], cellGapEm: number): boolean {
  const spaces = gaps.filter((g) => g.em >= 0.1 && g.em < cellGapEm).map((g) => g.em);
  if (spaces.length < PROSE_MIN_GAPS) return false;
  const sorted = [...spaces].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const uniform = spaces.filter((s) => Math.abs(s - median) <= PROSE_GAP_SPREAD_EM).length;
  return uniform >= PROSE_UNIFORM_SHARE * spaces.length;
}
