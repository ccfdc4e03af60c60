/**
 * Pieces that drawn invoices (ocr-page.ts) share: an item table of any columns, an information
 * block of label and value columns, a totals block and a footer of columns.
 */
import type { OcrPage } from './ocr-page.ts';

export interface Column { head: string; x: number; right: boolean }

/** A table of any columns; returns the y under its last row. */
export function grid(p: OcrPage, top: number, cols: Column[], rows: string[][], ruled: boolean): number {
  const put = (c: Column, y: number, s: string, label: boolean): void => {
    if (c.right) p.right(c.x, y, s, { bold: label, label });
    else p.text(c.x, y, s, { bold: label, label });
  };
  cols.forEach((c) => put(c, top, c.head, true));
  if (ruled) p.rule(55, top + 4, 545, top + 4);
  let y = top + 17;
  for (const r of rows) {
    cols.forEach((c, i) => put(c, y, r[i] ?? '', false));
    y += 15;
  }
  if (ruled) p.rule(55, y - 10, 545, y - 10);
  return y;
}

/** Label column and value column (both left-aligned), as in an information block. */
export function infoBlock(p: OcrPage, x: number, valueX: number, top: number, rows: Array<[string, string]>, step = 13): void {
  rows.forEach(([l, v], i) => p.label(x, top + i * step, l, { size: 8.5 }).text(valueX, top + i * step, v, { size: 8.5 }));
}

/** Totals, labels left-aligned in a column, amounts right-aligned at the margin. */
export function sums(p: OcrPage, top: number, rows: Array<[string, string]>, labelX = 340, valueRight = 545): number {
  rows.forEach(([l, v], i) => {
    const last = i === rows.length - 1;
    p.label(labelX, top + i * 15, l, { bold: last }).right(valueRight, top + i * 15, v, { bold: last });
  });
  return top + rows.length * 15;
}

/** A footer of columns, each a few small lines. */
export function footer(p: OcrPage, top: number, columns: string[][]): void {
  const width = 490 / columns.length;
  columns.forEach((lines, c) => lines.forEach((l, i) => p.text(55 + c * width, top + i * 9, l, { size: 6.5 })));
}
