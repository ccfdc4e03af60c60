import { describe, expect, it } from 'vitest';
import { joinHyphenatedLines } from '../../src/pdf/join-hyphenated-lines.ts';
import { layoutLines } from '../../src/pdf/page-lines.ts';
import type { TextFragment } from '../../src/pdf/text-fragment.ts';
import type { Line } from '../../src/domain/types.ts';

/** A fragment of 10-pt text whose glyphs are 5 pt wide, baseline at y (top-left origin). */
function frag(text: string, x: number, y: number, size = 10): TextFragment {
  return { text, baseline: y, fontSize: size, bbox: { x0: x, y0: y - 0.8 * size, x1: x + text.length * size * 0.5, y1: y + 0.2 * size } };
}

const LEFT = ['alpha line one of the left column text', 'alpha line two of the left column text', 'alpha line three of the left column', 'alpha line four of the left column txt'];
const RIGHT = ['omega line one of the right column text', 'omega line two of the right column text', 'omega line three of the right column', 'omega line four of the right column tx'];

function twoColumnBlock(top: number): TextFragment[] {
  return LEFT.flatMap((text, i) => [frag(text, 50, top + i * 12), frag(RIGHT[i]!, 300, top + i * 12)]);
}

function line(text: string): Line {
  return { text, bbox: { x0: 0, y0: 0, x1: 10, y1: 10 }, spans: [{ text, bbox: { x0: 0, y0: 0, x1: 10, y1: 10 }, fontSize: 10 }] };
}

describe('layoutLines', () => {
  it('keeps a key/value table as rows with two cells instead of reading it as two columns', () => {
    const labels = ['Subtotal', 'Shipping', 'VAT 19%', 'Discount', 'Total due'];
    const values = ['EUR 100.00', 'EUR 5.00', 'EUR 19.95', 'EUR -4.00', 'EUR 120.95'];
    const lines = layoutLines(labels.flatMap((l, i) => [frag(l, 300, 100 + i * 14), frag(values[i]!, 450, 100 + i * 14)]));
    expect(lines.map((l) => l.text)).toEqual(labels.map((l, i) => `${l} | ${values[i]}`));
    expect(lines.every((l) => l.cells?.length === 2)).toBe(true);
  });

  it('reads full-width, two columns, full-width, two columns in that order', () => {
    const fragments = [
      frag('A full-width heading that runs over both of the columns below it', 50, 40),
      ...twoColumnBlock(70),
      frag('Figure 1: a full-width caption that crosses the gutter between columns', 50, 140),
      ...twoColumnBlock(170),
    ];
    const texts = layoutLines(fragments).map((l) => l.text);
    expect(texts).toEqual([
      'A full-width heading that runs over both of the columns below it',
      ...LEFT,
      ...RIGHT,
      'Figure 1: a full-width caption that crosses the gutter between columns',
      ...LEFT,
      ...RIGHT,
    ]);
  });

  it('joins word-per-item fragments with spaces but not fragments split inside a word', () => {
    const [l] = layoutLines([frag('Hello', 50, 100), frag('wor', 50 + 5 * 5 + 2.5, 100), frag('ld', 50 + 5 * 5 + 2.5 + 15, 100)]);
    expect(l!.text).toBe('Hello world');
    expect(l!.spans.map((s) => s.text)).toEqual(['Hello', 'wor', 'ld']);
    expect(l!.cells).toBeUndefined();
  });

  it('drops whitespace-only fragments and orders rows top to bottom, then left to right', () => {
    const lines = layoutLines([frag('second', 50, 120), frag('   ', 10, 10), frag('first', 50, 100)]);
    expect(lines.map((l) => l.text)).toEqual(['first', 'second']);
  });
});

describe('joinHyphenatedLines', () => {
  it('joins a word split at a line end and leaves the rest of the next line', () => {
    const out = joinHyphenatedLines([line('automated data extrac-'), line('tion has been studied')]);
    expect(out.map((l) => l.text)).toEqual(['automated data extraction', 'has been studied']);
    expect(out[1]!.spans[0]!.text).toBe('tion has been studied');
  });

  it('folds a next line that is only the continuation into the first line', () => {
    const out = joinHyphenatedLines([line('the end of a para-'), line('graph'), line('Next paragraph')]);
    expect(out.map((l) => l.text)).toEqual(['the end of a paragraph', 'Next paragraph']);
    expect(out[0]!.spans).toHaveLength(2);
  });

  it('leaves a dash before a capitalised line, a spaced dash and table rows alone', () => {
    const row: Line = { ...line('Total -'), cells: [] };
    const input = [line('Berlin-'), line('Brandenburg'), line('prices from 10 -'), line('to 20'), row, line('next')];
    expect(joinHyphenatedLines(input).map((l) => l.text)).toEqual(input.map((l) => l.text));
  });
});
