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
  // "Nummer 100234 Kabel | 20,00": a row with an amount in another cell is an item row.
  if (hit.view.segments.some((g, k) => k !== hit.segIndex && holdsAmount(g.text))) return false;
  return i < 0 || segment === undefined || partyHeadingAbove(views, i, segment) === undefined;
}
