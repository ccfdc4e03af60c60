/**
 * The line that ends an item table: a totals line ("Summe netto | 270,00", "Total due") or one of
 * the table-end phrases, found by its first cell with lead-in words ("zzgl.") and rates left out.
 */
import type { LineView } from './layout-words.ts';
import { foldLabel } from './normalize-label.ts';
import { CONCEPTS, LABEL_LEAD_INS, TABLE_END_PHRASES } from './synonyms.ts';

/**
 * A totals line ends the table: the table-end phrases, and every label of the document's sums
 * (total, subtotal, tax) of more than one word; a one-word one ends it only as the whole first cell.
 */
const SUM_CONCEPTS: ReadonlySet<string> = new Set(['total', 'subtotal', 'tax']);
const SUM_LABELS = CONCEPTS.filter((c) => SUM_CONCEPTS.has(c.key)).flatMap((c) => c.phrases).map((p) => foldLabel(p));
const END_PHRASES = [...TABLE_END_PHRASES.map((p) => foldLabel(p)), ...SUM_LABELS.filter((p) => p.length > 1)];
const END_CELLS: ReadonlySet<string> = new Set(SUM_LABELS.filter((p) => p.length === 1).map((p) => p.join(' ')));
/** A totals line is a label of a few words, its amount and perhaps a currency: item rows have more cells. */
const MAX_SUM_CELL_WORDS = 3;
const MAX_SUM_LINE_CELLS = 3;

/** Sum labels and table-end phrases with their spaces removed, to know one that a text layer split inside a word. */
const END_COMPACT: ReadonlySet<string> = new Set([...SUM_LABELS, ...END_PHRASES].map((p) => p.join('')));

/** Totals labels that end a table only on their own: "Net" also starts item names ("Net curtain"). */
const END_WORDS: ReadonlySet<string> = new Set(['net', 'nett', 'netto']);

/** Tokens of a first cell without its lead-in words and rate ("zzgl. 19 % USt." → "u st"). */
function withoutLeadIn(tokens: readonly string[]): string[] {
  let i = 0;
  while (i < tokens.length && (LABEL_LEAD_INS.has(tokens[i] as string) || (i > 0 && (/^\d{1,2}$/.test(tokens[i] as string) || tokens[i] === 'percent')))) i++;
  return i > 0 && i < tokens.length ? tokens.slice(i) : [...tokens];
}

export function isEndLine(view: LineView): boolean {
  const first = view.segments[0];
  if (first === undefined) return false;
  const tokens = withoutLeadIn(first.words.flatMap((w) => w.folded));
  if (tokens.length === 1 && END_WORDS.has(tokens[0] as string) && view.segments.length > 1) return true;
  // "Warenwert netto | 270,00": a one-word sum label with a qualifier, on a short line of label and amount.
  if (tokens.length <= MAX_SUM_CELL_WORDS && END_CELLS.has(tokens[0] as string) && view.segments.length > 1 && view.segments.length <= MAX_SUM_LINE_CELLS) return true;
  // "Nettob etrag | 1.420,00": a sum label an OCR layer split inside a word.
  if (view.segments.length > 1 && view.segments.length <= MAX_SUM_LINE_CELLS && tokens.length > 1 && END_COMPACT.has(tokens.join(''))) return true;
  return END_PHRASES.some((p) => p.length <= tokens.length && tokens.length - p.length <= 3 && p.every((w, i) => tokens[i] === w));
}
