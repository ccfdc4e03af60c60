/**
 * Arrays of primitives: the values after a matching label, separated by commas, semicolons or
 * "and" ("Authors: A, B and C"), or one per line in a list under the label.
 */
import type { JsonSchema } from '../../domain/types.ts';
import { coerceScalar } from './coerce-value.ts';
import type { FieldLabels } from './field-labels.ts';
import { valueCandidates } from './find-value.ts';
import { foundFrom } from './found-value.ts';
import type { Found } from './found-value.ts';
import { findLabelHits } from './label-match.ts';
import { quoteOf } from './layout-words.ts';
import type { LineView } from './layout-words.ts';
import { titleLines } from './document-fallbacks.ts';
import type { ExtractContext } from './search-field.ts';
import { MIN_SCORE } from './search-field.ts';

const SEPARATORS = /\s*(?:[,;]|\band\b|&|·|•)\s*/;

/** A list under its label may run long (a paper's authors one per line), but not over the page. */
const MAX_LIST_LINES = 30;
/** An item split out of a list is a little less sure than a whole value: the split may cut a name. */
const LIST_ITEM = 0.9;
/** Names under a title without any label: the layout suggests them, nothing states them. */
const UNLABELLED_NAMES = 0.5;
/** An author's name runs to at most this many words; a longer part is a sentence or an affiliation. */
const MAX_NAME_WORDS = 5;

export function extractList(ctx: ExtractContext, name: string, itemSchema: JsonSchema, labels: FieldLabels): Found[] {
  const hits = findLabelHits(ctx.views, labels.candidates, { allKeys: ctx.allKeys, ownKeys: labels.keys })
    .filter((h) => h.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || a.view.order - b.view.order);
  for (const hit of hits) {
    const options = valueCandidates(hit, ctx.views, { allKeys: ctx.allKeys, multiline: true, maxLines: MAX_LIST_LINES });
    const label = quoteOf((hit.view.segments[hit.segIndex]?.words ?? []).slice(hit.wordStart, hit.wordEnd));
    for (const option of options) {
      const items: Found[] = [];
      for (const line of option.lines) {
        const text = quoteOf(line.words);
        for (const raw of text.replace(/^[-•·*]\s+/, '').split(SEPARATORS)) {
          const part = raw.replace(/[\d*†‡§¶]+$/, '').trim();
          if (part === '') continue;
          const coerced = coerceScalar(part, itemSchema, ctx.hints, labels.concept?.key);
          if (coerced === null) continue;
          items.push(foundFrom([{ view: line.view, words: line.words }], coerced, coerced.value, hit.score * LIST_ITEM * coerced.quality,
            `item of the list after label '${label}' for ${name}`));
        }
      }
      if (items.length > 0) return items;
    }
  }
  return labels.concept?.key === 'authors' ? authorsUnderTitle(ctx, name, itemSchema) : [];
}

const AFFILIATION = /@|\b(university|universit|institute|institut|department|dept|college|school|laborator|lab|inc|corp|gmbh|ltd|centre|center|faculty|abstract)\b/i;

/** Papers print their authors, unlabelled, on the line under the title. */
function authorsUnderTitle(ctx: ExtractContext, name: string, itemSchema: JsonSchema): Found[] {
  const title = titleLines(ctx);
  const last = title[title.length - 1];
  if (last === undefined) return [];
  const next = ctx.views[last.order + 1] as LineView | undefined;
  if (next === undefined || next.page !== last.page || AFFILIATION.test(next.line.text)) return [];
  const items: Found[] = [];
  for (const raw of quoteOf(next.words).split(SEPARATORS)) {
    const part = raw.replace(/[\d*†‡§¶,]+$/, '').trim();
    if (part === '' || part.split(/\s+/).length > MAX_NAME_WORDS) return [];
    const coerced = coerceScalar(part, itemSchema, ctx.hints, 'name');
    if (coerced === null) continue;
    items.push(foundFrom([{ view: next, words: next.words }], coerced, coerced.value, UNLABELLED_NAMES, `no label for ${name}; names on the line under the title`));
  }
  return items;
}
