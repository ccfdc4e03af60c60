/**
 * Start and end dates printed as one range under one label: "Statement period: 01.08.2024 -
 * 31.08.2024" answers both `statement_period.start_date` and `period_end`. Used only when the
 * field's own label was not found. Exports that print the range as two bare labelled dates
 * ("From 09/01/2025" / "To 09/30/2025") answer it too, when no range label is found.
 */
import type { LabelCandidate } from './field-labels.ts';
import { conceptOf } from './field-labels.ts';
import { valueCandidates } from './find-value.ts';
import { foundFrom } from './found-value.ts';
import type { Found } from './found-value.ts';
import { findLabelHits } from './label-match.ts';
import { quoteOf } from './layout-words.ts';
import { foldLabel } from './normalize-label.ts';
import { parseDates } from './parse-date.ts';
import type { ExtractContext, FieldSpec } from './search-field.ts';
import { MIN_SCORE } from './search-field.ts';
import { shapeOf } from './schema-shape.ts';

/** A synonym of the range's concept ("billing period" for "statement period") is a little less sure than its own name. */
const RANGE_SYNONYM = 0.9;
/** One end of a two-date range: the range could be printed end first, so a little less sure than a label of its own. */
const RANGE_END = 0.9;
/** "From" and "To" also head parties and prose; only a lone date after them counts, and less surely. */
const SPLIT_LABEL = 0.8;

const START_WORDS: ReadonlySet<string> = new Set(['start', 'from', 'begin', 'beginning', 'first', 'opening']);
const END_WORDS: ReadonlySet<string> = new Set(['end', 'to', 'until', 'through', 'thru', 'last', 'closing']);

/**
 * The range's label is what the field's name says besides "start"/"end" ("period_start" →
 * "period"), or else its parent's name ("statement_period.start_date" → "statement period"),
 * with the synonyms of the concept that names.
 */
export function dateRangeFallback(ctx: ExtractContext, spec: FieldSpec, parentWords: readonly string[]): Found | null {
  const shape = shapeOf(spec.schema);
  if (shape.kind !== 'string' || shape.schema['format'] !== 'date') return null;
  const words = foldLabel(spec.name);
  const which = words.some((w) => START_WORDS.has(w)) ? 0 : words.some((w) => END_WORDS.has(w)) ? 1 : -1;
  if (which < 0) return null;
  const rest = words.filter((w) => !START_WORDS.has(w) && !END_WORDS.has(w) && w !== 'date');
  const base = rest.length > 0 ? rest : [...parentWords];
  if (base.length === 0) return null;
  const candidates: LabelCandidate[] = [{ words: base, key: base.join(' '), weight: 1, source: 'name' }];
  const concept = conceptOf(base, false)?.concept;
  for (const phrase of concept?.phrases ?? []) {
    const w = foldLabel(phrase);
    if (!candidates.some((c) => c.key === w.join(' '))) candidates.push({ words: w, key: w.join(' '), weight: RANGE_SYNONYM, source: 'synonym' });
  }
  for (const { hit, label, line } of labelledLines(ctx, candidates)) {
    const dates = parseDates(quoteOf(line.words), ctx.hints);
    const picked = dates[which];
    if (dates.length !== 2 || picked === undefined) continue;
    return foundFrom([line], { value: picked.iso, matched: picked.matched, quality: 1 }, picked.iso, hit.score * RANGE_END,
      `${which === 0 ? 'start' : 'end'} of the date range after label '${label}' for ${spec.name}`);
  }
  return splitRangeFallback(ctx, spec, which);
}

/** Bare "From" / "To" labels whose value is one date; "From"/"To" also head parties, so only a lone date counts. */
const SPLIT_LABELS: readonly (readonly string[])[] = [['from', 'start date', 'period start', 'date from'], ['to', 'end date', 'period end', 'date to', 'through']];

function splitRangeFallback(ctx: ExtractContext, spec: FieldSpec, which: number): Found | null {
  const candidates: LabelCandidate[] = (SPLIT_LABELS[which] ?? []).map((p) => {
    const w = foldLabel(p);
    return { words: w, key: w.join(' '), weight: SPLIT_LABEL, source: 'synonym' as const };
  });
  for (const { hit, label, line } of labelledLines(ctx, candidates)) {
    const text = quoteOf(line.words);
    const dates = parseDates(text, ctx.hints);
    const only = dates[0];
    if (dates.length !== 1 || only === undefined || only.matched.length < text.trim().length - 1) continue;
    return foundFrom([line], { value: only.iso, matched: only.matched, quality: 1 }, only.iso, hit.score * SPLIT_LABEL,
      `${which === 0 ? 'start' : 'end'} date after the bare label '${label}' for ${spec.name}`);
  }
  return null;
}

/** The first line of every value candidate after each hit of `candidates`, best hits first. */
function* labelledLines(ctx: ExtractContext, candidates: LabelCandidate[]) {
  const hits = findLabelHits(ctx.views, candidates, { allKeys: ctx.allKeys, ownKeys: new Set(candidates.map((c) => c.key)) })
    .filter((h) => h.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || a.view.order - b.view.order);
  for (const hit of hits) {
    const label = quoteOf((hit.view.segments[hit.segIndex]?.words ?? []).slice(hit.wordStart, hit.wordEnd));
    for (const option of valueCandidates(hit, ctx.views, { allKeys: ctx.allKeys, multiline: false })) {
      const line = option.lines[0];
      if (line !== undefined) yield { hit, label, line };
    }
  }
}
