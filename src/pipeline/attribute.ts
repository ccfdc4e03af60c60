/**
 * Per-key attribution: every primitive of a subtree value becomes an AttributionInfo.
 *
 * The model's quote, page and box are hints only. Each primitive is looked for in the stored
 * layout (locate/leaf-candidates.ts); where it is printed several times, the result's structure
 * picks the occurrence (locate/choose-occurrence.ts), which is why a whole subtree is attributed
 * at once rather than leaf by leaf. `location.grounding` says how the value is grounded; values
 * the model quoted from nowhere get a lowered confidence (and a warning, see grounding-report.ts).
 *
 * Nulls are not wrapped: null means "not in the document" and has nothing to attribute.
 */
import { chooseOccurrences } from './locate/choose-occurrence.ts';
import type { Choice, LeafCandidates } from './locate/choose-occurrence.ts';
import { searchLeaf } from './locate/leaf-candidates.ts';
import type { LeafSearch } from './locate/leaf-candidates.ts';
import { collapseSpace } from './locate-text.ts';
import type { LeafSource, MergedValue } from './merge-results.ts';
import { escapePointerSegment } from '../json-schema/json-pointer.ts';
import { isPlainObject } from '../json-schema/json-object.ts';
import type { AttributionInfo, AttributionLocation, BBox, PageLayout } from '../domain/types.ts';

const DEFAULT_CONFIDENCE = 0.5;
/** A value that cannot be found in the document is not worth more than this. */
export const NOT_FOUND_CONFIDENCE_CAP = 0.3;

function clamp01(n: number): number {
  return Math.min(1, Math.max(0, n));
}

/**
 * Boxes leave the service in attributions, rounded here to 1/100 pt: pdf.js's transforms and our
 * unions leave float noise (0.30000000000000004). A hundredth of a point is 1/12 of a pixel on a
 * page rendered at 600 dpi (a pixel is 0.12 pt there), so a highlight drawn from the rounded box
 * covers the same pixels. Only the output is rounded: locating text works on the layout as read.
 */
function roundedBox(box: BBox): BBox {
  const round = (n: number) => Math.round(n * 100) / 100;
  return { x0: round(box.x0), y0: round(box.y0), x1: round(box.x1), y1: round(box.y1) };
}

interface Leaf {
  pointer: string;
  value: unknown;
  source: LeafSource | undefined;
  search: LeafSearch;
}

function toLocation(value: unknown, leaf: Leaf, choice: Choice | undefined): AttributionLocation | null {
  const { search } = leaf;
  if (search.kind === 'unplaced') {
    const { grounding, page, matchedText, bbox, source } = search;
    return { page, matchedText, bbox: bbox && roundedBox(bbox), grounding, source, ambiguous: false };
  }
  if (!choice) return null;
  const o = choice.occurrence;
  const verbatim = !o.loose && collapseSpace(String(value)) === collapseSpace(o.matchedText);
  return {
    page: o.page,
    matchedText: o.matchedText,
    bbox: roundedBox(o.bbox),
    ...(o.boxes.length > 1 ? { boxes: o.boxes.map(roundedBox) } : {}),
    ...(o.rotation !== 0 ? { rotation: o.rotation } : {}),
    grounding: verbatim ? 'verbatim' : 'normalized',
    source: 'layout',
    ambiguous: choice.ambiguous,
  };
}

function infoFor(leaf: Leaf, choice: Choice | undefined): AttributionInfo {
  const evidence = leaf.source?.evidence;
  const given = evidence?.confidence;
  const confidence = clamp01(typeof given === 'number' && Number.isFinite(given) ? given : DEFAULT_CONFIDENCE);
  const location = toLocation(leaf.value, leaf, choice);
  const suspect = !location || location.grounding === 'not_found';
  return {
    extractedValue: leaf.value,
    reasoning: evidence?.reasoning ?? '',
    confidence: suspect ? Math.min(confidence * 0.5, NOT_FOUND_CONFIDENCE_CAP) : confidence,
    location,
  };
}

function searchFor(value: unknown, source: LeafSource | undefined, fallbackPages: readonly PageLayout[]): LeafSearch {
  const section = source?.section ?? null;
  return searchLeaf(value, source?.evidence, section, section?.pages ?? fallbackPages);
}

/** One primitive on its own (no siblings to place it by). */
export function attributionFor(value: unknown, source: LeafSource | undefined, fallbackPages: readonly PageLayout[]): AttributionInfo {
  const leaf: Leaf = { pointer: '', value, source, search: searchFor(value, source, fallbackPages) };
  const occurrences = leaf.search.kind === 'found' ? leaf.search.occurrences : [];
  return infoFor(leaf, chooseOccurrences([{ pointer: '', occurrences, hintedPage: source?.evidence?.page }]).get(''));
}

/**
 * The merged value with every non-null primitive wrapped as AttributionInfo. `fallbackPages` are
 * searched for primitives whose section is unknown.
 */
export function attributeValue(merged: MergedValue, fallbackPages: readonly PageLayout[]): unknown {
  const leaves: Leaf[] = [];
  const collect = (value: unknown, pointer: string): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) value.forEach((item, i) => collect(item, `${pointer}/${i}`));
    else if (isPlainObject(value)) {
      for (const [key, v] of Object.entries(value)) collect(v, `${pointer}/${escapePointerSegment(key)}`);
    } else {
      const source = merged.sources.get(pointer);
      leaves.push({ pointer, value, source, search: searchFor(value, source, fallbackPages) });
    }
  };
  collect(merged.value, '');
  const candidates: LeafCandidates[] = leaves.map((l) => ({
    pointer: l.pointer,
    occurrences: l.search.kind === 'found' ? l.search.occurrences : [],
    hintedPage: l.source?.evidence?.page,
  }));
  const choices = chooseOccurrences(candidates);
  const byPointer = new Map(leaves.map((l) => [l.pointer, l]));

  const wrap = (value: unknown, pointer: string): unknown => {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) return value.map((item, i) => wrap(item, `${pointer}/${i}`));
    if (isPlainObject(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, v]) => [key, wrap(v, `${pointer}/${escapePointerSegment(key)}`)]),
      );
    }
    return infoFor(byPointer.get(pointer)!, choices.get(pointer));
  };
  return wrap(merged.value, '');
}
