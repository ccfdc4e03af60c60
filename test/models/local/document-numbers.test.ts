/** Document numbers are identifiers: never an amount or a date, and a sentence may go on after them. */
import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { parseIdentifier } from '../../../src/models/local/parse-identifier.ts';
import { computeHints } from '../../../src/models/local/parse-number.ts';
import type { JsonSchema } from '../../../src/pipeline/types.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();
const schema: JsonSchema = { type: 'object', properties: { invoice_number: { type: 'string' }, invoice_date: { type: 'string', format: 'date' }, due_date: { type: 'string', format: 'date' } } };
const hints = computeHints('');

describe('document numbers and their dates', () => {
  it('takes the number and the date from "Rechnung Nr. 4711 vom 05.03.2018"', async () => {
    const res = await local.extract(request(schema, [page(1, [text(50, 100, 'Rechnung Nr. 4711 vom 05.03.2018')])]));
    expect(res.value).toMatchObject({ invoice_number: '4711', invoice_date: '2018-03-05' });
  });

  it('reads the date a sentence gives the number in Spanish, Italian and English', async () => {
    for (const [sentence, iso] of [['Factura nº 000473 de fecha 15/03/2018', '2018-03-15'], ['Fattura n. 88 del 02/10/2020', '2020-10-02'], ['Invoice No. 5512 dated 7 May 2024', '2024-05-07']] as const) {
      const res = await local.extract(request(schema, [page(1, [text(50, 100, sentence)])]));
      expect(res.value, sentence).toMatchObject({ invoice_date: iso });
    }
  });

  it('leaves the number null rather than take an amount printed beside its label', async () => {
    const pages = [page(1, [line(100, [[50, 'Invoice number'], [300, '473,00']])])];
    const res = await local.extract(request(schema, pages));
    expect((res.value as Record<string, unknown>)['invoice_number'] ?? null).toBeNull();
  });

  it('rejects amounts and dates as identifiers and keeps numbers that only look numeric', () => {
    expect(parseIdentifier('473,00', hints)).toBeNull();
    expect(parseIdentifier('€ 1.250,00', hints)).toBeNull();
    expect(parseIdentifier('05.03.2018', hints)).toBeNull();
    expect(parseIdentifier('2018047', hints)).toBe('2018047');
    expect(parseIdentifier('000473', hints)).toBe('000473');
  });

  it('finds a due date introduced in running text in French', async () => {
    const res = await local.extract(request(schema, [page(1, [text(50, 100, 'Merci de votre confiance, facture payable au plus tard le 16 février 2024.')])]));
    expect(res.value).toMatchObject({ due_date: '2024-02-16' });
  });
});
