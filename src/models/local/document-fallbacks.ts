/**
 * Fields whose value is recognisable without a label: an email, IBAN, DOI or web address printed
 * once in the document, the currency of its amounts, and the title of a paper (the largest text
 * at the top of the first page). Used only when no label matched; confidence is lower.
 */
import { coerceScalar, findCurrency, PATTERNS } from './coerce-value.ts';
import { foundFrom } from './found-value.ts';
import type { Found } from './found-value.ts';
import type { LineView, Word } from './layout-words.ts';
import { quoteOf } from './layout-words.ts';
import type { ExtractContext, FieldSpec } from './search-field.ts';

/** The document's only value of a shape (one email, one IBAN) is very likely the field's, but unlabelled. */
const ONLY_OF_PATTERN_SCORE = 0.6;
/** The currency most amounts are written in is the document's, though no label names it. */
const CURRENCY_OF_AMOUNTS_SCORE = 0.55;
/** A paper's title is the largest text at the top: unlabelled, but typographically plain. */
const TITLE_SCORE = 0.6;
/** A title sits in this top share of the first page. */
const TITLE_AREA_SHARE = 0.5;
/** A title is set at least this much larger than the body text (the median size). */
const TITLE_FONT_RATIO = 1.15;
/** Lines within this many points of the largest size are the same title size. */
const SAME_SIZE_POINTS = 0.5;
/** A title runs over at most this many lines. */
const MAX_TITLE_LINES = 4;

const DOCUMENT_PATTERNS: Readonly<Record<string, RegExp>> = {
  email: PATTERNS.EMAIL,
  iban: PATTERNS.IBAN,
  doi: PATTERNS.DOI,
  website: PATTERNS.URI,
};

/** Words of `view` that hold the regex match `m` of its quote. */
function wordsOfMatch(view: LineView, matched: string): Word[] {
  const words = view.words.filter((w) => matched.includes(w.text) || w.text.includes(matched));
  return words.length > 0 ? words : view.words;
}

/** The only distinct value of a pattern in the document: with two different emails, we cannot tell. */
export function patternFallback(ctx: ExtractContext, spec: FieldSpec): Found | null {
  const key = spec.labels.concept?.key;
  const pattern = key === undefined ? undefined : DOCUMENT_PATTERNS[key];
  if (pattern === undefined || key === undefined) return null;
  const seen = new Map<string, { view: LineView; matched: string }>();
  for (const view of ctx.views) {
    const m = pattern.exec(quoteOf(view.words));
    if (m !== null && !seen.has(m[0])) seen.set(m[0], { view, matched: m[0] });
  }
  if (seen.size !== 1) return null;
  const [only] = [...seen.values()] as [{ view: LineView; matched: string }];
  const coerced = coerceScalar(only.matched, spec.schema, ctx.hints, key);
  if (coerced === null) return null;
  return foundFrom([{ view: only.view, words: wordsOfMatch(only.view, only.matched) }], coerced, coerced.value, ONLY_OF_PATTERN_SCORE,
    `no label for ${spec.name}; the document's only ${key} taken`);
}

const DOLLAR_CODES: ReadonlySet<string> = new Set(['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN']);

/**
 * The currency most of the document's amounts are written in, one per line: the symbol on a line's
 * amount before any code-like word of its text (findCurrency).
 */
export function currencyFallback(ctx: ExtractContext, spec: FieldSpec): Found | null {
  if (spec.labels.concept?.key !== 'currency') return null;
  const counts = new Map<string, { n: number; view: LineView; matched: string }>();
  for (const view of ctx.views) {
    const c = findCurrency(quoteOf(view.words));
    if (c === null) continue;
    const prev = counts.get(c.code);
    counts.set(c.code, { n: (prev?.n ?? 0) + 1, view: prev?.view ?? view, matched: prev?.matched ?? c.matched });
  }
  let best = [...counts.entries()].sort((a, b) => b[1].n - a[1].n || a[1].view.order - b[1].view.order)[0];
  if (best === undefined) return null;
  // "$" is read as USD, but "Total (CAD)" or "All amounts in AUD" names which dollar it is.
  if (best[0] === 'USD' && best[1].matched === '$') {
    const named = [...counts.entries()].find(([code]) => code !== 'USD' && DOLLAR_CODES.has(code));
    if (named !== undefined) best = named;
  }
  const coerced = coerceScalar(best[0], spec.schema, ctx.hints, 'currency');
  if (coerced === null) return null;
  return foundFrom([{ view: best[1].view, words: wordsOfMatch(best[1].view, best[1].matched) }], coerced, coerced.value, CURRENCY_OF_AMOUNTS_SCORE,
    `no label for ${spec.name}; currency of the document's amounts`);
}

function fontOf(view: LineView): number {
  return Math.max(...view.words.map((w) => w.fontSize));
}

/**
 * The title lines of the first page: the largest font in its upper half, consecutive lines of
 * that size joined.
 */
export function titleLines(ctx: ExtractContext): LineView[] {
  const firstPage = ctx.views[0]?.page;
  const top = ctx.views.filter((v) => v.page === firstPage && v.bbox.y0 < v.pageHeight * TITLE_AREA_SHARE && /\p{L}{3}/u.test(v.line.text));
  if (top.length < 2) return [];
  const sizes = top.map(fontOf);
  const max = Math.max(...sizes);
  const body = [...sizes].sort((a, b) => a - b)[Math.floor(sizes.length / 2)] ?? max;
  if (max < body * TITLE_FONT_RATIO) return [];
  const start = sizes.findIndex((s) => s >= max - SAME_SIZE_POINTS);
  const lines: LineView[] = [];
  for (let i = start; i < top.length && Math.abs((sizes[i] ?? 0) - max) <= SAME_SIZE_POINTS && lines.length < MAX_TITLE_LINES; i++) lines.push(top[i] as LineView);
  return lines;
}

export function titleFallback(ctx: ExtractContext, spec: FieldSpec): Found | null {
  if (spec.labels.concept?.key !== 'title') return null;
  const lines = titleLines(ctx);
  if (lines.length === 0) return null;
  const text = lines.map((l) => quoteOf(l.words)).join(' ');
  const coerced = coerceScalar(text, spec.schema, ctx.hints, 'title');
  if (coerced === null) return null;
  return foundFrom(lines.map((l) => ({ view: l, words: l.words })), coerced, coerced.value, TITLE_SCORE,
    `no label for ${spec.name}; the largest text at the top of the first page`);
}
