import { describe, expect, it } from 'vitest';
import { searchLeaf } from '../../src/pipeline/locate/leaf-candidates.ts';
import type { Line, PageLayout, Span } from '../../src/domain/types.ts';

const span = (text: string, x0: number, y0: number): Span => ({ text, bbox: { x0, y0, x1: x0 + text.length * 5, y1: y0 + 10 }, fontSize: 10 });
const line = (text: string, y0: number): Line => {
  const s = span(text, 50, y0);
  return { text, bbox: s.bbox, spans: [s] };
};
const page = (n: number, texts: string[]): PageLayout => ({ page: n, width: 595, height: 842, hasTextLayer: true, lines: texts.map((t, i) => line(t, 100 + i * 20)) });

describe('locating a value a provider placed exactly (LOCAL)', () => {
  const pages = [page(1, ['Total 120.00']), page(2, ['Subtotal 99.00', 'Total 120.00'])];

  it('takes the occurrence on the page and box the provider named, not the same text on another page', () => {
    const box = pages[1]!.lines[1]!.bbox;
    const found = searchLeaf(120, { pointer: '/total', page: 2, bbox: box }, null, pages);
    expect(found.kind).toBe('found');
    expect(found.kind === 'found' && found.occurrences.map((o) => o.page)).toEqual([2]);
  });

  it('still searches every page when the value is not on the page the provider named', () => {
    const found = searchLeaf(99, { pointer: '/subtotal', page: 1, bbox: pages[0]!.lines[0]!.bbox }, null, pages);
    expect(found.kind === 'found' && found.occurrences.map((o) => o.page)).toEqual([2]);
  });
});
