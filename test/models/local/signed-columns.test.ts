import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import type { JsonSchema, Line } from '../../../src/domain/types.ts';
import { line, page, request } from './make-layout.ts';

const local = createLocalProvider();

const TRANSACTIONS: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      date: { type: 'string', format: 'date' },
      description: { type: 'string' },
      amount: { type: 'number' },
      balance: { type: 'number' },
    },
  },
};

/**
 * Headers left-aligned in their cells, figures right-aligned to the cell's right edge (x 305, 385,
 * 460): a small withdrawal sits in the gap between "Withdrawals" and "Deposits", nearer the latter.
 */
const right = (edge: number, text: string): readonly [number, string] => [edge - 5 * text.length, text];

describe('money out and money in columns', () => {
  it('fill one signed amount: withdrawals negative, deposits positive', async () => {
    const header = line(100, [[50, 'Date'], [120, 'Description'], [210, 'Withdrawals'], [310, 'Deposits'], [400, 'Balance']]);
    const rows: Line[] = [
      line(116, [[50, '03/01/2024'], [120, 'Card payment'], right(305, '36.03'), right(460, '3,084.52')]),
      line(132, [[50, '03/04/2024'], [120, 'Salary'], right(385, '2,966.09'), right(460, '6,050.61')]),
      line(148, [[50, '03/05/2024'], [120, 'Rent'], right(305, '1,019.83'), right(460, '5,030.78')]),
    ];
    const res = await local.extract(request(TRANSACTIONS, [page(1, [header, ...rows])], '/transactions'));
    expect(res.value).toEqual([
      { date: '2024-03-01', description: 'Card payment', amount: -36.03, balance: 3084.52 },
      { date: '2024-03-04', description: 'Salary', amount: 2966.09, balance: 6050.61 },
      { date: '2024-03-05', description: 'Rent', amount: -1019.83, balance: 5030.78 },
    ]);
  });

  it('leaves debit and credit columns to properties of their own when the schema has them', async () => {
    const schema: JsonSchema = {
      type: 'array',
      items: { type: 'object', properties: { date: { type: 'string' }, debit: { type: 'number' }, credit: { type: 'number' } } },
    };
    const header = line(100, [[50, 'Date'], [200, 'Debit'], [300, 'Credit']]);
    const rows = [line(116, [[50, '01.02.2024'], [200, '12.00']]), line(132, [[50, '02.02.2024'], [300, '40.00']])];
    const res = await local.extract(request(schema, [page(1, [header, ...rows])], '/rows'));
    expect(res.value).toEqual([
      { date: '01.02.2024', debit: 12 },
      { date: '02.02.2024', credit: 40 },
    ]);
  });
});
