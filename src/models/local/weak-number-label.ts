/**
 * When a weak number label ("Nummer", "Nr.") alone labels the invoice's number. It names any number: a customer's
 * under "Kunde:", an order's at the end of a sentence ("…vom 01.03.2018, Nummer 4500123."). A
 * wrong number is worse than none, so it counts only where a label of its own would stand.
 */
import type { LabelHit } from './label-match.ts';
import { LEXICON } from './field-labels.ts';
import type { LineView, Segment } from './layout-words.ts';
import { DE } from './lexicon/de.ts';
import { holdsAmount } from './parse-identifier.ts';
import { foldLabel } from './normalize-label.ts';
import { partyHeadingAbove, partyOfHeading } from './party-section.ts';
import { DOCUMENT_NAMES } from './synonyms.ts';

/**
 * The weak number labels this applies to: German "Nummer", and "Number" (also "No.", "Nr." once
 * folded). The document's name ("Rechnung", "Invoice") is a title's, read elsewhere.
 */
export const WEAK_NUMBER_WORDS: ReadonlySet<string> = new Set([...(DE.concepts['invoice_number']?.weak ?? []).filter((w) => w !== 'rechnung'), 'number']);

/** What documents call themselves, folded: a title over a number line is the invoice's own. */
const FOLDED_DOCUMENT_NAMES: ReadonlySet<string> = new Set(DOCUMENT_NAMES.map((n) => foldLabel(n).join(' ')));

/**
 * Whether the line right above the label (touching, starting in its column) is another thing's
 * label alone: "Ihre Bestellung" over "Nr. 4500123 vom 28.02.2018" gives the order's number.
 */
function underOtherLabel(hit: LabelHit, views: readonly LineView[]): boolean {
  const segment = hit.view.segments[hit.segIndex];
  const i = views.indexOf(hit.view);
  if (segment === undefined || i <= 0) return false;
  const above = views.slice(0, i).reverse().find((v) => v.page === hit.view.page && v.segments.some((g) => Math.abs(g.bbox.x0 - segment.bbox.x0) < hit.view.height));
  if (above === undefined || hit.view.bbox.y0 - above.bbox.y1 > hit.view.height) return false;
  const cell = above.segments.find((g) => Math.abs(g.bbox.x0 - segment.bbox.x0) < hit.view.height) as Segment;
  const key = foldLabel(cell.text.replace(/[:：]\s*$/, '')).join(' ');
  return !FOLDED_DOCUMENT_NAMES.has(key) && LEXICON.has(key);
}

/** Lines of one block are at most this many line heights apart (as a party section's). */
const BLOCK_GAP_LINES = 1.8;
/** A title over a bare number line is at most this many lines above it. */
const TITLE_LINES_ABOVE = 3;
/** The most words of a document's name ("proforma rechnung", "application for payment"). */
const DOCUMENT_NAME_WORDS = 3;

/** Whether a text starts with a document's name ("Rechnung", "Rechnung 2019-17", "Tax invoice"). */
function startsWithDocumentName(text: string): boolean {
  const words = foldLabel(text);
  for (let k = Math.min(DOCUMENT_NAME_WORDS, words.length); k >= 1; k--) if (FOLDED_DOCUMENT_NAMES.has(words.slice(0, k).join(' '))) return true;
  return false;
}

/** Whether the label is printed with a colon ("Nummer:", "Nr.: 17"), as a field of its own. */
function hasColon(hit: LabelHit): boolean {
  const words = hit.view.segments[hit.segIndex]?.words ?? [];
  return /[:：]$/.test(words[hit.wordEnd - 1]?.text ?? '') || /^[:：]/.test(words[hit.wordEnd]?.text ?? '');
}

/**
 * Whether a document's title names what a bare number mark counts: before it in its cell or row
 * ("Rechnung Nr. 4711", "Rechnung | Nr. 4711"), or in the block of lines right above it.
 */
function titledNumber(hit: LabelHit, views: readonly LineView[]): boolean {
  const words = hit.view.segments[hit.segIndex]?.words ?? [];
  if (hit.wordStart > 0 && startsWithDocumentName(words.slice(0, hit.wordStart).map((w) => w.text).join(' '))) return true;
  if (hit.view.segments.slice(0, hit.segIndex).some((g) => startsWithDocumentName(g.text))) return true;
  let below = hit.view;
  const above = views.slice(0, Math.max(0, views.indexOf(hit.view))).reverse().filter((v) => v.page === hit.view.page && v.bbox.y1 <= hit.view.bbox.y0);
  for (const v of above.slice(0, TITLE_LINES_ABOVE)) {
    if (below.bbox.y0 - v.bbox.y1 > BLOCK_GAP_LINES * below.height) return false;
    if (v.segments.some((g) => startsWithDocumentName(g.text))) return true;
    below = v;
  }
  return false;
}

/**
 * Whether the weak label of `hit` may give the invoice's number: "Nummer" starts its segment (not
 * after a comma or inside a sentence), no other thing's label stands right over it, and no party
 * heading stands before it in its row ("Kunde | Nummer: 10023") or over it in its column
 * ("Kunde:" over "Nummer: 10023").
 */
export function weakNumberStands(hit: LabelHit, views: readonly LineView[]): boolean {
  // "Page 1 Number: 17" keeps its English reading: a colon makes the label; German "Nummer"
  // runs on in sentences ("…, Nummer 4500123.") and counts only at its cell's start.
  if (hit.wordStart > 0 && hit.candidate.key !== 'number') return false;
  const before = hit.view.segments[hit.segIndex - 1];
  if (before !== undefined && partyOfHeading(before.text) !== undefined) return false;
  const i = views.indexOf(hit.view);
  const segment = hit.view.segments[hit.segIndex];
  if (underOtherLabel(hit, views)) return false;
  // A bare number mark ("Nr. 4500123 vom 28.02.2018") counts whatever its title names; with no
  // title right above it, it may be an order's or a delivery's number, and none is better than a wrong one.
  if (!hasColon(hit) && !titledNumber(hit, views)) return false;
  // "Nummer 100234 Kabel | 20,00": a row with an amount in another cell is an item row.
  if (hit.view.segments.some((g, k) => k !== hit.segIndex && holdsAmount(g.text))) return false;
  return i < 0 || segment === undefined || partyHeadingAbove(views, i, segment) === undefined;
}
