/**
 * What one line under a table's header is: a row of cells (each placed in the header column its
 * box overlaps most), the wrapped continuation of one cell, the totals line that ends the table,
 * or something else (a note across the table, a label row).
 */
import type { ExtractContext } from './search-field.ts';
import { coerceScalar } from './coerce-value.ts';
import type { LineView, Segment } from './layout-words.ts';
import { bandOf } from './column-bands.ts';
import { isLabelAndValue } from './item-blocks.ts';
import type { Header, ItemProp } from './table-header.ts';
import { rowSegments } from './table-header.ts';
import { isEndLine } from './table-end-line.ts';

/** Text over this many columns is a note across the table, not a cell. */
const NOTE_SPREAD = 3;

export type RowKind = { kind: 'row'; cells: Map<number, Segment[]> } | { kind: 'continuation'; band: number; seg: Segment } | { kind: 'other' } | { kind: 'end' };

export const NUMBER_CELL = /^[-+(]?\p{Sc}?\s?[-+]?\d[\d.,' ]*\)?\s?(?:\p{Sc}|[A-Z]{3}|CR|DR)?$/u;

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

export function classify(ctx: ExtractContext, view: LineView, header: Header, bs: readonly { x0: number; x1: number }[], props: readonly ItemProp[], learned: boolean): RowKind {
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
