/** "Gesamt" and "Summe" name an item column as often as the invoice's total: weak labels of the total. */
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();
const schema: JsonSchema = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string' },
    total: { type: 'number' },
    line_items: { type: 'array', items: { type: 'object', properties: { description: { type: 'string' }, amount: { type: 'number' } } } },
  },
};

describe('weak total labels', () => {
  it('a lone "Gesamt" under the items is the total, not the item column of the same name', async () => {
    const pages = [page(1, [
      line(60, [[50, 'Rechnungsnummer:'], [200, '60417']]),
      line(120, [[50, 'Bezeichnung'], [450, 'Gesamt']]),
      line(136, [[50, 'Gartenpflege'], [450, '310,00']]),
      line(150, [[50, 'Heckenschnitt'], [450, '148,00']]),
      line(190, [[360, 'Gesamt'], [450, '458,00']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toMatchObject({ invoice_number: '60417', total: 458, line_items: [{ description: 'Gartenpflege', amount: 310 }, { description: 'Heckenschnitt', amount: 148 }] });
  });

  it('a specific total label ("Gesamtbetrag") wins over a "Summe" line above it', async () => {
    const pages = [page(1, [
      line(190, [[360, 'Summe'], [450, '458,00']]),
      line(204, [[360, 'USt 19 %'], [450, '87,02']]),
      line(218, [[360, 'Gesamtbetrag'], [450, '545,02']]),
      text(50, 260, 'Zahlbar innerhalb von 14 Tagen.'),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toMatchObject({ total: 545.02 });
  });

  const totals: JsonSchema = { type: 'object', properties: { subtotal: { type: 'number' }, tax: { type: 'number' }, total: { type: 'number' } } };

  it('a "Summe" line followed by a larger gross line in the totals block is the net sum, not the total', async () => {
    const pages = [page(1, [
      line(300, [[360, 'Summe'], [450, '200,00 EUR']]),
      line(314, [[360, 'MwSt 19%'], [450, '38,00 EUR']]),
      line(328, [[360, 'Brutto'], [450, '238,00 EUR']]),
    ])];
    const res = await local.extract(request(totals, pages));
    expect(res.value).toMatchObject({ total: 238 });
  });

  it('"Gesamt" qualified by a tax word ("Gesamt MwSt") is not the total', async () => {
    const pages = [page(1, [
      line(300, [[360, 'Netto'], [450, '200,00']]),
      line(314, [[360, 'Gesamt MwSt'], [450, '38,00']]),
      line(328, [[360, 'Brutto'], [450, '238,00']]),
    ])];
    const res = await local.extract(request(totals, pages));
    expect(res.value).toMatchObject({ total: 238 });
  });

  it('the "Gesamt" row of a tax breakdown table (net, tax and gross in one row) gives no total', async () => {
    const pages = [page(1, [
      line(300, [[50, 'Satz'], [150, 'Netto'], [250, 'MwSt'], [350, 'Brutto']]),
      line(314, [[50, '19%'], [150, '300,00'], [250, '57,00'], [350, '357,00']]),
      line(328, [[50, '7%'], [150, '40,00'], [250, '2,80'], [350, '42,80']]),
      line(342, [[50, 'Gesamt'], [150, '340,00'], [250, '59,80'], [350, '399,80']]),
    ])];
    const res = await local.extract(request(totals, pages));
    expect((res.value as { total?: number }).total).toBeUndefined();
  });

  it('"Summe" followed by words of its own ("Summe der Positionen", "Summe Seite 1") is not the total', async () => {
    const positions = [page(1, [
      line(300, [[360, 'Summe der Positionen'], [450, '200,00']]),
      line(314, [[360, 'zzgl. 19% MwSt'], [450, '38,00']]),
      line(328, [[360, 'Zu zahlender Gesamtbetrag'], [450, '238,00']]),
    ])];
    expect((await local.extract(request(totals, positions))).value).toMatchObject({ total: 238 });
    const carried = [page(1, [text(50, 60, 'Rechnung'), line(300, [[360, 'Summe Seite 1'], [450, '640,00']]), text(50, 700, 'Übertrag auf Seite 2')])];
    expect((await local.extract(request(totals, carried))).value).not.toHaveProperty('total');
  });

  it('"Gesamt:" before a count that is no money figure ("9 Stunden") is not the total', async () => {
    const pages = [page(1, [text(50, 60, 'Rechnung'), line(300, [[50, 'Gesamt: 9 Stunden']]), line(330, [[360, 'Netto'], [450, '540,00']])])];
    const res = await local.extract(request(totals, pages));
    expect(res.value).not.toHaveProperty('total');
  });
});
