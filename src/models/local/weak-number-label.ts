/**
 * When German "Nummer" alone labels the invoice's number. It names any number: a customer's
 * under "Kunde:", an order's at the end of a sentence ("…vom 01.03.2018, Nummer 4500123."). A
 * wrong number is worse than none, so it counts only where a label of its own would stand.
 */
import type { LabelHit } from './label-match.ts';
import type { LineView } from './layout-words.ts';
import { DE } from './lexicon/de.ts';
import { partyHeadingAbove, partyOfHeading } from './party-section.ts';

/** The weak German number labels this applies to (the document's name "Rechnung" is a title's, read elsewhere). */
export const WEAK_NUMBER_WORDS: ReadonlySet<string> = new Set((DE.concepts['invoice_number']?.weak ?? []).filter((w) => w !== 'rechnung'));

/**
 * Whether the weak label of `hit` may give the invoice's number: it starts its segment (not
 * after a comma or inside a sentence), and no party heading stands before it in its row
 * ("Kunde | Nummer: 10023") or over it in its column ("Kunde:" over "Nummer: 10023").
 */
export function weakNumberStands(hit: LabelHit, views: readonly LineView[]): boolean {
  if (hit.wordStart > 0) return false;
  const before = hit.view.segments[hit.segIndex - 1];
  if (before !== undefined && partyOfHeading(before.text) !== undefined) return false;
  const i = views.indexOf(hit.view);
  const segment = hit.view.segments[hit.segIndex];
  return i < 0 || segment === undefined || partyHeadingAbove(views, i, segment) === undefined;
}
