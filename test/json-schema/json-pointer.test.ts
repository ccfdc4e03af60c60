import { describe, expect, it } from 'vitest';
import { appendPointer, getAtPointer, mergeAtPointer, parsePointer, setAtPointer } from '../../src/json-schema/json-pointer.ts';

describe('JSON pointers', () => {
  it('escapes "~" as ~0 and "/" as ~1, and parses them back', () => {
    expect(appendPointer('', 'a/b', 'c~d', 0)).toBe('/a~1b/c~0d/0');
    expect(parsePointer('/a~1b/c~0d/~01')).toEqual(['a/b', 'c~d', '~1']);
  });

  it('gets values through objects and arrays, and undefined for missing steps', () => {
    const doc = { a: { 'x/y': [10, { z: 2 }] } };
    expect(getAtPointer(doc, '')).toBe(doc);
    expect(getAtPointer(doc, '/a/x~1y/1/z')).toBe(2);
    expect(getAtPointer(doc, '/a/missing/z')).toBeUndefined();
    expect(getAtPointer(doc, '/a/toString')).toBeUndefined();
  });

  it('sets a value, creating intermediate objects even for numeric keys', () => {
    const target: Record<string, unknown> = {};
    setAtPointer(target, '/seller/2024/total', 5);
    expect(target).toEqual({ seller: { '2024': { total: 5 } } });
    setAtPointer(target, '/seller', { name: 'x' });
    expect(target).toEqual({ seller: { name: 'x' } });
  });

  it('merging two partial answers of the same object keeps both', () => {
    const result: Record<string, unknown> = {};
    mergeAtPointer(result, '', { a: 1, seller: { name: 'x' } });
    mergeAtPointer(result, '', { b: 2, seller: { city: 'y' } });
    mergeAtPointer(result, '/line_items', [{ n: 1 }]);
    expect(result).toEqual({ a: 1, b: 2, seller: { name: 'x', city: 'y' }, line_items: [{ n: 1 }] });
  });

  it('a key named __proto__ becomes a property, not a prototype', () => {
    const target: Record<string, unknown> = {};
    setAtPointer(target, '/__proto__/polluted', true);
    mergeAtPointer(target, '', JSON.parse('{"__proto__": {"also": true}}'));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.hasOwn(target, '__proto__')).toBe(true);
    expect(getAtPointer(target, '/__proto__/also')).toBe(true);
  });
});
