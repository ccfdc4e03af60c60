import { describe, expect, it } from 'vitest';
import { PageSelectionError, parseTargetPages, selectPages } from '../../src/pipeline/page-selection.ts';

describe('parseTargetPages', () => {
  it('parses pages and ranges into sorted, de-duplicated page numbers', () => {
    expect(parseTargetPages('1,3,5-7', 10)).toEqual([1, 3, 5, 6, 7]);
    expect(parseTargetPages(' 7-8 , 2,2, 1-3 ', 10)).toEqual([1, 2, 3, 7, 8]);
    expect(parseTargetPages('4-4', 4)).toEqual([4]);
  });

  it.each([
    ['', /empty/],
    ['1,,2', /"" is not a page/],
    ['a', /"a" is not a page/],
    ['1.5', /"1.5" is not a page/],
    ['-3', /"-3" is not a page/],
    ['0', /pages start at 1/],
    ['0-2', /pages start at 1/],
    ['5-3', /reversed range/],
    ['2,11', /"11" goes beyond the last page \(the document has 10 pages\)/],
    ['9-12', /"9-12" goes beyond/],
  ])('refuses %j with a clear message', (spec, message) => {
    expect(() => parseTargetPages(spec, 10)).toThrow(PageSelectionError);
    expect(() => parseTargetPages(spec, 10)).toThrow(message);
  });
});

describe('selectPages', () => {
  it('selects all pages when nothing is asked', () => {
    expect(selectPages(4, null, null)).toEqual([1, 2, 3, 4]);
  });

  it('applies targetPages first, then keeps the first maxPages of those', () => {
    expect(selectPages(10, '2,4-9', 3)).toEqual([2, 4, 5]);
    expect(selectPages(10, null, 2)).toEqual([1, 2]);
    expect(selectPages(3, '1-3', 10)).toEqual([1, 2, 3]);
  });

  it('refuses a maxPages below 1', () => {
    expect(() => selectPages(3, null, 0)).toThrow(PageSelectionError);
  });
});
