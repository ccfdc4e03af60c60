import { describe, expect, it } from 'vitest';
import { resolveRefs } from '../../src/json-schema/resolve-refs.ts';

const str = { type: 'string' };

describe('resolveRefs', () => {
  it('inlines references to $defs and definitions, following chains', () => {
    const result = resolveRefs({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://example.com/invoice',
      type: 'object',
      $defs: { party: { type: 'object', properties: { name: str, address: { $ref: '#/definitions/address' } } } },
      definitions: { address: { type: 'object', properties: { city: str } } },
      properties: { seller: { $ref: '#/$defs/party' }, buyer: { $ref: '#/$defs/party' } },
    });
    const party = { type: 'object', properties: { name: str, address: { type: 'object', properties: { city: str } } } };
    expect(result).toEqual({ type: 'object', properties: { seller: party, buyer: party } });
  });

  it('merges siblings of $ref over the target, combining properties and required', () => {
    const result = resolveRefs({
      type: 'object',
      $defs: { base: { type: 'object', description: 'a party', properties: { name: str }, required: ['name'] } },
      properties: {
        seller: { $ref: '#/$defs/base', description: 'who sells', properties: { vat: str }, required: ['vat'] },
      },
    });
    expect(result['properties']).toEqual({
      seller: { type: 'object', description: 'who sells', properties: { name: str, vat: str }, required: ['name', 'vat'] },
    });
  });

  it('drops $defs, definitions, $schema and $id at every level', () => {
    const result = resolveRefs({
      type: 'object',
      properties: { a: { $id: 'inner', $defs: { x: str }, type: 'object', properties: { b: str } } },
    });
    expect(JSON.stringify(result)).not.toMatch(/\$defs|\$id|\$schema|definitions/);
  });

  it('leaves "$ref" alone where it is a property name or data', () => {
    const schema = {
      type: 'object',
      properties: { $ref: str, kind: { enum: [{ $ref: '#/$defs/nothing' }] }, d: { type: 'object', default: { $ref: 'x' } } },
    };
    expect(resolveRefs(schema)).toEqual(schema);
  });

  it('decodes percent-encoded and ~-escaped definition names', () => {
    const result = resolveRefs({
      type: 'object',
      $defs: { 'my type': { type: 'number' }, 'a/b': { type: 'boolean' } },
      properties: { x: { $ref: '#/$defs/my%20type' }, y: { $ref: '#/$defs/a~1b' } },
    });
    expect(result['properties']).toEqual({ x: { type: 'number' }, y: { type: 'boolean' } });
  });

  it('returns a copy that shares nothing with the input', () => {
    const schema = { type: 'object', $defs: { a: { type: 'object', properties: { b: str } } }, properties: { x: { $ref: '#/$defs/a' }, y: { $ref: '#/$defs/a' } } };
    const before = structuredClone(schema);
    const result = resolveRefs(schema) as { properties: Record<string, { properties: Record<string, unknown> }> };
    result.properties['x']!.properties['b'] = 'changed';
    expect(schema).toEqual(before);
    expect(result.properties['y']!.properties['b']).toEqual(str);
  });

  it('is a new tree throughout: no object of the input, none reached twice (enums, defaults, and a list where a schema belongs included)', () => {
    const objects = (value: unknown, into: object[] = []): object[] => {
      if (typeof value === 'object' && value !== null) {
        into.push(value);
        for (const child of Object.values(value)) objects(child, into);
      }
      return into;
    };
    const schema = {
      type: 'object',
      $defs: { e: { enum: [['a'], { b: 1 }], default: { c: [1] }, examples: [[2]] }, odd: { not: [{ type: 'string' }], anyOf: [[1]] } },
      properties: { x: { $ref: '#/$defs/e' }, y: { $ref: '#/$defs/e' }, z: { $ref: '#/$defs/odd' } },
    };
    const input = new Set(objects(schema));
    const output = objects(resolveRefs(schema));
    expect(output.filter((o) => input.has(o))).toEqual([]);
    expect(new Set(output).size).toBe(output.length);
  });

  it('rewrites draft-07 tuples and dependencies to their 2020-12 forms', () => {
    const result = resolveRefs({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      dependencies: { a: ['b'], c: { required: ['d'] } },
      properties: { pair: { type: 'array', items: [str, { type: 'number' }], additionalItems: false } },
    });
    expect(result).toEqual({
      type: 'object',
      dependentRequired: { a: ['b'] },
      dependentSchemas: { c: { required: ['d'] } },
      properties: { pair: { type: 'array', prefixItems: [str, { type: 'number' }], items: false } },
    });
  });

  it('throws on a cycle instead of looping', () => {
    const schema = { type: 'object', $defs: { n: { type: 'object', properties: { next: { $ref: '#/$defs/n' } } } }, properties: { n: { $ref: '#/$defs/n' } } };
    expect(() => resolveRefs(schema)).toThrow(/cycle/);
  });

  it('throws on a cycle written with two spellings of one pointer', () => {
    const schema = { type: 'object', $defs: { n: { anyOf: [{ type: 'null' }, { $ref: '#/%24defs/n' }] } }, properties: { n: { $ref: '#/$defs/n' } } };
    expect(() => resolveRefs(schema)).toThrow(/cycle/);
  });

  it('looks each distinct $ref up once, however often the definitions reach it', () => {
    // c0: anyOf [c1, c1], ..., c9: anyOf [leaf, leaf]: leaf is written out 2^10 times.
    const defs: Record<string, unknown> = { leaf: { type: 'string' } };
    for (let i = 0; i < 10; i++) defs[`c${i}`] = { anyOf: [{ $ref: `#/$defs/${i < 9 ? `c${i + 1}` : 'leaf'}` }, { $ref: `#/$defs/${i < 9 ? `c${i + 1}` : 'leaf'}` }] };
    const schema: Record<string, unknown> = { type: 'object', properties: { a: { $ref: '#/$defs/c0' } } };
    // Every lookup of a `#/$defs/...` target reads the root's $defs.
    let reads = 0;
    Object.defineProperty(schema, '$defs', { enumerable: true, get: () => (reads++, defs) });

    const resolved = resolveRefs(schema);
    let leaves = 0;
    const count = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      if ((node as Record<string, unknown>)['type'] === 'string') leaves++;
      Object.values(node).forEach(count);
    };
    count(resolved);
    expect(leaves).toBe(1024);
    // 11 distinct refs and the root's own read; a lookup per use would be over 2,000.
    expect(reads).toBeLessThanOrEqual(12);
  });
});
