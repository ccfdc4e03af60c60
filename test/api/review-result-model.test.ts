import { describe, expect, it } from 'vitest';
// @ts-expect-error the review page's browser module is plain JavaScript without types
import { describeLocation, leavesOf, placeAt, plainValue, toCsv } from '../../src/review/assets/result-model.js';

const at = (value: unknown, location: unknown, extra: Record<string, unknown> = {}) => ({
  extractedValue: value,
  reasoning: 'r',
  confidence: 0.9,
  location,
  ...extra,
});
const box = { x0: 1, y0: 2, x1: 3, y1: 4 };

describe('the review page reads a result', () => {
  it('gives every leaf the JSON Pointer of its value, escaping ~ and / in keys', () => {
    const result = { 'a/b': at('x', { page: 1, matchedText: 'x', bbox: box }), list: [{ 'c~d': at(2, null) }], empty: null };
    expect(leavesOf(result).map((l: { pointer: string }) => l.pointer)).toEqual(['/a~1b', '/list/0/c~0d', '/empty']);
    expect(plainValue(result)).toEqual({ 'a/b': 'x', list: [{ 'c~d': 2 }], empty: null });
  });

  it('calls a box verified only when it was found in the text layer', () => {
    expect(describeLocation(at('x', { page: 1, matchedText: 'x', bbox: box }))).toMatchObject({ verified: true, page: 1, notes: [] });
    expect(describeLocation(at('x', null))).toMatchObject({ verified: false, notes: ['not found in the document'] });
    expect(describeLocation(at('x', { page: 3, matchedText: 'x', bbox: null }))).toMatchObject({ verified: false, page: 3, notes: ['page 3, no box'] });
    // Fields of the richer AttributionInfo (issue 17) are read when present.
    expect(describeLocation(at('x', { page: 1, bbox: box, source: 'model' }))).toMatchObject({ verified: false, bbox: box });
    expect(describeLocation(at('x', { page: 1, bbox: box, grounding: 'normalized', ambiguous: true }))).toMatchObject({
      verified: true,
      grounding: 'normalized',
      notes: ['ambiguous: several places match'],
    });
    expect(describeLocation(at(12, { page: 1, bbox: null, grounding: 'inferred' }))).toMatchObject({ verified: false, notes: ['not printed (inferred)'] });
    // Whatever the field is called, a known grounding kind in the location is read.
    expect(describeLocation(at('x', { page: 1, bbox: box, match: 'not_found' }))).toMatchObject({
      verified: false,
      grounding: 'not_found',
      notes: ['the quoted text is not on the page'],
    });
  });

  it('fills in subtree by subtree: the root scalars arriving last do not erase an array placed before', () => {
    let result: unknown = {};
    result = placeAt(result, '/line_items', [{ amount: 1 }]);
    result = placeAt(result, '', { invoice_number: 'A', line_items: null });
    result = placeAt(result, '/vendor/address', { city: 'Oslo' });
    expect(result).toEqual({ invoice_number: 'A', line_items: [{ amount: 1 }], vendor: { address: { city: 'Oslo' } } });
  });
});

describe('the CSV download', () => {
  it('has one row per item of the array of objects, with the other fields repeated and nested objects as dotted columns', () => {
    const csv = toCsv({
      invoice_number: 'INV-1',
      vendor: { name: 'ACME, Inc.', address: { city: 'Oslo' } },
      tags: ['a', 'b'],
      line_items: [
        { description: 'Pens "blue"', amount: 2.5 },
        { description: 'Paper\nA4', amount: null },
      ],
    });
    expect(csv).toBe(
      [
        'invoice_number,vendor.name,vendor.address.city,tags,line_items.description,line_items.amount',
        'INV-1,"ACME, Inc.",Oslo,a; b,"Pens ""blue""",2.5',
        'INV-1,"ACME, Inc.",Oslo,a; b,"Paper\nA4",',
        '',
      ].join('\r\n'),
    );
  });

  it('names the array of each row when there are several, and writes a result without arrays as one row', () => {
    expect(toCsv({ id: 1, a: [{ x: 1 }], b: [{ y: 2 }] })).toBe('array,id,a.x,b.y\r\na,1,1,\r\nb,1,,2\r\n');
    expect(toCsv({ id: 1, nested: { list: [{ v: 1 }, { v: 2 }] } })).toBe('id,nested.list.0.v,nested.list.1.v\r\n1,1,2\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, but leaves negative numbers alone', () => {
    expect(toCsv({ a: '=HYPERLINK("x")', b: -5, c: '-5' })).toBe(`a,b,c\r\n"'=HYPERLINK(""x"")",-5,'-5\r\n`);
  });
});
