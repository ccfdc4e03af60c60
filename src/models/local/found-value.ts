/**
 * A value LOCAL read from the page, with what its evidence needs: the document's own text, the
 * page and the exact box of the words the value came from.
 */
import type { BBox, FieldEvidence } from '../../domain/types.ts';
import type { Coerced } from './coerce-value.ts';
import type { LineView, Word } from './layout-words.ts';
import { quoteOf, unionBox } from './layout-words.ts';

export interface Found {
  value: unknown;
  confidence: number;
  reasoning: string;
  quote: string;
  page: number;
  bbox: BBox;
  /** Identifies where the value was read, so two fields do not take the same text. */
  place: string;
  /** Reading position, for "prefer the last" tie-breaks. */
  order: number;
}

/** The words of `words` that hold `matched` (the part of the text a coercion used). */
export function narrowWords(words: readonly Word[], matched: string): Word[] {
  if (words.length <= 1 || matched === '') return [...words];
  const starts: number[] = [];
  let pos = 0;
  for (const w of words) {
    starts.push(pos);
    pos += w.text.length + 1;
  }
  const joined = words.map((w) => w.text).join(' ');
  const at = joined.indexOf(matched);
  if (at < 0) return [...words];
  const end = at + matched.length;
  const picked = words.filter((w, i) => {
    const s = starts[i] as number;
    return s < end && s + w.text.length > at;
  });
  return picked.length > 0 ? picked : [...words];
}

export function placeOf(view: LineView, words: readonly Word[]): string {
  const first = words[0];
  return `${view.page}:${view.order}:${first === undefined ? 0 : first.bbox.x0.toFixed(1)}`;
}

/** A found value from words on one or more lines. */
export function foundFrom(
  lines: readonly { view: LineView; words: readonly Word[] }[],
  coerced: Coerced,
  value: unknown,
  confidence: number,
  reasoning: string,
): Found {
  const first = lines[0] as { view: LineView; words: readonly Word[] };
  const words = lines.length === 1 ? narrowWords(first.words, coerced.matched) : lines.flatMap((l) => [...l.words]);
  let quote = lines.length === 1 ? quoteOf(words) : lines.map((l) => quoteOf(l.words)).join('\n');
  // The matched text is the document's own characters without the punctuation around them.
  if (lines.length === 1 && coerced.matched !== '' && quote.includes(coerced.matched)) quote = coerced.matched;
  return {
    value,
    confidence: Math.max(0, Math.min(1, confidence)),
    reasoning,
    quote,
    page: first.view.page,
    bbox: unionBox(words.map((w) => w.bbox)),
    place: placeOf(first.view, words),
    order: first.view.order,
  };
}

export function evidenceOf(pointer: string, f: Found): FieldEvidence {
  return {
    pointer,
    reasoning: f.reasoning,
    confidence: Math.round(f.confidence * 1000) / 1000,
    quote: f.quote,
    page: f.page,
    bbox: f.bbox,
  };
}
