/** Rate- and currency-qualified labels, a "Net" amount column, From/To periods. */
import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request } from './make-layout.ts';

const local = createLocalProvider();

const ITEMS: JsonSchema = {
  type: 'array',
  items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit_price: { type: 'number' }, amount: { type: 'number' } } },
};
const TOTALS: JsonSchema = { type: 'object', properties: { subtotal: { type: 'number' }, tax: { type: 'number' }, total: { type: 'number' } } };
const STATEMENT: JsonSchema = {
  type: 'object',
  properties: {
    account_number: { type: 'string' },
    statement_period: { type: 'object', properties: { start_date: { type: 'string', format: 'date' }, end_date: { type: 'string', format: 'date' } } },
  },
};

describe('qualified labels, net columns and From/To periods', () => {
  it('reads a rate-qualified tax label and a currency-qualified total printed above their values', async () => {
    const lines = [
      line(100, [[200, 'NET AMOUNT'], [330, 'VAT 25%'], [460, 'TOTAL TO PAY (NOK)']], 7),
      line(110, [[200, '43.850,00'], [330, '10.962,50'], [460, '54.812,50']]),
    ];
    const res = await local.extract(request(TOTALS, [page(1, lines)]));
    expect(res.value).toEqual({ subtotal: 43850, tax: 10962.5, total: 54812.5 });
  });

  it('takes a "Net" column as the line amount', async () => {
    const lines = [
      line(100, [[40, 'Description'], [300, 'Qty'], [360, 'Unit Price'], [440, 'VAT %'], [500, 'Net']]),
      line(114, [[40, 'Ergonomic office chair'], [305, '2'], [360, '€289.00'], [445, '23'], [500, '€578.00']]),
      line(128, [[40, 'Printer toner cartridge'], [305, '4'], [365, '€72.50'], [445, '23'], [500, '€290.00']]),
    ];
    const res = await local.extract(request(ITEMS, [page(1, lines)], '/line_items'));
    expect((res.value as { amount: number }[]).map((r) => r.amount)).toEqual([578, 290]);
  });

  it('reads the period from bare "From" / "To" dates and drops the account type before a masked number', async () => {
    const lines = [
      line(100, [[340, 'Account holder'], [440, 'Renata Kowalski']]),
      line(114, [[340, 'Account'], [440, 'Checking ****0457']]),
      line(128, [[340, 'From'], [440, '09/01/2025']]),
      line(142, [[340, 'To'], [440, '09/30/2025']]),
    ];
    const res = await local.extract(request(STATEMENT, [page(1, lines)]));
    expect(res.value).toEqual({ account_number: '****0457', statement_period: { start_date: '2025-09-01', end_date: '2025-09-30' } });
  });
});
