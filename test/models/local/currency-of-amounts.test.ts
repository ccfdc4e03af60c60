/**
 * Which currency a document's amounts are in: the symbol printed on an amount wins over a word of
 * the line that looks like an ISO code, and the rarer codes that are also everyday upper-case words
 * ("PEN", "MAD", "COP") count only beside an amount or after a currency label.
 */
import { describe, expect, it } from 'vitest';
import { findCurrency } from '../../../src/models/local/coerce-value.ts';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();
const schema: JsonSchema = { type: 'object', properties: { currency: { type: 'string' }, total: { type: 'number' } } };
const currencyOf = async (lines: Parameters<typeof page>[1]): Promise<unknown> =>
  ((await local.extract(request(schema, [page(1, lines)]))).value as Record<string, unknown>)['currency'] ?? null;

describe('currency of amounts', () => {
  it('reads the dollar of an item row, not a code-like first word of the item name', async () => {
    expect(await currencyOf([
      line(100, [[50, 'PEN SET BLUE'], [300, '$4.00']]),
      line(115, [[50, 'MAD HATTER MUG'], [300, '$7.50']]),
      line(140, [[200, 'Total'], [300, '$11.50']]),
    ])).toBe('USD');
  });

  it('takes no currency from upper-case item names when no amount carries one', async () => {
    expect(await currencyOf([
      line(100, [[50, 'PEN SET BLUE'], [300, '4.00']]),
      line(115, [[50, 'COP CAR TOY'], [300, '9.00']]),
      line(130, [[50, 'ARS LONGA NOTEBOOK'], [300, '3.00']]),
      line(145, [[50, 'CLP CLAMP'], [300, '2.00']]),
      line(170, [[200, 'Total'], [300, '18.00']]),
    ])).toBeNull();
  });

  it('still reads a rarer code printed beside its amounts or after a currency label', async () => {
    expect(await currencyOf([line(100, [[50, 'Consulting'], [300, 'PEN 1,250.00']]), line(130, [[200, 'Total'], [300, 'PEN 1,250.00']])])).toBe('PEN');
    expect(await currencyOf([text(50, 100, 'Currency: MAD'), line(130, [[200, 'Total'], [300, '800.00']])])).toBe('MAD');
  });

  it('reads which dollar a code beside a "$" amount names', () => {
    expect(findCurrency('Total (CAD) $40.00')?.code).toBe('CAD');
    expect(findCurrency('$40.00')?.code).toBe('USD');
    expect(findCurrency('2 PEN')).toBeNull();
    expect(findCurrency('12.500 CLP')?.code).toBe('CLP');
  });

  it('keeps a currency written in lower-case words after its label, as its code when the schema asks for one', async () => {
    expect(await currencyOf([text(50, 100, 'Currency: euros')])).toBe('euros');
    const code: JsonSchema = { type: 'object', properties: { currency: { type: 'string', maxLength: 3 } } };
    const res = await local.extract(request(code, [page(1, [text(50, 100, 'Currency: dólares')])]));
    expect((res.value as Record<string, unknown>)['currency']).toBe('USD');
    expect(await currencyOf([line(100, [[50, 'Currency and amount'], [300, '12.00']])])).not.toBe('and amount');
  });
});
