/**
 * Totals blocks that print the tax once per rate: the document's tax is their sum, a printed sum
 * wins over the rate lines, and two different amounts for one rate leave the tax unknown.
 */
import { describe, expect, it } from 'vitest';
import { runLocalExtraction } from '../../../src/models/local/run-local-extraction.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request } from './make-layout.ts';

const SCHEMA: JsonSchema = { type: 'object', properties: { subtotal: { type: 'number' }, tax: { type: 'number' }, total: { type: 'number' } } };

function totals(rows: ReadonlyArray<readonly [string, string]>): ReturnType<typeof runLocalExtraction> {
  return runLocalExtraction(request(SCHEMA, [page(1, rows.map(([l, v], i) => line(300 + 15 * i, [[340, l], [500, v]])))]));
}

describe('LOCAL tax lines per rate', () => {
  it('a totals block with one tax line per rate and no sum reports the sum of the rate lines', () => {
    const res = totals([['Nettobetrag', '2.355,00'], ['USt 19 % auf 2.259,00', '429,21'], ['USt 7 % auf 96,00', '6,72'], ['Bruttobetrag EUR', '2.790,93']]);
    expect(res.value).toEqual({ subtotal: 2355, tax: 435.93, total: 2790.93 });
    expect(res.evidence.find((e) => e.pointer === '/tax')?.reasoning).toMatch(/sum of 2 tax lines/);
  });

  it('rates with a decimal comma are rates of their own', () => {
    const res = totals([['Total HT', '942,20 €'], ['TVA 5,5 %', '34,22 €'], ['TVA 20 %', '64,00 €'], ['Total TTC', '1 040,42 €']]);
    expect(res.value).toEqual({ subtotal: 942.2, tax: 98.22, total: 1040.42 });
  });

  it('a printed tax sum under the rate lines is the tax, not a new sum', () => {
    const res = totals([['Net', '100.00'], ['VAT 20%', '10.00'], ['VAT 5%', '2.50'], ['Total VAT', '12.50'], ['Total', '112.50']]);
    expect((res.value as Record<string, unknown>)['tax']).toBe(12.5);
  });

  it('one tax line keeps its own amount', () => {
    const res = totals([['Net', '100.00'], ['VAT 20%', '20.00'], ['Total', '120.00']]);
    expect(res.value).toEqual({ subtotal: 100, tax: 20, total: 120 });
  });

  it('one rate printed twice with different amounts leaves the tax null rather than guess', () => {
    const res = totals([['Net', '100.00'], ['VAT 20%', '10.00'], ['VAT 20%', '12.00'], ['Total', '122.00']]);
    expect((res.value as Record<string, unknown>)['tax'] ?? null).toBeNull();
  });

  it('a VAT breakdown table with one row per rate gives no subtotal or tax from its first row', () => {
    const res = runLocalExtraction(request(SCHEMA, [page(1, [
      line(290, [[50, 'USt-Satz'], [150, 'Netto'], [250, 'USt'], [350, 'Brutto']]),
      line(304, [[50, '19%'], [150, '200,00'], [250, '38,00'], [350, '238,00']]),
      line(318, [[50, '7%'], [150, '40,00'], [250, '2,80'], [350, '42,80']]),
    ])]));
    const value = res.value as Record<string, unknown>;
    expect(value.subtotal === undefined || value.subtotal === 240).toBe(true);
    expect(value.tax === undefined || value.tax === 40.8).toBe(true);
  });

  it('a VAT breakdown table with a single rate row still gives its subtotal and tax', () => {
    const res = runLocalExtraction(request(SCHEMA, [page(1, [
      line(290, [[50, 'USt-Satz'], [150, 'Netto'], [250, 'USt'], [350, 'Brutto']]),
      line(304, [[50, '19%'], [150, '200,00'], [250, '38,00'], [350, '238,00']]),
    ])]));
    expect(res.value).toMatchObject({ subtotal: 200, tax: 38 });
  });

  it('a per-rate "Steuerbetrag:" of a breakdown printed as label rows is not the tax when "Summe Umsatzsteuer" follows', () => {
    const res = runLocalExtraction(request(SCHEMA, [page(1, [
      line(300, [[50, 'Steuersatz:'], [200, '19 %']]),
      line(313, [[50, 'Steuerbetrag:'], [200, '45,60']]),
      line(340, [[50, 'Steuersatz:'], [200, '7 %']]),
      line(353, [[50, 'Steuerbetrag:'], [200, '2,10']]),
      line(400, [[340, 'Summe Umsatzsteuer'], [500, '47,70']]),
    ])]));
    expect((res.value as Record<string, unknown>)['tax']).toBe(47.7);
  });
});
