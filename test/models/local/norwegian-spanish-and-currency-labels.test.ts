/** Norwegian and Spanish invoices read through their own labels, and a currency named by a label in each language. */
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();

const party = { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } };
const invoice: JsonSchema = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string' },
    invoice_date: { type: 'string', format: 'date' },
    due_date: { type: 'string', format: 'date' },
    currency: { type: 'string' },
    vendor: party,
    customer: party,
    subtotal: { type: 'number' },
    tax: { type: 'number' },
    total: { type: 'number' },
    line_items: { type: 'array', items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit_price: { type: 'number' }, amount: { type: 'number' } } } },
  },
};

describe('Norwegian invoices', () => {
  it('reads number, dates, seller and buyer sections, items and mva totals under Norwegian labels', async () => {
    const pages = [page(1, [
      text(50, 60, 'Faktura'),
      line(80, [[50, 'Fakturanr.:'], [200, '10234']]),
      line(94, [[50, 'Fakturadato:'], [200, '01.04.2017']]),
      line(108, [[50, 'Forfallsdato:'], [200, '15.04.2017']]),
      text(50, 140, 'Selger'), text(300, 140, 'Kjøper'),
      line(156, [[50, 'Navn: Fjellbekk Snekkeri AS'], [300, 'Navn: Havblikk Eiendom AS']]),
      line(170, [[50, 'Adresse: Elvegata 12, 0180 Oslo'], [300, 'Adresse: Kaiveien 4, 5003 Bergen']]),
      line(220, [[50, 'Beskrivelse'], [300, 'Antall'], [360, 'Enhetspris'], [450, 'Beløp']]),
      line(236, [[50, 'Snekkertimer'], [300, '3'], [360, '1 000,00'], [450, '3 000,00']]),
      line(280, [[360, 'Sum eks. mva'], [450, '3 000,00']]),
      line(294, [[360, 'Mva 25%'], [450, '750,00']]),
      line(308, [[360, 'Å betale'], [450, '3 750,00']]),
      line(330, [[50, 'Valuta:'], [200, 'NOK']]),
    ])];
    const res = await local.extract(request(invoice, pages));
    expect(res.value).toEqual({
      invoice_number: '10234', invoice_date: '2017-04-01', due_date: '2017-04-15', currency: 'NOK',
      vendor: { name: 'Fjellbekk Snekkeri AS', address: 'Elvegata 12, 0180 Oslo' },
      customer: { name: 'Havblikk Eiendom AS', address: 'Kaiveien 4, 5003 Bergen' },
      subtotal: 3000, tax: 750, total: 3750,
      line_items: [{ description: 'Snekkertimer', quantity: 3, unit_price: 1000, amount: 3000 }],
    });
  });

  it('takes the date joined to the number by "fra" in a sentence ("Faktura 77 fra 3. desember 2021")', async () => {
    const pages = [page(1, [text(50, 120, 'Faktura 77 fra 3. desember 2021'), line(280, [[360, 'Totalt'], [450, '1 250,00']])])];
    const res = await local.extract(request(invoice, pages));
    expect(res.value).toMatchObject({ invoice_number: '77', invoice_date: '2021-12-03', total: 1250 });
  });
});

describe('Spanish invoices', () => {
  it('reads the recipient, the payment deadline and the grand total under Spanish labels ("Destinatario", "Fecha límite de pago", "Total general")', async () => {
    const pages = [page(1, [
      line(60, [[50, 'Número de factura:'], [220, 'A-2291']]),
      line(74, [[50, 'Fecha de emisión:'], [220, '14/02/2023']]),
      line(88, [[50, 'Fecha límite de pago:'], [220, '16/03/2023']]),
      text(50, 120, 'Destinatario'),
      line(136, [[50, 'Nombre:'], [120, 'Talleres Ribera S.L.']]),
      line(150, [[50, 'Dirección:'], [120, 'Calle Mayor 8, 28013 Madrid']]),
      line(280, [[360, 'Base imponible'], [450, '500,00 €']]),
      line(294, [[360, 'IVA 21%'], [450, '105,00 €']]),
      line(308, [[360, 'Total general'], [450, '605,00 €']]),
    ])];
    const res = await local.extract(request(invoice, pages));
    expect(res.value).toMatchObject({
      invoice_number: 'A-2291', invoice_date: '2023-02-14', due_date: '2023-03-16', currency: 'EUR',
      customer: { name: 'Talleres Ribera S.L.', address: 'Calle Mayor 8, 28013 Madrid' },
      subtotal: 500, tax: 105, total: 605,
    });
  });
});

describe('currency labels', () => {
  const currencyOnly: JsonSchema = { type: 'object', properties: { currency: { type: 'string' }, total: { type: 'number' } } };
  it.each([
    ['Währung:', 'de'],
    ['Devise :', 'fr'],
    ['Moneda:', 'es'],
    ['Valuta:', 'it / nl / no'],
    ['Moeda:', 'pt'],
  ])('the code in the row of the label "%s" (%s) is the currency, though more amounts in notes carry another', async (label) => {
    const pages = [page(1, [
      text(50, 40, 'Kurs EUR 100,00'),
      text(50, 54, 'Gebühr EUR 10,00'),
      line(80, [[50, label], [200, 'CHF']]),
      line(280, [[360, 'Total'], [450, '512,00']]),
    ])];
    const res = await local.extract(request(currencyOnly, pages));
    expect(res.value).toMatchObject({ currency: 'CHF' });
  });

  it('a document\'s name one letter off a currency label ("Devis n° 318" beside "Devise") is not that label', async () => {
    const pages = [page(1, [
      line(60, [[50, 'Prestations'], [350, 'Devis n° 318']]),
      line(280, [[360, 'Total TTC'], [450, '1 200,00 €']]),
    ])];
    const res = await local.extract(request(currencyOnly, pages));
    expect(res.value).toMatchObject({ currency: 'EUR', total: 1200 });
  });

  it('a date after "Valuta" (a German value date, a currency label elsewhere) is no currency', async () => {
    const pages = [page(1, [
      text(50, 60, 'Rechnung Nr. 5120'),
      line(100, [[350, 'Valuta:'], [450, '09.04.2019']]),
      line(328, [[360, 'Gesamtbetrag'], [450, '240,00']]),
    ])];
    const res = await local.extract(request(currencyOnly, pages));
    expect(res.value).not.toHaveProperty('currency');
  });
});
