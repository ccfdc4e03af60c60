import { describe, expect, it } from 'vitest';
import { readLayoutJsonInChild } from '../../src/pdf/pdf-in-child.ts';
import { shareEqualCells } from '../../src/documents/share-equal-cells.ts';
import type { DocumentLayout, Line, Span } from '../../src/domain/types.ts';
import { fixture } from '../fixtures/read-fixture.ts';

const box = (x0: number, x1: number) => ({ x0, y0: 10, x1, y1: 20 });
const span = (text: string, x0: number, x1: number, extra: Partial<Span> = {}): Span => ({ text, bbox: box(x0, x1), fontSize: 10, ...extra });
const layoutOf = (lines: Line[]): DocumentLayout => ({ pageCount: 1, pages: [{ page: 1, width: 600, height: 800, hasTextLayer: true, lines }] });

describe('shareEqualCells', () => {
  it('makes a cell that repeats a span that span object, leaving the layout JSON unchanged', () => {
    const layout = layoutOf([
      {
        text: 'Date | Item 1 | 3.17',
        bbox: box(50, 500),
        spans: [span('Date', 50, 100), span('Item', 110, 130), span('1', 132, 140), span('3.17', 480, 500)],
        // The middle cell is two runs joined: it equals no span and stays its own object.
        cells: [span('Date', 50, 100), span('Item 1', 110, 140), span('3.17', 480, 500)],
      },
    ]);
    const before = JSON.stringify(layout);
    const line = shareEqualCells(layout).pages[0]!.lines[0]!;
    expect(JSON.stringify(layout)).toBe(before);
    expect(line.cells![0]).toBe(line.spans[0]);
    expect(line.cells![1]).not.toBe(line.spans[1]);
    expect(line.cells![2]).toBe(line.spans[3]);
  });

  it('keeps a cell whose span differs in a box edge, font size or a flag', () => {
    const layout = layoutOf([
      {
        text: 'a | b | c',
        bbox: box(0, 300),
        spans: [span('a', 0, 10.000000000000002), span('b', 100, 110, { fontSize: 9 }), span('c', 200, 210, { monospace: true })],
        cells: [span('a', 0, 10), span('b', 100, 110), span('c', 200, 210)],
      },
    ]);
    const before = JSON.stringify(layout);
    const line = shareEqualCells(layout).pages[0]!.lines[0]!;
    expect(JSON.stringify(layout)).toBe(before);
    line.cells!.forEach((cell) => expect(line.spans).not.toContain(cell));
  });

  it('shares the cells of a real table PDF and its layout reads the same', async () => {
    const json = await readLayoutJsonInChild(fixture('invoice-2p.pdf'), { timeoutMs: 60_000, maxMemoryMb: 256 });
    const layout = shareEqualCells(JSON.parse(json) as DocumentLayout);
    expect(JSON.stringify(layout)).toBe(json);
    const cells = layout.pages.flatMap((p) => p.lines.flatMap((l) => (l.cells ?? []).map((cell) => ({ cell, spans: l.spans }))));
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.some(({ cell, spans }) => spans.includes(cell))).toBe(true);
  });
});
