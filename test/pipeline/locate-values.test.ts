/**
 * Citations by layout feature: each test draws a small page in a fixed-pitch font (every character
 * 5 pt wide, lines 10 pt high, so boxes are easy to predict) and checks where a value is boxed and
 * how it is grounded.
 */
import { describe, expect, it } from 'vitest';
import { attributeValue, attributionFor } from '../../src/pipeline/attribute.ts';
import { groundingWarnings } from '../../src/pipeline/locate/grounding-report.ts';
import { evidenceMap, mergeCandidates } from '../../src/pipeline/merge-results.ts';
import type { AttributionInfo, FieldEvidence, Line, PageLayout, Section, Span } from '../../src/domain/types.ts';

const CHAR = 5;

function span(text: string, x: number, y: number): Span {
  return { text, fontSize: 10, monospace: true, bbox: { x0: x, y0: y, x1: x + text.length * CHAR, y1: y + 10 } };
}

function line(y: number, ...parts: Array<[text: string, x: number]>): Line {
  const spans = parts.map(([text, x]) => span(text, x, y));
  return {
    text: spans.map((s) => s.text).join(' '),
    spans,
    bbox: { x0: spans[0]!.bbox.x0, y0: y, x1: spans.at(-1)!.bbox.x1, y1: y + 10 },
  };
}

function page(n: number, lines: Line[]): PageLayout {
  return { page: n, width: 600, height: 800, hasTextLayer: true, lines };
}

function sectionOf(...pages: PageLayout[]): Section {
  return { pages, text: '', imagePages: [] };
}

function attribute(value: unknown, s: Section, evidence?: Partial<FieldEvidence>): AttributionInfo {
  return attributionFor(value, { evidence: evidence ? { pointer: '', ...evidence } : undefined, section: s }, []);
}

function attributeAll(value: unknown, s: Section, evidence: FieldEvidence[] = []): unknown {
  return attributeValue(mergeCandidates([{ value, evidence: evidenceMap(evidence), section: s }]), []);
}

describe('values are found at word boundaries', () => {
  it('a rank 4 is not boxed on the 4 of 1/4', () => {
    const s = sectionOf(page(1, [line(10, ['Heat 1/4', 50]), line(30, ['Rank', 50], ['4', 200])]));
    const info = attribute(4, s);
    expect(info.location).toMatchObject({ matchedText: '4', grounding: 'verbatim', bbox: { x0: 200, y0: 30 } });
  });

  it('a scale 1 is not boxed on the 1 of 1-5397, and a code is not found inside a longer code', () => {
    const s = sectionOf(page(1, [line(10, ['Ref 1-5397 INV-2024-0042', 50])]));
    expect(attribute(1, s).location).toMatchObject({ grounding: 'inferred', bbox: null });
    expect(attribute('2024', s).location?.grounding).toBe('not_found');
  });

  it('an author is found before an affiliation mark, printed small or as a superscript character', () => {
    const small: Span = { text: '1', fontSize: 6, monospace: true, bbox: { x0: 50 + 6 * CHAR, y0: 8, x1: 50 + 6 * CHAR + 3, y1: 14 } };
    const p = page(1, [line(10, ['Wei Li', 50]), line(30, ['Ann Wu\u00b2', 50])]);
    p.lines[0]!.spans.push(small);
    const s = sectionOf(p);
    expect(attribute('Wei Li', s).location).toMatchObject({ matchedText: 'Wei Li', grounding: 'verbatim' });
    expect(attribute('Ann Wu', s).location).toMatchObject({ matchedText: 'Ann Wu', grounding: 'verbatim' });
  });

  it('a year is boxed inside "(2017)." on its four digits only', () => {
    const s = sectionOf(page(1, [line(10, ['Smith (2017).', 50])]));
    const info = attribute(2017, s);
    expect(info.location).toMatchObject({ matchedText: '2017', grounding: 'verbatim' });
    expect(info.location?.bbox).toEqual({ x0: 50 + 7 * CHAR, y0: 10, x1: 50 + 11 * CHAR, y1: 20 });
  });
});

describe('values are found after normalisation', () => {
  it('markdown and HTML entities the model adds do not stop a match, and the value is normalized', () => {
    const s = sectionOf(page(1, [line(10, ['Client: AT&T Inc.', 50])]));
    const info = attribute('**AT&amp;T Inc.**', s);
    expect(info.location).toMatchObject({ matchedText: 'AT&T Inc.', grounding: 'normalized' });
  });

  it('Unicode compatibility forms match their plain letters (the "fi" ligature)', () => {
    const s = sectionOf(page(1, [line(10, ['Pro\uFB01t margin', 50])]));
    expect(attribute('Profit margin', s).location?.matchedText).toBe('Pro\uFB01t margin');
  });

  it('a value hyphenated at a line end is found, with one box per line and their union', () => {
    const s = sectionOf(page(1, [line(10, ['document extrac-', 50]), line(22, ['tion pipeline', 50])]));
    const info = attribute('extraction pipeline', s);
    expect(info.location?.boxes).toHaveLength(2);
    expect(info.location?.bbox).toEqual({ x0: 50, y0: 10, x1: 50 + 16 * CHAR, y1: 32 });
    expect(info.location).toMatchObject({ grounding: 'normalized', matchedText: 'extrac-tion pipeline' });
  });

  it('a compound broken at its own hyphen keeps the hyphen', () => {
    const s = sectionOf(page(1, [line(10, ['a state-of-the-', 50]), line(22, ['art parser', 50])]));
    expect(attribute('state-of-the-art parser', s).location).toMatchObject({ matchedText: 'state-of-the-art parser', boxes: [{ y0: 10 }, { y0: 22 }] });
  });

  it('a value over two lines gets a box for each line', () => {
    const s = sectionOf(page(1, [line(10, ['Address: 12 Harbour', 50]), line(22, ['Road, Leith', 50])]));
    const info = attribute('12 Harbour Road, Leith', s);
    expect(info.location?.boxes).toEqual([
      { x0: 50 + 9 * CHAR, y0: 10, x1: 50 + 19 * CHAR, y1: 20 },
      { x0: 50, y0: 22, x1: 50 + 11 * CHAR, y1: 32 },
    ]);
    expect(info.location?.grounding).toBe('verbatim');
  });

  it('a value wrapped inside a cell beside another column continues in the cell under it', () => {
    const p = page(1, [
      line(10, ['Issued: 5 March 2024', 50], ['Deliver to: 12 Harbour', 300]),
      line(22, ['Due: 04/05/2024', 50], ['Road, Leith', 300]),
    ]);
    p.lines[0]!.cells = p.lines[0]!.spans;
    p.lines[1]!.cells = p.lines[1]!.spans;
    const info = attribute('12 Harbour Road, Leith', sectionOf(p));
    expect(info.location?.boxes).toEqual([
      { x0: 300 + 12 * CHAR, y0: 10, x1: 300 + 22 * CHAR, y1: 20 },
      { x0: 300, y0: 22, x1: 300 + 11 * CHAR, y1: 32 },
    ]);
  });

  it('numbers are found in European, bracketed-negative and percentage forms', () => {
    const s = sectionOf(page(1, [
      line(10, ['Umsatz 1.234,50 EUR', 50]),
      line(30, ['Net loss (2,500)', 50]),
      line(50, ['Growth 12.5%', 50]),
    ]));
    expect(attribute(1234.5, s).location).toMatchObject({ matchedText: '1.234,50', grounding: 'normalized' });
    expect(attribute(-2500, s).location).toMatchObject({ matchedText: '2,500', bbox: { y0: 30 } });
    expect(attribute(0.125, s).location).toMatchObject({ matchedText: '12.5%', bbox: { y0: 50 } });
    expect(attribute(12.5, s).location).toMatchObject({ matchedText: '12.5', grounding: 'verbatim' });
  });

  it('dates are found however they are printed', () => {
    const s = sectionOf(page(1, [line(10, ['Signed on March 5th, 2024 and filed 05.04.2024', 50])]));
    expect(attribute('2024-03-05', s).location?.matchedText).toBe('March 5th, 2024');
    expect(attribute('2024-04-05', s).location?.matchedText).toBe('05.04.2024');
    const cv = sectionOf(page(1, [line(10, ['Analyst, Jan. 2019 - Present', 50])]));
    expect(attribute('2019-01-01', cv).location?.matchedText).toBe('Jan. 2019');
    expect(attribute('2019-01', cv).location?.matchedText).toBe('Jan. 2019');
  });

  it('punctuation the model drops is ignored only when nothing exact is printed', () => {
    const s = sectionOf(page(1, [line(10, ['Author: Smith, J.', 50])]));
    expect(attribute('Smith J', s).location).toMatchObject({ matchedText: 'Smith, J', grounding: 'normalized' });
  });
});

describe('the right occurrence is chosen by the structure of the result', () => {
  const table = page(1, [
    line(10, ['Name', 50], ['Country', 200], ['Born', 300]),
    line(30, ['Ito Hiro', 50], ['JPN', 200], ['1933', 300]),
    line(50, ['Sato Ken', 50], ['JPN', 200], ['1933', 300]),
    line(70, ['Kato Yui', 50], ['JPN', 200], ['1951', 300]),
  ]);

  it("each table row's repeated code is boxed in its own row", () => {
    const rows = [
      { name: 'Ito Hiro', country: 'JPN', born: 1933 },
      { name: 'Sato Ken', country: 'JPN', born: 1933 },
      { name: 'Kato Yui', country: 'JPN', born: 1951 },
    ];
    const out = attributeAll({ rows }, sectionOf(table)) as { rows: Array<Record<string, AttributionInfo>> };
    expect(out.rows.map((r) => r.country!.location?.bbox?.y0)).toEqual([30, 50, 70]);
    expect(out.rows.map((r) => r.born!.location?.bbox?.y0)).toEqual([30, 50, 70]);
    expect(out.rows.every((r) => r.country!.location?.ambiguous === false)).toBe(true);
  });

  it('equal values in an array take their occurrences in reading order', () => {
    const out = attributeAll({ codes: ['JPN', 'JPN', 'JPN'] }, sectionOf(table)) as { codes: AttributionInfo[] };
    expect(out.codes.map((c) => c.location?.bbox?.y0)).toEqual([30, 50, 70]);
  });

  it("an author is cited in each publication's own entry", () => {
    const cv = page(1, [
      line(10, ['Deep tables. Ito, Sato. 2019', 50]),
      line(30, ['Sparse grids. Kato, Ito. 2021', 50]),
    ]);
    const pubs = [
      { title: 'Deep tables', authors: ['Ito', 'Sato'] },
      { title: 'Sparse grids', authors: ['Kato', 'Ito'] },
    ];
    const out = attributeAll({ pubs }, sectionOf(cv)) as { pubs: Array<{ authors: AttributionInfo[] }> };
    expect(out.pubs[1]!.authors[1]!.location).toMatchObject({ ambiguous: false, bbox: { y0: 30 } });
    expect(out.pubs[0]!.authors[0]!.location).toMatchObject({ ambiguous: false, bbox: { y0: 10 } });
  });

  it('the model quote narrows the search to the occurrence it quotes', () => {
    const info = attribute('JPN', sectionOf(table), { quote: 'Sato Ken | JPN' });
    expect(info.location).toMatchObject({ ambiguous: false, bbox: { y0: 50 } });
  });

  it('a value printed in two number formats with no quote says it is ambiguous', () => {
    const s = sectionOf(page(1, [line(10, ['Net USD 6,221.44', 50]), line(30, ['Netto EUR 6.221,44', 50])]));
    expect(attribute(6221.44, s).location?.ambiguous).toBe(true);
    expect(attribute(6221.44, s, { quote: 'Netto EUR 6.221,44' }).location).toMatchObject({ ambiguous: false, matchedText: '6.221,44' });
  });

  it('a place another field was found at alone is left to that field', () => {
    const s = sectionOf(page(1, [line(10, ['Net USD 6,221.44', 50]), line(30, ['Netto EUR 6.221,44', 50])]));
    const out = attributeAll({ net: 6221.44, net_eur: 6221.44 }, s, [{ pointer: '/net', quote: 'Net USD 6,221.44' }]) as Record<string, AttributionInfo>;
    expect(out.net!.location).toMatchObject({ matchedText: '6,221.44', bbox: { y0: 10 } });
    expect(out.net_eur!.location).toMatchObject({ matchedText: '6.221,44', bbox: { y0: 30 }, ambiguous: false });
  });

  it('a quoted label is followed to the value beside it, not to the same characters elsewhere', () => {
    const s = sectionOf(page(1, [line(10, ['Rank', 50], ['3', 200]), line(30, ['Lane', 50], ['3', 200])]));
    expect(attribute(3, s, { quote: 'Lane' }).location).toMatchObject({ bbox: { y0: 30 }, ambiguous: false });
    expect(attribute(2, s, { quote: 'Lane' }).location).toMatchObject({ grounding: 'inferred', bbox: null });
  });

  it('a value printed twice with nothing to tell the places apart says it is ambiguous', () => {
    const info = attribute('JPN', sectionOf(table));
    expect(info.location?.ambiguous).toBe(true);
  });
});

describe('how a value is grounded', () => {
  const s = sectionOf(page(1, [line(10, ['Remote work possible', 50]), line(30, ['Pages 1 2 3', 50])]));

  it('a boolean is inferred and gets no box even when its quote is printed', () => {
    const info = attribute(true, s, { quote: 'Remote work possible', page: 1, confidence: 0.9 });
    expect(info.location).toMatchObject({ grounding: 'inferred', bbox: null, page: 1 });
    expect(info.confidence).toBe(0.9);
  });

  it('a quote the page does not have is not found, lowers confidence and is listed in the warnings', () => {
    const out = attributeAll({ city: 'Lisbon' }, s, [{ pointer: '/city', quote: 'Office in Lisbon', page: 1, confidence: 0.9 }]);
    const city = (out as { city: AttributionInfo }).city;
    expect(city.location).toMatchObject({ grounding: 'not_found', bbox: null, page: 1 });
    expect(city.confidence).toBeLessThanOrEqual(0.3);
    const warnings = groundingWarnings(out);
    expect(warnings[0]).toMatch(/^citations: 0 of 1 values found on the page/);
    expect(warnings[1]).toContain('/city: the quoted text "Office in Lisbon" is not on page 1');
  });

  it('the job warning counts found values among all values', () => {
    const out = attributeAll({ a: 'Remote work possible', b: true, c: 'Lisbon' }, s);
    expect(groundingWarnings(out)[0]).toBe(
      'citations: 1 of 3 values found on the page (1 verbatim, 0 after normalisation); 1 inferred (not printed, no box); 1 not found in the document (confidence lowered)',
    );
  });

  it('an empty string is grounded as empty on the label the model quoted', () => {
    const form = sectionOf(page(1, [line(10, ['Middle name:', 50])]));
    const info = attribute('', form, { quote: 'Middle name:' });
    expect(info.location).toMatchObject({ grounding: 'empty', matchedText: 'Middle name:', bbox: { y0: 10 } });
  });
});

describe('rotated and scanned text', () => {
  it('a value printed up the margin gets a box along the text, not across the lines', () => {
    const margin: Span = { text: 'arXiv:2101.00001v2', fontSize: 10, rotation: 90, monospace: true, bbox: { x0: 10, y0: 300, x1: 20, y1: 390 } };
    const p = page(1, [line(300, ['Abstract body text', 50]), { text: margin.text, bbox: margin.bbox, spans: [margin] }]);
    const info = attribute('2101.00001v2', sectionOf(p));
    // 18 characters over 90 pt read bottom to top: "2101.00001v2" is the top 12 of them.
    expect(info.location).toMatchObject({ rotation: 90, bbox: { x0: 10, x1: 20, y0: 300, y1: 360 } });
  });

  it('a value on a scanned page gets the vision model\'s box, marked as the model\'s', () => {
    const scan: PageLayout = { page: 2, width: 600, height: 800, hasTextLayer: false, lines: [] };
    const s: Section = { pages: [page(1, []), scan], text: '', imagePages: [2] };
    const info = attribute('ACME Ltd', s, { page: 2, quote: 'ACME Ltd', box2d: [100, 200, 150, 500] });
    expect(info.location).toMatchObject({
      page: 2, grounding: 'unverified', source: 'model', bbox: { x0: 120, y0: 80, x1: 300, y1: 120 },
    });
  });
});
