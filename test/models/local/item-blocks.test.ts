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

  const table = [
    line(200, [[50, 'Pos'], [90, 'Beschreibung'], [300, 'Menge'], [380, 'Einzelpreis'], [480, 'Gesamt']]),
    line(214, [[50, '1'], [90, 'Gartenbank Eiche'], [300, '2'], [380, '150,00'], [480, '300,00']]),
    line(228, [[50, '2'], [90, 'Lieferung'], [300, '1'], [380, '40,00'], [480, '40,00']]),
  ];
  const tableItems = [
    { position: '1', description: 'Gartenbank Eiche', quantity: 2, unit_price: 150, net_amount: 300 },
    { position: '2', description: 'Lieferung', quantity: 1, unit_price: 40, net_amount: 40 },
  ];

  it('label-row blocks after an items table (an instalment plan) are not its items', async () => {
    const pages = [page(1, [
      ...table,
      text(50, 300, 'Zahlungsplan'),
      ...block(316, [['Verwendungszweck:', 'Auftrag 5512 Rate 1'], ['Betrag:', '170,00'], ['Fällig am:', '01.06.2024']]),
      ...block(360, [['Verwendungszweck:', 'Auftrag 5512 Rate 2'], ['Betrag:', '170,00'], ['Fällig am:', '01.07.2024']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ line_items: tableItems });
  });

  it('a VAT breakdown printed as label-row blocks after an items table adds no items and no tax amount as a rate', async () => {
    const pages = [page(1, [
      ...table,
      text(50, 300, 'Steueraufstellung'),
      ...block(316, [['Steuersatz:', '19 %'], ['Nettobetrag:', '300,00'], ['Steuerbetrag:', '57,00']]),
      ...block(360, [['Steuersatz:', '7 %'], ['Nettobetrag:', '40,00'], ['Steuerbetrag:', '2,80']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ line_items: tableItems });
  });

  it('blocks of VAT breakdown labels alone are no items', async () => {
    const pages = [page(1, [
      text(50, 300, 'Umsatzsteueraufschlüsselung'),
      ...block(316, [['Gesamtbetrag netto:', '300,00'], ['Umsatzsteuersatz:', '19 %'], ['Umsatzsteuerbetrag:', '57,00']]),
      ...block(370, [['Gesamtbetrag netto:', '100,00'], ['Umsatzsteuersatz:', '7 %'], ['Umsatzsteuerbetrag:', '7,00']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ line_items: [] });
  });

  it('item blocks under one heading are read, and VAT blocks under the next heading are not added to them', async () => {
    const pages = [page(1, [
      text(50, 280, 'Positionen'),
      text(50, 300, 'Position 1'),
      ...block(316, [['Bezeichnung:', 'Ventilkappe rot'], ['Menge:', '30'], ['Umsatzsteuersatz:', '19 %'], ['Gesamtpreis (netto):', '24,00']]),
      text(50, 380, 'Position 2'),
      ...block(396, [['Bezeichnung:', 'Prüfung vor Ort'], ['Menge:', '2'], ['Umsatzsteuersatz:', '7 %'], ['Gesamtpreis (netto):', '110,00']]),
      text(50, 470, 'Umsatzsteueraufschlüsselung'),
      ...block(486, [['Gesamtbetrag netto:', '24,00'], ['Umsatzsteuersatz:', '19 %'], ['Umsatzsteuerbetrag:', '4,56']]),
      ...block(540, [['Gesamtbetrag netto:', '110,00'], ['Umsatzsteuersatz:', '7 %'], ['Umsatzsteuerbetrag:', '7,70']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({
      line_items: [
        { position: '1', description: 'Ventilkappe rot', quantity: 30, tax_rate: 19, net_amount: 24 },
        { position: '2', description: 'Prüfung vor Ort', quantity: 2, tax_rate: 7, net_amount: 110 },
      ],
    });
  });

  it("a tax amount label row never fills an item's tax rate", async () => {
    const pages = [page(1, [
      ...block(300, [['Bezeichnung:', 'Ventilkappe rot'], ['Menge:', '30'], ['Umsatzsteuerbetrag:', '4,56']]),
      ...block(345, [['Bezeichnung:', 'Prüfung vor Ort'], ['Menge:', '2'], ['Umsatzsteuerbetrag:', '20,90']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ line_items: [{ description: 'Ventilkappe rot', quantity: 30 }, { description: 'Prüfung vor Ort', quantity: 2 }] });
  });

  it('label-row blocks apart from each other, with text between, are not one list of items', async () => {
    const pages = [page(1, [
      ...block(200, [['Bezeichnung:', 'Wartungsvertrag'], ['Menge:', '1'], ['Gesamtpreis (netto):', '240,00']]),
      text(50, 250, 'Die Leistungen werden jährlich abgerechnet und verlängern sich automatisch.'),
      ...block(300, [['Bezeichnung:', 'Ersatzteilpaket'], ['Menge:', '1'], ['Gesamtpreis (netto):', '80,00']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ line_items: [] });
  });

  it("a tax amount column of an items table ('MwSt-Betrag') never fills an item's tax rate, and 'Betrag inkl. MwSt' stays the amount", async () => {
    const pages = [page(1, [
      line(200, [[50, 'Bezeichnung'], [250, 'Menge'], [330, 'MwSt-Betrag'], [430, 'Betrag inkl. MwSt']]),
      line(214, [[50, 'Gartenschlauch 20 m'], [250, '3'], [330, '6,84'], [430, '42,84']]),
      line(228, [[50, 'Saatgut Rasen'], [250, '5'], [330, '1,40'], [430, '21,40']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({
      line_items: [
        { description: 'Gartenschlauch 20 m', quantity: 3, net_amount: 42.84 },
        { description: 'Saatgut Rasen', quantity: 5, net_amount: 21.4 },
      ],
    });
  });
});
