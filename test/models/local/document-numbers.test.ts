/** Document numbers are identifiers: never an amount or a date, and a sentence may go on after them. */
import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { parseIdentifier } from '../../../src/models/local/parse-identifier.ts';
import { computeHints } from '../../../src/models/local/parse-number.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();
const schema: JsonSchema = { type: 'object', properties: { invoice_number: { type: 'string' }, invoice_date: { type: 'string', format: 'date' }, due_date: { type: 'string', format: 'date' } } };
const hints = computeHints('');

describe('document numbers and their dates', () => {
  it('takes the number and the date from "Rechnung Nr. 4711 vom 12.06.2019"', async () => {
    const res = await local.extract(request(schema, [page(1, [text(50, 100, 'Rechnung Nr. 4711 vom 12.06.2019')])]));
    expect(res.value).toMatchObject({ invoice_number: '4711', invoice_date: '2019-06-12' });
  });

  it('reads the date a sentence gives the number in Spanish, Italian and English', async () => {
    for (const [sentence, iso] of [['Factura nº 002291 de fecha 15/03/2019', '2019-03-15'], ['Fattura n. 88 del 14/09/2021', '2021-09-14'], ['Invoice No. 5512 dated 7 May 2024', '2024-05-07']] as const) {
      const res = await local.extract(request(schema, [page(1, [text(50, 100, sentence)])]));
      expect(res.value, sentence).toMatchObject({ invoice_date: iso });
    }
  });

  it('reads a date introduced by a preposition in running text, with or without a number before it', async () => {
    for (const [sentence, iso] of [['Rechnung vom 05.03.2018', '2018-03-05'], ['Invoice dated 5 March 2018', '2018-03-05'], ['Facture du 05/03/2018', '2018-03-05']] as const) {
      const res = await local.extract(request(schema, [page(1, [text(50, 100, sentence)])]));
      expect(res.value, sentence).toMatchObject({ invoice_date: iso });
    }
  });

  it('words printed exactly as another field\'s label are not a misspelling of this field\'s ("Rechnungsnummer" is not "Rechnungssumme")', async () => {
    const withTotal: JsonSchema = { type: 'object', properties: { invoice_number: { type: 'string' }, total: { type: 'number' } } };
    const res = await local.extract(request(withTotal, [page(1, [text(50, 100, 'Rechnungsnummer 318,00 EUR')])]));
    expect(res.value).toEqual({});
  });

  it('leaves the number null rather than take an amount printed beside its label', async () => {
    const pages = [page(1, [line(100, [[50, 'Invoice number'], [300, '1.250,00']])])];
    const res = await local.extract(request(schema, pages));
    expect((res.value as Record<string, unknown>)['invoice_number'] ?? null).toBeNull();
  });

  it('rejects amounts and dates as identifiers and keeps numbers that only look numeric', () => {
    expect(parseIdentifier('1.250,00', hints)).toBeNull();
    expect(parseIdentifier('€ 1.250,00', hints)).toBeNull();
    expect(parseIdentifier('12.06.2019', hints)).toBeNull();
    expect(parseIdentifier('2019112', hints)).toBe('2019112');
    expect(parseIdentifier('002291', hints)).toBe('002291');
  });

  it('finds a due date introduced in running text in French', async () => {
    const res = await local.extract(request(schema, [page(1, [text(50, 100, 'Merci de votre confiance, facture payable au plus tard le 3 avril 2023.')])]));
    expect(res.value).toMatchObject({ due_date: '2023-04-03' });
  });
});
