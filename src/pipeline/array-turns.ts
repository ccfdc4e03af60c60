/**
 * Turn-based extraction of a long array from one section: ask for `itemsPerTurn` items at a
 * time, telling the model how many it already gave and the last few, until it says it is done.
 *
 * Models restart a little early at a turn boundary, so the longest run of leading items that
 * repeats the previous turn's trailing items is dropped. A turn stops the loop when the model
 * says done, returns no items, returns only repeats, or the turn cap is reached (a guard
 * against a model that never says done).
 *
 * Items the caller dropped because they broke the schema (`returned` counts what the model gave)
 * never end the loop: they count as read when telling the model where to continue, so a turn
 * whose items were all dropped moves on instead of asking for them again.
 */
import type { FieldEvidence, ModelResponse, Section } from '../domain/types.ts';
import type { Candidate } from './merge-results.ts';
import { comparisonKey } from './value-text.ts';

/** Items echoed back to the model so it knows where to continue. */
const LAST_ITEMS_SHOWN = 3;
/** Upper bound on items per section that turns are sized for; beyond it the cap stops the loop. */
const MAX_ITEMS_PER_SECTION = 2000;

export function maxTurns(itemsPerTurn: number): number {
  return Math.ceil(MAX_ITEMS_PER_SECTION / Math.max(1, itemsPerTurn)) + 5;
}

/** How many leading items of `next` repeat the trailing items of `previous`. */
export function overlapLength(previous: readonly unknown[], next: readonly unknown[]): number {
  const prevKeys = previous.map(comparisonKey);
  const nextKeys = next.map(comparisonKey);
  for (let k = Math.min(prevKeys.length, nextKeys.length); k > 0; k--) {
    let same = true;
    for (let i = 0; i < k && same; i++) same = prevKeys[prevKeys.length - k + i] === nextKeys[i];
    if (same) return k;
  }
  return 0;
}

export interface TurnReport {
  /** 1-based turn number within this section. */
  turn: number;
  /** Items kept from this section so far. */
  items: number;
  /** True on the section's last turn. */
  finished: boolean;
}

export interface TurnsResult {
  candidate: Candidate;
  turns: number;
  /** True when the cap stopped the loop before the model said it was done. */
  capped: boolean;
}

export class TurnOutputError extends Error {
  override readonly name = 'TurnOutputError';
}

function shiftEvidence(evidence: readonly FieldEvidence[], dropped: number, base: number): FieldEvidence[] {
  const out: FieldEvidence[] = [];
  for (const e of evidence) {
    const m = /^\/(\d+)(\/.*)?$/.exec(e.pointer);
    if (!m) continue;
    const i = Number(m[1]);
    if (i < dropped) continue;
    out.push({ ...e, pointer: `/${base + i - dropped}${m[2] ?? ''}` });
  }
  return out;
}

export async function extractArrayInTurns(args: {
  section: Section;
  itemsPerTurn: number;
  /**
   * One model call (validated and repaired by the caller) for the given continuation; `returned`
   * is how many items the model gave before invalid ones were dropped (default: all were kept).
   */
  ask: (continuation: { itemsSoFar: number; lastItems: unknown[] }) => Promise<ModelResponse & { returned?: number }>;
  /** Called after every turn, in order. */
  onTurn: (report: TurnReport) => void;
}): Promise<TurnsResult> {
  const items: unknown[] = [];
  const evidence = new Map<string, FieldEvidence>();
  const cap = maxTurns(args.itemsPerTurn);
  // Items the model gave in earlier turns that were dropped as invalid.
  let skipped = 0;
  for (let turn = 1; ; turn++) {
    const response = await args.ask({ itemsSoFar: items.length + skipped, lastItems: items.slice(-LAST_ITEMS_SHOWN) });
    if (!Array.isArray(response.value)) {
      throw new TurnOutputError(`turn ${turn}: expected an array of items, got ${typeof response.value}`);
    }
    const answer = response.value;
    const dropped = overlapLength(items, answer);
    for (const e of shiftEvidence(response.evidence, dropped, items.length)) {
      if (!evidence.has(e.pointer)) evidence.set(e.pointer, e);
    }
    items.push(...answer.slice(dropped));
    const newItems = answer.length - dropped;
    const invalid = Math.max(0, (response.returned ?? answer.length) - answer.length);
    skipped += invalid;
    const progressed = newItems > 0 || invalid > 0;
    const capped = turn >= cap && response.done !== true && progressed;
    const finished = response.done === true || !progressed || turn >= cap;
    args.onTurn({ turn, items: items.length, finished });
    if (finished) {
      return { candidate: { value: items, evidence, section: args.section }, turns: turn, capped };
    }
  }
}
