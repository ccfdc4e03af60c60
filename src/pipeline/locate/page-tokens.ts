/**
 * A page's text, and a value the model wrote, as comparable tokens.
 *
 * Matching works on tokens, not characters, so a value is only ever found at token boundaries:
 * a token is a run of letters/digits or one punctuation character, compared after Unicode NFKC,
 * lower-casing and folding of typographic quotes and dashes. Tokens printed with no space between
 * them form one "word" ("1/4", "INV-2024-0042", "(2017)."); a match may start or end inside a word
 * only next to punctuation, so "4" is never found on the 4 of "1/4" but "2017" is found in
 * "(2017).".
 *
 * Characters models add or tables print as decoration ("*", "_", "`", "|") are skipped on both
 * sides; the needle also loses HTML entities, tags and markdown before it is tokenised.
 *
 * A word hyphenated at a line end ("extrac-" / "tion") can be matched whole ("extraction").
 */
import type { BBox, PageLayout, Span } from '../../domain/types.ts';

interface TokenPiece {
  bbox: BBox;
  /** Index of the page line the piece is printed on. */
  line: number;
  /** Degrees counter-clockwise of the text direction on the page (0 = left to right). */
  rotation: number;
}

export interface Token {
  /** Normalised text (NFKC, lower case, folded). */
  text: string;
  isWord: boolean;
  /** Id of the printed word (no space in between) the token belongs to. */
  word: number;
  /** Printed text of the token. */
  printed: string;
  pieces: TokenPiece[];
  /** Line and cell the token starts in ("3:1": line 3, second cell). */
  cell: string;
  /** On the last token of a cell: the first token of the cell printed under it, where a value continues. */
  below?: number;
  /** The next token in reading order is on another line although this line has several cells. */
  rowBreak?: boolean;
  /** Hyphenated at the line end: index of the token that completes the word on the next line. */
  joinsWith?: number;
  /** The hyphen of such a word. */
  softHyphen?: boolean;
}

const FOLD: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u00ab': '"', '\u00bb': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u00a0': ' ', '\u2009': ' ', '\u202f': ' ', '\u00ad': '',
};
/** Decoration: not a token, not a word break. */
const SKIPPED = new Set(['*', '_', '`', '|']);
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const SPACE = /\s/u;

type CharClass = { kind: 'word' | 'punct'; text: string } | { kind: 'space' } | { kind: 'skip' };

/** Superscript and subscript characters: footnote and affiliation marks, not part of the word ("Li¹"). */
const SCRIPT_MARK = /[\u00b2\u00b3\u00b9\u2070-\u209f]/u;

function classify(ch: string): CharClass {
  if (SCRIPT_MARK.test(ch)) return { kind: 'punct', text: ch.normalize('NFKC') };
  const folded = FOLD[ch] ?? ch;
  if (folded === '') return { kind: 'skip' };
  const text = folded.normalize('NFKC').toLowerCase();
  if (SPACE.test(text) || text === '') return { kind: 'space' };
  if (SKIPPED.has(text)) return { kind: 'skip' };
  return WORD_CHAR.test(text) ? { kind: 'word', text } : { kind: 'punct', text };
}

interface RawToken {
  text: string;
  printed: string;
  isWord: boolean;
  from: number;
  to: number;
  /** A space (or line start) comes before this token. */
  spaced: boolean;
}

function tokeniseText(text: string): RawToken[] {
  const out: RawToken[] = [];
  let spaced = true;
  let current: RawToken | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    const c = classify(ch);
    if (c.kind === 'skip') {
      current = null;
      continue;
    }
    if (c.kind === 'space') {
      current = null;
      spaced = true;
      continue;
    }
    if (c.kind === 'word' && current?.isWord) {
      current.text += c.text;
      current.printed += ch;
      current.to = i + 1;
      continue;
    }
    current = { text: c.text, printed: ch, isWord: c.kind === 'word', from: i, to: i + 1, spaced };
    out.push(current);
    spaced = false;
    if (c.kind === 'punct') current = null;
  }
  return out;
}

/**
 * Advance widths of Helvetica (1/1000 em) for ASCII 32-126. Glyph widths are not stored in the
 * layout, so a part of a span is cut by these proportions scaled to the span's real width: the
 * relative widths of proportional fonts are close enough that a year at the end of a long line
 * lands on its digits, where equal widths per character drift by several characters ("iiii" vs "MMMM").
 */
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
  556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function glyphWidth(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code >= 32 && code < 127) return ASCII_WIDTHS[code - 32]!;
  if (WIDE.test(ch)) return 1000;
  const base = ch.normalize('NFD')[0] ?? '';
  const b = base.charCodeAt(0);
  return b >= 32 && b < 127 ? ASCII_WIDTHS[b - 32]! : 556;
}

/** Offsets of characters [from, to) along a span as shares of its length. */
function shares(span: Span, from: number, to: number): [number, number] {
  const len = Math.max(1, span.text.length);
  if (span.monospace) return [from / len, to / len];
  let before = 0;
  let inside = 0;
  let total = 0;
  for (let i = 0; i < span.text.length; i++) {
    const w = glyphWidth(span.text[i]!);
    if (i < from) before += w;
    else if (i < to) inside += w;
    total += w;
  }
  return total > 0 ? [before / total, (before + inside) / total] : [from / len, to / len];
}

/** The box of characters [from, to) of a span, cut along the text's direction. */
function cutSpan(span: Span, from: number, to: number): BBox {
  const [a, b] = shares(span, from, to);
  const { x0, y0, x1, y1 } = span.bbox;
  const rad = ((span.rotation ?? 0) * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  if (Math.abs(cos) >= Math.abs(sin)) {
    // Mostly horizontal; text runs right (cos > 0) or left (upside down).
    const w = x1 - x0;
    return cos >= 0 ? { x0: x0 + w * a, x1: x0 + w * b, y0, y1 } : { x0: x1 - w * b, x1: x1 - w * a, y0, y1 };
  }
  // Vertical: counter-clockwise rotation reads upward on a y-down page.
  const h = y1 - y0;
  return sin > 0 ? { x0, x1, y0: y1 - h * b, y1: y1 - h * a } : { x0, x1, y0: y0 + h * a, y1: y0 + h * b };
}

const WORD_GAP_EM = 0.15;

/**
 * Two runs with no gap between them print one word, unless their sizes differ: a superscript
 * affiliation or footnote mark ("Li" + small "1") is not part of the name.
 */
function spansTouch(a: Span, b: Span): boolean {
  if ((a.rotation ?? 0) !== 0 || (b.rotation ?? 0) !== 0) return false;
  if (Math.abs(a.fontSize - b.fontSize) > 0.2 * Math.max(a.fontSize, b.fontSize)) return false;
  const size = Math.max(a.fontSize, b.fontSize, 1);
  return b.bbox.x0 - a.bbox.x1 <= WORD_GAP_EM * size;
}

const pageTokens = new WeakMap<PageLayout, Token[]>();

/** The tokens of a page in reading order (cached per layout object). */
export function tokenisePage(page: PageLayout): Token[] {
  const cached = pageTokens.get(page);
  if (cached) return cached;
  const tokens: Token[] = [];
  let word = 0;
  page.lines.forEach((line, lineIndex) => {
    const spans: Span[] = line.spans.length ? line.spans : [{ text: line.text, bbox: line.bbox, fontSize: 0 }];
    let previous: Span | null = null;
    for (const span of spans) {
      const glued = previous !== null && spansTouch(previous, span);
      const cell = `${lineIndex}:${cellOf(line.cells, span)}`;
      tokeniseText(span.text).forEach((raw, i) => {
        if (raw.spaced && !(i === 0 && glued && raw.from === 0)) word++;
        tokens.push({
          text: raw.text,
          isWord: raw.isWord,
          word,
          printed: raw.printed,
          pieces: [{ bbox: cutSpan(span, raw.from, raw.to), line: lineIndex, rotation: span.rotation ?? 0 }],
          cell,
        });
      });
      previous = span;
    }
    word++;
  });
  markHyphenation(tokens);
  linkCells(page, tokens);
  pageTokens.set(page, tokens);
  return tokens;
}

function cellOf(cells: Span[] | undefined, span: Span): number {
  if (!cells) return 0;
  const mid = (span.bbox.x0 + span.bbox.x1) / 2;
  const i = cells.findIndex((c) => mid >= c.bbox.x0 - 0.5 && mid <= c.bbox.x1 + 0.5);
  return Math.max(0, i);
}

/** Lines after a cell that may hold its continuation. */
const CONTINUATION_LINES = 4;

/**
 * Values run over two lines of one cell or column ("12 Harbour" / "Road, Leith" beside another
 * column): the reading order goes across the row, so the continuation of a cell is linked
 * explicitly to the left-aligned cell printed just under it.
 */
function linkCells(page: PageLayout, tokens: Token[]): void {
  const cells = new Map<string, { first: number; last: number; line: number; box: BBox }>();
  tokens.forEach((t, i) => {
    const box = t.pieces[0]!.bbox;
    const c = cells.get(t.cell);
    if (!c) cells.set(t.cell, { first: i, last: i, line: t.pieces[0]!.line, box: { ...box } });
    else {
      c.last = i;
      c.box = { x0: Math.min(c.box.x0, box.x0), y0: Math.min(c.box.y0, box.y0), x1: Math.max(c.box.x1, box.x1), y1: Math.max(c.box.y1, box.y1) };
    }
  });
  const list = [...cells.values()];
  for (const c of list) {
    const height = c.box.y1 - c.box.y0;
    const under = list.find(
      (d) =>
        d.line > c.line && d.line <= c.line + CONTINUATION_LINES &&
        Math.abs(d.box.x0 - c.box.x0) <= Math.max(2, 0.6 * height) &&
        d.box.y0 >= c.box.y0 + 0.5 * height && d.box.y0 - c.box.y1 <= 1.5 * height,
    );
    if (under) tokens[c.last]!.below = under.first;
    const next = tokens[c.last + 1];
    if (next && next.pieces[0]!.line !== c.line && (page.lines[c.line]?.cells?.length ?? 0) > 1) tokens[c.last]!.rowBreak = true;
  }
}

/**
 * Marks words hyphenated at a line end: "extrac" "-" | "tion" (next line, lower case). The tokens
 * stay as printed, so "state-of-the-" | "art" still matches with its hyphen; the matcher may also
 * read the two parts as one word ("extraction").
 */
function markHyphenation(tokens: Token[]): void {
  for (let i = 0; i + 2 < tokens.length; i++) {
    const t = tokens[i]!;
    const hyphen = tokens[i + 1]!;
    const next = tokens[i + 2]!;
    const line = t.pieces[0]!.line;
    if (
      t.isWord && /\p{L}$/u.test(t.text) && hyphen.text === '-' && hyphen.word === t.word && hyphen.pieces[0]!.line === line &&
      next.isWord && /^\p{Ll}/u.test(next.printed) && next.pieces[0]!.line !== line
    ) {
      t.joinsWith = i + 2;
      hyphen.softHyphen = true;
    }
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '-', mdash: '-' };

/** What a model may wrap a quoted value in: HTML entities and tags, markdown emphasis, links, headings, bullets. */
function stripMarkup(text: string): string {
  return text
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/?[a-z][a-z0-9]*(\s[^<>]*)?>/gi, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|[-+>]|\d+[.)])\s+/gm, '');
}

export interface NeedleToken {
  text: string;
  isWord: boolean;
}

/** A value or quote as tokens (markup removed), or an empty list when it has no printable text. */
export function tokeniseNeedle(text: string): NeedleToken[] {
  return tokeniseText(stripMarkup(text)).map((t) => ({ text: t.text, isWord: t.isWord }));
}
