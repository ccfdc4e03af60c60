import { describe, expect, it } from 'vitest';
import { shareCellSpans } from '../../src/documents/share-cell-spans.ts';
import type { Line, PageLayout, Span } from '../../src/domain/types.ts';

const span = (text: string, x0: number, extra: Partial<Span> = {}): Span => ({ text, bbox: { x0, y0: 10, x1: x0 + 40, y1: 20 }, fontSize: 10, ...extra });
const pageOf = (lines: Line[]): PageLayout => JSON.parse(JSON.stringify({ page: 1, width: 595, height: 842, hasTextLayer: true, lines })) as PageLayout;

describe('sharing a parsed layout\'s cells with its spans', () => {
  it('a row whose cells equal its runs gets its spans as its cells, and reads the same', () => {
    const row = { text: 'a | b', bbox: { x0: 0, y0: 10, x1: 140, y1: 20 }, spans: [span('a', 0), span('b', 100)], cells: [span('a', 0), span('b', 100)] };
    const page = pageOf([row]);
    const before = JSON.parse(JSON.stringify(page)) as PageLayout;
    shareCellSpans(page);
    expect(page.lines[0]!.cells).toBe(page.lines[0]!.spans);
    expect(page).toEqual(before);
    expect(JSON.stringify(page)).toBe(JSON.stringify(before));
  });

  it('a cell that differs from its run in any field (joined runs, monospace, a field cells lack) stays its own object', () => {
    const joined = { text: 'a b | c', bbox: { x0: 0, y0: 10, x1: 140, y1: 20 }, spans: [span('a', 0), span('b', 45), span('c', 100)], cells: [span('a b', 0), span('c', 100)] };
    const mono = { text: 'x | y', bbox: { x0: 0, y0: 10, x1: 140, y1: 20 }, spans: [span('x', 0, { monospace: true }), span('y', 100)], cells: [span('x', 0), span('y', 100)] };
    const page = pageOf([joined, mono]);
    const before = JSON.parse(JSON.stringify(page)) as PageLayout;
    shareCellSpans(page);
    const [first, second] = page.lines as [Line, Line];
    expect(first.cells).not.toBe(first.spans);
    expect(first.cells![0]).not.toBe(first.spans[0]);
    expect(second.cells).not.toBe(second.spans);
    expect(second.cells![0]).not.toBe(second.spans[0]);
    // The equal one alone is shared.
    expect(second.cells![1]).toBe(second.spans[1]);
    expect(page).toEqual(before);
  });

  it('lines without cells are left alone', () => {
    const page = pageOf([{ text: 'plain', bbox: { x0: 0, y0: 10, x1: 40, y1: 20 }, spans: [span('plain', 0)] }]);
    shareCellSpans(page);
    expect(page.lines[0]!.cells).toBeUndefined();
  });
});
