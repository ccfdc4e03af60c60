/**
 * Labels as other people's documents print them: cut into cells by a reader, qualified by the word
 * before them, followed by words that continue them, or worded in a language's other usual ways.
 */
import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();
const invoice: JsonSchema = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string' }, due_date: { type: 'string', format: 'date' }, currency: { type: 'string' }, total: { type: 'number' },
  },
};
const valueOf = (v: unknown, key: string): unknown => (v as Record<string, unknown>)[key] ?? null;

describe('labels cut, qualified or continued', () => {
  it('does not take a "Tracking Number" for the invoice number, in one segment or cut in two a word space apart', async () => {
    for (const l of [text(50, 100, 'Tracking Number: 5501937246'), line(100, [[50, 'Tracking'], [94, 'Number: 5501937246']])]) {
      const res = await local.extract(request(invoice, [page(1, [l])]));
      expect(valueOf(res.value, 'invoice_number'), l.text).toBeNull();
    }
  });

  it('still reads a weak label printed after a value in its segment ("Page 1 Number: 17")', async () => {
    const res = await local.extract(request(invoice, [page(1, [text(50, 100, 'Page 1 Number: 17')])]));
    expect(valueOf(res.value, 'invoice_number')).toBe('17');
  });

  it('joins a label that a reader cut into cells a word space apart ("Total | Invoice | Value") when its figure follows', async () => {
    const res = await local.extract(request(invoice, [page(1, [line(100, [[300, 'Total'], [328, 'Invoice'], [367, 'Value'], [480, '$389.40']])])]));
    expect(valueOf(res.value, 'total')).toBe(389.4);
  });

  it('keeps column headers a word space apart as two columns ("Net | Amount") when no figure follows them', async () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { items: { type: 'array', items: { type: 'object', properties: { description: { type: 'string' }, net: { type: 'number' }, amount: { type: 'number' } } } } },
    };
    const pages = [page(1, [
      line(100, [[50, 'Description'], [300, 'Net'], [318, 'Amount']]),
      line(115, [[50, 'Oak shelf'], [300, '40.00'], [340, '47.60']]),
      line(130, [[50, 'Brass hinge'], [300, '5.00'], [340, '5.95']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(valueOf(res.value, 'items')).toEqual([
      { description: 'Oak shelf', net: 40, amount: 47.6 },
      { description: 'Brass hinge', net: 5, amount: 5.95 },
    ]);
  });

  it('keeps cells apart when together they are no known label', async () => {
    const res = await local.extract(request(invoice, [page(1, [line(100, [[300, 'Total'], [328, 'Weight'], [480, '12.5']])])]));
    expect(valueOf(res.value, 'total')).toBeNull();
  });

  it('takes no currency from lower-case words that continue its label, but the symbol of the amount', async () => {
    const res = await local.extract(request(invoice, [page(1, [line(100, [[300, 'Currency and amount paid'], [480, '$72.10']])])]));
    expect(valueOf(res.value, 'currency')).not.toBe('and amount paid');
    expect([null, 'USD']).toContain(valueOf(res.value, 'currency'));
  });

  it('reads due dates under "Deadline:" and "À payer avant :"', async () => {
    for (const [label, value, iso] of [['Deadline:', 'March 14, 2023', '2023-03-14'], ['À payer avant :', '8 juillet 2022', '2022-07-08']] as const) {
      const res = await local.extract(request(invoice, [page(1, [text(50, 100, `${label} ${value}`)])]));
      expect(valueOf(res.value, 'due_date'), label).toBe(iso);
    }
  });

  it('reads a French item table whose description column is headed "Produit"', async () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { line_items: { type: 'array', items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit_price: { type: 'number' } } } } },
    };
    const pages = [page(1, [
      line(100, [[50, 'Produit'], [200, 'Quantité'], [300, 'Prix HT']]),
      line(115, [[50, 'Bougie cire'], [220, '3'], [300, '6,50 €']]),
      line(130, [[50, 'Savon lavande'], [220, '2'], [300, '4,20 €']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(valueOf(res.value, 'line_items')).toEqual([
      { description: 'Bougie cire', quantity: 3, unit_price: 6.5 },
      { description: 'Savon lavande', quantity: 2, unit_price: 4.2 },
    ]);
  });
});
