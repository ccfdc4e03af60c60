import { describe, expect, it } from 'vitest';
import { extractArrayInTurns, maxTurns, overlapLength } from '../../src/pipeline/array-turns.ts';
import type { TurnReport } from '../../src/pipeline/array-turns.ts';
import type { ModelResponse, Section } from '../../src/domain/types.ts';
import { ZERO_USAGE } from '../../src/domain/types.ts';

const section: Section = { pages: [], text: '', imagePages: [] };
const rows = Array.from({ length: 120 }, (_, i) => ({ n: i + 1 }));

function reply(value: unknown, extra: Partial<ModelResponse> = {}): ModelResponse {
  return { value, evidence: [], usage: ZERO_USAGE, ...extra };
}

describe('overlap at a turn boundary', () => {
  it('is the longest run of leading items that repeats the trailing items', () => {
    expect(overlapLength([1, 2, 3], [2, 3, 4])).toBe(2);
    expect(overlapLength([1, 2, 3], [4, 5])).toBe(0);
    expect(overlapLength([1, 2, 3], [3])).toBe(1);
    expect(overlapLength([], [1])).toBe(0);
  });
});

describe('turn-based array extraction', () => {
  it('a turn whose items were all dropped as invalid does not end the loop: the next turn starts after them', async () => {
    const asked: number[] = [];
    const result = await extractArrayInTurns({
      section,
      itemsPerTurn: 50,
      ask: async ({ itemsSoFar }) => {
        asked.push(itemsSoFar);
        const items = rows.slice(itemsSoFar, itemsSoFar + 50);
        const done = itemsSoFar + 50 >= rows.length;
        // The caller dropped every item of the second turn.
        return itemsSoFar === 50 ? { ...reply([], { done }), returned: items.length } : { ...reply(items, { done }), returned: items.length };
      },
      onTurn: () => {},
    });
    expect(asked).toEqual([0, 50, 100]);
    expect(result.candidate.value).toEqual([...rows.slice(0, 50), ...rows.slice(100)]);
  });

  it('asks from where the last turn stopped until the model says done', async () => {
    const asked: number[] = [];
    const reports: TurnReport[] = [];
    const result = await extractArrayInTurns({
      section,
      itemsPerTurn: 50,
      ask: async ({ itemsSoFar, lastItems }) => {
        asked.push(itemsSoFar);
        expect(lastItems).toEqual(rows.slice(Math.max(0, itemsSoFar - 3), itemsSoFar));
        const items = rows.slice(itemsSoFar, itemsSoFar + 50);
        return reply(items, { done: itemsSoFar + 50 >= rows.length });
      },
      onTurn: (r) => reports.push(r),
    });
    expect(result.candidate.value).toEqual(rows);
    expect(asked).toEqual([0, 50, 100]);
    expect(reports).toEqual([
      { turn: 1, items: 50, finished: false },
      { turn: 2, items: 100, finished: false },
      { turn: 3, items: 120, finished: true },
    ]);
    expect(result.capped).toBe(false);
  });

  it('drops items the model repeats at the start of a turn and shifts their evidence', async () => {
    const result = await extractArrayInTurns({
      section,
      itemsPerTurn: 2,
      ask: async ({ itemsSoFar }) => {
        if (itemsSoFar === 0) return reply([{ n: 1 }, { n: 2 }]);
        // Restarts one item early.
        return reply([{ n: 2 }, { n: 3 }], { done: true, evidence: [{ pointer: '/1/n', quote: 'three' }] });
      },
      onTurn: () => {},
    });
    expect(result.candidate.value).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(result.candidate.evidence.get('/2/n')?.quote).toBe('three');
  });

  it('stops when a turn brings nothing new even if the model never says done', async () => {
    let calls = 0;
    const result = await extractArrayInTurns({
      section,
      itemsPerTurn: 2,
      ask: async () => {
        calls++;
        return reply([{ n: 1 }, { n: 2 }]);
      },
      onTurn: () => {},
    });
    expect(calls).toBe(2);
    expect(result.candidate.value).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('gives up after the turn cap on a model that keeps inventing items', async () => {
    let next = 0;
    const result = await extractArrayInTurns({
      section,
      itemsPerTurn: 500,
      ask: async () => reply([{ n: next++ }]),
      onTurn: () => {},
    });
    expect(result.turns).toBe(maxTurns(500));
    expect(result.capped).toBe(true);
  });
});
