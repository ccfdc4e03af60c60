/**
 * The truths of thirdparty-sealed4 are typed in by hand from the printed pages (bench/corpora/
 * thirdparty-sealed4/<id>/expected.json), so the printed sums must add up or a figure was mistyped.
 * This reads only the truths, never LOCAL's output: the set is sealed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusIds, setDir } from '../../bench/corpus-tools/score-extraction.ts';
import { THIRD_PARTY_DOCUMENTS } from '../../bench/corpus-tools/thirdparty-sources.ts';

const SET = 'thirdparty-sealed4';

interface Item { quantity: number; unit_price: number; net_amount: number }
interface Truth { net_total: number; tax_total: number | null; gross_total: number; line_items: Item[] }

/**
 * Where the page itself does not add up the plain way, and why: a printed quantity rounded from
 * the one its amount was computed with, discounts between the lines and the net total.
 */
const PRINTED: Record<string, { roundedQuantityLine?: number; allowances?: number }> = {
  'ts4-1-de-zugferd-demo': { roundedQuantityLine: 3 }, // 3,30 printed; 3.25 × 95,38 = 309,99
  'ts4-5-fr-be-facture-without-vat': { allowances: 157.54 }, // Remise 1 and 2 (50,00 and 107,54)
};

const cents = (n: number): number => Math.round(n * 100);
const truthOf = (id: string): Truth =>
  (JSON.parse(readFileSync(join(setDir(SET), id, 'expected.json'), 'utf8')) as { expected: Truth }).expected;

describe('the hand-written truths of thirdparty-sealed4', () => {
  it('has one truth folder for each document its sources list, and no other', () => {
    const listed = THIRD_PARTY_DOCUMENTS.filter((d) => d.set === SET).map((d) => d.id);
    expect(corpusIds(setDir(SET)).sort()).toEqual(listed.sort());
  });

  for (const id of THIRD_PARTY_DOCUMENTS.filter((d) => d.set === SET).map((d) => d.id)) {
    it(`adds up as the page prints it: ${id}`, () => {
      const t = truthOf(id);
      const printed = PRINTED[id] ?? {};
      t.line_items.forEach((item, i) => {
        if (i === printed.roundedQuantityLine) return;
        expect(Math.abs(cents(item.quantity * item.unit_price) - cents(item.net_amount)), `line ${i + 1}`).toBeLessThanOrEqual(1);
      });
      const lines = t.line_items.reduce((sum, item) => sum + cents(item.net_amount), 0);
      expect(lines - cents(printed.allowances ?? 0)).toBe(cents(t.net_total));
      expect(cents(t.net_total) + cents(t.tax_total ?? 0)).toBe(cents(t.gross_total));
    });
  }
});
