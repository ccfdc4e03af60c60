import { describe, expect, it } from 'vitest';
import { attributeValue, attributionFor, NOT_FOUND_CONFIDENCE_CAP } from '../../src/pipeline/attribute.ts';
import { evidenceMap, mergeCandidates } from '../../src/pipeline/merge-results.ts';
import type { AttributionInfo, FieldEvidence, Line, PageLayout, Section } from '../../src/domain/types.ts';

/** A fixed-pitch font: every character is 5 pt wide, lines are 10 pt high, boxes are easy to predict. */
const CHAR = 5;

function line(y: number, ...spans: Array<[text: string, x: number]>): Line {
  const built = spans.map(([text, x]) => ({ text, fontSize: 10, monospace: true, bbox: { x0: x, y0: y, x1: x + text.length * CHAR, y1: y + 10 } }));
  return {
    text: built.map((s) => s.text).join(' '),
    spans: built,
    bbox: {
      x0: Math.min(...built.map((s) => s.bbox.x0)),
      y0: y,
      x1: Math.max(...built.map((s) => s.bbox.x1)),
      y1: y + 10,
    },
  };
}

function page(n: number, lines: Line[], hasTextLayer = true): PageLayout {
  return { page: n, width: 600, height: 800, hasTextLayer, lines };
}

const page1 = page(1, [
  line(50, ['INVOICE', 50]),
  line(70, ['Invoice number:', 300], ['INV-2024-0042', 380]),
  line(84, ['Invoice date: 15 March 2024', 300]),
  line(200, ['Subtotal', 300], ['EUR 1,000.00', 450]),
]);
const page2 = page(2, [
  line(60, ['Subtotal', 300], ['EUR 1,924.31', 450]),
  line(80, ['Total due', 300], ['EUR 2,289.93', 450]),
]);
const scan = page(3, [], false);
const section: Section = { pages: [page1, page2], text: '', imagePages: [] };

function attribute(value: unknown, evidence: FieldEvidence | undefined, s: Section = section): AttributionInfo {
  return attributionFor(value, { evidence, section: s }, []);
}

describe('attribution locations', () => {
  it('finds a value on the page where it is printed, whatever page the model named', () => {
    const info = attribute(1924.31, { pointer: '/subtotal', page: 1, confidence: 0.9, reasoning: 'subtotal line' });
    expect(info.location?.page).toBe(2);
    expect(info.location?.matchedText).toBe('1,924.31');
    expect(info.confidence).toBe(0.9);
    expect(info.reasoning).toBe('subtotal line');
  });

  it('searches the page the model named first when the value is printed on several pages', () => {
    const p1 = page(1, [line(10, ['Total 5.00', 50])]);
    const p2 = page(2, [line(10, ['Total 5.00', 50])]);
    const info = attribute(5, { pointer: '/t', page: 2 }, { pages: [p1, p2], text: '', imagePages: [] });
    expect(info.location?.page).toBe(2);
  });

  it('boxes only the matched characters of a longer span', () => {
    const info = attribute(1924.31, undefined);
    // "EUR 1,924.31" starts at x 450; the number starts 4 characters in and is 8 characters long.
    expect(info.location?.bbox).toEqual({ x0: 450 + 4 * CHAR, y0: 60, x1: 450 + 12 * CHAR, y1: 70 });
  });

  it('gives its boxes in hundredths of a point, without float noise', () => {
    // 0.1 + 0.2 is 0.30000000000000004: a layout read by pdf.js carries such sums.
    const noisy = page(1, [line(100.1 + 0.2, ['Ref', 0.1 + 0.2]), line(112.1 + 0.2, ['AB-77', 0.1 + 0.2])]);
    const info = attribute('Ref AB-77', { pointer: '/ref' }, { pages: [noisy], text: '', imagePages: [] });
    expect(info.location?.bbox).toEqual({ x0: 0.3, y0: 100.3, x1: 25.3, y1: 122.3 });
    expect(info.location?.boxes).toEqual([
      { x0: 0.3, y0: 100.3, x1: 15.3, y1: 110.3 },
      { x0: 0.3, y0: 112.3, x1: 25.3, y1: 122.3 },
    ]);
  });

  it('matches a value split over two spans and boxes both parts', () => {
    const info = attribute('Invoice number: INV-2024-0042', undefined);
    expect(info.location?.matchedText).toBe('Invoice number: INV-2024-0042');
    expect(info.location?.bbox).toEqual({ x0: 300, y0: 70, x1: 380 + 13 * CHAR, y1: 80 });
  });

  it('finds an ISO date printed the long way', () => {
    const info = attribute('2024-03-15', undefined);
    expect(info.location).toMatchObject({ page: 1, matchedText: '15 March 2024' });
    const start = 'Invoice date: '.length;
    expect(info.location?.bbox?.x0).toBe(300 + start * CHAR);
  });

  it('narrows a found quote to the value inside it', () => {
    const info = attribute(2289.93, { pointer: '/total', quote: 'Total due EUR 2,289.93' });
    expect(info.location?.matchedText).toBe('2,289.93');
  });

  it('does not find a number inside a longer number, and calls an unquoted unprinted number inferred', () => {
    const info = attribute(924.31, undefined);
    expect(info.location).toMatchObject({ grounding: 'inferred', bbox: null });
  });

  it('marks a text value it cannot find as not found, with no box and a lowered confidence', () => {
    const info = attribute('Wire transfer', { pointer: '/x', confidence: 1 });
    expect(info.location).toMatchObject({ grounding: 'not_found', bbox: null, page: null });
    expect(info.confidence).toBeLessThanOrEqual(NOT_FOUND_CONFIDENCE_CAP);
  });

  it('gives a value read from a scanned page its page and no box', () => {
    const s: Section = { pages: [page1, scan], text: '', imagePages: [3] };
    const info = attribute('ACME Ltd', { pointer: '/seller', page: 3, quote: 'ACME Ltd', confidence: 0.8 }, s);
    expect(info.location).toEqual({
      page: 3, matchedText: 'ACME Ltd', bbox: null, grounding: 'unverified', source: 'model', ambiguous: false,
    });
    expect(info.confidence).toBe(0.8);
  });

  it('uses confidence 0.5 when the model gives none and keeps confidences within [0, 1]', () => {
    expect(attribute('INV-2024-0042', undefined).confidence).toBe(0.5);
    expect(attribute('INV-2024-0042', { pointer: '', confidence: 7 }).confidence).toBe(1);
    expect(attribute('INV-2024-0042', { pointer: '', confidence: -1 }).confidence).toBe(0);
  });

  it('wraps every non-null primitive of a subtree value and leaves nulls alone', () => {
    const merged = mergeCandidates([
      {
        value: { number: 'INV-2024-0042', po: null, lines: [{ amount: 2289.93 }] },
        evidence: evidenceMap([{ pointer: '/lines/0/amount', confidence: 0.7 }]),
        section,
      },
    ]);
    const wrapped = attributeValue(merged, []) as {
      number: AttributionInfo;
      po: null;
      lines: Array<{ amount: AttributionInfo }>;
    };
    expect(wrapped.po).toBeNull();
    expect(wrapped.number.extractedValue).toBe('INV-2024-0042');
    expect(wrapped.number.location?.page).toBe(1);
    expect(wrapped.lines[0]?.amount).toMatchObject({ extractedValue: 2289.93, confidence: 0.7, location: { page: 2 } });
  });
});
