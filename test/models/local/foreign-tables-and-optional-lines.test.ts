/** Portuguese item tables, optional lines, currency-coded columns and letter-style parties. */
import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { labelSimilarity } from '../../../src/models/local/normalize-label.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request } from './make-layout.ts';

const local = createLocalProvider();

const ITEMS: JsonSchema = {
  type: 'array',
  items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit_price: { type: 'number' }, amount: { type: 'number' } } },
};
const TRANSACTIONS: JsonSchema = {
  type: 'array',
  items: { type: 'object', properties: { date: { type: 'string', format: 'date' }, description: { type: 'string' }, amount: { type: 'number' }, balance: { type: 'number' } } },
};
const PARTIES: JsonSchema = {
  type: 'object',
  properties: {
    vendor: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } },
    customer: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } },
  },
};

describe('foreign item tables, optional lines and letter-style parties', () => {
  it('reads a Portuguese items table (Descrição, Qtde, Valor Unit., Valor Total)', async () => {
    const lines = [
      line(100, [[40, 'Descrição'], [300, 'Qtde'], [360, 'Valor Unit.'], [460, 'Valor Total']]),
      line(114, [[40, 'Licença software PDV (mensal)'], [305, '3'], [360, 'R$ 189,90'], [460, 'R$ 569,70']]),
      line(128, [[40, 'Suporte técnico remoto (hora)'], [305, '5'], [360, 'R$ 120,00'], [460, 'R$ 600,00']]),
    ];
    const res = await local.extract(request(ITEMS, [page(1, lines)], '/line_items'));
    expect(res.value).toEqual([
      { description: 'Licença software PDV (mensal)', quantity: 3, unit_price: 189.9, amount: 569.7 },
      { description: 'Suporte técnico remoto (hora)', quantity: 5, unit_price: 120, amount: 600 },
    ]);
  });

  it('leaves out optional lines whose amount says "optional" instead of a figure', async () => {
    const lines = [
      line(100, [[40, 'Item'], [300, 'Qty'], [360, 'Price each'], [460, 'Total']]),
      line(114, [[40, 'DMX splitter 8-way'], [305, '2'], [365, '385.00'], [460, '770.00']]),
      line(128, [[40, 'Optional: on-site commissioning'], [305, '1'], [365, '950.00'], [460, 'optional']]),
      line(142, [[40, 'Rigging clamp set'], [305, '16'], [370, '18.50'], [460, '296.00']]),
    ];
    const res = await local.extract(request(ITEMS, [page(1, lines)], '/line_items'));
    expect((res.value as { description: string }[]).map((r) => r.description)).toEqual(['DMX splitter 8-way', 'Rigging clamp set']);
  });

  it('ends the items at a lone "Net" line', async () => {
    const lines = [
      line(100, [[40, 'Description'], [300, 'Qty'], [360, 'Rate'], [460, 'Line total']]),
      line(114, [[40, 'Undermount sink cut-out'], [305, '1'], [365, '95.00'], [465, '95.00']]),
      line(128, [[360, 'Net'], [465, '95.00']]),
    ];
    const res = await local.extract(request(ITEMS, [page(1, lines)], '/line_items'));
    expect(res.value).toHaveLength(1);
  });

  it('takes the column headed by a bare currency code as the amount, not the foreign "Original amount"', async () => {
    const lines = [
      line(100, [[40, 'Posted'], [110, 'Details'], [300, 'Original amount'], [400, 'GBP'], [480, 'Balance']]),
      line(114, [[40, '02.10.2025'], [110, 'HOTEL LE MARAIS PARIS'], [300, 'EUR 412.00'], [395, '358.44'], [480, '1,171.04']]),
      line(128, [[40, '11.10.2025'], [110, 'PAYMENT RECEIVED'], [385, '600.00 CR'], [480, '571.04']]),
    ];
    const res = await local.extract(request(TRANSACTIONS, [page(1, lines)], '/transactions'));
    // CR marks the payment; the card's balance is what is owed, so it does not flip the signs.
    expect(res.value).toEqual([
      { date: '2025-10-02', description: 'HOTEL LE MARAIS PARIS', amount: -358.44, balance: 1171.04 },
      { date: '2025-10-11', description: 'PAYMENT RECEIVED', amount: 600, balance: 571.04 },
    ]);
  });

  it('does not take "supplied" for the label "supplier"', () => {
    expect(labelSimilarity(['supplier'], ['supplied'])).toBe(0);
    expect(labelSimilarity(['supplier'], ['suppleir'])).toBeGreaterThan(0);
  });

  it('reads a letter addressed top-left to "Mrs …" as the customer and the footer line as the vendor', async () => {
    const lines = [
      line(60, [[50, 'Mrs Eleanor Whitcombe']]),
      line(72, [[50, '22 Calder Terrace']]),
      line(84, [[50, 'Todmorden OL14 5RS']]),
      line(110, [[400, 'Dated 14 October 2025']]),
      line(130, [[50, 'Dear Mrs Whitcombe,']]),
      line(160, [[50, 'Work'], [300, 'Qty'], [360, 'Rate'], [460, 'Line total']]),
      line(174, [[50, 'Oak kitchen worktop, supplied and fitted'], [305, '3'], [360, '£385.00'], [460, '£1,155.00']]),
      line(800, [[60, 'Bramble & Finch Joinery Ltd · 4 Mill Lane · Hebden Bridge HX7 8AD · VAT reg. GB 318 4471 09']]),
    ];
    const res = await local.extract(request(PARTIES, [page(1, lines)]));
    expect(res.value).toEqual({
      vendor: { name: 'Bramble & Finch Joinery Ltd', address: '4 Mill Lane, Hebden Bridge HX7 8AD' },
      customer: { name: 'Mrs Eleanor Whitcombe', address: '22 Calder Terrace, Todmorden OL14 5RS' },
    });
  });
});
