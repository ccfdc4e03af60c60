/**
 * A unit printed after the count in the quantity cell, a delivery stated in a sentence
 * ("Die Lieferung erfolgte am …"), and a label opening a parenthesis in running text.
 */
import { describe, expect, it } from 'vitest';
import { runLocalExtraction } from '../../../src/models/local/run-local-extraction.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

const item = { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit: { type: 'string' }, unit_price: { type: 'number' }, net_amount: { type: 'number' } } };
const items: JsonSchema = { type: 'object', properties: { line_items: { type: 'array', items: item } } };

function table(rows: Array<[string, string, string, string]>) {
  return [page(1, [
    line(200, [[60, 'Bezeichnung'], [300, 'Menge'], [380, 'Einzelpreis'], [480, 'Gesamtpreis']]),
    ...rows.map(([d, q, p, a], i) => line(216 + 16 * i, [[60, d], [300, q], [380, p], [480, a]])),
    line(216 + 16 * rows.length + 20, [[380, 'Endbetrag'], [480, '177,20']]),
  ])];
}

describe('LOCAL on units, sentences and parentheses', () => {
  it('a word after the count in the quantity cell ("20 Pack") is the item\'s unit when no column gives one', () => {
    const res = runLocalExtraction(request(items, table([['Kopierpapier A4', '20 Pack', '4,95', '99,00'], ['Kugelschreiber blau', '50 Stück', '0,79', '39,50']]))).value;
    expect(res).toEqual({ line_items: [
      { description: 'Kopierpapier A4', quantity: 20, unit: 'Pack', unit_price: 4.95, net_amount: 99 },
      { description: 'Kugelschreiber blau', quantity: 50, unit: 'Stück', unit_price: 0.79, net_amount: 39.5 },
    ] });
  });

  it('gives no unit when the count times the price is not the line\'s amount', () => {
    const res = runLocalExtraction(request(items, table([['Kopierpapier A4', '20 Pack', '4,95', '89,00']]))).value as { line_items: Array<{ unit?: string }> };
    expect(res.line_items[0]?.unit).toBeUndefined();
  });

  it('reads the date in "Die Lieferung erfolgte am 03.03.2025." as the delivery date', () => {
    const pages = [page(1, [text(60, 60, 'Rechnung'), text(60, 400, 'Die Lieferung erfolgte am 03.03.2025. Bitte überweisen Sie den Betrag bis zum 20.03.2025.')])];
    const res = runLocalExtraction(request({ type: 'object', properties: { delivery_date: { type: 'string', format: 'date' } } }, pages)).value;
    expect(res).toEqual({ delivery_date: '2025-03-03' });
  });

  it('a label that opens a parenthesis in running text ("(BIC BBRUBEBB)") labels the value after it', () => {
    const pages = [page(1, [text(60, 400, 'Gelieve te betalen op rekening IBAN BE68 5390 0754 7034 (BIC BBRUBEBB) met mededeling')])];
    const res = runLocalExtraction(request({ type: 'object', properties: { payment: { type: 'object', properties: { iban: { type: 'string' }, bic: { type: 'string' } } } } }, pages)).value;
    expect(res).toEqual({ payment: { iban: 'BE68 5390 0754 7034', bic: 'BBRUBEBB' } });
  });
});
