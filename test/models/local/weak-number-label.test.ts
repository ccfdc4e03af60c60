/**
 * German "Nummer" alone labels the invoice's number only where a label of its own would stand:
 * not under a party heading, not in the cell after one, not at the end of a sentence.
 */
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();
const schema: JsonSchema = {
  type: 'object',
  properties: { invoice_number: { type: 'string' }, invoice_date: { type: 'string', format: 'date' }, total: { type: 'number' } },
};

describe('the weak number label "Nummer"', () => {
  it('"Nummer:" under a party heading ("Kunde:") is the party\'s number, not the invoice\'s', async () => {
    const pages = [page(1, [
      text(50, 60, 'Rechnung'),
      text(350, 100, 'Kunde:'),
      text(350, 114, 'Nummer: 30871'),
      text(350, 128, 'Elbufer Werkstatt GmbH'),
      line(328, [[360, 'Gesamtbetrag'], [450, '88,00']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).not.toHaveProperty('invoice_number');
  });

  it('"Nummer:" in the cell after a party heading ("Kunde | Nummer: …") is the party\'s number', async () => {
    const pages = [page(1, [text(50, 60, 'Rechnung'), line(100, [[50, 'Kunde'], [110, 'Nummer:'], [200, '30871']])])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).not.toHaveProperty('invoice_number');
  });

  it('"Nummer" after a comma at the end of a sentence is another thing\'s number', async () => {
    const pages = [page(1, [
      text(50, 60, 'Rechnung'),
      text(50, 200, 'Wir danken für Ihren Auftrag vom 14.05.2019, Nummer 771204.'),
      line(328, [[360, 'Gesamtbetrag'], [450, '88,00']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).not.toHaveProperty('invoice_number');
  });

  it('"Nummer:" starting its own line under the title still gives the number', async () => {
    const pages = [page(1, [text(50, 60, 'Rechnung'), line(100, [[350, 'Nummer:'], [450, '30871']]), line(114, [[350, 'Datum:'], [450, '14.05.2019']])])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toMatchObject({ invoice_number: '30871', invoice_date: '2019-05-14' });
  });

  it('a sentence\'s full stop after a number is no part of it ("Bitte angeben: Rechnungsnummer: 40211.")', async () => {
    const pages = [page(1, [text(50, 200, 'Bitte angeben: Rechnungsnummer: 40211.')])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toMatchObject({ invoice_number: '40211' });
  });

  it('a number-mark line right under another thing\'s label ("Ihre Bestellung" over "Nr. …") gives no invoice number', async () => {
    const pages = [page(1, [text(50, 60, 'Rechnung'), text(50, 200, 'Ihre Bestellung'), text(50, 214, 'Nr. 7700451 vom 11.04.2019'), line(328, [[360, 'Gesamtbetrag'], [450, '88,00']])])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ total: 88 });
  });

  it('"Nummer" starting an item row with an amount in another cell is the article\'s number', async () => {
    const pages = [page(1, [text(50, 60, 'Rechnung'), line(200, [[50, 'Nummer 208311 Schraubzwinge'], [450, '24,50']])])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).not.toHaveProperty('invoice_number');
  });

  it('a bare "Nr." line with no title in the block above gives no invoice number (whose number is it?)', async () => {
    const pages = [page(1, [
      text(50, 60, 'Rechnung'),
      line(130, [[50, 'Nr. 6650218 vom 09.04.2019'], [350, 'Husum, den 16.04.2019']]),
      line(328, [[360, 'Gesamtbetrag'], [450, '88,00']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).not.toHaveProperty('invoice_number');
  });

  it('a bare "Nr." line right under the title still gives the number', async () => {
    const pages = [page(1, [text(50, 60, 'Rechnung'), text(50, 74, 'Nr. 6650218 vom 09.04.2019'), line(328, [[360, 'Gesamtbetrag'], [450, '88,00']])])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toMatchObject({ invoice_number: '6650218' });
  });
});
