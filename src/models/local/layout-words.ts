/**
 * Words and segments of the stored layout, with boxes. A segment is a run of words without a
 * column-sized gap: on a page read line by line across its full width, "Invoice No: 12" and
 * "Bill To:" printed side by side end up in one line but in two segments. Table rows use the
 * reader's cells as segments.
 *
 * Word boxes inside a span are estimated by character count (the layout keeps span boxes only),
 * so a value that is a whole span gets exactly the span's box, and part of a span gets a close
 * estimate.
 */
import type { BBox, Line, PageLayout, Span } from '../../domain/types.ts';
import { LEXICON } from './field-labels.ts';
import { foldLabel } from './normalize-label.ts';

export interface Word {
  text: string;
  bbox: BBox;
  fontSize: number;
  folded: string[];
}

export interface Segment {
  words: Word[];
  bbox: BBox;
  text: string;
}

export interface LineView {
  page: number;
  pageWidth: number;
  pageHeight: number;
  /** Position of the line in the section, across pages. */
  order: number;
  line: Line;
  words: Word[];
  segments: Segment[];
  bbox: BBox;
  height: number;
}

export function unionBox(boxes: readonly BBox[]): BBox {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x0);
    y0 = Math.min(y0, b.y0);
    x1 = Math.max(x1, b.x1);
    y1 = Math.max(y1, b.y1);
  }
  return { x0, y0, x1, y1 };
}

export function xOverlap(a: BBox, b: BBox): number {
  return Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0));
}

/** A gap narrower than this many font sizes between two spans is inside a word (pdf.js splits words). */
const GLUE_GAP_EM = 0.15;

function wordsOfSpan(span: Span): Word[] {
  const words: Word[] = [];
  const n = span.text.length;
  if (n === 0) return words;
  const perChar = (span.bbox.x1 - span.bbox.x0) / n;
  const re = /\S+/g;
  for (let m = re.exec(span.text); m !== null; m = re.exec(span.text)) {
    const start = m.index;
    const end = start + m[0].length;
    words.push({
      text: m[0],
      bbox: {
        x0: start === 0 ? span.bbox.x0 : span.bbox.x0 + start * perChar,
        y0: span.bbox.y0,
        x1: end === n ? span.bbox.x1 : span.bbox.x0 + end * perChar,
        y1: span.bbox.y1,
      },
      fontSize: span.fontSize,
      folded: foldLabel(m[0]),
    });
  }
  return words;
}

/** Two copies of one text whose starts lie closer than this share of its font size are one print. */
const OVERPRINT_EMS = 0.25;

/**
 * Text printed twice over itself, for a bold look or a shadow (a box drawn with its contents
 * twice), reaches the layout as two spans with one text at one place; read as two, they glue
 * into "clienteDatos" words. The later copy is dropped.
 */
function withoutOverprints(spans: readonly Span[]): Span[] {
  const kept: Span[] = [];
  for (const s of spans) {
    const near = Math.max(s.fontSize, 1) * OVERPRINT_EMS;
    const copy = kept.some((k) => k.text.trim() === s.text.trim() && Math.abs(k.bbox.x0 - s.bbox.x0) <= near && Math.abs(k.bbox.y0 - s.bbox.y0) <= near);
    if (!copy) kept.push(s);
  }
  return kept;
}

/** Words of spans in x order; a span that starts right where the previous ended continues its word. */
function wordsOfSpans(spans: readonly Span[]): Word[] {
  const words: Word[] = [];
  let prevSpan: Span | undefined;
  for (const span of [...spans].sort((a, b) => a.bbox.x0 - b.bbox.x0)) {
    const own = wordsOfSpan(span);
    const last = words[words.length - 1];
    const first = own[0];
    const glued =
      prevSpan !== undefined && last !== undefined && first !== undefined &&
      !/\s$/.test(prevSpan.text) && !/^\s/.test(span.text) &&
      span.bbox.x0 - prevSpan.bbox.x1 <= GLUE_GAP_EM * Math.max(span.fontSize, prevSpan.fontSize, 1);
    if (glued && last !== undefined && first !== undefined) {
      const text = last.text + first.text;
      words[words.length - 1] = { text, bbox: unionBox([last.bbox, first.bbox]), fontSize: Math.max(last.fontSize, first.fontSize), folded: foldLabel(text) };
      own.shift();
    }
    words.push(...own);
    prevSpan = span;
  }
  return words;
}

export function makeSegment(words: Word[]): Segment {
  return { words, bbox: unionBox(words.map((w) => w.bbox)), text: quoteOf(words) };
}

/** The text of consecutive words as the document prints them (one space between words). */
export function quoteOf(words: readonly Word[]): string {
  return words.map((w) => w.text).join(' ');
}

/** A gap wider than this many font sizes (a couple of spaces) between two words splits a line into cells... */
const CELL_GAP_EMS = 1.2;
/** ... measured against at least this font size, and never under this many points. */
const MIN_GAP_FONT_SIZE = 4;
const MIN_CELL_GAP_POINTS = 6;

function splitByGaps(words: Word[]): Segment[] {
  const segments: Segment[] = [];
  let current: Word[] = [];
  for (const w of words) {
    const prev = current[current.length - 1];
    if (prev !== undefined) {
      const gap = w.bbox.x0 - prev.bbox.x1;
      // A column gap is wider than a couple of spaces; fonts of the line set the scale.
      const threshold = Math.max(CELL_GAP_EMS * Math.max(prev.fontSize, w.fontSize, MIN_GAP_FONT_SIZE), MIN_CELL_GAP_POINTS);
      if (gap > threshold) {
        segments.push(makeSegment(current));
        current = [];
      }
    }
    current.push(w);
  }
  if (current.length > 0) segments.push(makeSegment(current));
  return segments;
}

/** Cells closer than this many font sizes may be words of one label that a reader cut apart. */
const LABEL_WORD_GAP_EMS = 0.6;
/** The most cells one label is joined from. */
const MAX_LABEL_CELLS = 4;

/**
 * "Total | Amount | Due": a reader that finds column edges in the rows around a totals block may
 * cut a label of several words into cells a word space apart. Cells so close whose words together
 * are a known label of two words or more are one segment again when the label's value is there to
 * show it is one label: a figure in the next cell ("Total | Amount | Due | 80.00"), or nothing
 * else on the line (a label over its value). Column headers can be as close and as known ("Net |
 * Amount" over two columns), and a header row has no figure after them: those cells stay as read.
 */
function joinSplitLabels(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < segments.length; i++) {
    let joinTo = i;
    for (let j = i + 1; j < Math.min(segments.length, i + MAX_LABEL_CELLS); j++) {
      const a = segments[j - 1] as Segment;
      const b = segments[j] as Segment;
      const em = Math.max((a.words.at(-1) as Word).fontSize, (b.words[0] as Word).fontSize, MIN_GAP_FONT_SIZE);
      if (b.bbox.x0 - a.bbox.x1 > LABEL_WORD_GAP_EMS * em) break;
      const tokens = segments.slice(i, j + 1).flatMap((s) => s.words.flatMap((w) => w.folded)).map((t) => t.replace(/[:：]$/, ''));
      if (LEXICON.has(tokens.join(' ')) && valueFollows(segments, i, j)) joinTo = j;
    }
    out.push(joinTo === i ? (segments[i] as Segment) : makeSegment(segments.slice(i, joinTo + 1).flatMap((s) => s.words)));
    i = joinTo;
  }
  return out;
}

/**
 * A scanned page's text layer may print the groups of one amount as cells of their own ("1 |
 * 242,60 €"): its word gaps reach about twice a space (0.6 em), while columns stand further apart.
 */
const FIGURE_GROUP_GAP_EMS = 0.8;
const LEADING_GROUPS = /^[-+]?\p{Sc}?\s?\d{1,3}(?:[ .,'’]\d{3})*$/u;
const LAST_GROUP_WITH_DECIMALS = /^\d{3}[.,]\d{1,2}(?:\s?(?:\p{Sc}|[A-Z]{3}))?$/u;

/** "1 | 242,60 €" is one amount when its groups stand a word space apart. */
function joinSplitFigures(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const seg of segments) {
    const prev = out.at(-1);
    if (prev !== undefined && LEADING_GROUPS.test(prev.text.trim()) && LAST_GROUP_WITH_DECIMALS.test(seg.text.trim())) {
      const em = Math.max((prev.words.at(-1) as Word).fontSize, (seg.words[0] as Word).fontSize, MIN_GAP_FONT_SIZE);
      if (seg.bbox.x0 - prev.bbox.x1 <= FIGURE_GROUP_GAP_EMS * em) {
        out[out.length - 1] = makeSegment([...prev.words, ...seg.words]);
        continue;
      }
    }
    out.push(seg);
  }
  return out;
}

/** Whether cells i..j, read as one label, have their value beside them or stand alone on the line. */
function valueFollows(segments: readonly Segment[], i: number, j: number): boolean {
  const next = segments[j + 1];
  if (next === undefined) return i === 0;
  return /\d/.test(next.text);
}

/** A word of dots only ("." of a spaced leader, "....." of a tight one). */
const LEADER_WORD = /^[.·…]+$/u;
/** The fewest dots that make a leader: "a . b" or an ellipsis "..." is text, not a leader. */
const MIN_LEADER_DOTS = 4;

/**
 * "Nombre: Jacinto de Ayala . . . . . . . C.I.: V-987": dots that lead the eye from one text to
 * the next across a line stand where a column gap would. With text on both sides, the dots part
 * the segment in two and are not read as words of either.
 */
function splitAtLeaders(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const seg of segments) {
    let current: Word[] = [];
    let leader: Word[] = [];
    const flushLeader = (): void => {
      const dots = leader.reduce((n, w) => n + [...w.text].length, 0);
      if (dots >= MIN_LEADER_DOTS && current.length > 0) {
        out.push(makeSegment(current));
        current = [];
      } else current.push(...leader);
      leader = [];
    };
    for (const w of seg.words) {
      if (LEADER_WORD.test(w.text)) leader.push(w);
      else {
        if (leader.length > 0) flushLeader();
        current.push(w);
      }
    }
    current.push(...leader); // trailing dots: no text after them to lead to
    if (current.length > 0) out.push(makeSegment(current));
  }
  return out;
}

function lineView(page: PageLayout, line: Line, order: number): LineView {
  let words: Word[];
  let segments: Segment[];
  const cells = line.cells?.filter((c) => c.text.trim() !== '') ?? [];
  const spans = line.spans.length > 0 ? withoutOverprints(line.spans) : [{ text: line.text, bbox: line.bbox, fontSize: line.bbox.y1 - line.bbox.y0 }];
  if (cells.length > 0) {
    // Words from the spans inside each cell, for exact boxes; the cell itself if none fit.
    segments = cells.map((c) => {
      const inside = line.spans.filter((s) => {
        const mid = (s.bbox.x0 + s.bbox.x1) / 2;
        return mid >= c.bbox.x0 - 0.5 && mid <= c.bbox.x1 + 0.5;
      });
      const fromSpans = wordsOfSpans(inside);
      const ok = fromSpans.length > 0 && fromSpans.map((w) => w.text).join('').replace(/\s/g, '') === c.text.replace(/\s/g, '');
      // The cell's text holds overprinted copies too: checked against all spans, read without them.
      return makeSegment(ok ? wordsOfSpans(withoutOverprints(inside)) : wordsOfSpan(c));
    }).filter((s) => s.words.length > 0);
    segments = splitAtLeaders(joinSplitFigures(joinSplitLabels(segments)));
    words = segments.flatMap((s) => s.words);
  } else {
    segments = splitAtLeaders(splitByGaps(wordsOfSpans(spans)));
    words = segments.flatMap((s) => s.words);
  }
  return {
    page: page.page,
    pageWidth: page.width,
    pageHeight: page.height,
    order,
    line,
    words,
    segments,
    bbox: line.bbox,
    height: Math.max(1, line.bbox.y1 - line.bbox.y0),
  };
}

export function buildLineViews(pages: readonly PageLayout[]): LineView[] {
  const views: LineView[] = [];
  for (const page of pages) {
    for (const line of page.lines) {
      const v = lineView(page, line, views.length);
      if (v.words.length > 0) views.push(v);
    }
  }
  return views;
}
