/**
 * Where a table's columns lie across the page: bands from the header cells (or from where the
 * rows' values really sit) and the band each cell falls in.
 */
import type { LineView, Segment } from './layout-words.ts';
import { xOverlap } from './layout-words.ts';

/**
 * Column of each header cell, from the midpoint to its left neighbour to the midpoint to its right.
 * Where the rows show where a column's values really sit (`zones`), those edges are used instead
 * of the header's: a left-aligned "Qty" over right-aligned numbers would otherwise hand the
 * numbers to the next column.
 */
export function bands(headerCells: readonly Segment[], zones: readonly ({ x0: number; x1: number } | null)[] = []): { x0: number; x1: number }[] {
  const cols = headerCells.map((c, i) => zones[i] ?? { x0: c.bbox.x0, x1: c.bbox.x1 });
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
export function learnColumnZones(views: readonly LineView[], headerView: LineView, headerCells: readonly Segment[], isEndLine: (view: LineView) => boolean): ({ x0: number; x1: number } | null)[] {
  const n = headerCells.length;
  const full: Segment[][] = [];
  for (let i = headerView.order + 1; i < Math.min(views.length, headerView.order + 1 + ZONE_LOOKAHEAD); i++) {
    const v = views[i] as LineView;
    if (v.segments.length !== n || isEndLine(v)) continue;
    // A second header row (repeated on the next page) fills every column too, but it is not data.
    if (v.segments.every((seg, k) => seg.text === headerCells[k]?.text)) continue;
    full.push(v.segments);
  }
  if (full.length < 2) return headerCells.map(() => null);
  return headerCells.map((_, k) => {
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

export function bandOf(seg: Segment, bs: readonly { x0: number; x1: number }[]): { band: number; spread: number } {
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
