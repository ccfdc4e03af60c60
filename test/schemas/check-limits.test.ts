import { describe, expect, it } from 'vitest';
import { checkExpandedLimits } from '../../src/schemas/check-limits.ts';

const EXPANSION_ONLY = { maxDepth: Infinity, maxProperties: Infinity, maxEnumSize: Infinity };

/**
 * `c0: anyOf [c1, c1]`, `c1: anyOf [c2, c2]`, ... down to `last`: `last` is reached 2^levels times,
 * through the same few $ref strings.
 */
function doublingChain(levels: number, last: { name: string; schema: Record<string, unknown> }): Record<string, unknown> {
  const defs: Record<string, unknown> = { [last.name]: last.schema };
  for (let i = 0; i < levels; i++) defs[`c${i}`] = { anyOf: [{ $ref: `#/$defs/c${i + 1}` }, { $ref: `#/$defs/c${i + 1}` }] };
  defs[`c${levels}`] = { $ref: `#/$defs/${last.name}` };
  return { type: 'object', $defs: defs, properties: { a: { $ref: '#/$defs/c0' } } };
}

/** `target` with its `key` read through a getter that counts the reads. */
function countingReads(target: Record<string, unknown>, key: string): { reads: () => number } {
  const value = target[key];
  let reads = 0;
  Object.defineProperty(target, key, { enumerable: true, get: () => (reads++, value) });
  return { reads: () => reads };
}

describe('the expanded-limits walk does the work of a node once however often its $refs reach it', () => {
  it('looks each distinct $ref up once, not once per use', () => {
    const levels = 10;
    const schema = doublingChain(levels, { name: 'leaf', schema: { type: 'string' } });
    // Every lookup of a `#/$defs/...` target reads the root's $defs.
    const defs = countingReads(schema, '$defs');
    expect(checkExpandedLimits(schema, EXPANSION_ONLY)).toEqual([]);
    // levels + 2 distinct refs (c0 .. c_levels and leaf), and one read by the root's own visit;
    // a lookup per use would be over 2^levels.
    expect(defs.reads()).toBeLessThanOrEqual(levels + 3);
  });

  it('goes through the entries of a definition nested in a reached node once, not on every visit', () => {
    const nested = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`x${i}`, { type: 'string' }]));
    let listings = 0;
    const counted = new Proxy(nested, {
      ownKeys: (target) => (listings++, Reflect.ownKeys(target)),
    });
    const schema = doublingChain(10, { name: 'leaf', schema: { type: 'string', $defs: counted } });
    expect(checkExpandedLimits(schema, EXPANSION_ONLY)).toEqual([]);
    // Once for the walk, once for measuring its text; once per visit would be over 2^10.
    expect(listings).toBeLessThanOrEqual(2);
  });

  it('reports a definition too deep where it is written, once however often it is reached', () => {
    const schema = doublingChain(4, { name: 'deep', schema: { type: 'object', properties: { b: { type: 'object', properties: { c: { type: 'string' } } } } } });
    expect(checkExpandedLimits(schema, { ...EXPANSION_ONLY, maxDepth: 2 })).toEqual([
      { path: '/$defs/deep/properties/b', message: expect.stringMatching(/nesting depth 3 exceeds the limit of 2/) },
    ]);
  });
});
