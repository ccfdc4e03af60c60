/**
 * Which occurrence of a value printed several times is the one it came from, decided by the shape
 * of the result rather than by taking the first:
 * - the fields of one object are printed together: a candidate is scored by its distance to the
 *   object's fields that are printed only once (same row first, then same column or block), looking
 *   at the smallest enclosing object or array item that has such an anchor;
 * - items of one array are printed in reading order: equal values in sibling items take the
 *   occurrences in turn, and an item never goes back before the previous item's occurrence;
 * - a place another field was found at alone is not taken again while there are other places;
 * - then the page the model named;
 * - a value whose occurrences still tie is reported `ambiguous` (its first remaining occurrence is
 *   given, not presented as certain).
 */
import type { Occurrence } from '../locate-text.ts';

export interface LeafCandidates {
  /** JSON Pointer of the leaf in the result. */
  pointer: string;
  occurrences: Occurrence[];
  /** The page the model named: a tie-breaker, since models sometimes name the wrong one. */
  hintedPage?: number;
}

export interface Choice {
  occurrence: Occurrence;
  ambiguous: boolean;
}

/** Two candidates scoring within this many line heights of each other tie. */
const TIE = 0.25;
const OTHER_PAGE = 1000;
const CLEARLY_NEARER = 0.25;
/** On one layout line the gap only orders candidates; it never outweighs a line break. */
const SAME_LINE_GAP_WEIGHT = 0.01;

/**
 * How far a candidate is from an anchor, in line heights. The same layout line (a table row, or a
 * line of one column) is nearest whatever the horizontal gap; otherwise rows apart, plus half the
 * horizontal gap, so the same column beats the column beside it.
 */
function distance(c: Occurrence, a: Occurrence): number {
  if (c.page !== a.page) return OTHER_PAGE + Math.abs(c.page - a.page);
  const h = Math.max(1, Math.min(c.bbox.y1 - c.bbox.y0, a.bbox.y1 - a.bbox.y0));
  const gapX = Math.max(0, Math.max(c.bbox.x0, a.bbox.x0) - Math.min(c.bbox.x1, a.bbox.x1)) / h;
  if (c.lines.some((l) => a.lines.includes(l))) return SAME_LINE_GAP_WEIGHT * gapX;
  const dy = Math.abs((c.bbox.y0 + c.bbox.y1) / 2 - (a.bbox.y0 + a.bbox.y1) / 2) / h;
  return Math.max(dy, 0.6) + 0.5 * gapX;
}

function ancestors(pointer: string): string[] {
  const out: string[] = [];
  for (let i = pointer.lastIndexOf('/'); i >= 0; i = pointer.lastIndexOf('/', i - 1)) {
    out.push(pointer.slice(0, i));
    if (i === 0) break;
  }
  return out;
}

function inReadingOrder(a: Occurrence, b: Occurrence): number {
  return a.page - b.page || a.start - b.start;
}

/** The pointer of the same field in the previous item of the nearest enclosing array, if any. */
function previousSibling(pointer: string): string | null {
  const segments = pointer.split('/');
  for (let i = segments.length - 1; i >= 1; i--) {
    const seg = segments[i]!;
    if (/^\d+$/.test(seg)) {
      if (seg === '0') return null;
      return [...segments.slice(0, i), String(Number(seg) - 1), ...segments.slice(i + 1)].join('/');
    }
  }
  return null;
}

/** Same field in the other items of the nearest enclosing array (pattern with the index as "*"). */
function siblingPattern(pointer: string): { pattern: string; index: number } | null {
  const segments = pointer.split('/');
  for (let i = segments.length - 1; i >= 1; i--) {
    if (/^\d+$/.test(segments[i]!)) {
      return { pattern: [...segments.slice(0, i), '*', ...segments.slice(i + 1)].join('/'), index: Number(segments[i]) };
    }
  }
  return null;
}

function sameOccurrences(a: Occurrence[], b: Occurrence[]): boolean {
  return a.length === b.length && a.every((o, i) => o.page === b[i]!.page && o.start === b[i]!.start);
}

/** A choice for every leaf with at least one occurrence, keyed by pointer. */
export function chooseOccurrences(leaves: readonly LeafCandidates[]): Map<string, Choice> {
  const chosen = new Map<string, Choice>();
  for (const leaf of leaves) {
    if (leaf.occurrences.length === 1) chosen.set(leaf.pointer, { occurrence: leaf.occurrences[0]!, ambiguous: false });
  }
  const anchors = anchorIndex([...chosen.entries()].map(([pointer, c]) => ({ pointer, occurrence: c.occurrence })));
  const bySiblingPattern = new Map<string, LeafCandidates[]>();
  for (const leaf of leaves) {
    const s = siblingPattern(leaf.pointer);
    if (!s) continue;
    const group = bySiblingPattern.get(s.pattern);
    if (group) group.push(leaf);
    else bySiblingPattern.set(s.pattern, [leaf]);
  }

  // A printed value is the source of one field: a place another field was found at (alone) is
  // not a candidate while there are others ("6,221.44" is the USD net, so the EUR net is the other one).
  const key = (o: Occurrence): string => `${o.page}:${o.start}`;
  const claimed = new Set([...chosen.values()].map((c) => key(c.occurrence)));
  for (const leaf of leaves) {
    if (leaf.occurrences.length < 2) continue;
    const free = leaf.occurrences.filter((o) => !claimed.has(key(o)));
    let best = (free.length > 0 ? free : [...leaf.occurrences]).sort(inReadingOrder);
    for (const prefix of ancestors(leaf.pointer)) {
      const near = anchors.under(prefix).filter((a) => a.pointer !== leaf.pointer);
      if (near.length === 0) continue;
      best = nearestToAnchors(best, near, anchors, prefix);
      break;
    }
    chosen.set(leaf.pointer, pickInReadingOrder(leaf, best, chosen, bySiblingPattern));
  }
  return chosen;
}

type Anchor = { pointer: string; occurrence: Occurrence };

interface AnchorIndex {
  /** Anchors inside the object or array at `prefix` (cached: siblings ask for the same prefixes). */
  under(prefix: string): Anchor[];
  /** The same, grouped by page: only anchors on a candidate's page can be near it. */
  underByPage(prefix: string): Map<number, Anchor[]>;
}

function anchorIndex(all: Anchor[]): AnchorIndex {
  const lists = new Map<string, Anchor[]>();
  const byPage = new Map<string, Map<number, Anchor[]>>();
  const under = (prefix: string): Anchor[] => {
    let list = lists.get(prefix);
    if (!list) {
      list = all.filter((a) => a.pointer.startsWith(`${prefix}/`));
      lists.set(prefix, list);
    }
    return list;
  };
  return {
    under,
    underByPage(prefix) {
      let pages = byPage.get(prefix);
      if (!pages) {
        pages = new Map();
        for (const a of under(prefix)) {
          const list = pages.get(a.occurrence.page);
          if (list) list.push(a);
          else pages.set(a.occurrence.page, [a]);
        }
        byPage.set(prefix, pages);
      }
      return pages;
    },
  };
}

function scoreAgainst(o: Occurrence, anchors: readonly Anchor[], skip?: string): number {
  let best = Infinity;
  for (const a of anchors) {
    if (skip !== undefined && a.pointer.startsWith(skip)) continue;
    best = Math.min(best, distance(o, a.occurrence));
  }
  return best;
}

/**
 * The candidates nearest the anchors of the enclosing object. Inside an array item, a candidate
 * nearer another item's anchors belongs to that item (the entry above has its own "Sato"); in a
 * plain object, nearness only decides off the anchors' rows when it is clear, since in a list of
 * label/value pairs every candidate is near some field.
 */
function nearestToAnchors(candidates: Occurrence[], near: Anchor[], anchors: AnchorIndex, prefix: string): Occurrence[] {
  const scored = candidates.map((o) => ({ o, score: scoreAgainst(o, near) }));
  const item = /^(.*)\/(\d+)$/.exec(prefix);
  if (item) {
    const arrayAnchors = anchors.underByPage(item[1]!);
    const owned = scored.filter((s) => s.score < scoreAgainst(s.o, arrayAnchors.get(s.o.page) ?? [], `${prefix}/`));
    if (owned.length > 0) return withinTie(owned);
  }
  const top = Math.min(...scored.map((s) => s.score));
  const runnerUp = Math.min(...scored.filter((s) => s.score > top + TIE).map((s) => s.score));
  // Clear: on an anchor's row, or several times nearer than any other place (a header's date
  // against the same date in the footer); two lines against three is a guess.
  const clear = top < 1 || runnerUp === Infinity || top < CLEARLY_NEARER * runnerUp;
  return clear ? withinTie(scored) : candidates;
}

function withinTie(scored: Array<{ o: Occurrence; score: number }>): Occurrence[] {
  const top = Math.min(...scored.map((s) => s.score));
  return scored.filter((s) => s.score <= top + TIE).map((s) => s.o);
}

function pickInReadingOrder(
  leaf: LeafCandidates,
  best: Occurrence[],
  chosen: Map<string, Choice>,
  bySiblingPattern: Map<string, LeafCandidates[]>,
): Choice {
  if (best.length === 1) return { occurrence: best[0]!, ambiguous: false };
  // Equal values in sibling items ("JPN", "JPN", "JPN"): the n-th item takes the n-th occurrence.
  const s = siblingPattern(leaf.pointer);
  const twins = s ? (bySiblingPattern.get(s.pattern) ?? []).filter((o) => sameOccurrences(o.occurrences, leaf.occurrences)) : [];
  if (twins.length >= best.length) {
    const rank = twins.indexOf(leaf);
    if (rank >= 0 && twins.length === best.length) return { occurrence: best[rank]!, ambiguous: false };
  }
  // Otherwise never before the previous item's occurrence of the same field.
  const previous = previousSibling(leaf.pointer);
  const before = previous ? chosen.get(previous)?.occurrence : undefined;
  const after = before ? best.filter((o) => inReadingOrder(o, before) > 0) : best;
  if (after.length === 1) return { occurrence: after[0]!, ambiguous: false };
  const remaining = after.length > 0 ? after : best;
  const onHinted = remaining.filter((o) => o.page === leaf.hintedPage);
  if (onHinted.length === 1) return { occurrence: onHinted[0]!, ambiguous: false };
  return { occurrence: (onHinted[0] ?? remaining[0])!, ambiguous: true };
}
