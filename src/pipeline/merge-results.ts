/**
 * Merging the answers for one subtree that came from different sections (or turns).
 *
 * Rules, applied recursively:
 * - arrays are concatenated in section order and de-duplicated: an item equal (after
 *   normalising case, whitespace and number formats) to one already kept is dropped, but an item
 *   repeated inside one answer is kept as often as that answer repeats it (a multiset union),
 *   so a table that really lists the same row twice keeps both;
 * - objects are merged key by key;
 * - primitives take the best-supported non-null answer: the highest evidence confidence; then
 *   the answer given by more sections; then the first. So without confidences a majority wins
 *   and otherwise the earliest section does.
 * Alongside the value, every primitive of the result keeps where it came from (the evidence the
 * model gave for it and the section it read), for attribution.
 */
import type { FieldEvidence, Section } from '../domain/types.ts';
import { escapePointerSegment } from '../json-schema/json-pointer.ts';
import { comparisonKey } from './value-text.ts';
import { defineKey, isPlainObject } from '../json-schema/json-object.ts';

export interface Candidate {
  value: unknown;
  /** Evidence keyed by pointer relative to `value`. */
  evidence: ReadonlyMap<string, FieldEvidence>;
  /** The section the answer was read from; null when unknown (e.g. resumed work). */
  section: Section | null;
}

export interface LeafSource {
  evidence: FieldEvidence | undefined;
  section: Section | null;
}

export interface MergedValue {
  value: unknown;
  /**
   * Keyed by pointer relative to `value`, one entry per primitive (null included); only attribution
   * reads them. Empty for a lone answer merged without them (mergeCandidates' `sources: false`).
   */
  sources: Map<string, LeafSource>;
}

interface Ref {
  value: unknown;
  candidate: Candidate;
  /** Pointer of `value` inside `candidate.value`. */
  pointer: string;
  order: number;
}

type Kind = 'array' | 'object' | 'primitive';

function kindOf(value: unknown): Kind {
  if (Array.isArray(value)) return 'array';
  return isPlainObject(value) ? 'object' : 'primitive';
}

function confidenceOf(ref: Ref): number {
  const c = ref.candidate.evidence.get(ref.pointer)?.confidence;
  return typeof c === 'number' && Number.isFinite(c) ? c : -1;
}

function source(ref: Ref): LeafSource {
  return { evidence: ref.candidate.evidence.get(ref.pointer), section: ref.candidate.section };
}

function pickPrimitive(refs: Ref[]): Ref {
  const groups = new Map<string, Ref[]>();
  for (const ref of refs) {
    const key = comparisonKey(ref.value);
    groups.set(key, [...(groups.get(key) ?? []), ref]);
  }
  let best: { ref: Ref; confidence: number; support: number; order: number } | null = null;
  for (const group of groups.values()) {
    const top = group.reduce((a, b) => (confidenceOf(b) > confidenceOf(a) ? b : a));
    const score = {
      ref: top,
      confidence: confidenceOf(top),
      support: new Set(group.map((r) => r.order)).size,
      order: Math.min(...group.map((r) => r.order)),
    };
    const better =
      !best ||
      score.confidence > best.confidence ||
      (score.confidence === best.confidence &&
        (score.support > best.support || (score.support === best.support && score.order < best.order)));
    if (better) best = score;
  }
  // refs is non-empty here, so best is set.
  return (best as { ref: Ref }).ref;
}

function mergeArrays(refs: Ref[], out: string, sources: Map<string, LeafSource>): unknown[] {
  const merged: unknown[] = [];
  const kept = new Map<string, number>();
  for (const ref of refs) {
    const seenHere = new Map<string, number>();
    (ref.value as unknown[]).forEach((item, i) => {
      const key = comparisonKey(item);
      const nth = (seenHere.get(key) ?? 0) + 1;
      seenHere.set(key, nth);
      if (nth <= (kept.get(key) ?? 0)) return;
      kept.set(key, nth);
      const child: Ref = { ...ref, value: item, pointer: `${ref.pointer}/${i}` };
      merged.push(mergeAt([child], `${out}/${merged.length}`, sources));
    });
  }
  return merged;
}

function mergeAt(refs: Ref[], out: string, sources: Map<string, LeafSource>): unknown {
  const present = refs.filter((r) => r.value !== null && r.value !== undefined);
  const first = present[0];
  if (!first) {
    const withEvidence = refs.find((r) => r.candidate.evidence.has(r.pointer)) ?? refs[0];
    if (withEvidence) sources.set(out, source(withEvidence));
    return null;
  }
  const kind = kindOf(first.value);
  // An answer of another shape than the first (object vs array) cannot be merged: dropped.
  const same = present.filter((r) => kindOf(r.value) === kind);
  if (kind === 'array') return mergeArrays(same, out, sources);
  if (kind === 'object') {
    const keys = [...new Set(same.flatMap((r) => Object.keys(r.value as object)))];
    const merged: Record<string, unknown> = {};
    for (const key of keys) {
      const token = escapePointerSegment(key);
      const children = same.map((r) => ({
        ...r,
        value: (r.value as Record<string, unknown>)[key],
        pointer: `${r.pointer}/${token}`,
      }));
      defineKey(merged, key, mergeAt(children, `${out}/${token}`, sources));
    }
    return merged;
  }
  const winner = pickPrimitive(same);
  sources.set(out, source(winner));
  return winner.value;
}

/**
 * What mergeAt makes of a lone candidate, without comparing anything: a copy of its value (null
 * for an absent value), every primitive and null with its source unless `sources` is null (then
 * no pointer is written out either). Most subtrees read one section, and this runs for each
 * answer as the next ones arrive, on the way from the answer to its event.
 */
function copyLone(candidate: Candidate, value: unknown, pointer: string | null, sources: Map<string, LeafSource> | null): unknown {
  if (Array.isArray(value)) return value.map((item, i) => copyLone(candidate, item, pointer === null ? null : `${pointer}/${i}`, sources));
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      defineKey(copy, key, copyLone(candidate, child, pointer === null ? null : `${pointer}/${escapePointerSegment(key)}`, sources));
    }
    return copy;
  }
  if (sources && pointer !== null) sources.set(pointer, { evidence: candidate.evidence.get(pointer), section: candidate.section });
  return value ?? null;
}

/**
 * Merge the answers of several sections (in section order) for one subtree. `sources: false`
 * (nothing will attribute the value) spares a lone answer its map of sources: a pointer written
 * out and kept for every primitive of the answer, for nobody.
 */
export function mergeCandidates(candidates: readonly Candidate[], options: { sources?: boolean } = {}): MergedValue {
  const sources = new Map<string, LeafSource>();
  const lone = candidates.length === 1 ? candidates[0] : undefined;
  if (lone) return options.sources === false ? { value: copyLone(lone, lone.value, null, null), sources } : { value: copyLone(lone, lone.value, '', sources), sources };
  const refs = candidates.map((candidate, order) => ({ value: candidate.value, candidate, pointer: '', order }));
  const value = refs.length ? mergeAt(refs, '', sources) : null;
  return { value, sources };
}

/** Evidence list (pointers relative to the answer) as a lookup; the first entry per pointer wins. */
export function evidenceMap(evidence: readonly FieldEvidence[]): Map<string, FieldEvidence> {
  const map = new Map<string, FieldEvidence>();
  for (const e of evidence) if (!map.has(e.pointer)) map.set(e.pointer, e);
  return map;
}
