import { describe, expect, it } from 'vitest';
import { layoutLines } from '../../src/pdf/page-lines.ts';
import type { TextFragment } from '../../src/pdf/text-fragment.ts';

const SIZE = 10;

/** A 10-pt run whose glyphs are 5 pt wide, baseline at y (top-left origin). */
function run(text: string, x: number, y: number, options: { monospace?: boolean } = {}): TextFragment {
  return {
    text,
    baseline: y,
    fontSize: SIZE,
    bbox: { x0: x, y0: y - 0.8 * SIZE, x1: x + text.length * 5, y1: y + 0.2 * SIZE },
    ...(options.monospace ? { monospace: true } : {}),
  };
}

/** Runs of one row laid out left to right with the given gaps (in points) between them. */
function row(texts: string[], gaps: number[], y: number, x = 50, options: { monospace?: boolean } = {}): TextFragment[] {
  const out: TextFragment[] = [];
  let at = x;
  texts.forEach((text, i) => {
    out.push(run(text, at, y, options));
    at += text.length * 5 + (gaps[i] ?? 0);
  });
  return out;
}

describe('narrow cell boundaries', () => {
  it('splits tight table cells 0.4–0.9 em apart when the columns line up with the rows around them', () => {
    // Columns start at x 50, 110 and 129; "Description" ends at 105 and "Qty" at 125.
    const lines = layoutLines([
      run('Description', 50, 100), run('Qty', 110, 100), run('Price', 129, 100),
      run('Envelope C5', 50, 114), run('2', 110, 114), run('27.50', 129, 114),
      run('Toner', 50, 128), run('11', 110, 128), run('64.00', 129, 128),
    ]);
    expect(lines.map((l) => l.text)).toEqual(['Description | Qty | Price', 'Envelope C5 | 2 | 27.50', 'Toner | 11 | 64.00']);
  });

  it('splits right-aligned amount columns whose right edges line up', () => {
    const rightAligned = (text: string, right: number, y: number): TextFragment => run(text, right - text.length * 5, y);
    const lines = layoutLines([
      run('Fees', 50, 100), rightAligned('1,250.00', 150, 100), rightAligned('980.00', 195, 100),
      run('Costs', 50, 114), rightAligned('12.50', 150, 114), rightAligned('1,114.30', 195, 114),
    ]);
    // "1,250.00" ends at 150 and "980.00" starts at 165: 1.5 em, a cell gap anyway; "12.50"→"1,114.30" is 0.5 em.
    expect(lines[1]!.cells?.map((c) => c.text)).toEqual(['Costs', '12.50', '1,114.30']);
  });

  it('keeps a narrow gap inside one cell when nothing above or below lines up with it', () => {
    const lines = layoutLines([
      ...row(['Thank you for your business.', 'Payment is due in 30 days'], [5], 100),
      run('A sentence on the next line that starts elsewhere', 62, 114),
    ]);
    expect(lines[0]!.text).toBe('Thank you for your business. Payment is due in 30 days');
    expect(lines[0]!.cells).toBeUndefined();
  });

  it('reads justified word-per-run prose as text, even though its words line up on a grid', () => {
    // Every word its own run and every gap 5.5 pt (0.55 em) — as TeX prints a stretched line.
    const words = ['every', 'word', 'in', 'this', 'justified', 'line', 'is', 'its', 'own', 'run'];
    const fragments = [100, 114, 128, 142].flatMap((y) => row(words, words.map(() => 5.5), y));
    const lines = layoutLines(fragments);
    expect(lines.every((l) => l.cells === undefined)).toBe(true);
    expect(lines[0]!.text).toBe(words.join(' '));
  });

  it('does not split at a stretched space that was printed as a space character', () => {
    // A bold word in a justified line: its runs carry the real space, stretched to 0.6 em.
    const fragments = [100, 114, 128].flatMap((y) => [run('The total is ', 50, y), run(' due', 50 + 13 * 5 + 6, y)]);
    const lines = layoutLines(fragments);
    expect(lines.map((l) => l.text)).toEqual(['The total is due', 'The total is due', 'The total is due']);
  });

  it('in fixed-pitch text treats a one-character gap as a word space and two characters as a cell gap', () => {
    const mono = { monospace: true };
    const lines = layoutLines([
      ...row(['Opening', 'balance', '1,544.20'], [5.5, 11], 100, 50, mono),
      ...row(['Closing', 'balance', '8,160.04'], [5.5, 11], 114, 50, mono),
    ]);
    // A 10-pt fixed-pitch glyph is 5 pt here: 5.5 pt is one character cell, 11 pt two.
    expect(lines.map((l) => l.text)).toEqual(['Opening balance | 1,544.20', 'Closing balance | 8,160.04']);
  });
});
