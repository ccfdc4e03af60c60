import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSchema, DEFAULT_SCHEMA_LIMITS, type CheckedSchema, type SchemaProblem } from '../../src/schemas/check-schema.ts';
import { checkOnce } from '../../src/schemas/checked-schemas.ts';
import { schemaTextKey } from '../../src/schemas/schema-text-key.ts';

/** A fresh object each call, as each request's parsed body is. */
const invoice = (): Record<string, unknown> => ({
  type: 'object',
  properties: { number: { type: 'string' }, total: { type: 'number', minimum: 0 }, lines: { type: 'array', items: { type: 'string' } } },
});

/** checkOnce with the real checkSchema, counting how many checks actually ran. */
function counted(limits = DEFAULT_SCHEMA_LIMITS) {
  let checks = 0;
  return {
    check: (schema: unknown, tenantId: string): CheckedSchema =>
      checkOnce(schema, limits, tenantId, () => {
        checks++;
        return checkSchema(schema, limits);
      }),
    checks: () => checks,
  };
}

describe('checked schemas', () => {
  it('a tenant sending the same schema text again gets the first check’s result without a new check', () => {
    const tenant = randomUUID();
    const { check, checks } = counted();
    const first = check(invoice(), tenant);
    const again = check(invoice(), tenant);
    expect(first.valid).toBe(true);
    expect(again).toEqual(checkSchema(invoice(), DEFAULT_SCHEMA_LIMITS));
    expect(checks()).toBe(1);
  });

  it('another tenant, other limits or another key order are checked afresh', () => {
    const tenant = randomUUID();
    const { check, checks } = counted();
    check(invoice(), tenant);
    check(invoice(), randomUUID());
    const { properties, type } = invoice();
    check({ properties, type }, tenant);
    expect(checks()).toBe(3);
    const strict = counted({ ...DEFAULT_SCHEMA_LIMITS, maxProperties: 2 });
    const refused = strict.check(invoice(), tenant);
    expect(refused.valid).toBe(false);
    expect(strict.checks()).toBe(1);
  });

  it('a refused schema is checked, and reported in full, every time', () => {
    const tenant = randomUUID();
    const { check, checks } = counted();
    const bad = () => ({ type: 'object', properties: { a: { type: 'strin' } } });
    expect(check(bad(), tenant).valid).toBe(false);
    expect(check(bad(), tenant).errors).toEqual(checkSchema(bad()).errors);
    expect(checks()).toBe(2);
  });

  it('a value that only stringifies like a kept valid schema is checked itself, and refused', () => {
    const tenant = randomUUID();
    const { check, checks } = counted();
    const valid = () => ({ type: 'object', properties: { a: { enum: [null, 1] } } });
    expect(check(valid(), tenant).valid).toBe(true);
    const nan = { type: 'object', properties: { a: { enum: [Number.NaN, 1] } } };
    expect(JSON.stringify(nan)).toBe(JSON.stringify(valid()));
    expect(check(nan, tenant).valid).toBe(false);
    expect(checks()).toBe(2);
  });

  it('kept results cannot be changed by a caller, down to each problem in them', () => {
    const tenant = randomUUID();
    const { check } = counted();
    const warned = () => ({ type: 'object', properties: { a: { type: 'string', nullable: true } } });
    const fresh = checkSchema(warned(), DEFAULT_SCHEMA_LIMITS);
    expect(fresh.warnings).toHaveLength(1);
    check(warned(), tenant);
    const kept = check(warned(), tenant);
    expect(() => (kept.warnings as SchemaProblem[]).push({ path: '', message: 'x' })).toThrow(TypeError);
    expect(() => {
      (kept.warnings[0] as SchemaProblem).message = 'changed by one caller';
    }).toThrow(TypeError);
    expect(check(warned(), tenant)).toEqual(fresh);
  });
});

describe('schema text keys', () => {
  it('are the same for the same JSON text and differ for different text', () => {
    expect(schemaTextKey(invoice())).toEqual(schemaTextKey(invoice()));
    expect(schemaTextKey(invoice())!.hash).not.toBe(schemaTextKey({ ...invoice(), required: ['number'] })!.hash);
  });

  it('are refused to every value JSON.stringify would silently change', () => {
    class Point {
      x = 1;
    }
    const cyclic: Record<string, unknown> = { type: 'object' };
    cyclic['self'] = cyclic;
    for (const value of [
      { a: Number.POSITIVE_INFINITY },
      { a: Number.NaN },
      { a: undefined },
      { a: () => 1 },
      { a: new Date(0) },
      { a: new Point() },
      { a: { toJSON: () => 'x' } },
      { a: [1, undefined] },
      { a: 1n },
      { a: Symbol('s') },
      cyclic,
    ]) {
      expect(schemaTextKey(value)).toBeNull();
    }
    expect(schemaTextKey({ a: [1, 'b', null, true, { c: {} }], d: Object.create(null) as object })).not.toBeNull();
  });
});
