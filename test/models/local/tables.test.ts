import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import type { JsonSchema, Line, PageLayout } from '../../../src/domain/types.ts';
import { line, page, request, spanAt, text } from './make-layout.ts';

const local = createLocalProvider();

const ITEMS: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      description: { type: 'string' },
      quantity: { type: 'number' },
      unit_price: { type: 'number' },
      amount: { type: 'number' },
    },
    required: ['description', 'quantity', 'unit_price', 'amount'],
  },
};

const header = (y: number): Line => line(y, [[50, 'Description'], [300, 'Qty'], [380, 'Unit Price'], [480, 'Line Total']]);
const item = (y: number, d: string, q: string, p: string, a: string): Line => line(y, [[50, d], [305, q], [385, p], [485, a]]);

async function items(pages: PageLayout[], schema: JsonSchema = ITEMS) {
  return local.extract(request(schema, pages, '/line_items'));
}

describe('tables', () => {
  it('maps header cells to properties by synonyms and turns each row into an item', async () => {
    const pages = [page(1, [
      text(50, 60, 'INVOICE 1001'),
      header(100),
      item(116, 'Widget', '2', '10.00', '20.00'),
      item(132, 'Gadget', '1', '5.50', '5.50'),
    ])];
    const res = await items(pages);
    expect(res.value).toEqual([
      { description: 'Widget', quantity: 2, unit_price: 10, amount: 20 },
      { description: 'Gadget', quantity: 1, unit_price: 5.5, amount: 5.5 },
    ]);
    expect(res.done).toBe(true);
    const amount = res.evidence.find((e) => e.pointer === '/1/amount');
    expect(amount).toMatchObject({ quote: '5.50', page: 1, bbox: spanAt('5.50', 485, 132).bbox });
  });

  it('an item\'s name, net amount and VAT rate are read under the description, amount and tax columns', async () => {
    const schema: JsonSchema = { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, quantity: { type: 'number' }, net_amount: { type: 'number' }, vat_rate: { type: 'number' } } } };
    const pages = [page(1, [
      line(100, [[40, 'Pos.'], [70, 'Art.-Nr.'], [130, 'Bezeichnung'], [300, 'Menge'], [400, 'Einzelpreis'], [470, 'MwSt.'], [520, 'Gesamt']]),
      line(116, [[40, '1'], [70, 'TB100A4'], [130, 'Trennblätter A4'], [300, '20,0000'], [400, '9,90'], [470, '19%'], [520, '198,00']]),
      line(132, [[40, '2'], [70, 'ARNr2'], [130, 'Joghurt Banane'], [300, '50,0000'], [400, '5,50'], [470, '7%'], [520, '275,00']]),
      line(170, [[400, 'Summe netto'], [520, '473,00']]),
    ])];
    const res = await items(pages, schema);
    expect(res.value).toEqual([
      { name: 'Trennblätter A4', quantity: 20, net_amount: 198, vat_rate: 19 },
      { name: 'Joghurt Banane', quantity: 50, net_amount: 275, vat_rate: 7 },
    ]);
  });

  it('stops at the totals under the table', async () => {
    const pages = [page(1, [
      header(100),
      item(116, 'Widget', '2', '10.00', '20.00'),
      line(148, [[300, 'Subtotal'], [485, '20.00']]),
      line(164, [[300, 'Total'], [485, '20.00']]),
    ])];
    const res = await items(pages);
    expect(res.value).toEqual([{ description: 'Widget', quantity: 2, unit_price: 10, amount: 20 }]);
  });

  it('a row whose only cell is the description continues the previous item', async () => {
    const pages = [page(1, [
      header(100),
      item(116, 'Consulting services', '3', '100.00', '300.00'),
      text(50, 128, 'March 2024, on site'),
      item(144, 'Travel', '1', '80.00', '80.00'),
    ])];
    const res = await items(pages);
    expect(res.value).toEqual([
      { description: 'Consulting services March 2024, on site', quantity: 3, unit_price: 100, amount: 300 },
      { description: 'Travel', quantity: 1, unit_price: 80, amount: 80 },
    ]);
    const d = res.evidence.find((e) => e.pointer === '/0/description');
    expect(d?.bbox).toEqual({ x0: 50, y0: 116, x1: 50 + 5 * 'March 2024, on site'.length, y1: 138 });
  });

  it('follows the table onto the next page after a repeated header', async () => {
    const pages = [
      page(1, [header(100), item(116, 'Item A', '1', '1.00', '1.00'), item(132, 'Item B', '2', '2.00', '4.00'), text(480, 800, 'Page 1 of 2')]),
      page(2, [text(50, 40, 'Invoice 1001 (continued)'), header(70), item(86, 'Item C', '3', '3.00', '9.00'), line(120, [[300, 'Total'], [485, '14.00']])]),
    ];
    const res = await items(pages);
    expect((res.value as { description: string }[]).map((i) => i.description)).toEqual(['Item A', 'Item B', 'Item C']);
    expect(res.evidence.find((e) => e.pointer === '/2/amount')?.page).toBe(2);
  });

  it('follows rows that continue at the top of the next page without a header', async () => {
    const pages = [
      page(1, [header(100), item(116, 'Item A', '1', '1.00', '1.00'), text(480, 800, 'Page 1 of 2')]),
      page(2, [text(50, 30, 'Acme Ltd - Invoice 1001'), item(60, 'Item B', '2', '2.00', '4.00'), item(76, 'Item C', '3', '3.00', '9.00'), text(50, 300, 'Thank you for your order, we appreciate your business')]),
    ];
    const res = await items(pages);
    expect((res.value as { description: string }[]).map((i) => i.description)).toEqual(['Item A', 'Item B', 'Item C']);
  });

  it('does not continue a table that ended in the middle of the page', async () => {
    const pages = [
      page(1, [header(100), item(116, 'Item A', '1', '1.00', '1.00'), text(50, 200, 'Payment terms: net 30 days from the invoice date, bank transfer only')]),
      page(2, [item(60, 'Unrelated', '9', '9.00', '81.00')]),
    ];
    const res = await items(pages);
    expect((res.value as unknown[]).length).toBe(1);
  });

  it('bank statement columns: dates, descriptions, signed amounts and balances', async () => {
    const schema: JsonSchema = {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          date: { type: 'string', format: 'date' },
          description: { type: 'string' },
          withdrawal: { type: ['number', 'null'] },
          deposit: { type: ['number', 'null'] },
          balance: { type: 'number' },
        },
      },
    };
    const pages = [page(1, [
      line(100, [[50, 'Posting Date'], [130, 'Transaction Details'], [330, 'Debit'], [410, 'Credit'], [490, 'Balance']]),
      line(116, [[50, '03/01/2024'], [130, 'Opening transfer'], [415, '1,000.00'], [490, '1,000.00']]),
      line(132, [[50, '03/02/2024'], [130, 'Coffee Shop'], [335, '(4.50)'], [495, '995.50']]),
    ])];
    const res = await local.extract(request(schema, pages, '/transactions'));
    expect(res.value).toEqual([
      { date: '2024-03-01', description: 'Opening transfer', withdrawal: null, deposit: 1000, balance: 1000 },
      { date: '2024-03-02', description: 'Coffee Shop', withdrawal: -4.5, deposit: null, balance: 995.5 },
    ]);
  });

  it('answers an empty array when no header matches the item properties', async () => {
    const pages = [page(1, [text(50, 100, 'Dear customer, please find attached our offer.')])];
    const res = await items(pages);
    expect(res.value).toEqual([]);
    expect(res.evidence).toEqual([]);
  });
});
