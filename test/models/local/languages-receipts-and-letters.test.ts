/**
 * Italian, Spanish and Dutch labels, headers and month names; item lines without a header row; receipts' two-line
 * items; ledger rows that only state a balance; a Debit column that is money in; wrapped
 * timestamps; logos and headings taken for the issuer; facts stated in running text.
 */
import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { parseDate } from '../../../src/models/local/parse-date.ts';
import { foldLabel } from '../../../src/models/local/normalize-label.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();
const ITEMS: JsonSchema = {
  type: 'array',
  items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit_price: { type: 'number' }, amount: { type: 'number' } } },
};
const TX: JsonSchema = {
  type: 'array',
  items: { type: 'object', properties: { date: { type: 'string', format: 'date' }, description: { type: 'string' }, amount: { type: 'number' }, balance: { type: 'number' } } },
};
const HINTS = { decimalComma: true, dayFirst: true };

describe('languages, headerless items, receipts, ledgers and letters', () => {
  it('Dutch, Italian and Spanish month names and abbreviations, ordinals and timestamps give dates', () => {
    expect(parseDate('14 mrt 2025', HINTS)?.iso).toBe('2025-03-14');
    expect(parseDate('1 mei 2025 t/m 31 mei 2025', HINTS)?.iso).toBe('2025-05-01');
    expect(parseDate('12 maggio 2025', HINTS)?.iso).toBe('2025-05-12');
    expect(parseDate('3 abr 2025', HINTS)?.iso).toBe('2025-04-03');
    expect(parseDate('3 de abril de 2025', HINTS)?.iso).toBe('2025-04-03');
    expect(parseDate('09 dic 2025', HINTS)?.iso).toBe('2025-12-09');
    expect(parseDate('June 12th, 2025', HINTS)?.iso).toBe('2025-06-12');
    expect(parseDate('2025-09-02 18:49:08', HINTS)?.iso).toBe('2025-09-02');
  });

  it('"N.º" folds to "number" although NFKD would make it "N.o"', () => {
    expect(foldLabel('Factura N.º:')).toEqual(['factura', 'number']);
  });

  it('an Italian invoice: labels, a header with qualifiers ("Prezzo unit. (IVA escl.)", "Importo €") and totals', async () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        invoice_number: { type: 'string' }, invoice_date: { type: 'string', format: 'date' }, due_date: { type: 'string', format: 'date' },
        subtotal: { type: 'number' }, tax: { type: 'number' }, total: { type: 'number' }, line_items: ITEMS,
      },
    };
    const pages = [page(1, [
      line(100, [[50, 'Fattura n.'], [150, 'FT 2025/0418']]),
      line(114, [[50, 'Data documento'], [150, '12 maggio 2025']]),
      line(128, [[50, 'Scadenza'], [150, '11 giugno 2025']]),
      line(170, [[50, 'Descrizione'], [300, 'Q.tà'], [360, 'Prezzo unit. (IVA escl.)'], [500, 'Importo €']]),
      line(184, [[50, 'Biglietti da visita'], [310, '4'], [420, '18,50'], [510, '74,00']]),
      line(198, [[50, 'Carta intestata A4'], [310, '2'], [420, '42,00'], [510, '84,00']]),
      line(240, [[350, 'Imponibile'], [510, '158,00']]),
      line(254, [[350, 'IVA 22%'], [510, '34,76']]),
      line(268, [[350, 'Totale documento'], [500, '€ 192,76']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({
      invoice_number: 'FT 2025/0418', invoice_date: '2025-05-12', due_date: '2025-06-11', subtotal: 158, tax: 34.76, total: 192.76,
      line_items: [
        { description: 'Biglietti da visita', quantity: 4, unit_price: 18.5, amount: 74 },
        { description: 'Carta intestata A4', quantity: 2, unit_price: 42, amount: 84 },
      ],
    });
  });

  it('item lines without a header row: "2.5 hrs × $60.00 … $150.00" and a bare "Materials … $42.10" among them', async () => {
    const pages = [page(1, [
      text(50, 60, 'Please find below the work completed this month.'),
      line(100, [[60, 'Garden maintenance'], [280, '2.5 hrs × $60.00'], [480, '$150.00']]),
      line(114, [[60, 'Hedge trimming'], [280, '4 hrs × $60.00'], [480, '$240.00']]),
      line(128, [[60, 'Materials: mulch'], [485, '$42.10']]),
      line(142, [[60, 'Total due'], [480, '$432.10']]),
    ])];
    const res = await local.extract(request(ITEMS, pages, '/line_items'));
    expect(res.value).toEqual([
      { description: 'Garden maintenance', quantity: 2.5, unit_price: 60, amount: 150 },
      { description: 'Hedge trimming', quantity: 4, unit_price: 60, amount: 240 },
      { description: 'Materials: mulch', amount: 42.1 },
    ]);
  });

  it('receipt items on two lines: the name, then "2 x 3,95   7,90 A"', async () => {
    const pages = [page(1, [
      text(50, 40, 'Bäckerei Sonnenkorn'),
      text(50, 52, 'Beleg-Nr. 2025-77812'),
      text(50, 80, 'Roggenbrot 750g'),
      line(92, [[60, '1 x 3,95'], [200, '3,95 A']]),
      text(50, 104, 'Kaffee to go'),
      line(116, [[60, '2 x 3,20'], [200, '6,40 A']]),
      line(140, [[50, 'SUMME EUR'], [205, '10,35']]),
    ])];
    const res = await local.extract(request(ITEMS, pages, '/line_items'));
    expect(res.value).toEqual([
      { description: 'Roggenbrot 750g', quantity: 1, unit_price: 3.95, amount: 3.95 },
      { description: 'Kaffee to go', quantity: 2, unit_price: 3.2, amount: 6.4 },
    ]);
  });

  it('sections with repeated headers: a section title is not part of the previous description, and empty Qty/Rate stay empty', async () => {
    const header = (y: number) => line(y, [[50, 'Omschrijving'], [300, 'Aantal'], [380, 'Prijs'], [480, 'Bedrag']]);
    const pages = [page(1, [
      text(50, 86, 'Arbeid'),
      header(100),
      line(114, [[50, 'Monteur uur'], [310, '6'], [385, '58,50'], [485, '351,00']]),
      text(50, 128, 'Overig'),
      header(142),
      line(156, [[50, 'Voorrijkosten'], [485, '45,00']]),
      line(190, [[380, 'Subtotaal'], [485, '396,00']]),
    ])];
    const res = await local.extract(request(ITEMS, pages, '/line_items'));
    expect(res.value).toEqual([
      { description: 'Monteur uur', quantity: 6, unit_price: 58.5, amount: 351 },
      { description: 'Voorrijkosten', amount: 45 },
    ]);
  });

  it('a ledger: the "Beginning balance" row is no transaction, a wrapped time does not end the table, and Debit is money in when the balance says so', async () => {
    const pages = [page(1, [
      line(100, [[50, 'Date'], [120, 'Description'], [320, 'Debit'], [400, 'Credit'], [480, 'Balance']]),
      line(114, [[120, 'Beginning balance'], [485, '1,200.00']]),
      line(128, [[50, '2025-09-02'], [120, 'Card top-up'], [325, '250.00'], [485, '1,450.00']]),
      text(50, 138, '18:49:08'),
      line(152, [[50, '2025-09-05'], [120, 'Transfer to Ana'], [410, '80.25'], [485, '1,369.75']]),
      text(50, 162, '09:12:44'),
      line(176, [[50, '2025-09-11'], [120, 'Kiosk'], [410, '12.40'], [485, '1,357.35']]),
      text(50, 186, '13:05:19'),
      line(200, [[120, 'Ending balance'], [485, '1,357.35']]),
    ])];
    const res = await local.extract(request(TX, pages, '/transactions'));
    expect(res.value).toEqual([
      { date: '2025-09-02', description: 'Card top-up', amount: 250, balance: 1450 },
      { date: '2025-09-05', description: 'Transfer to Ana', amount: -80.25, balance: 1369.75 },
      { date: '2025-09-11', description: 'Kiosk', amount: -12.4, balance: 1357.35 },
    ]);
  });

  it('Dutch statement labels: Rekeninghouder, Rekeningnummer, Periode … t/m …, Beginsaldo, Eindsaldo', async () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        account_holder: { type: 'string' }, account_number: { type: 'string' },
        statement_period: { type: 'object', properties: { start_date: { type: 'string', format: 'date' }, end_date: { type: 'string', format: 'date' } } },
        opening_balance: { type: 'number' }, closing_balance: { type: 'number' },
      },
    };
    const pages = [page(1, [
      line(60, [[300, 'Rekeninghouder'], [400, 'M. J. van den Berg']]),
      line(74, [[300, 'Rekeningnummer'], [400, 'NL91 SPAR 0417 1643 00']]),
      line(88, [[300, 'Periode'], [400, '1 mei 2025 t/m 31 mei 2025']]),
      line(120, [[50, 'Beginsaldo'], [150, '€ 2.310,55']]),
      line(134, [[50, 'Eindsaldo'], [150, '€ 3.096,63']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({
      account_holder: 'M. J. van den Berg', account_number: 'NL91 SPAR 0417 1643 00',
      statement_period: { start_date: '2025-05-01', end_date: '2025-05-31' }, opening_balance: 2310.55, closing_balance: 3096.63,
    });
  });

  it('a letter without labels: the date on its own line, "Re: Invoice No." and "due by" in the text', async () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { invoice_number: { type: 'string' }, invoice_date: { type: 'string', format: 'date' }, due_date: { type: 'string', format: 'date' } },
    };
    const pages = [page(1, [
      text(50, 40, 'Dana Whitfield'),
      text(50, 52, '1208 Alder Lane'),
      text(50, 90, 'June 12th, 2025'),
      text(50, 140, 'Re: Invoice No. DW-2025-117'),
      text(50, 300, 'Payment is due by July 12th, 2025. Thank you for your business.'),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ invoice_number: 'DW-2025-117', invoice_date: '2025-06-12', due_date: '2025-07-12' });
  });

  it('a logo over the full name, and a document heading beside the issuer, are not the vendor; phone and tax-id lines are not its address', async () => {
    const schema: JsonSchema = { type: 'object', properties: { vendor: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } } } };
    const logo = [page(1, [
      text(50, 30, 'BELLINI', 20),
      text(50, 56, 'Tipografia Bellini S.r.l.'),
      text(50, 68, 'Via dei Mille 18'),
      text(50, 80, '40121 Bologna (BO)'),
      text(50, 92, 'Tel. 051 228 9190'),
      text(50, 104, 'P.IVA IT 02837110372'),
    ])];
    expect((await local.extract(request(schema, logo))).value).toEqual({ vendor: { name: 'Tipografia Bellini S.r.l.', address: 'Via dei Mille 18, 40121 Bologna (BO)' } });
    const heading = [page(1, [
      line(30, [[50, 'Summit Ridge Builders Inc.'], [420, 'APPLICATION FOR PAYMENT']]),
      text(50, 42, '8800 Foothill Blvd'),
      text(50, 54, 'Boulder, CO 80302'),
      text(50, 66, '(303) 555-0199'),
    ])];
    expect((await local.extract(request(schema, heading))).value).toEqual({ vendor: { name: 'Summit Ridge Builders Inc.', address: '8800 Foothill Blvd, Boulder, CO 80302' } });
  });

  it('a receipt: the centred header is the vendor block, a lone price column is the amount, "3 x 2,40" in the name is count and price, "MwSt A 7%" is the tax', async () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { vendor: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } }, tax: { type: 'number' }, total: { type: 'number' }, line_items: ITEMS },
    };
    const pages = [page(1, [
      text(40, 30, 'Farmacia San Marco di Lucia'),
      text(62, 42, 'Piazza Garibaldi 3'),
      text(78, 54, '80142 Napoli'),
      line(100, [[40, 'DESCRIZIONE'], [200, 'Prezzo(€)']]),
      line(114, [[40, 'Paracetamolo 500 mg'], [210, '4,90']]),
      line(128, [[40, '3 x 2,40 Cerotti'], [210, '7,20']]),
      line(160, [[40, 'TOTALE COMPLESSIVO'], [205, '12,10']]),
      line(174, [[40, 'MwSt A 7%'], [210, '0,79']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({
      vendor: { name: 'Farmacia San Marco di Lucia', address: 'Piazza Garibaldi 3, 80142 Napoli' }, tax: 0.79, total: 12.1,
      line_items: [{ description: 'Paracetamolo 500 mg', amount: 4.9 }, { description: 'Cerotti', quantity: 3, unit_price: 2.4, amount: 7.2 }],
    });
  });

  it('"Name" and "Address" rows without a party heading describe the customer', async () => {
    const schema: JsonSchema = { type: 'object', properties: { customer: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } } } };
    const pages = [page(1, [
      line(85, [[35, 'Name'], [65, 'Brightwater Analytics GmbH']]),
      text(35, 97, 'Address Torstraße 140, 10119 Berlin'),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ customer: { name: 'Brightwater Analytics GmbH', address: 'Torstraße 140, 10119 Berlin' } });
  });
});
