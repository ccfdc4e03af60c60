/**
 * LOCAL's field accuracy on the second fresh corpus (bench/corpus-fresh2, made by
 * bench/corpus-tools/make-fresh2.ts: a marketplace invoice with seller and buyer VAT blocks, a
 * dental bill with insurance columns, a freight invoice billed by weight, a Swiss invoice with a
 * right-aligned label grid, a line-of-credit statement and a German petty-cash book). Made after
 * LOCAL had been tuned on every older corpus.
 *
 * Tuned after an untuned measurement of 54.8% (92 of 168 leaves) on 2026-11-23; 96.4% after.
 * The floor sits a few points under the tuned figure so that a regression fails here.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accuracyOf, corpusIds, countOutcomes, scoreDocument } from '../../../bench/corpus-tools/score-extraction.ts';
import type { LeafResult } from '../../../bench/corpus-tools/score-extraction.ts';

const FRESH2_DIR = join(import.meta.dirname, '..', '..', '..', 'bench', 'corpus-fresh2');

describe('LOCAL on the second fresh corpus', () => {
  it('keeps overall field accuracy at 92% or more', async () => {
    const ids = corpusIds(FRESH2_DIR);
    expect(ids.length).toBe(6);
    const leaves: LeafResult[] = [];
    const perDocument: Record<string, number> = {};
    for (const id of ids) {
      const score = await scoreDocument(id, FRESH2_DIR);
      leaves.push(...score.leaves);
      perDocument[id] = Math.round(score.accuracy * 1000) / 10;
    }
    const overall = accuracyOf(countOutcomes(leaves));
    expect(overall, JSON.stringify(perDocument)).toBeGreaterThanOrEqual(0.92);
  }, 20_000);
});
