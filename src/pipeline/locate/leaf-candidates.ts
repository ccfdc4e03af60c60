/**
 * The places one extracted primitive may be printed, before the structure of the result picks one.
 *
 * The model's evidence narrows the search, never replaces it: the quote first (the value is looked
 * for inside every place the quote is printed), then the page the model named, then the box it
 * gave. When the value is not printed, the outcome says why: inferred (the quote is there, the
 * value is not a printed string), not_found (nothing the model said is on the page), unverified
 * (the section has scanned pages: only the model can place it), or empty.
 */
import { findOccurrences } from '../locate-text.ts';
import type { Occurrence } from '../locate-text.ts';
import type { BBox, FieldEvidence, Grounding, PageLayout, Section } from '../../domain/types.ts';
import { valueVariants } from '../value-text.ts';

export type LeafSearch =
  | { kind: 'found'; occurrences: Occurrence[] }
  | {
      kind: 'unplaced';
      grounding: Exclude<Grounding, 'verbatim' | 'normalized'>;
      page: number | null;
      matchedText: string;
      bbox: BBox | null;
      source: 'layout' | 'model';
    };

function overlaps(a: BBox, b: BBox): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** `o` is on the same row as the quote `q`, or in the two lines under it. */
function isBesideOrUnder(q: Occurrence, o: Occurrence): boolean {
  if (q.page !== o.page) return false;
  const height = Math.max(1, q.boxes[q.boxes.length - 1]!.y1 - q.boxes[q.boxes.length - 1]!.y0);
  const sameRow = o.bbox.y0 < q.bbox.y1 && q.bbox.y0 < o.bbox.y1;
  const under = o.bbox.y0 >= q.bbox.y0 && o.bbox.y0 <= q.bbox.y1 + 2 * height;
  return sameRow || under;
}

/**
 * Every place any printed form of the value is found on `pages` (inside `within` when given), one
 * per starting token (the longest form there). All forms, not the first found: 6221.44 printed as
 * "6,221.44" and as "6.221,44" is two candidates for the structure to choose between.
 */
function printedForms(variants: string[], pages: PageLayout[], within?: Occurrence[]): Occurrence[] {
  const byStart = new Map<string, Occurrence>();
  for (const variant of variants) {
    const found = within
      ? within.flatMap((q) => findOccurrences(pages.find((p) => p.page === q.page)!, variant, q))
      : pages.flatMap((p) => findOccurrences(p, variant));
    for (const o of found) {
      const key = `${o.page}:${o.start}`;
      const seen = byStart.get(key);
      // Exact before loose, then the longer form ("1,234.50" over "1,234").
      if (!seen || (seen.loose && !o.loose) || (seen.loose === o.loose && o.end > seen.end)) byStart.set(key, o);
    }
  }
  // "-12,50" and "12,50" found at one place are one candidate: keep the form that covers the other.
  const all = [...byStart.values()];
  const covers = (a: Occurrence, b: Occurrence): boolean => a !== b && a.page === b.page && a.start <= b.start && a.end >= b.end && !(a.loose && !b.loose);
  return all.filter((o) => !all.some((other) => covers(other, o) && !(covers(o, other) && all.indexOf(o) < all.indexOf(other))))
    .sort((a, b) => a.page - b.page || a.start - b.start);
}

/** A box the provider knows exactly (LOCAL) settles it. */
function narrow(occurrences: Occurrence[], evidence: FieldEvidence | undefined): Occurrence[] {
  const box = evidence?.bbox;
  if (!box) return occurrences;
  const inBox = occurrences.filter((o) => o.page === evidence?.page && overlaps(o.bbox, box));
  return inBox.length > 0 ? inBox : occurrences;
}

/** A 0-1000 [ymin, xmin, ymax, xmax] box as PDF points on `page`. */
function fromBox2d(box: readonly number[], page: PageLayout | undefined): BBox | null {
  if (!page || box.length !== 4) return null;
  const [ymin = 0, xmin = 0, ymax = 0, xmax = 0] = box.map((v) => Math.min(1000, Math.max(0, v)));
  if (ymax <= ymin || xmax <= xmin) return null;
  return { x0: (xmin / 1000) * page.width, y0: (ymin / 1000) * page.height, x1: (xmax / 1000) * page.width, y1: (ymax / 1000) * page.height };
}

export function searchLeaf(value: unknown, evidence: FieldEvidence | undefined, section: Section | null, pages: readonly PageLayout[]): LeafSearch {
  const hinted = pages.find((p) => p.page === evidence?.page);
  // A provider that knows the exact box (LOCAL) names the right page: search it alone first.
  // Searching every page for every value costs pages × values, which on a long document froze
  // the process for minutes; the other pages are searched only when the value is not there.
  if (hinted && evidence?.bbox) {
    const onPage = searchLeafOn(value, evidence, section, pages, [hinted]);
    if (onPage.kind === 'found') return onPage;
  }
  return searchLeafOn(value, evidence, section, pages, pages);
}

function searchLeafOn(
  value: unknown,
  evidence: FieldEvidence | undefined,
  section: Section | null,
  pages: readonly PageLayout[],
  searched: readonly PageLayout[],
): LeafSearch {
  const hinted = searched.find((p) => p.page === evidence?.page);
  const textPages = (hinted ? [hinted, ...searched.filter((p) => p !== hinted)] : [...searched]).filter((p) => p.hasTextLayer);
  const quote = evidence?.quote?.trim() ?? '';
  const quoted = quote ? textPages.flatMap((p) => findOccurrences(p, quote)) : [];
  const quotePage = quoted[0]?.page ?? null;

  if (typeof value === 'string' && value.trim() === '') {
    // An empty string is a claim that the field is printed empty: the quote (its label) is the evidence.
    if (quoted[0]) return { kind: 'unplaced', grounding: 'empty', page: quotePage, matchedText: quoted[0].matchedText, bbox: quoted[0].bbox, source: 'layout' };
    return unplacedWithoutText('not_found', evidence, section, pages, quote);
  }

  const variants = typeof value === 'boolean' ? [] : valueVariants(value);
  const inQuote = quoted.length > 0 ? printedForms(variants, textPages, quoted) : [];
  // Every page, not just the one the model named: models name the wrong page, and a common word
  // is printed on that one too. The named page only breaks ties (choose-occurrence.ts).
  const anywhere = inQuote.length > 0 ? inQuote : printedForms(variants, textPages);
  // A printed quote without the value in it is a label (the value beside or under it) or the
  // ground for an inferred value: the same characters elsewhere on the page are not the value.
  const found = inQuote.length > 0 || quoted.length === 0 ? anywhere : anywhere.filter((o) => quoted.some((q) => isBesideOrUnder(q, o)));
  if (found.length > 0) return { kind: 'found', occurrences: narrow(found, evidence) };

  if (quoted.length > 0) {
    // The evidence is printed, the value is not: a count, a flag, a sum the model worked out.
    return { kind: 'unplaced', grounding: 'inferred', page: quotePage, matchedText: quote, bbox: null, source: 'layout' };
  }
  const scanned = scannedPlacement(evidence, section, pages, quote || String(value));
  if (scanned) return scanned;
  // No quote and not printed: a number or flag may be derived; a text value the pages lack is suspect.
  const grounding = !quote && typeof value !== 'string' ? 'inferred' : 'not_found';
  return unplacedWithoutText(grounding, evidence, section, pages, quote);
}

function unplacedWithoutText(
  grounding: 'inferred' | 'not_found',
  evidence: FieldEvidence | undefined,
  section: Section | null,
  pages: readonly PageLayout[],
  quote: string,
): LeafSearch {
  const page = pages.some((p) => p.page === evidence?.page) || section?.imagePages.includes(evidence?.page ?? -1) ? evidence!.page! : null;
  return { kind: 'unplaced', grounding, page, matchedText: quote, bbox: null, source: 'layout' };
}

/**
 * Values not found in any text layer of a section with scanned pages most likely came from a scan:
 * the page the model named (if it is a scan) or the first scan, with the model's own box if it gave one.
 */
function scannedPlacement(evidence: FieldEvidence | undefined, section: Section | null, pages: readonly PageLayout[], text: string): LeafSearch | null {
  const imagePages = section?.imagePages ?? [];
  const page = imagePages.find((p) => p === evidence?.page) ?? imagePages[0];
  if (page === undefined) return null;
  const box = evidence?.box2d && page === evidence.page ? fromBox2d(evidence.box2d, pages.find((p) => p.page === page)) : null;
  return { kind: 'unplaced', grounding: 'unverified', page, matchedText: text, bbox: box, source: 'model' };
}
