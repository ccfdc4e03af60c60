import { describe, expect, it } from 'vitest';
import { createBoundedLru } from '../src/bounded-lru.ts';

/** A cache of the given bounds that records what it evicts, in order. */
function recording(maxEntries: number, maxCharge: number) {
  const evicted: string[] = [];
  const lru = createBoundedLru<string, string>({ maxEntries, maxCharge, onEvict: (value, key) => evicted.push(`${key}=${value}`) });
  return { lru, evicted };
}

const keysOf = (lru: { peek(key: string): string | undefined }, keys: string[]) => keys.filter((k) => lru.peek(k) !== undefined);

describe('bounded LRU', () => {
  it('past the count bound the least recently set entry goes first', () => {
    const { lru, evicted } = recording(2, 100);
    lru.set('a', '1', 1);
    lru.set('b', '2', 1);
    lru.set('c', '3', 1);
    expect(evicted).toEqual(['a=1']);
    expect(keysOf(lru, ['a', 'b', 'c'])).toEqual(['b', 'c']);
    expect(lru.size).toBe(2);
  });

  it('a get makes its entry the most recently used; a peek does not', () => {
    const { lru, evicted } = recording(2, 100);
    lru.set('a', '1', 1);
    lru.set('b', '2', 1);
    expect(lru.get('a')).toBe('1');
    lru.set('c', '3', 1);
    expect(evicted).toEqual(['b=2']);
    expect(lru.peek('a')).toBe('1');
    lru.set('d', '4', 1);
    expect(evicted).toEqual(['b=2', 'a=1']);
  });

  it('past the charge bound as many of the oldest go as it takes, and the total is what is left', () => {
    const { lru, evicted } = recording(100, 10);
    lru.set('a', '1', 3);
    lru.set('b', '2', 3);
    lru.set('c', '3', 3);
    expect(lru.totalCharge).toBe(9);
    lru.set('d', '4', 8);
    expect(evicted).toEqual(['a=1', 'b=2', 'c=3']);
    expect(lru.totalCharge).toBe(8);
    expect(keysOf(lru, ['a', 'b', 'c', 'd'])).toEqual(['d']);
  });

  it('an entry charged more than the whole bound is kept alone until the next is set', () => {
    const { lru, evicted } = recording(100, 10);
    lru.set('a', '1', 2);
    lru.set('huge', 'h', 50);
    expect(evicted).toEqual(['a=1']);
    expect(lru.get('huge')).toBe('h');
    expect(lru.totalCharge).toBe(50);
    lru.set('b', '2', 2);
    expect(evicted).toEqual(['a=1', 'huge=h']);
    expect(lru.totalCharge).toBe(2);
  });

  it('a count bound of zero still keeps the newest entry', () => {
    const { lru } = recording(0, 100);
    lru.set('a', '1', 1);
    expect(lru.get('a')).toBe('1');
  });

  it('adding to an entry’s charge pushes out the least recently used, itself included, without making it recent', () => {
    const { lru, evicted } = recording(100, 10);
    lru.set('a', '1', 2);
    lru.set('b', '2', 2);
    lru.set('c', '3', 2);
    expect(lru.addCharge('b', 3)).toBe(true);
    expect(lru.chargeOf('b')).toBe(5);
    expect(lru.totalCharge).toBe(9);
    expect(evicted).toEqual([]);
    expect(lru.addCharge('a', 2)).toBe(true);
    // 11 past 10: the oldest, the very entry that grew, goes.
    expect(evicted).toEqual(['a=1']);
    expect(lru.totalCharge).toBe(7);
    expect(lru.addCharge('a', 1)).toBe(false);
    expect(lru.chargeOf('a')).toBeUndefined();
  });

  it('setting a key again replaces its value and charge, and hands the replaced value to the callback', () => {
    const { lru, evicted } = recording(100, 10);
    lru.set('a', '1', 4);
    lru.set('b', '2', 4);
    lru.set('a', '1b', 1);
    expect(evicted).toEqual(['a=1']);
    expect(lru.totalCharge).toBe(5);
    expect(lru.size).toBe(2);
    // Re-set, 'a' is now the most recent: 'b' goes first.
    lru.set('c', '3', 10);
    expect(evicted).toEqual(['a=1', 'b=2', 'a=1b']);
  });

  it('works without a callback', () => {
    const lru = createBoundedLru<number, object>({ maxEntries: 1, maxCharge: 1 });
    const kept = {};
    lru.set(1, {}, 1);
    lru.set(2, kept, 1);
    expect(lru.peek(1)).toBeUndefined();
    expect(lru.peek(2)).toBe(kept);
  });
});
