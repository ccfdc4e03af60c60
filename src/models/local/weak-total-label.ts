/**
 * When a weak total label ("Summe", "Gesamt", "Brutto") really prints the total. These words also
 * head a net sum, a VAT line ("Gesamt MwSt"), a VAT breakdown's last row, a page's carried sum or
 * a count of hours; a wrong total is worse than none, so the reading must look like a grand
 * total's line: the label, at most a colon or a currency, one amount, and nothing larger below.
 */
import type { LabelHit } from './label-match.ts';
import type { LineView, Word } from './layout-words.ts';
import type { ValueWords } from './find-value.ts';
import { DE } from './lexicon/de.ts';

/**
 * The weak labels this applies to: German "Summe", "Gesamt" and "Brutto" name any sum. English
 * "Amount" is qualified by the words after it ("Amount billed", "Amount due") and keeps its reading.
 */
export const WEAK_SUM_WORDS: ReadonlySet<string> = new Set(DE.concepts['total']?.weak ?? []);

/** A money figure: two decimals after a comma or point, or thousands grouped (yen have no decimals). */
const AMOUNT = /^[-−–]?(?:(?:\d{1,3}(?:[.,\s'’\u00a0]\d{3})+|\d+)[.,]\d{2}|\d{1,3}(?:[.,\s'’\u00a0]\d{3})+)-?$/;
/** What may stand between the label and its figure, or after the figure: a colon or a currency. */
const CURRENCY_OR_COLON = /^(?:[:：]|[A-Z]{3}:?|\([A-Z]{3}\):?|\[[A-Z]{3}\]:?|[€$£¥₣]:?)$/;
/** Lines under the label that still belong to its totals block. */
const TOTALS_BLOCK_LINES = 5;
/** ... as long as each is within this many line heights of the label. */
const TOTALS_BLOCK_HEIGHTS = 8;

/** The figure of a word, with a currency symbol printed on it taken off. */
function amountOf(w: Word): number | null {
  const t = w.text.replace(/^[€$£¥]|[€$£¥]$/g, '');
  if (!AMOUNT.test(t)) return null;
  const digits = t.replace(/[-−–]/g, '');
  const lastMark = Math.max(digits.lastIndexOf(','), digits.lastIndexOf('.'));
  const decimals = digits.length - lastMark - 1 === 2;
  if (!decimals) return Number(digits.replace(/[^\d]/g, ''));
  return Number(`${digits.slice(0, lastMark).replace(/[^\d]/g, '')}.${digits.slice(lastMark + 1)}`);
}

function amountsIn(words: readonly Word[]): number[] {
  return words.map(amountOf).filter((n): n is number => n !== null);
}

/**
 * Whether a weak total label's value `value`, read at `v`, stands. Rejects "Summe Seite 1 500,00"
 * and "Gesamt MwSt 19,00" (words between), "Gesamt | 150,00 | 22,50 | 172,50" (several amounts in
 * the row), "Gesamt: 12 Stunden" (no money figure) and "Summe 100,00" over "Brutto 119,00" (a
 * larger amount follows in the totals block: the net sum, not the total).
 */
export function weakTotalStands(hit: LabelHit, v: ValueWords, value: number, views: readonly LineView[]): boolean {
  const labelSegment = hit.view.segments[hit.segIndex];
  if (labelSegment === undefined) return false;
  const valueWords = v.lines.flatMap((l) => l.words);
  const between = v.place === 'beside' ? [] : labelSegment.words.slice(hit.wordEnd);
  const valueSet = new Set(valueWords);
  const around = [...between, ...valueWords].filter((w) => amountOf(w) === null);
  if (!around.every((w) => CURRENCY_OR_COLON.test(w.text))) return false;
  const figures = amountsIn(valueWords);
  if (figures.length !== 1 || figures[0] !== value) return false;
  if (v.place !== 'below') {
    // The row holds this one amount and no other.
    const others = hit.view.words.filter((w) => !valueSet.has(w));
    if (amountsIn(others).length > 0) return false;
  }
  const from = v.lines.at(-1)?.view ?? hit.view;
  const below = views.filter((l) => l.page === from.page && l.order > from.order && l.bbox.y0 - from.bbox.y1 < TOTALS_BLOCK_HEIGHTS * from.height)
    .sort((a, b) => a.order - b.order)
    .slice(0, TOTALS_BLOCK_LINES);
  return !below.some((l) => amountsIn(l.words).some((n) => Math.abs(n) > Math.abs(value)));
}
