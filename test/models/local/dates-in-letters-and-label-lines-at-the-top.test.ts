/**
 * Dates a letter gives without a label ("München, den 05.03.2018", "N° 318 du 5 mars 2018" under
 * the title), and lines at the top that are labels or item rows, never the issuer's name.
 */
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();
const party = { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } };
const schema: JsonSchema = {
  type: 'object',
  properties: { invoice_number: { type: 'string' }, invoice_date: { type: 'string', format: 'date' }, vendor: party, total: { type: 'number' } },
};

describe('dates in letters', () => {
  it('a place and date line ("Kiel, den 05.03.2018") gives the document its date', async () => {
    const pages = [page(1, [text(50, 60, 'RECHNUNG 2018-318'), text(350, 74, 'Kiel, den 05.03.2018'), line(280, [[360, 'Rechnungsbetrag'], [450, '318,00 EUR']])])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toMatchObject({ invoice_number: '2018-318', invoice_date: '2018-03-05', total: 318 });
  });

  it('a number mark and number at the start of a line under the title take the date after "du"', async () => {
    const pages = [page(1, [text(50, 60, 'Facture'), text(50, 74, 'N° 318 du 5 mars 2018'), line(280, [[360, 'Net à payer'], [450, '1 318,00 €']])])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toMatchObject({ invoice_number: '318', invoice_date: '2018-03-05', total: 1318 });
  });
});

describe('lines at the top that are no party', () => {
  it('a label with its figure and no colon ("Rechnungsnummer 3180") is not the issuer\'s name', async () => {
    const pages = [page(1, [text(50, 74, 'Rechnung vom 05.03.2018'), text(50, 88, 'Rechnungsnummer 3180')])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toMatchObject({ invoice_number: '3180', invoice_date: '2018-03-05' });
    expect((res.value as { vendor?: unknown }).vendor).toBeUndefined();
  });

  it('an item row with an amount near the top is not the issuer\'s block', async () => {
    const pages = [page(1, [text(50, 60, 'Rechnung Nr. 2018031'), line(120, [[50, 'Beratung'], [450, '318,00 €']]), text(50, 134, 'Zahlbar bis 19.03.2018 ohne Abzug.')])];
    const res = await local.extract(request(schema, pages));
    expect((res.value as { vendor?: unknown }).vendor).toBeUndefined();
  });

  it('the first column of an items table near the top ("Art.-Nr." over article numbers) is not the addressee', async () => {
    const customer: JsonSchema = { type: 'object', properties: { customer: party, total: { type: 'number' } } };
    const pages = [page(1, [
      text(50, 40, 'Rechnung 4711'),
      line(100, [[50, 'Art.-Nr.'], [110, 'Bezeichnung'], [300, 'Menge'], [360, 'Preis'], [450, 'Betrag']]),
      line(114, [[50, '100234'], [110, 'Kabel'], [300, '2'], [360, '10,00'], [450, '20,00']]),
      line(128, [[50, '100235'], [110, 'Stecker'], [300, '1'], [360, '453,00'], [450, '453,00']]),
      line(160, [[360, 'Gesamtbetrag'], [450, '318,00']]),
    ])];
    const res = await local.extract(request(customer, pages));
    expect(res.value).toEqual({ total: 318 });
  });

  it('an information row of labels over its values ("Rechnungsnr. | Kundennr. | Datum") does not end the search for the addressee below it', async () => {
    const customer: JsonSchema = { type: 'object', properties: { customer: party } };
    const pages = [page(1, [
      text(50, 30, 'Seeblick Druckerei GmbH'),
      line(60, [[300, 'Rechnungsnr.'], [380, 'Kundennr.'], [460, 'Datum']]),
      line(74, [[300, '6130'], [380, '20544'], [460, '17.06.2019']]),
      text(50, 120, 'Moorweg Tischlerei OHG'),
      text(50, 134, 'Birkenallee 5'),
      text(50, 148, '23552 Lübeck'),
      line(328, [[360, 'Gesamtbetrag'], [450, '96,00']]),
    ])];
    const res = await local.extract(request(customer, pages));
    expect(res.value).toEqual({ customer: { name: 'Moorweg Tischlerei OHG', address: 'Birkenallee 5, 23552 Lübeck' } });
  });
});

describe('due dates in payment sentences', () => {
  const dueSchema: JsonSchema = { type: 'object', properties: { invoice_date: { type: 'string', format: 'date' }, due_date: { type: 'string', format: 'date' } } };

  it('the date after "netto bis" is the due date, not the cash-discount date after it', async () => {
    const pages = [page(1, [
      line(60, [[350, 'Rechnungsdatum'], [450, '11.06.2021']]),
      text(50, 300, 'Zahlbar innerhalb 21 Tagen netto bis 02.07.2021, 2% Skonto innerhalb 7 Tagen bis 18.06.2021'),
    ])];
    const res = await local.extract(request(dueSchema, pages));
    expect(res.value).toEqual({ invoice_date: '2021-06-11', due_date: '2021-07-02' });
  });

  it('"den Betrag bis zum" in a request to pay gives the due date', async () => {
    const pages = [page(1, [
      line(60, [[350, 'Rechnungsdatum'], [450, '11.06.2021']]),
      text(50, 300, 'Bitte zahlen Sie den Betrag bis zum 25.06.2021 auf unser Konto.'),
    ])];
    const res = await local.extract(request(dueSchema, pages));
    expect(res.value).toEqual({ invoice_date: '2021-06-11', due_date: '2021-06-25' });
  });
});

describe('delivery dates in sentences', () => {
  it('"Lieferung vom" before a date gives the delivery date, beside the invoice date after "Nr. … vom"', async () => {
    const dates: JsonSchema = { type: 'object', properties: { invoice_number: { type: 'string' }, invoice_date: { type: 'string', format: 'date' }, delivery_date: { type: 'string', format: 'date' } } };
    const pages = [page(1, [text(50, 60, 'Rechnung Nr. 2207-31 vom 9. Juni 2021'), text(50, 90, 'Lieferung vom 02.06.2021')])];
    const res = await local.extract(request(dates, pages));
    expect(res.value).toEqual({ invoice_number: '2207-31', invoice_date: '2021-06-09', delivery_date: '2021-06-02' });
  });
});
