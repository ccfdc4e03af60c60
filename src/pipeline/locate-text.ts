/**
 * Every place a piece of text is printed on a page, and the boxes that cover it.
 *
 * Text is compared as tokens (see locate/page-tokens.ts): a match always covers whole tokens and
 * never starts or ends next to a letter or digit of the same printed word. Two passes: `exact`
 * keeps punctuation, `loose` ignores punctuation that is not inside a number (a model writes
 * "March 5 2024" for "March 5, 2024", "Smith J" for "Smith, J."), and is only used when the exact
 * pass finds nothing.
 */
import { cutSpan, tokeniseNeedle, tokenisePage } from './locate/page-tokens.ts';
import type { NeedleToken, Token } from './locate/page-tokens.ts';
import type { BBox, PageLayout } from './types.ts';

export { cutSpan };

export interface Occurrence {
  page: number;
  /** Token range [start, end) on the page; `start` orders occurrences in reading order. */
  start: number;
  end: number;
  matchedText: string;
  /** Union of `boxes`. */
  bbox: BBox;
  /** One box per printed line the text runs over. */
  boxes: BBox[];
  /** Degrees counter-clockwise of the text direction, 0 for ordinary text. */
  rotation: number;
  /** Found only after ignoring punctuation. */
  loose: boolean;
}

function union(a: BBox | null, b: BBox): BBox {
  if (!a) return { ...b };
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

/** Separate a label from its value inside one printed word ("arXiv:2101.00001", "id=42"), unless between digits (12:30). */
const LABEL_SEPARATORS = new Set([':', ';', '=']);

/**
 * Only punctuation of the same printed word lies beyond the match edge, walking away from it, up
 * to a label separator.
 */
function cleanEdge(tokens: Token[], edge: number, step: -1 | 1): boolean {
  const word = tokens[edge]!.word;
  for (let k = edge + step; k >= 0 && k < tokens.length && tokens[k]!.word === word; k += step) {
    const t = tokens[k]!;
    if (t.isWord) return false;
    if (LABEL_SEPARATORS.has(t.text) && !(isDigits(tokens[k - 1]) && isDigits(tokens[k + 1]))) return true;
  }
  return true;
}

function isDigits(t: { text: string; isWord: boolean } | undefined): boolean {
  return !!t && t.isWord && /^\p{N}+$/u.test(t.text);
}

/** Punctuation a loose match may ignore: anything not between two digits ("1,234.50" keeps its marks). */
function ignorable<T extends NeedleToken>(list: readonly T[], i: number, glued: (a: T, b: T) => boolean): boolean {
  const t = list[i]!;
  if (t.isWord) return false;
  const before = list[i - 1];
  const after = list[i + 1];
  return !(isDigits(before) && isDigits(after) && glued(before!, t) && glued(t, after!));
}

interface TokenView {
  /** Page token indices kept in this pass. */
  kept: number[];
  /** Token text -> positions in `kept`. */
  byText: Map<string, number[]>;
}

const views = new WeakMap<Token[], { exact: TokenView; loose: TokenView }>();

function viewOf(tokens: Token[], loose: boolean): TokenView {
  let cached = views.get(tokens);
  if (!cached) {
    const build = (dropPunctuation: boolean): TokenView => {
      const kept: number[] = [];
      tokens.forEach((_, i) => {
        if (!dropPunctuation || !ignorable(tokens, i, (a, b) => a.word === b.word)) kept.push(i);
      });
      const byText = new Map<string, number[]>();
      kept.forEach((tokenIndex, p) => {
        const key = tokens[tokenIndex]!.text;
        const list = byText.get(key);
        if (list) list.push(p);
        else byText.set(key, [p]);
      });
      return { kept, byText };
    };
    cached = { exact: build(false), loose: build(true) };
    views.set(tokens, cached);
  }
  return loose ? cached.loose : cached.exact;
}

function findRuns(tokens: Token[], needle: NeedleToken[], loose: boolean): Array<[number, number]> {
  const { kept, byText } = viewOf(tokens, loose);
  const wanted = loose ? needle.filter((_, i) => !ignorable(needle, i, () => true)) : needle;
  if (wanted.length === 0 || !wanted.some((t) => t.isWord)) return [];
  const runs: Array<[number, number]> = [];
  for (const p of byText.get(wanted[0]!.text) ?? []) {
    if (p + wanted.length > kept.length) break;
    let ok = true;
    for (let k = 1; k < wanted.length && ok; k++) ok = tokens[kept[p + k]!]!.text === wanted[k]!.text;
    if (!ok) continue;
    const start = kept[p]!;
    const end = kept[p + wanted.length - 1]! + 1;
    if (cleanEdge(tokens, start, -1) && cleanEdge(tokens, end - 1, 1)) runs.push([start, end]);
  }
  return runs;
}

function describe(page: PageLayout, tokens: Token[], start: number, end: number, loose: boolean): Occurrence {
  let text = '';
  const perLine = new Map<number, BBox>();
  let bbox: BBox | null = null;
  let rotation = 0;
  for (let i = start; i < end; i++) {
    const t = tokens[i]!;
    if (i > start && t.word !== tokens[i - 1]!.word) text += ' ';
    text += t.printed;
    for (const piece of t.pieces) {
      perLine.set(piece.line, union(perLine.get(piece.line) ?? null, piece.bbox));
      bbox = union(bbox, piece.bbox);
      if (piece.rotation !== 0) rotation = piece.rotation;
    }
  }
  const boxes = [...perLine.entries()].sort(([a], [b]) => a - b).map(([, b]) => b);
  return { page: page.page, start, end, matchedText: text, bbox: bbox!, boxes, rotation, loose };
}

/**
 * Every occurrence of `text` on `page`, in reading order, optionally only inside `within`
 * (a token range, e.g. the model's quote). Exact matches if there are any, else loose ones.
 */
export function findOccurrences(page: PageLayout, text: string, within?: { start: number; end: number }): Occurrence[] {
  if (!page.hasTextLayer) return [];
  const needle = tokeniseNeedle(text);
  if (needle.length === 0) return [];
  const tokens = tokenisePage(page);
  for (const loose of [false, true]) {
    const runs = findRuns(tokens, needle, loose).filter(([s, e]) => !within || (s >= within.start && e <= within.end));
    if (runs.length > 0) return runs.map(([s, e]) => describe(page, tokens, s, e, loose));
  }
  return [];
}

/** Whitespace-collapsed, for telling a verbatim match from a normalised one. */
export function collapseSpace(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}
