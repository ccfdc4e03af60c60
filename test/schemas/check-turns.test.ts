import { describe, expect, it } from 'vitest';
import { inTurn } from '../../src/schemas/check-turns.ts';

/** Work that holds the thread for `ms`, as a check's synchronous part does. */
const holding = (name: string, ms: number, order: string[]) => () => {
  const started = performance.now();
  while (performance.now() - started < ms);
  order.push(name);
  return name;
};

describe('the API thread’s share of schema checks, in turns', () => {
  it('a burst’s work runs in order with its own results and errors', async () => {
    const order: string[] = [];
    const failing = inTurn(() => {
      throw new Error('refused');
    });
    const results = await Promise.all([inTurn(holding('a', 0, order)), failing.catch((e: Error) => e.message), inTurn(holding('b', 0, order))]);
    expect(results).toEqual(['a', 'refused', 'b']);
    expect(order).toEqual(['a', 'b']);
  });

  it('callbacks that come due meanwhile (another client’s request) run between long pieces of a burst, not after all of it', async () => {
    const order: string[] = [];
    const burst = Promise.all(['a', 'b', 'c'].map((name) => inTurn(holding(name, 5, order))));
    setTimeout(() => order.push('other client'), 0);
    await burst;
    expect(order).toEqual(['a', 'other client', 'b', 'c']);
  });
});
