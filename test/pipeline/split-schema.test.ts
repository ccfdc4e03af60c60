import { describe, expect, it } from 'vitest';
import { countLeafFields, splitResolvedSchema, splitSchema } from '../../src/pipeline/split-schema.ts';
import { resolveRefs } from '../../src/json-schema/resolve-refs.ts';
import { checkSchema } from '../../src/schemas/check-schema.ts';
import type { JsonSchema, Subtree } from '../../src/domain/types.ts';

const str = { type: 'string' };
const num = { type: 'number' };

const lineItems = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      description: str,
      amount: num,
      taxes: { type: 'array', items: { type: 'object', properties: { rate: num, amount: num } } },
    },
    required: ['description'],
  },
};

const invoice: JsonSchema = {
  type: 'object',
  properties: {
    invoice_number: str,
    seller: {
      type: 'object',
      properties: {
        name: str,
        address: { type: 'object', properties: { street: str, city: str } },
        bank_accounts: { type: 'array', items: { type: 'object', properties: { iban: str } } },
      },
      required: ['name', 'bank_accounts'],
    },
    line_items: lineItems,
    total: num,
  },
  required: ['invoice_number', 'line_items', 'total'],
};

const pointers = (subtrees: Subtree[]): string[] => subtrees.map((s) => s.pointer);

function flatObject(leaves: number): JsonSchema {
  const properties = Object.fromEntries(Array.from({ length: leaves }, (_, i) => [`f${i}`, str]));
  return { type: 'object', properties, required: ['f0', 'f30', 'f59'] };
}

describe('splitSchema', () => {
  it('arrays of objects become their own subtrees after the group of their parent', () => {
    const { subtrees } = splitSchema(invoice, {});
    expect(pointers(subtrees)).toEqual(['', '/seller/bank_accounts', '/line_items']);
  });

  it('a small nested object is folded into its parent group without its arrays of objects', () => {
    const [root] = splitSchema(invoice, {}).subtrees;
    expect(root!.schema).toEqual({
      type: 'object',
      properties: {
        invoice_number: str,
        seller: {
          type: 'object',
          properties: { name: str, address: { type: 'object', properties: { street: str, city: str } } },
          required: ['name'],
        },
        total: num,
      },
      required: ['invoice_number', 'total'],
    });
    expect(root!.fieldCount).toBe(5);
  });

  it('an array nested inside an array of objects stays inside it', () => {
    const { subtrees } = splitSchema(invoice, {});
    const items = subtrees.find((s) => s.pointer === '/line_items')!;
    expect(items.schema).toEqual(lineItems);
    expect(items.fieldCount).toBe(4);
    expect(pointers(subtrees)).not.toContain('/line_items/taxes');
  });

  it('totalFields is the sum of the subtrees and agrees with checkSchema', () => {
    const { subtrees, totalFields } = splitSchema(invoice, {});
    expect(totalFields).toBe(subtrees.reduce((sum, s) => sum + s.fieldCount, 0));
    expect(totalFields).toBe(10);
    expect(checkSchema(invoice).totalFields).toBe(10);
  });

  it('a 60-leaf object is split into groups of at most the field budget, in document order', () => {
    const { subtrees, totalFields } = splitSchema(flatObject(60), { fieldBudget: 25 });
    expect(subtrees.map((s) => [s.pointer, s.fieldCount])).toEqual([
      ['', 25],
      ['', 25],
      ['', 10],
    ]);
    expect(totalFields).toBe(60);
    const names = subtrees.flatMap((s) => Object.keys(s.schema['properties'] as object));
    expect(names).toEqual(Array.from({ length: 60 }, (_, i) => `f${i}`));
    expect(subtrees.map((s) => s.schema['required'])).toEqual([['f0'], ['f30'], ['f59']]);
  });

  it('the default budget is 25 leaves', () => {
    expect(splitSchema(flatObject(26), {}).subtrees.map((s) => s.fieldCount)).toEqual([25, 1]);
  });

  it('a nested object over the budget is split at its own pointer, after the parent group', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { id: str, big: flatObject(30), small: { type: 'object', properties: { a: str, b: str } } },
    };
    const { subtrees } = splitSchema(schema, { fieldBudget: 25 });
    expect(subtrees.map((s) => [s.pointer, s.fieldCount])).toEqual([
      ['', 3],
      ['/big', 25],
      ['/big', 5],
    ]);
    expect(Object.keys(subtrees[0]!.schema['properties'] as object)).toEqual(['id', 'small']);
  });

  it('a nested object that does not fit the rest of a group starts the next group', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { a: str, b: str, c: str, obj: { type: 'object', properties: { x: str, y: str } } },
    };
    const { subtrees } = splitSchema(schema, { fieldBudget: 4 });
    expect(subtrees.map((s) => Object.keys(s.schema['properties'] as object))).toEqual([['a', 'b', 'c'], ['obj']]);
  });

  it('references are resolved in the subtrees', () => {
    const schema: JsonSchema = {
      type: 'object',
      $defs: { item: { type: 'object', properties: { sku: str } } },
      properties: { rows: { type: 'array', items: { $ref: '#/$defs/item' } }, total: num },
    };
    const { subtrees } = splitSchema(schema, {});
    expect(subtrees).toEqual([
      { pointer: '', schema: { type: 'object', properties: { total: num } }, fieldCount: 1 },
      { pointer: '/rows', schema: { type: 'array', items: { type: 'object', properties: { sku: str } } }, fieldCount: 1 },
    ]);
  });

  it('a schema resolved already is split as it is: the same subtrees, made of its own objects', () => {
    const schema: JsonSchema = {
      type: 'object',
      $defs: { item: { type: 'object', properties: { sku: str } } },
      properties: { rows: { type: 'array', items: { $ref: '#/$defs/item' } }, total: num },
    };
    const resolved = resolveRefs(schema);
    const split = splitResolvedSchema(resolved);
    expect(split).toEqual(splitSchema(schema));
    const properties = resolved['properties'] as Record<string, unknown>;
    expect(split.subtrees[1]!.schema).toBe(properties['rows']);
    expect((split.subtrees[0]!.schema['properties'] as Record<string, unknown>)['total']).toBe(properties['total']);
  });

  it('a property name with "/" or "~" is escaped in the pointer', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { 'a/b~c': { type: 'array', items: { type: 'object', properties: { x: str } } } },
    };
    expect(pointers(splitSchema(schema, {}).subtrees)).toEqual(['/a~1b~0c']);
  });

  it('a group of a partial object drops keywords that may mention the missing properties', () => {
    const schema: JsonSchema = { ...flatObject(3), minProperties: 3, additionalProperties: false };
    const { subtrees } = splitSchema(schema, { fieldBudget: 2 });
    expect(subtrees[0]!.schema).not.toHaveProperty('minProperties');
    expect(subtrees[0]!.schema['additionalProperties']).toBe(false);
    expect(splitSchema(schema, { fieldBudget: 3 }).subtrees[0]!.schema['minProperties']).toBe(3);
  });
});

describe('splitSchema: turn-based arrays', () => {
  const rows = (extra: Record<string, unknown> = {}): JsonSchema => ({
    type: 'object',
    properties: { rows: { type: 'array', items: { type: 'object', properties: { a: str } }, ...extra } },
  });
  const rowsSubtree = (schema: JsonSchema, options: Parameters<typeof splitSchema>[1]): Subtree =>
    splitSchema(schema, options).subtrees.find((s) => s.pointer === '/rows')!;

  it('an array with x-agenticArrayExtractionMaxItemsPerTurn uses that number', () => {
    expect(rowsSubtree(rows({ 'x-agenticArrayExtractionMaxItemsPerTurn': 12 }), {}).itemsPerTurn).toBe(12);
  });

  it('the array number wins over the job default', () => {
    const schema = rows({ 'x-agenticArrayExtractionMaxItemsPerTurn': 12 });
    expect(rowsSubtree(schema, { agenticArrays: true, defaultItemsPerTurn: 30 }).itemsPerTurn).toBe(12);
  });

  it('agenticArrays gives every array of objects the default of 50, or the given default', () => {
    expect(rowsSubtree(rows(), { agenticArrays: true }).itemsPerTurn).toBe(50);
    expect(rowsSubtree(rows(), { agenticArrays: true, defaultItemsPerTurn: 7 }).itemsPerTurn).toBe(7);
  });

  it('without either, or with 0, the array is extracted in one call', () => {
    expect(rowsSubtree(rows(), {})).not.toHaveProperty('itemsPerTurn');
    expect(rowsSubtree(rows({ 'x-agenticArrayExtractionMaxItemsPerTurn': 0 }), {})).not.toHaveProperty('itemsPerTurn');
  });
});

describe('countLeafFields', () => {
  it('counts tuple members, the largest alternative, and free-form values as one', () => {
    const schema = resolveRefs({
      type: 'object',
      properties: {
        pair: { type: 'array', prefixItems: [str, num] },
        either: { anyOf: [{ type: 'object', properties: { a: str, b: str } }, { type: 'null' }] },
        anything: {},
      },
    });
    expect(countLeafFields(schema)).toBe(5);
  });
});
