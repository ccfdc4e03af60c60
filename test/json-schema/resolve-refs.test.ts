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
});
