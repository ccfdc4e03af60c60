/**
 * Reading one primitive field from labelled text, and sharing the page's values among the fields
 * of an object so that two fields never take the same text.
 */
import type { JsonSchema } from '../../domain/types.ts';
import { CASH_DISCOUNT } from './cash-discount.ts';
import { coerceScalar } from './coerce-value.ts';
import type { FieldLabels, LabelCandidate } from './field-labels.ts';
import { valueCandidates, PLACE_FACTOR } from './find-value.ts';
import type { ValueWords } from './find-value.ts';
import { foundFrom } from './found-value.ts';
import type { Found } from './found-value.ts';
import { findLabelHits } from './label-match.ts';
import type { LineView, Word } from './layout-words.ts';
import { quoteOf } from './layout-words.ts';
import { foldLabel } from './normalize-label.ts';
import { stripAccents } from './parse-identifier.ts';
import type { DocumentHints } from './parse-number.ts';
import { shapeOf } from './schema-shape.ts';
import { SUM_WORDS, sumRateLines } from './tax-lines.ts';
import { notAVatId } from './vat-id-field.ts';
import type { TaxOption } from './tax-lines.ts';
import { WEAK_NUMBER_WORDS, weakNumberStands } from './weak-number-label.ts';
import { WEAK_SUM_WORDS, weakTotalStands } from './weak-total-label.ts';

export interface ExtractContext {
  views: readonly LineView[];
  hints: DocumentHints;
  /** Label keys of every field of the subtree, so values stop where another field's label starts. */
  allKeys: ReadonlySet<string>;
}

export interface FieldSpec {
  name: string;
  schema: JsonSchema;
  labels: FieldLabels;
}

/** Below this, a match is too weak to report; LOCAL answers null rather than guess. */
export const MIN_SCORE = 0.45;

/** A label without a colon is a little less sure: it may be running text. */
const NO_COLON = 0.95;
/** A column header with its first row below is weaker evidence than a label with its value. */
const TABLE_HEADER_BELOW = 0.9;
/** A weak label ("Invoice", "Amount") alone on its line is a title or a header below this weight. */
const MIN_WEIGHT_FOR_VALUE_BELOW = 0.75;

/** A cell that is an amount of money and nothing else ("45,00", "1.200,00 €"): the line is an item's row. */
const AMOUNT_CELL = /^[-+]?\p{Sc}?\s?\d{1,3}(?:[.,' ]?\d{3})*[.,]\d{2}\s?(?:\p{Sc}|[A-Z]{3})?$/u;

const PARAGRAPH_END = /^(?:\d+(?:\.\d+)*\.?\s+)?(?:introduction|keywords|key words|index terms|background|related work|contents)\b/i;

export function joinLines(lines: readonly { words: readonly Word[] }[], conceptKey: string | undefined): string {
  const texts = lines.map((l) => quoteOf(l.words).trim()).filter((t) => t !== '');
  if (conceptKey === 'address') return texts.join(', ').replace(/,\s*,/g, ',');
  let out = '';
  for (const t of texts) {
    // Words hyphenated at a line end are joined again.
    if (/[a-z]-$/.test(out) && /^[a-z]/.test(t)) out = out.slice(0, -1) + t;
    else out = out === '' ? t : `${out} ${t}`;
  }
  return out;
}

function maxLinesFor(conceptKey: string | undefined): number {
  if (conceptKey === 'abstract') return 60;
  if (conceptKey === 'address') return 5;
  return 4;
}

/** The text of a value candidate, cut at a paragraph heading for long multi-line values. */
function candidateLines(v: ValueWords): ValueWords['lines'] {
  const cut = v.lines.findIndex((l, i) => i > 0 && PARAGRAPH_END.test(quoteOf(l.words)));
  return cut < 0 ? v.lines : v.lines.slice(0, cut);
}

function readValue(
  ctx: ExtractContext,
  spec: FieldSpec,
  v: ValueWords,
  baseScore: number,
  reasoning: string,
): Found | null {
  const conceptKey = spec.labels.concept?.key;
  const lines = candidateLines(v);
  const text = lines.length > 1 ? joinLines(lines, conceptKey) : quoteOf((lines[0]?.words ?? []) as Word[]);
  const coerced = coerceScalar(text, spec.schema, ctx.hints, conceptKey);
  if (coerced === null) return null;
  const score = baseScore * PLACE_FACTOR[v.place] * coerced.quality;
  return foundFrom(lines, coerced, coerced.value, score, reasoning);
}

/** Concepts whose values have a shape of their own, so a label in running text is safe to use. */
const SHAPED_CONCEPTS: ReadonlySet<string> = new Set(['iban', 'bic', 'doi', 'email', 'website']);

export function searchField(ctx: ExtractContext, spec: FieldSpec, candidates: readonly LabelCandidate[], views: readonly LineView[]): Found[] {
  const shape = shapeOf(spec.schema);
  const conceptKey = spec.labels.concept?.key;
  const multiline = shape.kind === 'string' && spec.labels.concept?.multiline === true && shape.schema['enum'] === undefined;
  const shaped = conceptKey !== undefined && SHAPED_CONCEPTS.has(conceptKey);
  const hits = findLabelHits(views, candidates, { allKeys: ctx.allKeys, ownKeys: spec.labels.keys, innerWithoutColon: shaped });
  const found: TaxOption[] = [];
  for (const hit of hits) {
    if (conceptKey === 'invoice_number' && hit.candidate.source === 'weak' && WEAK_NUMBER_WORDS.has(hit.candidate.key) && !weakNumberStands(hit, views)) continue;
    // "Zahlbetrag bei Skonto", "Total with 2 % discount": what is paid early, not the invoice's total.
    if (conceptKey === 'total' && CASH_DISCOUNT.test(stripAccents(hit.view.segments[hit.segIndex]?.text ?? ''))) continue;
    // "Leistung am 14.03.2024 (Nacharbeit) | 1 | 45,00" dates one item, not the document's delivery.
    if (conceptKey === 'delivery_date' && hit.view.segments.some((seg, i) => i !== hit.segIndex && AMOUNT_CELL.test(seg.text.trim()))) continue;
    const base = hit.score * (hit.colon ? 1 : NO_COLON);
    if (base < MIN_SCORE) continue;
    const options = valueCandidates(hit, ctx.views, { allKeys: ctx.allKeys, multiline, maxLines: maxLinesFor(conceptKey) });
    const labelText = quoteOf((hit.view.segments[hit.segIndex]?.words ?? []).slice(hit.wordStart, hit.wordEnd));
    let best: Found | null = null;
    let bestBelow = false;
    const weakTotal = conceptKey === 'total' && hit.candidate.source === 'weak' && WEAK_SUM_WORDS.has(hit.candidate.key);
    for (const v of options) {
      // A weak label ("Invoice", "Amount") alone on its line is a title or a header, not a key.
      if (v.place === 'below' && hit.candidate.weight < MIN_WEIGHT_FOR_VALUE_BELOW) continue;
      const tableHeader = v.place === 'below' && hit.view.segments.length >= 3 ? TABLE_HEADER_BELOW : 1;
      const reasoning = `matched label '${labelText}' for ${spec.name}; value ${v.place === 'below' ? 'below' : 'beside'} the label`;
      const f = readValue(ctx, spec, v, base * tableHeader, reasoning);
      if (f !== null && notAVatId(spec, labelText, f.value)) continue;
      if (f !== null && weakTotal && !(typeof f.value === 'number' && weakTotalStands(hit, v, f.value, ctx.views))) continue;
      if (f !== null && f.confidence >= MIN_SCORE && (best === null || f.confidence > best.confidence)) {
        best = f;
        bestBelow = v.place === 'below';
      }
    }
    if (best !== null) found.push({ found: best, label: hit.view, below: bestBelow, sumLabel: SUM_WORDS.test(foldLabel(labelText).join(' ')) });
  }
  const preferLast = spec.labels.concept?.preferLast === true;
  found.sort((a, b) => b.found.confidence - a.found.confidence || (preferLast ? b.found.order - a.found.order : a.found.order - b.found.order));
  // One tax line per rate and no line for their sum: the tax is the sum (tax-lines.ts).
  // (That rule settles ties between rate lines and a printed sum itself.)
  if (conceptKey === 'tax' && shape.kind === 'number') return sumRateLines(found);
  const options = found.map((o) => o.found);
  return preferLast ? options : unambiguous(options);
}

/** Two readings closer than this in confidence are equally good: neither label says more than the other. */
const TIE_MARGIN = 0.005;

/**
 * No option when the two best disagree and neither is surer: two labels that fit equally well
 * with different values (two "Datum" lines) make any pick a guess, and a wrong value is worse
 * than none. Fields whose concept prefers the last of equals (grand totals) are not ambiguous.
 */
function unambiguous(options: Found[]): Found[] {
  const [first, second] = options;
  if (first === undefined || second === undefined) return options;
  const tie = first.confidence - second.confidence < TIE_MARGIN;
  return tie && JSON.stringify(first.value) !== JSON.stringify(second.value) ? [] : options;
}

/**
 * Gives each field its best value not already taken by a better-scoring field. Deterministic:
 * ties go to the field listed first in the schema.
 */
export function assignFields(options: ReadonlyMap<string, Found[]>): Map<string, Found> {
  const assigned = new Map<string, Found>();
  const used = new Set<string>();
  const names = [...options.keys()];
  for (;;) {
    let bestName: string | undefined;
    let best: Found | undefined;
    for (const name of names) {
      if (assigned.has(name)) continue;
      const f = options.get(name)?.find((o) => !used.has(o.place));
      if (f !== undefined && (best === undefined || f.confidence > best.confidence)) {
        best = f;
        bestName = name;
      }
    }
    if (bestName === undefined || best === undefined) return assigned;
    assigned.set(bestName, best);
    used.add(best.place);
  }
}
