/** Items printed as repeated blocks of label rows ("Position 1" over "Menge: 4"), not as a table. */
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();
const schema: JsonSchema = {
  type: 'object',
  properties: {
    line_items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          position: { type: 'string' }, description: { type: 'string' }, quantity: { type: 'number' },
          unit: { type: 'string' }, unit_price: { type: 'number' }, tax_rate: { type: 'number' }, net_amount: { type: 'number' },
        },
      },
    },
  },
};

const block = (top: number, rows: Array<[string, string]>) => rows.map(([l, v], i) => line(top + i * 13, [[50, l], [200, v]]));

describe('items as blocks of label rows', () => {
  it('each "Position n" line over label rows is one item, its values read beside their labels', async () => {
    const pages = [page(1, [
      text(50, 300, 'Position 1'),
      ...block(316, [['Bezeichnung:', 'Ventilkappe rot'], ['Menge:', '30'], ['Einheit:', 'Stück'], ['Preis pro Einheit (netto):', '0,80'], ['Umsatzsteuersatz:', '19 %'], ['Gesamtpreis (netto):', '24,00']]),
      text(50, 410, 'Position 2'),
      ...block(426, [['Bezeichnung:', 'Prüfung vor Ort'], ['Menge:', '2'], ['Einheit:', 'Stunde'], ['Preis pro Einheit (netto):', '55,00'], ['Umsatzsteuersatz:', '19 %'], ['Gesamtpreis (netto):', '110,00']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({
      line_items: [
        { position: '1', description: 'Ventilkappe rot', quantity: 30, unit: 'Stück', unit_price: 0.8, tax_rate: 19, net_amount: 24 },
        { position: '2', description: 'Prüfung vor Ort', quantity: 2, unit: 'Stunde', unit_price: 55, tax_rate: 19, net_amount: 110 },
      ],
    });
  });

  it('without position lines, a label that comes again starts the next item', async () => {
    const pages = [page(1, [
      ...block(300, [['Bezeichnung:', 'Ventilkappe rot'], ['Menge:', '30'], ['Gesamtpreis (netto):', '24,00']]),
      ...block(350, [['Bezeichnung:', 'Prüfung vor Ort'], ['Menge:', '2'], ['Gesamtpreis (netto):', '110,00']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({
      line_items: [
        { description: 'Ventilkappe rot', quantity: 30, net_amount: 24 },
        { description: 'Prüfung vor Ort', quantity: 2, net_amount: 110 },
      ],
    });
  });

  it('one block of label rows is an information block, not a list of one item', async () => {
    const pages = [page(1, [...block(300, [['Bezeichnung:', 'Wartungsvertrag'], ['Menge:', '1'], ['Gesamtpreis (netto):', '240,00']])])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ line_items: [] });
  });
});
