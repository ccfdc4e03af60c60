/**
 * Numbers and dates printed without a label that belong to something else than the invoice: a
 * document it refers to (an order, a delivery note, a quote, a ticket), a period's start, a
 * delivery date. A wrong value is worse than none, so LOCAL leaves these fields empty.
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
const totalLine = line(328, [[360, 'Gesamtbetrag'], [450, '214,20']]);

describe('a number-mark line under a heading', () => {
  it('a number-mark line under another document\'s heading ("Ihre Bestellung") gives no invoice date', async () => {
    const pages = [page(1, [text(50, 60, 'Rechnung'), text(50, 200, 'Ihre Bestellung'), text(50, 214, 'Nr. 7700451 vom 11.04.2019'), totalLine])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).not.toHaveProperty('invoice_date');
  });

  it('a number-mark line under a heading that is no document name ("Lieferschein") gives no invoice date', async () => {
    const pages = [page(1, [text(50, 60, 'Rechnung 2019-208'), text(50, 200, 'Lieferschein'), text(50, 214, 'Nr. 61207 vom 12.04.2019'), totalLine])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).not.toHaveProperty('invoice_date');
  });
});

describe('other documents named in a sentence', () => {
  it('a quote\'s number and date in a sentence ("gemäß unserem Angebot Nr. … vom …") are not the invoice\'s', async () => {
    const pages = [page(1, [text(50, 60, 'Rechnung'), text(50, 200, 'Gemäß unserem Angebot Nr. 2019-31 vom 20.03.2019 berechnen wir:'), totalLine])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ total: 214.2 });
  });

  it('a ticket named in a German sentence ("Ihr Ticket Nr.", "Betrifft: Ticket … vom …") gives neither number nor date', async () => {
    const numbered = [page(1, [text(50, 60, 'Rechnung'), text(50, 200, 'Ihr Ticket Nr. 5821'), totalLine])];
    expect((await local.extract(request(schema, numbered))).value).toEqual({ total: 214.2 });
    const dated = [page(1, [text(50, 60, 'Rechnung'), text(50, 200, 'Betrifft: Ticket 5821 vom 02.04.2019'), totalLine])];
    expect((await local.extract(request(schema, dated))).value).toEqual({ total: 214.2 });
  });
});

describe('dates that start a range or name a delivery', () => {
  it('a date after "fra" that starts a period ("fra … til …") is not the invoice date', async () => {
    const pages = [page(1, [text(50, 60, 'Faktura for perioden fra 01.05.2019 til 31.05.2019'), line(100, [[350, 'Fakturanr.:'], [450, '8812']])])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ invoice_number: '8812' });
  });

  it('the first date of two joined by "e" ("pagamento fra … e …") is not the invoice date', async () => {
    const pages = [page(1, [text(50, 60, 'Fattura n. 31'), text(50, 200, 'Fattura 31 - pagamento fra 10.06.2019 e 25.06.2019')])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).not.toHaveProperty('invoice_date');
  });

  it('a delivery word before a comma and a date near the top ("Lieferung, …") is no place of a letter\'s date line', async () => {
    const pages = [page(1, [text(50, 60, 'Rechnung 2019-208'), text(350, 100, 'Lieferung, 12.04.2019'), totalLine])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).not.toHaveProperty('invoice_date');
  });

  it('a place before a comma and a date near the top still gives the letter\'s date', async () => {
    const pages = [page(1, [text(50, 60, 'Rechnung 2019-208'), text(350, 100, 'Bad Oldesloe, 15.04.2019'), totalLine])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toMatchObject({ invoice_date: '2019-04-15' });
  });
});
