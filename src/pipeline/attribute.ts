/**
 * Per-key attribution: every primitive of a subtree value becomes an AttributionInfo.
 *
 * The model's page and box are hints only. The location is found in the stored layout: first the
 * supporting quote, then the value's printed forms (see value-text.ts), searched on the page the
 * model named (when it belongs to the section read) and then on every page of that section. When
 * the quote is found, the value is looked for inside it so the box covers the value, not the
 * whole quote. Nothing found on a text page but the section has image-only pages: the value most
 * likely came from a scan, so the location has a page and no box. Otherwise the location is null
 * and the confidence is lowered, since the value may be invented.
 *
 * Nulls are not wrapped: null means "not extracted" and has nothing to attribute.
 */
import type { AttributionInfo, AttributionLocation, FieldEvidence, PageLayout, Section } from './types.ts';
import { describeMatch, findText, indexPage } from './locate-text.ts';
import type { LeafSource, MergedValue } from './merge-results.ts';
import { escapePointerSegment } from './json-pointer.ts';
import { isPlainObject } from './merge-results.ts';
import { valueVariants } from './value-text.ts';

export const DEFAULT_CONFIDENCE = 0.5;
/** A value that cannot be found in the document is not worth more than this. */
export const NOT_FOUND_CONFIDENCE_CAP = 0.3;

function clamp01(n: number): number {
  return Math.min(1, Math.max(0, n));
}

function pagesToSearch(evidence: FieldEvidence | undefined, pages: readonly PageLayout[]): PageLayout[] {
  const hinted = pages.find((p) => p.page === evidence?.page);
  return hinted ? [hinted, ...pages.filter((p) => p !== hinted)] : [...pages];
}

/** Where `value` (supported by `evidence`) is printed on one of `pages`, or null. */
export function locateValue(
  value: unknown,
  evidence: FieldEvidence | undefined,
  pages: readonly PageLayout[],
): AttributionLocation | null {
  const ordered = pagesToSearch(evidence, pages).filter((p) => p.hasTextLayer);
  const variants = valueVariants(value);
  const quote = evidence?.quote?.trim();
  if (quote) {
    for (const page of ordered) {
      const index = indexPage(page);
      const quoted = findText(index, quote);
      if (!quoted) continue;
      for (const variant of variants) {
        const inner = findText(index, variant, quoted);
        if (inner) return describeMatch(index, inner);
      }
      return describeMatch(index, quoted);
    }
  }
  for (const variant of variants) {
    for (const page of ordered) {
      const index = indexPage(page);
      const match = findText(index, variant);
      if (match) return describeMatch(index, match);
    }
  }
  return null;
}

function imagePageLocation(value: unknown, evidence: FieldEvidence | undefined, section: Section | null): AttributionLocation | null {
  const imagePages = section?.imagePages ?? [];
  const page = imagePages.find((p) => p === evidence?.page) ?? imagePages[0];
  if (page === undefined) return null;
  return { page, matchedText: evidence?.quote?.trim() || String(value), bbox: null };
}

export function attributionFor(value: unknown, source: LeafSource | undefined, fallbackPages: readonly PageLayout[]): AttributionInfo {
  const evidence = source?.evidence;
  const pages = source?.section?.pages ?? fallbackPages;
  const given = evidence?.confidence;
  const confidence = clamp01(typeof given === 'number' && Number.isFinite(given) ? given : DEFAULT_CONFIDENCE);
  const location = locateValue(value, evidence, pages) ?? imagePageLocation(value, evidence, source?.section ?? null);
  return {
    extractedValue: value,
    reasoning: evidence?.reasoning ?? '',
    confidence: location ? confidence : Math.min(confidence * 0.5, NOT_FOUND_CONFIDENCE_CAP),
    location,
  };
}

/**
 * The merged value with every non-null primitive wrapped as AttributionInfo. `fallbackPages` are
 * searched for primitives whose section is unknown.
 */
export function attributeValue(merged: MergedValue, fallbackPages: readonly PageLayout[]): unknown {
  const wrap = (value: unknown, pointer: string): unknown => {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) return value.map((item, i) => wrap(item, `${pointer}/${i}`));
    if (isPlainObject(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, v]) => [key, wrap(v, `${pointer}/${escapePointerSegment(key)}`)]),
      );
    }
    return attributionFor(value, merged.sources.get(pointer), fallbackPages);
  };
  return wrap(merged.value, '');
}
