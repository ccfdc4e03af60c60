/**
 * What a scanned page's text layer does to figures and labels, and header cells whose words name
 * more than one thing: the groups of one amount printed as cells of their own, a tax rate's figure
 * cut from its percent sign, a decimal figure that looks like a day and month, and an article-code
 * column ("Réf.") beside the description column.
 */
import { describe, expect, it } from 'vitest';
import { runLocalExtraction } from '../../../src/models/local/run-local-extraction.ts';
import { parseDate } from '../../../src/models/local/parse-date.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request } from './make-layout.ts';

const TOTALS: JsonSchema = { type: 'object', properties: { net_total: { type: 'number' }, tax_total: { type: 'number' }, gross_total: { type: 'number' } } };

describe('LOCAL on figures cut apart by a text layer', () => {
  it('reads the thousands group and the rest of an amount as one figure when they stand a word space apart', () => {
    const pages = [page(1, [
      line(300, [[425, 'Total HT'], [496, '1 050,00'], [540, '€']]),
      line(330, [[413, 'TVA 20 %'], [508, '210,00 €']]),
      line(360, [[415, 'Total TTC'], [498, '1'], [508, '260,00 €']]),
    ])];
    expect(runLocalExtraction(request(TOTALS, pages)).value).toMatchObject({ net_total: 1050, gross_total: 1260 });
  });

  it('keeps a quantity and the price in the next column apart when a column gap lies between them', () => {
    const schema: JsonSchema = { type: 'array', items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit_price: { type: 'number' }, amount: { type: 'number' } } } };
    const pages = [page(1, [
      line(100, [[60, 'Bezeichnung'], [300, 'Menge'], [360, 'Einzelpreis'], [480, 'Betrag']]),
      line(115, [[60, 'Schiebetor verzinkt'], [320, '2'], [370, '650,00'], [480, '1.300,00']]),
    ])];
    expect(runLocalExtraction(request(schema, pages, '/line_items')).value).toEqual([{ description: 'Schiebetor verzinkt', quantity: 2, unit_price: 650, amount: 1300 }]);
  });

  it('reads a tax line whose rate figure and percent sign are cells of their own as that rate\'s amount, not as the rate', () => {
    const pages = [page(1, [
      line(300, [[425, 'Total HT'], [496, '700,00'], [540, '€']]),
      line(315, [[413, 'TVA 20'], [452, '%'], [508, '120,00 €']]),
      line(330, [[412, 'TVA 5,5'], [452, '%'], [517, '5,50'], [540, '€']]),
      line(345, [[415, 'Total TTC'], [508, '825,50 €']]),
    ])];
    expect(runLocalExtraction(request(TOTALS, pages)).value).toEqual({ net_total: 700, tax_total: 125.5, gross_total: 825.5 });
  });
});

describe('LOCAL on figures that look like dates', () => {
  const hints = { decimalComma: false, dayFirst: true, dateSpan: { min: '2025-01-01', max: '2025-12-31' } };

  it('takes a decimal figure with one digit after the point for a number, not a day and month', () => {
    expect(parseDate('12.5', hints)).toBeNull();
    expect(parseDate('3.5', hints)).toBeNull();
  });

  it('still reads a day and month printed with two digits or a closing point', () => {
    expect(parseDate('12.05', hints)?.iso).toBe('2025-05-12');
    expect(parseDate('12.5.', hints)?.iso).toBe('2025-05-12');
  });
});

describe('LOCAL on header cells that name several things', () => {
  const schema: JsonSchema = { type: 'array', items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit_price: { type: 'number' }, net_amount: { type: 'number' } } } };
  const row = line(115, [[60, 'BX-7'], [110, 'Boîte archive carton'], [320, '30'], [380, '2,40'], [480, '72,00']]);

  it('takes the description from the column headed by a description label, not from an article-code column headed "Réf."', () => {
    const pages = [page(1, [line(100, [[60, 'Réf.'], [110, 'Désignation'], [320, 'Qté'], [380, 'PU HT'], [480, 'Montant HT']]), row])];
    expect(runLocalExtraction(request(schema, pages, '/line_items')).value).toEqual([{ description: 'Boîte archive carton', quantity: 30, unit_price: 2.4, net_amount: 72 }]);
  });

  it('does so too when a text layer split the description label in two', () => {
    const pages = [page(1, [line(100, [[60, 'Réf.'], [110, 'Désig nation'], [320, 'Qté'], [380, 'PU HT'], [480, 'Montant HT']]), row])];
    expect(runLocalExtraction(request(schema, pages, '/line_items')).value).toEqual([{ description: 'Boîte archive carton', quantity: 30, unit_price: 2.4, net_amount: 72 }]);
  });
});

describe('LOCAL on an IBAN cut into two cells', () => {
  const schema: JsonSchema = { type: 'object', properties: { payment: { type: 'object', properties: { iban: { type: 'string' }, bic: { type: 'string' } } } } };

  it('takes the groups of the next cell that make the IBAN as long as its country\'s IBANs are', () => {
    const pages = [page(1, [line(400, [[60, 'Bank: Kreissparkasse · IBAN DE27 5405 0220 0000'], [290, '8812 33 ·'], [340, 'BIC'], [360, 'MALADE51KOL']])])];
    expect(runLocalExtraction(request(schema, pages)).value).toMatchObject({ payment: { iban: 'DE27 5405 0220 0000 8812 33' } });
  });

  it('leaves a complete IBAN alone when the next cell holds other figures', () => {
    const pages = [page(1, [line(400, [[60, 'IBAN AT41 2011 1000 0392 8816'], [300, '2024 15']])])];
    expect(runLocalExtraction(request(schema, pages)).value).toMatchObject({ payment: { iban: 'AT41 2011 1000 0392 8816' } });
  });
});

describe('LOCAL on an items table over a totals label split by a text layer', () => {
  it('ends the table at the totals line even when its label is cut inside a word ("Nettob etrag")', () => {
    const schema: JsonSchema = { type: 'array', items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, net_amount: { type: 'number' } } } };
    const pages = [page(1, [
      line(100, [[60, 'Bezeichnung'], [330, 'Menge'], [480, 'Gesamtpreis']]),
      line(115, [[60, 'Zaunpfosten Lärche'], [340, '14'], [490, '238,00']]),
      line(140, [[340, 'Nettob etrag'], [490, '238,00']]),
    ])];
    expect(runLocalExtraction(request(schema, pages, '/line_items')).value).toEqual([{ description: 'Zaunpfosten Lärche', quantity: 14, net_amount: 238 }]);
  });
});
