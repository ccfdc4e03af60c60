/**
 * Every place a piece of text is printed on a page, and the boxes that cover it.
 *
 * Text is compared as tokens (see locate/page-tokens.ts): a match always covers whole tokens and
 * never starts or ends next to a letter or digit of the same printed word. Two passes: `exact`
 * keeps punctuation, `loose` ignores punctuation that is not inside a number (a model writes
 * "March 5 2024" for "March 5, 2024", "Smith J" for "Smith, J."), and is only used when the exact
 * pass finds nothing.
 */
import { tokeniseNeedle, tokenisePage } from './locate/page-tokens.ts';
import type { NeedleToken, Token } from './locate/page-tokens.ts';
import type { BBox, PageLayout } from '../domain/types.ts';

export interface Occurrence {
  page: number;
  /**
   * First token and one past the last token on the page; `start` orders occurrences in reading
   * order. A value continued in the cell under it may skip tokens in between.
   */
  start: number;
  end: number;
  matchedText: string;
  /** Union of `boxes`. */
  bbox: BBox;
  /** One box per printed line the text runs over. */
  boxes: BBox[];
  /** Indices of those lines in the page layout. */
  lines: number[];
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
  /** Token index -> position in `kept` (-1 when dropped). */
  positionOf: Int32Array;
  /** Token text -> positions in `kept`. */
  byText: Map<string, number[]>;
}

const views = new WeakMap<Token[], { exact: TokenView; loose: TokenView }>();

function viewOf(tokens: Token[], loose: boolean): TokenView {
  let cached = views.get(tokens);
  if (!cached) {
    const build = (dropPunctuation: boolean): TokenView => {
      const kept: number[] = [];
      const positionOf = new Int32Array(tokens.length).fill(-1);
      tokens.forEach((_, i) => {
        if (dropPunctuation && ignorable(tokens, i, (a, b) => a.word === b.word)) return;
        positionOf[i] = kept.length;
        kept.push(i);
      });
      const byText = new Map<string, number[]>();
      const add = (key: string, p: number): void => {
        const list = byText.get(key);
        if (list) list.push(p);
        else byText.set(key, [p]);
      };
      kept.forEach((tokenIndex, p) => {
        const t = tokens[tokenIndex]!;
        add(t.text, p);
        if (t.joinsWith !== undefined) add(t.text + tokens[t.joinsWith]!.text, p);
      });
      return { kept, positionOf, byText };
    };
    cached = { exact: build(false), loose: build(true) };
    views.set(tokens, cached);
  }
  return loose ? cached.loose : cached.exact;
}

/**
 * Where the text goes on after the token at kept position `p`: the next token in reading order,
 * or, at the end of a cell, the cell printed under it (a value wrapped inside a table cell or a
 * column beside another one). Two options at most.
 */
function nextPositions(tokens: Token[], view: TokenView, p: number): number[] {
  const t = tokens[view.kept[p]!]!;
  const out: number[] = [];
  if (!t.rowBreak && p + 1 < view.kept.length) out.push(p + 1);
  if (t.below !== undefined) {
    // The continuation's first kept token (punctuation may be dropped in the loose pass).
    for (let i = t.below; i < tokens.length; i++) {
      const q = view.positionOf[i]!;
      if (q >= 0) {
        if (q !== p + 1 || t.rowBreak) out.push(q);
        break;
      }
    }
  }
  return out;
}

/**
 * The kept position where needle token `w` ends when read from position `q`, or -1: the token
 * itself, or a word hyphenated at the line end read whole ("extrac-" | "tion" for "extraction").
 */
function consume(tokens: Token[], view: TokenView, q: number, w: string): number {
  const t = tokens[view.kept[q]!]!;
  if (t.text === w) return q;
  if (t.joinsWith !== undefined && t.text + tokens[t.joinsWith]!.text === w) return view.positionOf[t.joinsWith]!;
  return -1;
}

/** Kept positions (first and last of each needle token) of a run matching `wanted` from `p`, or null. */
function walk(tokens: Token[], view: TokenView, wanted: NeedleToken[], p: number): number[] | null {
  const first = consume(tokens, view, p, wanted[0]!.text);
  if (first < 0) return null;
  const path = [p, first];
  const step = (k: number): boolean => {
    if (k === wanted.length) return true;
    for (const q of nextPositions(tokens, view, path[2 * k - 1]!)) {
      const end = consume(tokens, view, q, wanted[k]!.text);
      if (end < 0) continue;
      path[2 * k] = q;
      path[2 * k + 1] = end;
      if (step(k + 1)) return true;
    }
    return false;
  };
  return step(1) ? path.slice(0, 2 * wanted.length) : null;
}

function findRuns(tokens: Token[], needle: NeedleToken[], loose: boolean): number[][] {
  const view = viewOf(tokens, loose);
  const wanted = loose ? needle.filter((_, i) => !ignorable(needle, i, () => true)) : needle;
  if (wanted.length === 0 || !wanted.some((t) => t.isWord)) return [];
  // Most printed forms tried (dates especially) have a token the page lacks: reject those at once.
  if (wanted.some((t) => !view.byText.has(t.text))) return [];
  const runs: number[][] = [];
  for (const p of view.byText.get(wanted[0]!.text) ?? []) {
    const path = walk(tokens, view, wanted, p);
    if (!path) continue;
    const indices = [...new Set(path.map((q) => view.kept[q]!))];
    if (cleanEdge(tokens, indices[0]!, -1) && cleanEdge(tokens, indices.at(-1)!, 1)) runs.push(fillPunctuation(indices, tokens));
  }
  return runs;
}

/** The matched token indices plus the punctuation a loose pass stepped over between them. */
function fillPunctuation(indices: number[], tokens: Token[]): number[] {
  const out: number[] = [];
  indices.forEach((index, k) => {
    out.push(index);
    const next = indices[k + 1];
    if (next === undefined || next < index) return;
    for (let i = index + 1; i < next && next - index <= 4; i++) {
      if (!tokens[i]!.isWord) out.push(i);
    }
  });
  return out;
}

function describe(page: PageLayout, tokens: Token[], indices: number[], loose: boolean): Occurrence {
  let text = '';
  const perLine = new Map<number, BBox>();
  let bbox: BBox | null = null;
  let rotation = 0;
  indices.forEach((i, k) => {
    const t = tokens[i]!;
    const previous = k > 0 ? tokens[indices[k - 1]!]! : null;
    if (previous && t.word !== previous.word && !previous.softHyphen) text += ' ';
    text += t.printed;
    for (const piece of t.pieces) {
      perLine.set(piece.line, union(perLine.get(piece.line) ?? null, piece.bbox));
      bbox = union(bbox, piece.bbox);
      if (piece.rotation !== 0) rotation = piece.rotation;
    }
  });
  const sorted = [...perLine.entries()].sort(([a], [b]) => a - b);
  const boxes = sorted.map(([, b]) => b);
  const lines = sorted.map(([line]) => line);
  return { page: page.page, start: indices[0]!, end: Math.max(...indices) + 1, matchedText: text, bbox: bbox!, boxes, lines, rotation, loose };
}

const needles = new Map<string, NeedleToken[]>();
const MAX_CACHED_NEEDLES = 10_000;

/** The same forms are looked for on every page: tokenise each once. */
function needleTokens(text: string): NeedleToken[] {
  let tokens = needles.get(text);
  if (!tokens) {
    if (needles.size >= MAX_CACHED_NEEDLES) needles.clear();
    tokens = tokeniseNeedle(text);
    needles.set(text, tokens);
  }
  return tokens;
}

/**
 * Every occurrence of `text` on `page`, in reading order, optionally only inside `within`
 * (a token range, e.g. the model's quote). Exact matches if there are any, else loose ones.
 */
export function findOccurrences(page: PageLayout, text: string, within?: { start: number; end: number }): Occurrence[] {
  if (!page.hasTextLayer) return [];
  if (!within) {
    // Tables repeat values: each form is looked for once per page.
    let cache = found.get(page);
    if (!cache) {
      cache = new Map();
      found.set(page, cache);
    }
    let hits = cache.get(text);
    if (!hits) {
      hits = search(page, text);
      cache.set(text, hits);
    }
    return hits;
  }
  return search(page, text, within);
}

const found = new WeakMap<PageLayout, Map<string, Occurrence[]>>();

function search(page: PageLayout, text: string, within?: { start: number; end: number }): Occurrence[] {
  const needle = needleTokens(text);
  if (needle.length === 0) return [];
  const tokens = tokenisePage(page);
  for (const loose of [false, true]) {
    const runs = findRuns(tokens, needle, loose).filter((r) => !within || r.every((i) => i >= within.start && i < within.end));
    if (runs.length > 0) return runs.map((r) => describe(page, tokens, r, loose));
  }
  return [];
}

/** Whitespace-collapsed, for telling a verbatim match from a normalised one. */
export function collapseSpace(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}
