import type { BBox, DocumentLayout, Span } from '../domain/types.ts';

/**
 * Makes each table cell that equals one of its line's spans that span object, in place; returns
 * the layout.
 *
 * Why: a cell that is one text run (the usual case: page-lines.ts makes a cell per segment, and
 * most segments are one run) is written to the stored JSON as a second copy of its span, and
 * parsing makes a second object, with its own box, for each. On a 500-page table document that is
 * close to half of the layout's objects, held by a job from its start to its end. The values are
 * unchanged (the JSON of the layout is the same text); only identical copies become one object.
 * Nothing reads a layout to change it, so sharing is safe.
 */
export function shareEqualCells(layout: DocumentLayout): DocumentLayout {
  for (const page of layout.pages) {
    for (const line of page.lines) {
      const { cells, spans } = line;
      if (!cells) continue;
      // Cells and spans both run left to right: look for each cell from where the last one matched.
      let from = 0;
      for (let i = 0; i < cells.length; i++) {
        for (let j = from; j < spans.length; j++) {
          if (sameSpan(cells[i]!, spans[j]!)) {
            cells[i] = spans[j]!;
            from = j + 1;
            break;
          }
        }
      }
    }
  }
  return layout;
}

/** Equal as JSON: the same fields with the same values (a cell has no rotation or monospace flag). */
function sameSpan(a: Span, b: Span): boolean {
  return (
    a.text === b.text &&
    a.fontSize === b.fontSize &&
    a.rotation === b.rotation &&
    a.monospace === b.monospace &&
    sameBox(a.bbox, b.bbox) &&
    Object.keys(a).length === Object.keys(b).length
  );
}

function sameBox(a: BBox, b: BBox): boolean {
  return a.x0 === b.x0 && a.y0 === b.y0 && a.x1 === b.x1 && a.y1 === b.y1;
}
