import { describe, expect, it } from 'vitest';
import { buildSections, estimateTokens, pageText } from '../../src/pipeline/sections.ts';
import type { Line, PageLayout } from '../../src/domain/types.ts';

function textPage(page: number, ...texts: string[]): PageLayout {
  const lines: Line[] = texts.map((text) => ({ text, bbox: { x0: 0, y0: 0, x1: 1, y1: 1 }, spans: [] }));
  return { page, width: 595, height: 842, hasTextLayer: true, lines };
}

function scanPage(page: number): PageLayout {
  return { page, width: 595, height: 842, hasTextLayer: false, lines: [] };
}

describe('pageText and estimateTokens', () => {
  it('joins a page’s lines with newlines', () => {
    expect(pageText(textPage(1, 'first', 'a | b'))).toBe('first\na | b');
  });

  it('estimates about one token per four characters', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('x'.repeat(4001))).toBe(1001);
  });
});

describe('buildSections', () => {
  const hundredTokens = 'y'.repeat(400);

  it('puts every page behind a "--- page N ---" marker and keeps small documents in one section', () => {
    const [section, ...rest] = buildSections([textPage(1, 'Invoice'), textPage(2, 'Total 10')], 1000);
    expect(rest).toEqual([]);
    expect(section!.text).toBe('--- page 1 ---\nInvoice\n\n--- page 2 ---\nTotal 10');
    expect(section!.pages.map((p) => p.page)).toEqual([1, 2]);
    expect(section!.imagePages).toEqual([]);
  });

  it('splits on page boundaries under the budget', () => {
    const pages = [1, 2, 3, 4, 5].map((n) => textPage(n, hundredTokens));
    const sections = buildSections(pages, 250);
    expect(sections.map((s) => s.pages.map((p) => p.page))).toEqual([[1, 2], [3, 4], [5]]);
    for (const s of sections) {
      expect(estimateTokens(s.text)).toBeLessThanOrEqual(250);
      for (const p of s.pages) expect(s.text).toContain(`--- page ${p.page} ---\n${hundredTokens}`);
    }
  });

  it('gives a page over the budget a section of its own, unsplit', () => {
    const big = 'z'.repeat(4000);
    const sections = buildSections([textPage(1, 'small'), textPage(2, big), textPage(3, 'small')], 100);
    expect(sections.map((s) => s.pages.map((p) => p.page))).toEqual([[1], [2], [3]]);
    expect(sections[1]!.text).toBe(`--- page 2 ---\n${big}`);
  });

  it('lists image-only pages and marks them in the text', () => {
    const [section] = buildSections([textPage(1, 'Cover'), scanPage(2)], 1000);
    expect(section!.imagePages).toEqual([2]);
    expect(section!.text).toBe('--- page 1 ---\nCover\n\n--- page 2 ---\n(scanned page: no text layer)');
  });

  it('returns no sections for no pages', () => {
    expect(buildSections([], 100)).toEqual([]);
  });
});
