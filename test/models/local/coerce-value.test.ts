import { describe, expect, it } from 'vitest';
import { coerceScalar } from '../../../src/models/local/coerce-value.ts';
import { computeHints, DEFAULT_HINTS, parseNumber } from '../../../src/models/local/parse-number.ts';
import { parseDate } from '../../../src/models/local/parse-date.ts';

const US = DEFAULT_HINTS;
const EU = { decimalComma: true, dayFirst: true };

describe('numbers', () => {
  it.each([
    ['1,234.56', 1234.56],
    ['1.234,56', 1234.56],
    ['1 234,56', 1234.56],
    ['$1,234.56', 1234.56],
    ['EUR 2,289.93', 2289.93],
    ['1.234,56 €', 1234.56],
    ['(12.00)', -12],
    ['-12.00', -12],
    ['12.00-', -12],
    ['12.00 CR', -12],
    ['−7.50', -7.5],
    ["1'234.50", 1234.5],
    ['12,5', 12.5],
    ['1,234', 1234],
    ['0.75', 0.75],
  ])('%s reads as %d', (input, expected) => {
    expect(parseNumber(input, US)?.value).toBe(expected);
  });

  it('a single mark before three digits follows the document: 1.234 is 1234 in a decimal-comma document', () => {
    expect(parseNumber('1.234', EU)?.value).toBe(1234);
    expect(parseNumber('1.234', US)?.value).toBe(1.234);
  });

  it('with several numbers the amount is the last one that looks like money', () => {
    expect(parseNumber('Total (incl. 20% VAT) 120.00', US)?.value).toBe(120);
  });

  it('an integer field refuses a fractional number and a number field refuses words', () => {
    expect(coerceScalar('2.5', { type: 'integer' }, US)).toBeNull();
    expect(coerceScalar('3', { type: 'integer' }, US)?.value).toBe(3);
    expect(coerceScalar('no amount here', { type: 'number' }, US)).toBeNull();
  });

  it('document hints vote for decimal commas and day-first dates', () => {
    expect(computeHints('Summe 1.234,56\nMwSt 12,00\nDatum 15.03.2024')).toEqual({ decimalComma: true, dayFirst: true, dateSpan: { min: '2024-03-15', max: '2024-03-15' } });
    expect(computeHints('Total $1,234.56 on 03/15/2024')).toMatchObject({ decimalComma: false, dayFirst: false });
  });
});

describe('dates', () => {
  it.each([
    ['2024-03-15', '2024-03-15'],
    ['15/03/2024', '2024-03-15'],
    ['03/15/2024', '2024-03-15'],
    ['15.03.2024', '2024-03-15'],
    ['March 15, 2024', '2024-03-15'],
    ['15 Mar 2024', '2024-03-15'],
    ['Mar 15 2024', '2024-03-15'],
    ['15-Mar-24', '2024-03-15'],
    ['15th of March 2024', '2024-03-15'],
    ['Sept. 3, 2023', '2023-09-03'],
    ['Issued on 1 févr. 2024 in Paris', '2024-02-01'],
  ])('%s is %s', (input, expected) => {
    expect(parseDate(input, US)?.iso).toBe(expected);
  });

  it('an ambiguous numeric date follows the document: 03/04/2024 is 3 April day-first and 4 March month-first', () => {
    expect(parseDate('03/04/2024', EU)?.iso).toBe('2024-04-03');
    expect(parseDate('03/04/2024', US)?.iso).toBe('2024-03-04');
  });

  it('impossible dates are not dates', () => {
    expect(parseDate('31/02/2024', US)).toBeNull();
    expect(coerceScalar('sometime soon', { type: 'string', format: 'date' }, US)).toBeNull();
  });

  it('format date-time keeps the time of day', () => {
    expect(coerceScalar('2024-03-15 2:30 pm', { type: 'string', format: 'date-time' }, US)?.value).toBe('2024-03-15T14:30:00Z');
  });
});

describe('booleans, enums and strings', () => {
  it.each([
    ['Yes', true], ['no', false], ['TRUE', true], ['x', true], ['✓', true], ['☐', false],
  ])('%s is %s', (input, expected) => {
    expect(coerceScalar(input, { type: 'boolean' }, US)?.value).toBe(expected);
  });

  it('a boolean field refuses text that is not a yes or a no', () => {
    expect(coerceScalar('perhaps', { type: 'boolean' }, US)).toBeNull();
  });

  it('an enum takes the closest listed value: case, spacing, a typo, a currency symbol', () => {
    const status = { type: 'string', enum: ['PAID', 'UNPAID', 'PARTIALLY_PAID'] };
    expect(coerceScalar('Partially paid', status, US)?.value).toBe('PARTIALLY_PAID');
    expect(coerceScalar('unpiad', status, US)?.value).toBe('UNPAID');
    expect(coerceScalar('€', { enum: ['USD', 'EUR'] }, US)?.value).toBe('EUR');
    expect(coerceScalar('something else', status, US)).toBeNull();
  });

  it('strings are trimmed; emails and urls are cut out of their line', () => {
    expect(coerceScalar('  : ACME Corp  ', { type: 'string' }, US)?.value).toBe('ACME Corp');
    expect(coerceScalar('Mail us at billing@acme.example now', { type: 'string', format: 'email' }, US)?.value).toBe('billing@acme.example');
    expect(coerceScalar('see https://acme.example/terms.', { type: 'string', format: 'uri' }, US)?.value).toBe('https://acme.example/terms');
    expect(coerceScalar('---', { type: 'string' }, US)).toBeNull();
  });
});
