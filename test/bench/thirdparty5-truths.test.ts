/**
 * The truths of thirdparty5 and thirdparty-sealed5 are typed in by hand from the printed pages
 * (bench/corpora/<set>/<id>/expected.json), so the printed sums must add up or a figure was
 * mistyped. This reads only the truths, never LOCAL's output: one of the sets is sealed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusIds, setDir } from '../../bench/corpus-tools/score-extraction.ts';
import { THIRD_PARTY_DOCUMENTS } from '../../bench/corpus-tools/thirdparty-sources.ts';

const SETS = ['thirdparty5', 'thirdparty-sealed5'] as const;

interface Item { net_amount: number }
interface Truth { net_total: number; tax_total: number; gross_total: number; line_items: Item[] }

/** Discounts the page prints on its totals, between the lines and the net total, and where. */
const ALLOWANCES: Record<string, number> = {
  'ts5-2': 350, // Descuento E (15 %) 150,00 and Descuento G (20 %) 200,00
};

const cents = (n: number): number => Math.round(n * 100);
const truthOf = (set: string, id: string): Truth =>
  (JSON.parse(readFileSync(join(setDir(set), id, 'expected.json'), 'utf8')) as { expected: Truth }).expected;

describe('the hand-written truths of thirdparty5 and thirdparty-sealed5', () => {
  for (const set of SETS) {
    it(`has one truth folder for each document its sources list, and no other: ${set}`, () => {
      const listed = THIRD_PARTY_DOCUMENTS.filter((d) => d.set === set).map((d) => d.id);
      expect(corpusIds(setDir(set)).sort()).toEqual(listed.sort());
    });

    for (const id of THIRD_PARTY_DOCUMENTS.filter((d) => d.set === set).map((d) => d.id)) {
      it(`adds up as the page prints it: ${set}/${id}`, () => {
        const t = truthOf(set, id);
        const lines = t.line_items.reduce((sum, item) => sum + cents(item.net_amount), 0);
        expect(lines - cents(ALLOWANCES[id] ?? 0)).toBe(cents(t.net_total));
        expect(cents(t.net_total) + cents(t.tax_total)).toBe(cents(t.gross_total));
      });
    }
  }
});
