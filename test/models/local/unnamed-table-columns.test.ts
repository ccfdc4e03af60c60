/**
 * Item table columns whose header names no property: read when their figures prove what they are
 * (quantity × unit price = amount on every row), left empty when they do not or when two columns
 * would fit.
 */
import { describe, expect, it } from 'vitest';
import { runLocalExtraction } from '../../../src/models/local/run-local-extraction.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request } from './make-layout.ts';

const ITEMS: JsonSchema = {
  type: 'array',
  items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit_price: { type: 'number' }, amount: { type: 'number' } } },
};

function read(head: string, rows: ReadonlyArray<readonly [string, string, string, string, string]>): unknown {
  const pages = [page(1, [
    line(100, [[30, 'Description'], [300, 'Qty'], [360, 'Unit price'], [450, 'Disc.'], [520, head]]),
    ...rows.map(([d, q, p, x, a], i) => line(115 + 15 * i, [[30, d], [305, q], [370, p], [455, x], [520, a]])),
  ])];
  return runLocalExtraction(request(ITEMS, pages, '/line_items')).value;
}

describe('LOCAL table columns whose header names no property', () => {
  it('the one number column that makes quantity × unit price on every row is the amount', () => {
    expect(read('Xqz', [['Bolts', '10', '2.50', '0.00', '25.00'], ['Nuts', '4', '1.25', '0.00', '5.00']])).toEqual([
      { description: 'Bolts', quantity: 10, unit_price: 2.5, amount: 25 },
      { description: 'Nuts', quantity: 4, unit_price: 1.25, amount: 5 },
    ]);
  });

  it('a column whose figures do not multiply out stays unread', () => {
    const rows = read('Xqz', [['Bolts', '10', '2.50', '0.00', '24.00'], ['Nuts', '4', '1.25', '0.00', '5.00']]) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r['amount'] ?? null)).toEqual([null, null]);
  });

  it('two columns that both multiply out leave the amount unread rather than pick one', () => {
    const rows = read('Xqz', [['Bolts', '10', '2.50', '25.00', '25.00'], ['Nuts', '4', '1.25', '5.00', '5.00']]) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r['amount'] ?? null)).toEqual([null, null]);
  });
});
