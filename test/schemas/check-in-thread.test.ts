import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSchemaOffThread } from '../../src/schemas/check-in-thread.ts';
import { checkSchema, DEFAULT_SCHEMA_LIMITS, type CheckedSchema } from '../../src/schemas/check-schema.ts';
import { INVOICE_SCHEMA, STATEMENT_SCHEMA } from '../helpers/job-fixtures.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { isSmallOnceExpanded, isSmallSchema } from '../../src/schemas/schema-size.ts';
import { expandingSchema } from './expanding-schema.ts';
import { splitShapeOnce } from '../../src/schemas/checked-schemas.ts';
import { schemaShapeOf } from '../../src/schemas/schema-shape.ts';
import type { JsonSchema } from '../../src/domain/types.ts';

/** Few JSON values, many string characters: the shape of a schema padded with a huge description. */
const heavy = (chars: number) => ({ type: 'object', description: 'x'.repeat(chars), properties: { a: { type: 'string' } } });

describe('where a schema is checked', () => {
  it('a schema is small by its JSON values and by its string characters, property names included', () => {
    expect(isSmallSchema(heavy(100_000))).toBe(true);
    expect(isSmallSchema(heavy(300_000))).toBe(false);
    expect(isSmallSchema({ type: 'object', properties: { ['k'.repeat(300_000)]: { type: 'string' } } })).toBe(false);
    const wide = { type: 'object', properties: Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`p${i}`, { type: 'string' }])) };
    expect(isSmallSchema(wide)).toBe(false);
  });

  it('a schema is small once expanded only if its local $refs, each written out where used, keep it within the same bounds', () => {
    const schema = expandingSchema();
    expect(isSmallSchema(schema)).toBe(true);
    expect(isSmallOnceExpanded(schema)).toBe(false);
    // The same shape one level deep, its definition carrying few entries, stays small.
    expect(isSmallOnceExpanded(expandingSchema(3, 1))).toBe(true);
    // A 1,000-value enum used by 4 properties expands past 5,000 values; used by 3 it does not.
    const usedBy = (uses: number) => ({
      type: 'object',
      $defs: { code: { type: 'string', enum: Array.from({ length: 1000 }, (_, i) => `value-${i}`) } },
      properties: Object.fromEntries(Array.from({ length: uses }, (_, i) => [`p${i}`, { $ref: '#/$defs/code' }])),
    });
    expect(isSmallOnceExpanded(usedBy(3))).toBe(true);
    expect(isSmallOnceExpanded(usedBy(4))).toBe(false);
    expect(isSmallSchema(usedBy(4))).toBe(true);
  });

  it('a schema of few values but many schema objects (what Ajv pays to compile) is not small once expanded', () => {
    // A binary anyOf of 2^9 string leaves, each with its own pattern: 25 KB, few values, yet its
    // check held the API thread for 310-495 ms.
    const alternatives = (depth: number): unknown =>
      depth === 0 ? { type: 'string', pattern: '^a' } : { anyOf: [alternatives(depth - 1), alternatives(depth - 1)] };
    const tree = (depth: number) => ({ type: 'object', properties: { a: alternatives(depth) } });
    expect(isSmallSchema(tree(9))).toBe(true);
    expect(isSmallOnceExpanded(tree(9))).toBe(false);
    expect(isSmallOnceExpanded(tree(3))).toBe(true);
    // A pattern or format costs Ajv more: the same tree without patterns is inline one level deeper.
    const plain = (depth: number): unknown => (depth === 0 ? { type: 'string' } : { anyOf: [plain(depth - 1), plain(depth - 1)] });
    expect(isSmallOnceExpanded({ type: 'object', properties: { a: plain(4) } })).toBe(true);
    expect(isSmallOnceExpanded(tree(4))).toBe(false);
    // Expanded, each $ref reached counts its target's schema objects again.
    const reached = (uses: number) => ({
      type: 'object',
      $defs: { pair: { type: 'object', properties: { a: { type: 'string', pattern: '^a' }, b: { type: 'string', pattern: '^b' } } } },
      properties: Object.fromEntries(Array.from({ length: uses }, (_, i) => [`p${i}`, { $ref: '#/$defs/pair' }])),
    });
    expect(isSmallOnceExpanded(reached(3))).toBe(true);
    expect(isSmallOnceExpanded(reached(15))).toBe(false);
    // Data holds no schema objects: objects in enum, const, default and examples are not counted.
    const data = { type: 'object', enum: Array.from({ length: 200 }, (_, i) => ({ id: i })), default: { a: { b: {} } } };
    expect(isSmallOnceExpanded(data)).toBe(true);
  });

  it('schemas under `dependencies`, boolean members of a schema map and the names of patternProperties count too', () => {
    // A binary anyOf tree of patterned leaves, hidden under a dependency named like a data keyword.
    const tree = (depth: number): unknown => (depth === 0 ? { type: 'string', pattern: '^x+$' } : { anyOf: [tree(depth - 1), tree(depth - 1)] });
    expect(isSmallOnceExpanded({ type: 'object', properties: { a: { type: 'string' } }, dependencies: { enum: tree(5) } })).toBe(false);
    // Regular expressions as names, each member `true`.
    const patterns = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`^[a-z]{2,8}_x${i}$`, true]));
    expect(isSmallOnceExpanded({ type: 'object', patternProperties: patterns })).toBe(false);
    expect(isSmallOnceExpanded({ type: 'object', patternProperties: { '^x_': { type: 'string' } }, additionalProperties: false })).toBe(true);
  });

  it('a $ref cycle ends the count at its bound rather than looping', async () => {
    const selfRef = { type: 'object', $defs: { a: { $ref: '#/$defs/a' } }, properties: { a: { $ref: '#/$defs/a' } } };
    const mutual = { type: 'object', $defs: { a: { anyOf: [{ $ref: '#/$defs/b' }] }, b: { allOf: [{ $ref: '#/$defs/a' }] } }, properties: { a: { $ref: '#/$defs/a' } } };
    expect(isSmallOnceExpanded(selfRef)).toBe(false);
    expect(isSmallOnceExpanded(mutual)).toBe(false);
    const checked = await checkSchemaOffThread(mutual, DEFAULT_SCHEMA_LIMITS, randomUUID());
    expect(checked.valid).toBe(false);
    expect(checked.errors.map((e) => e.message).join('\n')).toMatch(/cycle|recursive/i);
  });

  it('every schema of the corpora, the examples and the test fixtures is small once expanded, so it is checked inline', () => {
    const tables = ['bench/corpora', 'examples'].flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('schema.json') || (dir === 'bench/corpora' && file.startsWith('schemas/')))
        .map((file) => `${dir}/${file}`),
    );
    expect(tables.filter((file) => file.startsWith('bench/corpora/tables')).length).toBeGreaterThanOrEqual(10);
    expect(tables.length).toBeGreaterThanOrEqual(20);
    for (const file of tables) expect([file, isSmallOnceExpanded(JSON.parse(readFileSync(file, 'utf8')))]).toEqual([file, true]);
    for (const [name, schema] of Object.entries({ INVOICE_SCHEMA, STATEMENT_SCHEMA })) expect([name, isSmallOnceExpanded(schema)]).toEqual([name, true]);
  });

  it('a repeated schema small as written is checked once on the thread, and a burst of it shares that check', async () => {
    const tenant = randomUUID();
    const enumUse = () => ({
      type: 'object',
      $defs: { code: { type: 'string', enum: Array.from({ length: 1000 }, (_, i) => `value-${i}`) } },
      properties: { a: { $ref: '#/$defs/code' }, b: { $ref: '#/$defs/code' }, c: { $ref: '#/$defs/code' }, d: { $ref: '#/$defs/code' } },
    });
    expect(isSmallOnceExpanded(enumUse())).toBe(false);
    // 25 at once: past one running and 20 waiting, a check each would be refused.
    const burst = await Promise.allSettled(Array.from({ length: 25 }, () => checkSchemaOffThread(enumUse(), DEFAULT_SCHEMA_LIMITS, tenant)));
    expect(burst.filter((r) => r.status === 'rejected')).toEqual([]);
    const first = (burst[0] as PromiseFulfilledResult<CheckedSchema>).value;
    expect(first).toEqual(checkSchema(enumUse(), DEFAULT_SCHEMA_LIMITS));
    for (const r of burst) expect((r as PromiseFulfilledResult<CheckedSchema>).value).toBe(first);
    // Later, the same schema is answered by the kept result: the thread is not asked again.
    expect(await checkSchemaOffThread(enumUse(), DEFAULT_SCHEMA_LIMITS, tenant)).toBe(first);
  });

  it('a start’s estimate of a schema checked on the thread takes the thread’s split: the API thread splits it not even once', async () => {
    const tenant = randomUUID();
    expect(isSmallOnceExpanded(expandingSchema())).toBe(false);
    expect((await checkSchemaOffThread(expandingSchema(), DEFAULT_SCHEMA_LIMITS, tenant)).valid).toBe(true);
    let splits = 0;
    const shape = (tenantId: string) =>
      splitShapeOnce(expandingSchema() as JsonSchema, tenantId, () => {
        splits++;
        return schemaShapeOf(expandingSchema() as JsonSchema);
      });
    // The thread's one split, from the form its check resolved, is the API's split of the schema.
    expect(shape(tenant)).toEqual(schemaShapeOf(expandingSchema() as JsonSchema));
    expect(splits).toBe(0);
    // Another tenant's start of the same text learns nothing from this one's: it splits its own.
    shape(randomUUID());
    expect(splits).toBe(1);
  });

  it('the copy of a schema to the thread is made inside one of the API thread’s check turns', async () => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 100;
    try {
      const copies: string[] = [];
      // Structured cloning reads each property: this one tells whether a turn (check-turns.ts) is under the copy.
      const watched = (n: number) => {
        const schema: Record<string, unknown> = { ...expandingSchema(101) };
        Object.defineProperty(schema, 'description', {
          enumerable: true,
          get() {
            const stack = new Error().stack ?? '';
            if (stack.includes('postMessage')) copies.push(stack.includes('runTurn') ? 'copied in a turn' : 'copied outside the turns');
            return `schema ${n}`;
          },
        });
        return schema;
      };
      const checked = await Promise.all([1, 2].map((n) => checkSchemaOffThread(watched(n), DEFAULT_SCHEMA_LIMITS, randomUUID())));
      expect(checked.map((result) => result.valid)).toEqual([true, true]);
      expect(copies).toEqual(['copied in a turn', 'copied in a turn']);
    } finally {
      Error.stackTraceLimit = limit;
    }
  });

  it('a schema that expands past the bound goes to the thread, where one tenant’s flood of distinct ones is bounded, refused as retryable', async () => {
    const tenant = randomUUID();
    const results = await Promise.allSettled(Array.from({ length: 24 }, () => checkSchemaOffThread({ ...expandingSchema(), description: randomUUID() }, DEFAULT_SCHEMA_LIMITS, tenant)));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(String((r as PromiseRejectedResult).reason)).toMatch(/Too many large schema checks/);
    for (const r of refused) expect((r as PromiseRejectedResult).reason.extensions).toMatchObject({ code: 'BAD_USER_INPUT', retryable: true });
    const checked = results.filter((r) => r.status === 'fulfilled');
    expect(checked.length).toBeGreaterThan(0);
    for (const r of checked) expect((r as PromiseFulfilledResult<{ valid: boolean }>).value.valid).toBe(true);
  });

  it('a byte-heavy schema under the value limit goes to the thread, where one tenant’s flood of them is bounded', async () => {
    // The thread admits one check per tenant and 20 waiting; inline checks would all pass.
    const tenant = randomUUID();
    const results = await Promise.allSettled(Array.from({ length: 24 }, () => checkSchemaOffThread(heavy(1_000_000), DEFAULT_SCHEMA_LIMITS, tenant)));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(String((r as PromiseRejectedResult).reason)).toMatch(/Too many large schema checks/);
    const checked = results.filter((r) => r.status === 'fulfilled');
    expect(checked.length).toBeGreaterThan(0);
    for (const r of checked) expect((r as PromiseFulfilledResult<{ valid: boolean }>).value.valid).toBe(true);
  });
});
