import { describe, expect, it } from 'vitest';
import { acceptValid, mergeRepair } from '../../src/pipeline/accept-values.ts';
import { sectionAnswerSchema } from '../../src/pipeline/lenient-schema.ts';
import { normaliseSlip } from '../../src/pipeline/normalise-slip.ts';
import type { JsonSchema } from '../../src/domain/types.ts';
import { createValueValidator } from '../../src/pipeline/validate-value.ts';

const validator = createValueValidator();
const accept = (schema: JsonSchema, value: unknown) =>
  acceptValid({ schema, value, problemsOf: (v) => validator.problems(sectionAnswerSchema(schema), v) });

const lines: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 }, note: { type: 'string', maxLength: 5 } },
    required: ['sku', 'qty'],
  },
};

describe('partial acceptance of one answer', () => {
  it('an optional leaf that breaks the schema becomes null; the rest of its item stays', () => {
    const result = accept(lines, [{ sku: 'A', qty: 1, note: 'far too long' }, { sku: 'B', qty: 2 }]);
    expect(result.value).toEqual([{ sku: 'A', qty: 1, note: null }, { sku: 'B', qty: 2 }]);
    expect(result.dropped).toEqual([{ pointer: '/0/note', message: 'must NOT have more than 5 characters', rejectedValue: 'far too long' }]);
  });

  it('a required leaf that may not be null costs its array item alone, and later pointers move up', () => {
    const result = accept(lines, [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 0 }, { sku: 'C', qty: 3 }]);
    expect(result.value).toEqual([{ sku: 'A', qty: 1 }, { sku: 'C', qty: 3 }]);
    expect(result.dropped).toEqual([{ pointer: '/1', message: '/qty must be >= 1', rejectedValue: { sku: 'B', qty: 0 } }]);
    expect(result.remap('/2/sku')).toBe('/1/sku');
    expect(result.remap('/1/sku')).toBeNull();
    expect(result.remap('/0/sku')).toBe('/0/sku');
  });

  it('a required leaf outside any array becomes null (the merged result reports it) and an unknown property goes', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { total: { type: 'number' }, currency: { type: 'string' } },
      required: ['total'],
      additionalProperties: false,
    };
    const result = accept(schema, { total: 'n/a', currency: 'EUR', extra: 1 });
    expect(result.value).toEqual({ total: null, currency: 'EUR' });
    expect(result.dropped.map((d) => d.pointer).sort()).toEqual(['/extra', '/total']);
  });

  it('a bad item of a list of primitives is dropped alone', () => {
    const result = accept({ type: 'array', items: { type: 'string', format: 'email' } }, ['a@example.com', 'nobody', 'b@example.com']);
    expect(result.value).toEqual(['a@example.com', 'b@example.com']);
    expect(result.dropped).toEqual([{ pointer: '/1', message: 'must match format "email"', rejectedValue: 'nobody' }]);
  });

  it('an answer of the wrong shape altogether leaves nothing usable', () => {
    const result = accept(lines, 'no table here');
    expect(result.value).toBeNull();
    expect(result.dropped).toEqual([{ pointer: '', message: expect.stringContaining('must be array'), rejectedValue: 'no table here' }]);
  });

  it('reads a common slip as the one value the schema accepts before dropping anything', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { day: { type: 'string', format: 'date' }, kind: { enum: ['CREDIT', 'DEBIT'] }, amount: { type: 'number' } },
    };
    const result = accept(schema, { day: 'Monday, 2024-03-04', kind: 'debit', amount: '12.50 EUR' });
    expect(result.value).toEqual({ day: '2024-03-04', kind: 'DEBIT', amount: 12.5 });
    expect(result.dropped).toEqual([]);
    expect(result.normalised.map((n) => n.pointer).sort()).toEqual(['/amount', '/day', '/kind']);
  });
});

describe('slips that are read, and those that are not', () => {
  it.each([
    [{ type: 'string', format: 'date' }, '2024-03-04 or 2024-03-05'],
    [{ type: 'number' }, '1.234,56'],
    [{ type: 'integer' }, '12.5'],
    [{ enum: ['a', 'A'] }, 'A '],
    [{ type: 'string', format: 'uri' }, 'see my profile'],
  ])('%j leaves %j alone (no single reading)', (schema, value) => {
    expect(normaliseSlip(schema, value)).toBeUndefined();
  });

  it.each([
    [{ type: 'number' }, '1,234,567.89 USD', 1234567.89],
    [{ type: ['integer', 'null'] }, '€ 12', 12],
    [{ type: 'string' }, 4711, '4711'],
    [{ type: 'boolean' }, ' TRUE ', true],
    [{ type: 'string', format: 'email' }, 'mailto:a@example.com', 'a@example.com'],
  ])('%j reads %j as %j', (schema, value, expected) => {
    expect(normaliseSlip(schema, value)?.value).toEqual(expected);
  });
});

describe('merging a repair answer', () => {
  it('takes only the repaired pointers from it and removes what it left out', () => {
    const first = { a: 'x', b: 'bad', list: [{ v: 1 }, { v: 'two' }], extra: true };
    const repaired = { a: 'rewritten', b: 'good', list: [{ v: 100 }, { v: 2 }] };
    expect(mergeRepair(first, repaired, ['/b', '/list/1/v', '/extra'])).toEqual({ a: 'x', b: 'good', list: [{ v: 1 }, { v: 2 }] });
  });
});
