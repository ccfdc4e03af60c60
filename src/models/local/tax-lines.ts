/**
 * A document's tax when it prints one line per rate ("USt 19 % … 429,21", "USt 7 % … 6,72") and no
 * line for their sum. The first line read alone would be reported as the whole tax; the sum of the
 * rates is what the document owes. When a line without a rate (a printed sum, "Summe MwSt") is
 * found at least as surely, it is the answer and the rate lines are left alone. When one rate is
 * printed twice with different amounts, the lines cannot be told apart and the tax stays null.
 */
import type { Found } from './found-value.ts';
import type { LineView } from './layout-words.ts';

/** A rate as printed in a tax line's label: "19 %", "5,5%", "(20%)", or its figure and sign in two cells ("19 | %"). */
const RATE = /(?:^|[\s(@])(\d{1,2}(?:[.,]\d{1,2})?)\s?(?:\|\s)?%/;

/** Cents, so sums of two-decimal amounts stay exact. */
const CENTS = 100;

/** A value read for a tax label, with the line of its label. */
export interface TaxOption {
  found: Found;
  label: LineView;
  /** Read under its label (a column header), not beside it on the label's line. */
  below: boolean;
  /** The label says it is a sum ("Summe Umsatzsteuer", "Total VAT"). */
  sumLabel: boolean;
}

/** Folded label words that make a tax label the sum's: "Summe Umsatzsteuer", "MwSt gesamt", "Total TVA". */
export const SUM_WORDS = /\b(?:summe|gesamt|insgesamt|total|sum|totale|totaal|totalt)\b/;

function rateOf(o: TaxOption): string | null {
  if (o.below) return null;
  const m = RATE.exec(o.label.line.text);
  return m === null ? null : (m[1] as string).replace(',', '.');
}

/**
 * The found values of a tax field with the rate lines summed into one, or unchanged when the
 * document does not print one line per rate. Options come best first.
 */
export function sumRateLines(options: readonly TaxOption[]): Found[] {
  const all = options.map((o) => o.found);
  // A label that names the sum beats the lines of a breakdown ("Steuerbetrag: 79,80" of one rate),
  // whatever their colons and places make of their confidence.
  const sum = options.find((o) => o.sumLabel && !o.below && typeof o.found.value === 'number');
  if (sum !== undefined) return [sum.found, ...all.filter((f) => f !== sum.found)];
  const byRate = new Map<string, Found>();
  const lines = new Set<number>();
  let bestUnrated: Found | undefined;
  for (const o of options) {
    const f = o.found;
    if (typeof f.value !== 'number') return all;
    // Several labels of one line ("MwSt", "19 %") read the same line once, best first.
    if (lines.has(o.label.order)) continue;
    lines.add(o.label.order);
    const rate = rateOf(o);
    if (rate === null) {
      bestUnrated ??= f;
      continue;
    }
    const seen = byRate.get(rate);
    // The same rate with another amount: a rate line and, say, a line of an analysis table.
    if (seen !== undefined && seen.value !== f.value) return [];
    if (seen === undefined) byRate.set(rate, f);
  }
  const rated = [...byRate.values()];
  if (rated.length < 2) return all;
  const surest = Math.max(...rated.map((f) => f.confidence));
  // A printed sum as sure as the rate lines is the tax itself.
  if (bestUnrated !== undefined && bestUnrated.confidence >= surest) return [bestUnrated, ...all.filter((f) => f !== bestUnrated)];
  rated.sort((a, b) => a.order - b.order);
  const first = rated[0] as Found;
  const cents = rated.reduce((s, f) => s + Math.round((f.value as number) * CENTS), 0);
  return [{
    ...first,
    value: cents / CENTS,
    confidence: Math.min(...rated.map((f) => f.confidence)),
    reasoning: `sum of ${rated.length} tax lines, one per rate (${[...byRate.keys()].join('%, ')}%)`,
    quote: rated.map((f) => f.quote).join(' + '),
  }];
}
