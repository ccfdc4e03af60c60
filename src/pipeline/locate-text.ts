/**
 * Finding a piece of text in a stored page layout and the box that covers it.
 *
 * A page is indexed once as one string (spans joined by spaces, lines by newlines) plus a
 * normalised copy (lower case, whitespace runs collapsed, typographic quotes and dashes folded,
 * "|" read as a space because models quote table rows as the " | "-joined line text they read)
 * that maps each character back to the original, so a match in the normalised text gives the
 * original characters and, through the spans they fall in, a box.
 */
import type { BBox, PageLayout, Span } from './types.ts';

interface IndexedSpan {
  span: Span;
  start: number;
  end: number;
}

export interface PageIndex {
  page: PageLayout;
  original: string;
  normalised: string;
  /** normalised index -> original index */
  toOriginal: number[];
  spans: IndexedSpan[];
}

export interface TextMatch {
  /** Range in the normalised text. */
  start: number;
  end: number;
}

export interface FoundText {
  page: number;
  matchedText: string;
  bbox: BBox | null;
}

const FOLD: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"', '\u2013': '-', '\u2014': '-', '\u2212': '-',
};

function normaliseWithMap(text: string): { normalised: string; toOriginal: number[] } {
  let normalised = '';
  const toOriginal: number[] = [];
  let lastWasSpace = true; // also trims leading whitespace
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch) || ch === '|') {
      if (!lastWasSpace) {
        normalised += ' ';
        toOriginal.push(i);
        lastWasSpace = true;
      }
      continue;
    }
    lastWasSpace = false;
    // One character can lower-case to two ("İ"): both map back to the same original index.
    for (const out of (FOLD[ch] ?? ch).toLowerCase()) {
      normalised += out;
      toOriginal.push(i);
    }
  }
  return { normalised, toOriginal };
}

export function normaliseText(text: string): string {
  return normaliseWithMap(text).normalised.trimEnd();
}

const indexes = new WeakMap<PageLayout, PageIndex>();

export function indexPage(page: PageLayout): PageIndex {
  const cached = indexes.get(page);
  if (cached) return cached;
  let original = '';
  const spans: IndexedSpan[] = [];
  for (const line of page.lines) {
    if (original) original += '\n';
    const lineSpans = line.spans.length ? line.spans : [{ text: line.text, bbox: line.bbox, fontSize: 0 }];
    lineSpans.forEach((span, i) => {
      if (i > 0) original += ' ';
      spans.push({ span, start: original.length, end: original.length + span.text.length });
      original += span.text;
    });
  }
  const { normalised, toOriginal } = normaliseWithMap(original);
  const index = { page, original, normalised, toOriginal, spans };
  indexes.set(page, index);
  return index;
}

const WORD = /[\p{L}\p{N}]/u;
const DIGIT = /\d/;

/** A match must not cut a word or a number: "5" is not found inside "15" or "5.25". */
function atBoundary(text: string, start: number, end: number): boolean {
  const before = text[start - 1] ?? '';
  const after = text[end] ?? '';
  const first = text[start] ?? '';
  const last = text[end - 1] ?? '';
  if (WORD.test(first) && WORD.test(before)) return false;
  if (WORD.test(last) && WORD.test(after)) return false;
  if (DIGIT.test(first) && /[.,]/.test(before) && DIGIT.test(text[start - 2] ?? '')) return false;
  if (DIGIT.test(last) && /[.,]/.test(after) && DIGIT.test(text[end + 1] ?? '')) return false;
  return true;
}

/** First occurrence of `needle` on the page (optionally inside `within`), or null. */
export function findText(index: PageIndex, needle: string, within?: TextMatch): TextMatch | null {
  const n = normaliseText(needle);
  if (!n) return null;
  const from = within?.start ?? 0;
  const limit = within?.end ?? index.normalised.length;
  for (let at = index.normalised.indexOf(n, from); at >= 0 && at + n.length <= limit; at = index.normalised.indexOf(n, at + 1)) {
    if (atBoundary(index.normalised, at, at + n.length)) return { start: at, end: at + n.length };
  }
  return null;
}

function union(a: BBox | null, b: BBox): BBox {
  if (!a) return { ...b };
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

/**
 * The original text of a match and the union of the boxes of the spans it covers. Where the match
 * is only part of a span, the span's box is cut proportionally to character offsets (glyph widths
 * are not stored), so the box covers the matched characters rather than the whole span.
 */
export function describeMatch(index: PageIndex, match: TextMatch): FoundText {
  const start = index.toOriginal[match.start] ?? 0;
  const end = (index.toOriginal[match.end - 1] ?? start) + 1;
  let bbox: BBox | null = null;
  for (const { span, start: s, end: e } of index.spans) {
    if (e <= start || s >= end || span.text.length === 0) continue;
    const from = Math.max(start, s) - s;
    const to = Math.min(end, e) - s;
    const width = span.bbox.x1 - span.bbox.x0;
    const len = span.text.length;
    bbox = union(bbox, {
      x0: span.bbox.x0 + (width * from) / len,
      x1: span.bbox.x0 + (width * to) / len,
      y0: span.bbox.y0,
      y1: span.bbox.y1,
    });
  }
  return { page: index.page.page, matchedText: index.original.slice(start, end), bbox };
}
