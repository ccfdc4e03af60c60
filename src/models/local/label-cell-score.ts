/**
 * How well a cell's words name a property: a table's header cell over its column, or a row's label
 * cell beside its value.
 */
import type { FieldLabels } from './field-labels.ts';
import { labelSimilarity } from './normalize-label.ts';

/** "Amount (EUR)": a label followed by a qualifier is a little less sure than the label alone. */
const LABEL_THEN_QUALIFIER = 0.9;
/** "Posting Date": a qualifier before the label is less usual than one after it. */
const QUALIFIER_THEN_LABEL = 0.85;
/** A label word that an OCR text layer split in two ("Bezeic hnung") is a little less sure than one printed whole. */
const SPLIT_WORD_SIMILARITY = 0.95;

export function cellScore(tokens: readonly string[], labels: FieldLabels): number {
  let best = 0;
  for (const c of [...labels.candidates, ...labels.blockCandidates]) {
    let s = c.weight * labelSimilarity(c.words, tokens);
    if (s < SPLIT_WORD_SIMILARITY * c.weight && tokens.length > c.words.length && tokens.join('') === c.words.join('')) s = SPLIT_WORD_SIMILARITY * c.weight;
    // "Amount (EUR)", "Unit price excl. VAT": the label then a qualifier.
    if (s === 0 && tokens.length > c.words.length && c.words.length > 0) {
      s = LABEL_THEN_QUALIFIER * c.weight * labelSimilarity(c.words, tokens.slice(0, c.words.length));
      // "Posting Date", "Transaction Amount": a qualifier then the label.
      if (s === 0) s = QUALIFIER_THEN_LABEL * c.weight * labelSimilarity(c.words, tokens.slice(tokens.length - c.words.length));
    }
    best = Math.max(best, s);
  }
  return best;
}
