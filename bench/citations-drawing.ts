/**
 * Drawing with known truth for the citations bench: a page canvas that records, for every value it
 * draws, the printed text and its box (from the font's own metrics), plus a seeded random source.
 */
import type { PDFFont, PDFPage } from 'pdf-lib';
import type { BBox } from '../src/domain/types.ts';

export interface TruthValue {
  pointer: string;
  value: unknown;
  page: number;
  /** What is printed for it, or null when it is not printed (inferred). */
  printed: string | null;
  /** Where it is printed: one box per line. */
  boxes: BBox[];
  /** The model's quote (the printed text, or for inferred values the text it was derived from). */
  quote: string;
  /** The printed line (or table row, cells joined by " | ") the value is part of. */
  context?: string;
  /** The page the model names, when it names the wrong one. */
  hintedPage?: number;
}

export interface BenchDocument {
  name: string;
  bytes: Uint8Array;
  value: unknown;
  truth: TruthValue[];
}

export type Family = 'tuning' | 'holdout';

/** mulberry32: reproducible documents from a seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Canvas {
  readonly truth: TruthValue[] = [];
  readonly page: PDFPage;
  readonly pageNumber: number;
  readonly font: PDFFont;
  constructor(page: PDFPage, pageNumber: number, font: PDFFont) {
    this.page = page;
    this.pageNumber = pageNumber;
    this.font = font;
  }

  get height(): number {
    return this.page.getHeight();
  }

  /** Draws `text` with its baseline at `y` (top-down) and returns its box (top-left origin). */
  text(text: string, x: number, y: number, size: number): BBox {
    this.page.drawText(text, { x, y: this.height - y, size, font: this.font });
    const w = this.font.widthOfTextAtSize(text, size);
    return { x0: x, y0: y - 0.7 * size, x1: x + w, y1: y + 0.2 * size };
  }

  /** Draws a line made of parts; parts given as values are recorded as truth. */
  row(parts: Array<string | { pointer: string; value: unknown; printed: string }>, x: number, y: number, size: number, gap = ' '): void {
    let at = x;
    const context = parts.map((p) => (typeof p === 'string' ? p : p.printed)).join(gap);
    for (const part of parts) {
      const printed = typeof part === 'string' ? part : part.printed;
      const box = this.text(printed, at, y, size);
      if (typeof part !== 'string') this.record(part.pointer, part.value, printed, [box], undefined, context);
      at = box.x1 + this.font.widthOfTextAtSize(gap, size);
    }
  }

  /** The values recorded since `from` were cells of one table row. */
  rowContext(from: number): void {
    const cells = this.truth.slice(from);
    const context = cells.map((t) => t.printed).join(' | ');
    for (const t of cells) t.context = context;
  }

  record(pointer: string, value: unknown, printed: string | null, boxes: BBox[], quote?: string, context?: string): void {
    this.truth.push({ pointer, value, page: this.pageNumber, printed, boxes, quote: quote ?? printed ?? '', ...(context ? { context } : {}) });
  }
}

export function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

export const SURNAMES = ['Ito', 'Sato', 'Kato', 'Mori', 'Abe', 'Ueda', 'Hara', 'Endo', 'Kudo', 'Ono', 'Sano', 'Noda', 'Oda', 'Goto', 'Imai'];
export const GIVEN = ['Hiro', 'Ken', 'Yui', 'Aki', 'Ren', 'Mei', 'Sora', 'Taro', 'Nao', 'Rin', 'Kai', 'Emi', 'Jun', 'Yuki', 'Ami'];
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function groupThousands(n: number, sep: string): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** cents -> printed amount in a given style */
export function amount(cents: number, style: 'us' | 'eu' | 'paren'): string {
  const abs = Math.abs(cents);
  const int = Math.floor(abs / 100);
  const frac = String(abs % 100).padStart(2, '0');
  if (style === 'eu') return `${cents < 0 ? '-' : ''}${groupThousands(int, '.')},${frac}`;
  const us = `${groupThousands(int, ',')}.${frac}`;
  return cents < 0 ? (style === 'paren' ? `(${us})` : `-${us}`) : us;
}

