/** Date ranges with one year, typographic minus signs, bilingual labels and two-line items. */
import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { parseDates } from '../../../src/models/local/parse-date.ts';
import { DEFAULT_HINTS, parseNumber } from '../../../src/models/local/parse-number.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request } from './make-layout.ts';

const local = createLocalProvider();

describe('date ranges, signs, bilingual labels and two-line items', () => {
  it('reads a month-first range whose year is printed once, after the end date', () => {
    expect(parseDates('March 1 - March 31, 2025', DEFAULT_HINTS).map((d) => d.iso)).toEqual(['2025-03-01', '2025-03-31']);
  });

  it('gives a range start in December the year before a January end', () => {
    expect(parseDates('1 Dec - 31 Jan 2025', DEFAULT_HINTS).map((d) => d.iso)).toEqual(['2024-12-01', '2025-01-31']);
  });

  it('still reads a two-digit year after a day and month', () => {
    expect(parseDates('5 Mar 24', DEFAULT_HINTS).map((d) => d.iso)).toEqual(['2024-03-05']);
  });

  it('reads a trailing minus set as a typographic minus sign as a debit', () => {
    expect(parseNumber('212.45\u2212', DEFAULT_HINTS)?.value).toBe(-212.45);
    expect(parseNumber('2,150.00 -', DEFAULT_HINTS)?.value).toBe(-2150);
  });

  it('finds a field by the English half of a bilingual "native / English" label', async () => {
    const schema: JsonSchema = { type: 'object', properties: { invoice_date: { type: 'string', format: 'date' }, tax: { type: 'number' } } };
    const lines = [
      line(100, [[40, 'Hakko-bi / Issue date'], [250, '2025/06/30']]),
      line(116, [[40, 'Shohizei 10% / Consumption tax'], [250, '¥6,900']]),
    ];
    const res = await local.extract(request(schema, [page(1, lines)]));
    expect(res.value).toEqual({ invoice_date: '2025-06-30', tax: 6900 });
  });

  it('reads items printed as a code-and-description line over a quantity, price and amount line', async () => {
    const schema: JsonSchema = {
      type: 'array',
      items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit_price: { type: 'number' }, amount: { type: 'number' } } },
    };
    const lines = [
      line(100, [[40, 'Product Code'], [120, 'Description']]),
      line(112, [[120, 'Quantity'], [270, 'Unit Price'], [360, 'Net Amount']]),
      line(126, [[40, 'MCB-B32'], [120, 'MCB Type B 32A single pole']]),
      line(138, [[120, '12 EA'], [285, '4.35'], [375, '52.20']]),
      line(152, [[40, 'LED-DL-6W'], [120, 'Fire-rated LED downlight 6W']]),
      line(164, [[120, '20 EA'], [285, '8.75'], [370, '175.00']]),
    ];
    const res = await local.extract(request(schema, [page(1, lines)], '/line_items'));
    expect(res.value).toEqual([
      { description: 'MCB Type B 32A single pole', quantity: 12, unit_price: 4.35, amount: 52.2 },
      { description: 'Fire-rated LED downlight 6W', quantity: 20, unit_price: 8.75, amount: 175 },
    ]);
  });
});
