/**
 * Where the value of a found label is: BESIDE it (rest of its segment after an optional ':'),
 * in the NEXT CELL of the same line, or BELOW it (the next lines whose text overlaps the label's
 * column). Candidates come in that order; the caller takes the first one its type accepts.
 */
import type { BBox } from '../../domain/types.ts';
import type { LabelHit } from './label-match.ts';
import { isLabelOnly } from './label-match.ts';
import type { LineView, Segment, Word } from './layout-words.ts';
import { makeSegment, xOverlap } from './layout-words.ts';
import { LEXICON } from './field-labels.ts';
import { ibanRestIn } from './iban-length.ts';

export type ValuePlace = 'beside' | 'next-cell' | 'below';

export interface ValueWords {
  /** One entry per line the value covers. */
  lines: { view: LineView; words: Word[] }[];
  place: ValuePlace;
}

/** How much a value is trusted for where it sits relative to its label. */
export const PLACE_FACTOR: Readonly<Record<ValuePlace, number>> = { beside: 1, 'next-cell': 0.97, below: 0.9 };

/** A value below its label has most of its width (this share) in the label's column. */
const MIN_IN_COLUMN_SHARE = 0.6;
/** ... and starts within this many line heights of the label's left edge, unless it touches the label's x-range. */
const LABEL_LEFT_SLACK_LINES = 3;
/** The first value line under a label may sit this many label heights lower; later lines one line height apart. */
const FIRST_VALUE_GAP_LINES = 1.8;
const NEXT_VALUE_GAP_LINES = 1.0;
/** A line of another column this close under the label (in label heights) may be skipped once in reading order. */
const SKIP_ROW_SHARE = 0.5;

/** A rate's figure printed apart from its percent sign ("19", "5,5"). */
const RATE_FIGURE = /^\d{1,2}(?:[.,]\d{1,2})?$/;

const PUNCT_ONLY = /^[:：\-–—#.|]+$/;

/** Words after the label in its segment, up to the next "Label:" of the same segment. */
function besideWords(segment: Segment, from: number, allKeys: ReadonlySet<string>): Word[] {
  const words = segment.words.slice(from);
  while (words.length > 0 && PUNCT_ONLY.test((words[0] as Word).text)) words.shift();
  for (let j = 1; j < words.length; j++) {
    // "NO93 8601 1117 947, period 2024-01-01 to ...": a known label after a comma starts the next pair.
    if (/[,;]$/.test((words[j - 1] as Word).text)) {
      for (let k = Math.min(4, words.length - j); k >= 1; k--) {
        const key = words.slice(j, j + k).flatMap((w) => w.folded).join(' ');
        if (LEXICON.has(key) || allKeys.has(key)) return words.slice(0, j);
      }
    }
    if (!/[:：]$/.test((words[j] as Word).text)) continue;
    // Cut before the label that ends here: its known phrase if there is one, else this word.
    let cut = j;
    for (let k = 2; k <= 4 && j - k + 1 >= 1; k++) {
      const key = words.slice(j - k + 1, j + 1).flatMap((w) => w.folded).join(' ');
      if (LEXICON.has(key) || allKeys.has(key)) cut = j - k + 1;
    }
    return words.slice(0, cut);
  }
  return words;
}

function columnOf(view: LineView, segIndex: number): BBox {
  const seg = view.segments[segIndex] as Segment;
  const next = view.segments[segIndex + 1];
  // A value under a label may be wider than the label; it may reach up to the next column.
  const right = next !== undefined ? next.bbox.x0 - 1 : Math.max(seg.bbox.x1, view.pageWidth);
  return { x0: seg.bbox.x0 - view.height, y0: seg.bbox.y0, x1: Math.max(seg.bbox.x1, right), y1: seg.bbox.y1 };
}

/** The segment of `view` that sits in `column`, if one clearly does. */
function segmentIn(view: LineView, column: BBox, labelBox: BBox, cellBox: BBox = labelBox): Segment | undefined {
  let best: Segment | undefined;
  let bestOverlap = 0;
  for (const seg of view.segments) {
    const width = Math.max(1, seg.bbox.x1 - seg.bbox.x0);
    const inColumn = xOverlap(seg.bbox, column) / width;
    const underLabel = xOverlap(seg.bbox, labelBox);
    // Most of the segment in the column, and touching the label's own x-range or starting near it.
    if (inColumn < MIN_IN_COLUMN_SHARE) continue;
    // A label at the end of its cell ("Consignee / bill to:") heads the lines left-aligned with the cell.
    const alignedWithCell = Math.abs(seg.bbox.x0 - cellBox.x0) <= view.height;
    if (underLabel <= 0 && Math.abs(seg.bbox.x0 - labelBox.x0) > LABEL_LEFT_SLACK_LINES * view.height && !alignedWithCell) continue;
    const score = underLabel + inColumn;
    if (score > bestOverlap) {
      best = seg;
      bestOverlap = score;
    }
  }
  return best;
}

export interface FindValueOptions {
  allKeys: ReadonlySet<string>;
  /** Keep reading lines below while they continue the block (addresses, abstracts). */
  multiline: boolean;
  /** Upper bound of lines for a multi-line value. */
  maxLines?: number;
  /** Keep "Email: x" lines: a party's block holds labelled extras that its reader sorts out. */
  keepLabelled?: boolean;
}

export function valueCandidates(hit: LabelHit, views: readonly LineView[], options: FindValueOptions): ValueWords[] {
  const out: ValueWords[] = [];
  const view = hit.view;
  const segment = view.segments[hit.segIndex] as Segment;
  const printed = besideWords(segment, hit.wordEnd, options.allKeys);
  // "VAT 25%" / "Total to pay (NOK)" over a grid cell: the rest is the label's qualifier, the value sits below.
  // "USt 19 | % | 25,31": a rate's figure beside the label with its percent sign in the next cell.
  // "IVA G (16 %): Bs. 224,00": a figure whose percent sign the value's reading cut off is a rate too.
  const rateFigure = (printed.length === 1 && RATE_FIGURE.test((printed[0] as Word).text) && /^%/.test(view.segments[hit.segIndex + 1]?.text.trim() ?? ''))
    || (printed.length > 0 && RATE_FIGURE.test((printed.at(-1) as Word).text.replace(/^\(/, '')) && /^%/.test(segment.words[segment.words.indexOf(printed.at(-1) as Word) + 1]?.text ?? ''));
  const cut = view.segments[hit.segIndex + 1];
  const ibanRest = cut === undefined ? 0 : ibanRestIn(printed, cut.words);
  const beside = isQualifierOnly(printed) || rateFigure ? [] : [...printed, ...(cut?.words.slice(0, ibanRest) ?? [])];
  if (beside.length > 0) out.push({ lines: [{ view, words: beside }], place: 'beside' });
  const nextSeg = view.segments[nextValueCell(view, hit.segIndex + 1)];
  // Also when something is beside: "VAT 19% | EUR 365.62" has a qualifier there, not the value.
  if (nextSeg !== undefined && !isLabelOnly(nextSeg, options.allKeys)) {
    const nextWords = besideWords(nextSeg, 0, options.allKeys);
    if (nextWords.length > 0) out.push({ lines: [{ view, words: nextWords }], place: 'next-cell' });
  }
  if (beside.length === 0 || options.multiline) {
    const below = belowLines(hit, views, options, beside.length > 0);
    if (below.length > 0 && !(beside.length === 0 && !options.multiline && headsColumnOfFigures(hit, views, options))) {
      if (beside.length > 0 && options.multiline) {
        out.unshift({ lines: [{ view, words: beside }, ...below], place: 'beside' });
      } else out.push({ lines: below, place: 'below' });
    }
  }
  return out;
}

/** A row of column headers has at least this many cells that are labels only. */
const HEADER_ROW_LABELS = 3;

/** The most rows of a column read to see whether they agree. */
const MAX_COLUMN_ROWS = 8;

/**
 * Whether the label heads a column of a table with several different figures under it ("Netto"
 * in "MwSt-Satz | Netto | MwSt | Brutto" over one row per rate): its first row is one row's
 * figure, not the document's, and a wrong value is worse than none. A column printing the same
 * value in every row (one date on every item) still gives it.
 */
function headsColumnOfFigures(hit: LabelHit, views: readonly LineView[], options: FindValueOptions): boolean {
  if (hit.view.segments.filter((g) => isLabelOnly(g, options.allKeys)).length < HEADER_ROW_LABELS) return false;
  const rows = belowLines(hit, views, { ...options, multiline: true, maxLines: MAX_COLUMN_ROWS }, false);
  const texts = new Set(rows.map((r) => r.words.map((w) => w.text).join(' ')));
  return rows.length >= 2 && texts.size > 1 && rows.every((r) => r.words.some((w) => /\d/.test(w.text)));
}

function belowLines(hit: LabelHit, views: readonly LineView[], options: FindValueOptions, continuing: boolean): { view: LineView; words: Word[] }[] {
  const view = hit.view;
  const segment = view.segments[hit.segIndex] as Segment;
  const labelWords = segment.words.slice(hit.wordStart, hit.wordEnd);
  const labelBox = makeSegment(labelWords).bbox;
  const column = columnOf(view, hit.segIndex);
  const lines: { view: LineView; words: Word[] }[] = [];
  const maxLines = options.multiline ? (options.maxLines ?? 8) : 1;
  let prevBottom = view.bbox.y1;
  let skipped = 0;
  for (let i = view.order + 1; i < views.length && lines.length < maxLines; i++) {
    const next = views[i] as LineView;
    if (next.page !== view.page) break;
    const gap = next.bbox.y0 - prevBottom;
    const limit = lines.length === 0 && !continuing ? FIRST_VALUE_GAP_LINES * view.height : NEXT_VALUE_GAP_LINES * next.height;
    if (gap > limit) break;
    const seg = segmentIn(next, column, labelBox, segment.bbox);
    if (seg === undefined) {
      // A line of another column may sit between the label and its value in reading order.
      if (lines.length === 0 && skipped < 1 && next.bbox.y0 < view.bbox.y1 + SKIP_ROW_SHARE * view.height) {
        skipped++;
        continue;
      }
      break;
    }
    if (isLabelOnly(seg, options.allKeys) || (options.keepLabelled !== true && startsWithLabel(seg, options.allKeys))) break;
    lines.push({ view: next, words: seg.words });
    prevBottom = next.bbox.y1;
  }
  return lines;
}

const QUALIFIER = /^(?:\(?@?\d{1,2}(?:[.,]\d{1,3})?\s?%\)?|\([A-Z]{3}\)|\(\p{Sc}\))[:：]?$/u;

/**
 * The first cell after a label that is not its qualifier: a scanned text layer may print the
 * label's rate as cells of its own ("USt | 19 | % | 25,31"), and the rate is not the value.
 */
function nextValueCell(view: LineView, from: number): number {
  let i = from;
  for (;;) {
    const seg = view.segments[i];
    const after = view.segments[i + 1];
    if (seg === undefined) return i;
    if (/^%/.test(seg.text.trim()) || /^\(?\d{1,2}(?:[.,]\d{1,2})?\s?%\)?$/.test(seg.text.trim()) || isQualifierOnly(seg.words)) i++;
    else if (/^\d{1,2}(?:[.,]\d{1,2})?$/.test(seg.text.trim()) && after !== undefined && /^%/.test(after.text.trim())) i += 2;
    else return i;
  }
}

/** Words that only qualify the label before them: a rate ("25%", "(6%)") or a currency ("(NOK)"). */
function isQualifierOnly(words: readonly Word[]): boolean {
  return words.length > 0 && words.length <= 2 && words.every((w) => QUALIFIER.test(w.text));
}

/** "Email: x" under an address: a new labelled field, not more of the address. */
function startsWithLabel(seg: Segment, allKeys: ReadonlySet<string>): boolean {
  for (let k = 1; k <= 4 && k <= seg.words.length; k++) {
    const w = seg.words[k - 1] as Word;
    if (!/[:：]$/.test(w.text)) continue;
    const key = seg.words.slice(0, k).flatMap((x) => x.folded).join(' ');
    return LEXICON.has(key) || allKeys.has(key) || k <= 2;
  }
  return false;
}
