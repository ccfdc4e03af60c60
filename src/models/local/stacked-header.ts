/**
 * Table headers printed over two or three lines ("Unit price" over "(excl. VAT)"), where cells
 * vertically centred in a taller header row land on lines of their own ("Description | Qty"
 * between the two halves of "Unit price / (excl. VAT)"). Read line by line, no one line names
 * enough columns; stacked into one view, each column's words form one header cell.
 */
import type { LineView, Segment } from './layout-words.ts';
import { unionBox, xOverlap } from './layout-words.ts';

/** Lines further apart than this many line heights (top to top) are not one header row. */
const MAX_STEP = 1.25;
const MAX_LINES = 3;

/** A header line holds labels, not figures. */
function labelOnly(view: LineView): boolean {
  return view.segments.length > 0 && view.segments.every((s) => !/\d/.test(s.text) || /%/.test(s.text));
}

/**
 * The header views that start at `views[start]` and stack it with the next one or two tight
 * lines of labels: one view per group size (2, 3), each ordered as its last line so the table's
 * rows are read after it. Empty when the line has no tight label line below it.
 */
export function stackedHeaders(views: readonly LineView[], start: number): LineView[] {
  const first = views[start];
  if (first === undefined || !labelOnly(first)) return [];
  const out: LineView[] = [];
  const group = [first];
  for (let k = start + 1; k < views.length && group.length < MAX_LINES; k++) {
    const prev = group[group.length - 1] as LineView;
    const v = views[k] as LineView;
    const height = Math.max(prev.height, v.height);
    if (v.page !== first.page || !labelOnly(v) || v.bbox.y0 - prev.bbox.y0 > MAX_STEP * height) break;
    group.push(v);
    out.push(stack(group));
  }
  return out;
}

function stack(group: readonly LineView[]): LineView {
  const last = group[group.length - 1] as LineView;
  // Top to bottom, so a cell's words read in print order.
  const segs = group.flatMap((v) => v.segments);
  const cells: Segment[] = [];
  for (const seg of segs) {
    const into = cells.find((c) => xOverlap(c.bbox, seg.bbox) > 0);
    if (into === undefined) cells.push({ words: [...seg.words], bbox: seg.bbox, text: seg.text });
    else {
      into.words.push(...seg.words);
      into.bbox = unionBox([into.bbox, seg.bbox]);
      into.text = `${into.text} ${seg.text}`;
    }
  }
  cells.sort((a, b) => a.bbox.x0 - b.bbox.x0);
  return {
    ...last,
    words: group.flatMap((v) => v.words),
    segments: cells,
    bbox: unionBox(group.map((v) => v.bbox)),
  };
}
