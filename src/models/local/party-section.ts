/**
 * The section under a party heading ("Verkäufer", "Bill to", "Fournisseur", "Datos del cliente"):
 * the heading stands alone in its cell (or ends with a colon with nothing beside it), and its
 * section is every line below it, within the heading's column, until a blank gap, a table row or
 * the next heading. Within the column, a line's cells are read as one line, so that
 * "Name: | Lieferant Express GmbH" stays a label with its value and the party reader sees both.
 */
import type { LabelHit } from './label-match.ts';
import { isLabelOnly } from './label-match.ts';
import type { LineView, Segment, Word } from './layout-words.ts';
import { foldLabel } from './normalize-label.ts';
import { CONCEPTS } from './synonyms.ts';

/** Lines of a section end at a vertical gap above this many line heights (a blank line). */
const SECTION_GAP_LINES = 1.8;
/** A party section holds a name, an address and a few labelled extras; more is another block. */
const MAX_SECTION_LINES = 8;
/** A segment belongs to the column when it starts this many line heights left of it at most. */
const COLUMN_SLACK_LINES = 1;
/** Two lines whose tops differ by less than this share of a line height are one printed row. */
const SAME_ROW_SHARE = 0.6;

interface SectionLine {
  view: LineView;
  words: Word[];
}

/** Whether a label hit is a heading: alone in its segment, or followed only by a colon. */
export function isHeadingHit(hit: LabelHit): boolean {
  const rest = (hit.view.segments[hit.segIndex]?.words ?? []).slice(hit.wordEnd);
  return rest.every((w) => /^[:：\-–]+$/.test(w.text));
}

/** Left edge of the next column on the heading's row: the nearest segment to the right of it. */
function columnRight(views: readonly LineView[], hit: LabelHit): number {
  const seg = hit.view.segments[hit.segIndex] as Segment;
  let right = hit.view.pageWidth;
  for (const v of views) {
    if (v.page !== hit.view.page || Math.abs(v.bbox.y0 - hit.view.bbox.y0) > SAME_ROW_SHARE * hit.view.height) continue;
    for (const g of v.segments) if (g.bbox.x0 > seg.bbox.x1 && g.bbox.x0 < right) right = g.bbox.x0;
  }
  return right;
}

/**
 * "Hotel Aurora | Rechnungsnummer: | 2025-118": an information block of labels and values printed
 * beside a party's unlabelled lines is another column, and the section ends left of its first
 * label. Only when the party's cells before it hold no label of their own: "Name: | X | Tel.: | 1"
 * is one party's row.
 */
function besideBlockStart(v: LineView, left: number, right: number, allKeys: ReadonlySet<string>): number {
  const k = v.segments.findIndex((g, i) => i > 0 && g.bbox.x0 > left && g.bbox.x0 < right && /[:：]$/.test(g.text.trim()) && isLabelOnly(g, allKeys));
  if (k < 0) return right;
  const before = v.segments.slice(0, k).filter((g) => g.bbox.x0 >= left);
  if (before.length === 0 || before.some((g) => /[:：]/.test(g.text) || isLabelOnly(g, allKeys))) return right;
  return (v.segments[k] as Segment).bbox.x0;
}

/**
 * "Datos del cliente" centred over its box: the box's lines start left of the heading, so none
 * lies in the heading's own column. When the first line under the heading has no cell starting
 * under the heading's start but its cells start left of it and run past its middle, the section is the band the heading is
 * centred over: from their left edge to as far right of the middle.
 */
function centredBox(
  cells: readonly Segment[], first: LineView | undefined, hit: LabelHit, seg: Segment, slack: number, inColumn: (g: Segment) => boolean,
): { x0: number; x1: number } | undefined {
  if (first === undefined || first.bbox.y0 - hit.view.bbox.y1 > SECTION_GAP_LINES * first.height) return undefined;
  if (cells.length === 0 || cells.some((g) => inColumn(g) && g.bbox.x0 <= seg.bbox.x0 + slack)) return undefined;
  const middle = (seg.bbox.x0 + seg.bbox.x1) / 2;
  const x0 = Math.min(...cells.map((g) => g.bbox.x0));
  const x1 = Math.max(...cells.map((g) => g.bbox.x1));
  return x0 < seg.bbox.x0 - slack && x1 > middle ? { x0, x1: 2 * middle - x0 } : undefined;
}

/** The lines of the section under a heading hit; empty when the hit is not a heading. */
export function sectionLines(views: readonly LineView[], hit: LabelHit, allKeys: ReadonlySet<string>): SectionLine[] {
  if (!isHeadingHit(hit)) return [];
  const seg = hit.view.segments[hit.segIndex] as Segment;
  const slack = COLUMN_SLACK_LINES * hit.view.height;
  let left = seg.bbox.x0 - slack;
  let right = columnRight(views, hit);
  const inColumn = (g: Segment): boolean => g.bbox.x0 >= left && g.bbox.x0 < right;
  // Cells, not whole lines, are below the heading: a line read across the page may start higher
  // in another column (a note in a larger font beside the party's box).
  const top = Math.min(seg.bbox.y0, hit.view.bbox.y0) + SAME_ROW_SHARE * hit.view.height;
  const isBelow = (g: Segment): boolean => g.bbox.y0 > top;
  const below = views
    .filter((v) => v !== hit.view && v.page === hit.view.page && v.segments.some(isBelow))
    .sort((a, b) => a.bbox.y0 - b.bbox.y0 || a.bbox.x0 - b.bbox.x0);
  // The first printed row under the heading, of however many lines the reader made of it.
  const firstRow = below.filter((v) => below[0] !== undefined && Math.abs(v.bbox.y0 - below[0].bbox.y0) < SAME_ROW_SHARE * v.height);
  const centred = centredBox(firstRow.flatMap((v) => v.segments.filter(isBelow)), below[0], hit, seg, slack, inColumn);
  if (centred !== undefined) {
    left = centred.x0 - slack;
    right = Math.min(right, centred.x1 + slack);
  }
  const out: SectionLine[] = [];
  let bottom = hit.view.bbox.y1;
  for (const v of below) {
    right = Math.min(right, besideBlockStart(v, left, right, allKeys));
    const cells = v.segments.filter((g) => inColumn(g) && isBelow(g));
    if (cells.length === 0) continue;
    if (v.bbox.y0 - bottom > SECTION_GAP_LINES * v.height) break;
    // Another heading in the same column starts the next section.
    if (cells.length === 1 && isLabelOnly(cells[0] as Segment, allKeys) && !/[:：]$/.test((cells[0] as Segment).text)) break;
    // So does another party's heading with a colon ("Käufer:"), which a field label's colon
    // ("Name:") does not.
    if (cells.length === 1 && partyOfHeading((cells[0] as Segment).text) !== undefined) break;
    // A row of column headers ("Qty | Unit Price | Amount") starts the items table.
    if (cells.length >= 2 && cells.every((c) => isLabelOnly(c, allKeys))) break;
    // A row of three or more cells with figures is the items table.
    if (cells.length >= 3 && cells.filter((c) => /\d/.test(c.text)).length >= 2) break;
    const words = cells.flatMap((c) => c.words);
    const last = out.at(-1);
    // Two lines of one printed row (baselines a little apart, as OCR text layers have them).
    if (last !== undefined && Math.abs(last.view.bbox.y0 - v.bbox.y0) < SAME_ROW_SHARE * v.height) {
      last.words = [...last.words, ...words].sort((a, b) => a.bbox.x0 - b.bbox.x0);
    } else out.push({ view: v, words: [...words] });
    bottom = Math.max(bottom, v.bbox.y1);
    if (out.length >= MAX_SECTION_LINES) break;
  }
  return out;
}

/** Every printed party heading ("verkaufer", "bill to"), folded, with the party it names. */
const PARTY_HEADINGS: ReadonlyMap<string, string> = new Map(
  CONCEPTS.filter((c) => c.entity === true).flatMap((c) => [...c.phrases, ...(c.headings ?? [])].map((p) => [p, c.key] as const)),
);

/** The party a cell's text names when it is a party heading alone ("Käufer:", "Bill to"). */
export function partyOfHeading(text: string): string | undefined {
  return PARTY_HEADINGS.get(foldLabel(text.replace(/[:：]\s*$/, '')).join(' '));
}

/**
 * The party whose heading stands over line `i` in the same column, reading up through the lines
 * of one section (no blank gap); undefined when the line is under no party heading.
 */
export function partyHeadingAbove(views: readonly LineView[], i: number, column: Segment): string | undefined {
  let below = views[i] as LineView;
  for (let j = i - 1; j >= 0; j--) {
    const v = views[j] as LineView;
    if (v.page !== below.page || below.bbox.y0 - v.bbox.y1 > SECTION_GAP_LINES * below.height) return undefined;
    const cell = v.segments.find((g) => Math.abs(g.bbox.x0 - column.bbox.x0) <= COLUMN_SLACK_LINES * v.height);
    if (cell === undefined) continue;
    const party = partyOfHeading(cell.text);
    if (party !== undefined) return party;
    below = v;
  }
  return undefined;
}
