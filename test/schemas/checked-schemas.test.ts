import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSchema, DEFAULT_SCHEMA_LIMITS, type CheckedSchema, type SchemaProblem } from '../../src/schemas/check-schema.ts';
import { checkOnce, checkOnceElsewhere, splitShapeOnce } from '../../src/schemas/checked-schemas.ts';
import { splitSchema } from '../../src/pipeline/split-schema.ts';
import type { JsonSchema } from '../../src/domain/types.ts';
import { schemaTextKey } from '../../src/schemas/schema-text-key.ts';
import { expandingSchema } from './expanding-schema.ts';

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

describe('checked schemas: bounds', () => {
  /** A valid schema whose JSON text is about `chars` long, different for each `n`. */
  const sized = (n: number, chars: number): Record<string, unknown> => ({
    type: 'object',
    description: `${n}:`.padEnd(chars, 'd'),
    properties: { a: { type: 'string' } },
  });

  it('keeps at most 256 schemas, least recently used out', () => {
    const tenant = randomUUID();
    const { check, checks } = counted();
    const small = (n: number) => ({ type: 'object', properties: { [`p${n}`]: { type: 'string' } } });
    for (let n = 0; n <= 256; n++) check(small(n), tenant);
    expect(checks()).toBe(257);
    check(small(256), tenant);
    expect(checks()).toBe(257);
    check(small(0), tenant); // the oldest went out when the 257th came in
    expect(checks()).toBe(258);
  });

  it('keeps at most 4 MiB of schema text in all, least recently used out', () => {
    const tenant = randomUUID();
    const { check, checks } = counted();
    // 23 entries of 180,000 characters fit in 4 MiB, the 24th pushes the oldest out.
    for (let n = 0; n < 24; n++) check(sized(n, 180_000), tenant);
    expect(checks()).toBe(24);
    check(sized(23, 180_000), tenant);
    check(sized(1, 180_000), tenant);
    expect(checks()).toBe(24);
    check(sized(0, 180_000), tenant);
    expect(checks()).toBe(25);
  });

  it('does not keep a schema whose text is over 256 KiB, though its strings are few', () => {
    const tenant = randomUUID();
    const { check, checks } = counted();
    const long = () => ({
      type: 'object',
      description: 'd'.repeat(190_000),
      properties: { a: { type: 'number', examples: Array.from({ length: 4500 }, (_, i) => 0.1234567890123456 + i) } },
    });
    expect(JSON.stringify(long()).length).toBeGreaterThan(256 * 1024);
    expect(check(long(), tenant).valid).toBe(true);
    check(long(), tenant);
    expect(checks()).toBe(2);
  });

  it('gives no key to a schema of few JSON values carrying megabytes of strings: it is checked every time', () => {
    const tenant = randomUUID();
    const { check, checks } = counted();
    const heavy = () => ({ type: 'object', description: 'x'.repeat(4_900_000), properties: { a: { type: 'string' } } });
    expect(check(heavy(), tenant).valid).toBe(true);
    check(heavy(), tenant);
    expect(checks()).toBe(2);
  });

  it('keeps the check of a schema small as written whose $refs expand past the inline bounds: it is checked once', () => {
    const tenant = randomUUID();
    const { check, checks } = counted();
    const first = check(expandingSchema(), tenant);
    expect(first.valid).toBe(true);
    expect(check(expandingSchema(), tenant)).toBe(first);
    expect(checks()).toBe(1);
  });

  it('a check made elsewhere is kept too, and concurrent checks of one schema share one', async () => {
    const tenant = randomUUID();
    let checks = 0;
    const elsewhere = () =>
      checkOnceElsewhere(expandingSchema(), DEFAULT_SCHEMA_LIMITS, tenant, async () => {
        checks++;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return { result: checkSchema(expandingSchema(), DEFAULT_SCHEMA_LIMITS) };
      });
    const burst = await Promise.all(Array.from({ length: 25 }, elsewhere));
    expect(checks).toBe(1);
    expect(burst[0]!.valid).toBe(true);
    for (const checked of burst) expect(checked).toBe(burst[0]);
    expect(await elsewhere()).toBe(burst[0]);
    expect(checks).toBe(1);
    // Checked inline later, the same schema finds the kept result.
    expect(checkOnce(expandingSchema(), DEFAULT_SCHEMA_LIMITS, tenant, () => checkSchema(expandingSchema()))).toBe(burst[0]);
  });

  it('a check made elsewhere that refuses the schema is not kept, nor one that fails', async () => {
    const tenant = randomUUID();
    let checks = 0;
    const bad = () => ({ type: 'object', properties: { a: { type: 'strin' } } });
    const refusing = () =>
      checkOnceElsewhere(bad(), DEFAULT_SCHEMA_LIMITS, tenant, async () => {
        checks++;
        return { result: checkSchema(bad(), DEFAULT_SCHEMA_LIMITS) };
      });
    expect((await refusing()).valid).toBe(false);
    expect((await refusing()).valid).toBe(false);
    expect(checks).toBe(2);
    const failing = () =>
      checkOnceElsewhere(invoice(), DEFAULT_SCHEMA_LIMITS, tenant, async () => {
        checks++;
        throw new Error('too many waiting');
      });
    await expect(failing()).rejects.toThrow('too many waiting');
    await expect(failing()).rejects.toThrow('too many waiting');
    expect(checks).toBe(4);
  });
});

describe('split shapes', () => {
  const orders = (): JsonSchema => ({
    type: 'object',
    properties: { number: { type: 'string' }, lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'number' } } } } },
  });

  /** splitShapeOnce with the real splitSchema, counting the splits that ran. */
  function countedSplits() {
    let splits = 0;
    return {
      shape: (schema: JsonSchema, tenantId: string) =>
        splitShapeOnce(schema, tenantId, () => {
          splits++;
          const split = splitSchema(schema);
          return { totalSubtrees: split.subtrees.length, totalFields: split.totalFields };
        }),
      splits: () => splits,
    };
  }

  it('a schema is split once per tenant, and the kept shape is the split’s', () => {
    const tenant = randomUUID();
    const { shape, splits } = countedSplits();
    const plain = splitSchema(orders());
    expect(shape(orders(), tenant)).toEqual({ totalSubtrees: plain.subtrees.length, totalFields: plain.totalFields });
    expect(shape(orders(), tenant)).toEqual({ totalSubtrees: plain.subtrees.length, totalFields: plain.totalFields });
    expect(splits()).toBe(1);
    shape(orders(), randomUUID());
    expect(splits()).toBe(2);
  });

  it('one shape serves both array modes: agentic arrays change no subtree or field count', () => {
    for (const schema of [orders(), expandingSchema() as JsonSchema, { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } } as JsonSchema]) {
      const plain = splitSchema(schema, { agenticArrays: false });
      const agentic = splitSchema(schema, { agenticArrays: true });
      expect([agentic.subtrees.length, agentic.totalFields]).toEqual([plain.subtrees.length, plain.totalFields]);
    }
    // What the mode does change: the items an array subtree asks for per turn.
    expect(splitSchema(orders(), { agenticArrays: true }).subtrees.some((subtree) => subtree.itemsPerTurn !== undefined)).toBe(true);
  });

  it('a check made elsewhere is asked for the shape only of a schema whose entry is kept, and its shape is kept with a valid result', async () => {
    const tenant = randomUUID();
    const asked: boolean[] = [];
    const heavy = { type: 'object', description: 'x'.repeat(300_000), properties: { a: { type: 'string' } } };
    await checkOnceElsewhere(heavy, DEFAULT_SCHEMA_LIMITS, tenant, async (wantShape) => (asked.push(wantShape), { result: checkSchema(heavy, DEFAULT_SCHEMA_LIMITS) }));
    await checkOnceElsewhere(orders(), DEFAULT_SCHEMA_LIMITS, tenant, async (wantShape) => {
      asked.push(wantShape);
      return { result: checkSchema(orders(), DEFAULT_SCHEMA_LIMITS), shape: { totalSubtrees: 7, totalFields: 9 } };
    });
    expect(asked).toEqual([false, true]);
    const { shape, splits } = countedSplits();
    expect(shape(orders(), tenant)).toEqual({ totalSubtrees: 7, totalFields: 9 });
    expect(splits()).toBe(0);
  });

  it('a schema’s check result and its shapes share one entry: the check kept, the shape is still split once', () => {
    const tenant = randomUUID();
    const { check, checks } = counted();
    const { shape, splits } = countedSplits();
    check(orders(), tenant);
    shape(orders(), tenant);
    check(orders(), tenant);
    shape(orders(), tenant);
    expect([checks(), splits()]).toEqual([1, 1]);
  });

  it('a schema small as written whose $refs expand past the inline bounds keeps its check and its shape', () => {
    // Its check belongs on the checking thread; its split writes every $ref out, on each start if not kept.
    const tenant = randomUUID();
    const { check, checks } = counted();
    const { shape, splits } = countedSplits();
    for (let i = 0; i < 2; i++) {
      check(expandingSchema(), tenant);
      shape(expandingSchema() as JsonSchema, tenant);
    }
    expect([checks(), splits()]).toEqual([1, 1]);
  });

  it('a schema of few JSON values carrying megabytes of strings is split every time: it gets no key', () => {
    const tenant = randomUUID();
    const { shape, splits } = countedSplits();
    const heavy = (): JsonSchema => ({ type: 'object', description: 'x'.repeat(300_000), properties: { a: { type: 'string' } } });
    shape(heavy(), tenant);
    shape(heavy(), tenant);
    expect(splits()).toBe(2);
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
