import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSchemaOffThread } from '../../src/schemas/check-in-thread.ts';
import { checkSchema, DEFAULT_SCHEMA_LIMITS } from '../../src/schemas/check-schema.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { isSmallOnceExpanded, isSmallSchema } from '../../src/schemas/schema-size.ts';
import { expandingSchema } from './expanding-schema.ts';

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
    // The same shape one level deep (its definition reached a few times) stays small.
    expect(isSmallOnceExpanded(expandingSchema(100, 1))).toBe(true);
    // A definition of 100 properties used 40 times expands past 5,000 values; used 5 times it does not.
    const usedBy = (uses: number) => ({
      type: 'object',
      $defs: { d: { type: 'object', properties: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`q${i}`, { type: 'string' }])) } },
      properties: Object.fromEntries(Array.from({ length: uses }, (_, i) => [`p${i}`, { $ref: '#/$defs/d' }])),
    });
    expect(isSmallOnceExpanded(usedBy(5))).toBe(true);
    expect(isSmallOnceExpanded(usedBy(40))).toBe(false);
    expect(isSmallSchema(usedBy(40))).toBe(true);
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

  it('every schema of the corpora and the examples is small once expanded, so it is checked inline and kept', () => {
    const files = [
      ...readdirSync('bench/corpora/schemas').map((name) => `bench/corpora/schemas/${name}`),
      ...readdirSync('examples', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `examples/${d.name}/schema.json`),
    ];
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) expect([file, isSmallOnceExpanded(JSON.parse(readFileSync(file, 'utf8')))]).toEqual([file, true]);
  });

  it('a schema that expands past the bound goes to the thread, where one tenant’s flood of them is bounded', async () => {
    const tenant = randomUUID();
    const results = await Promise.allSettled(Array.from({ length: 24 }, () => checkSchemaOffThread(expandingSchema(), DEFAULT_SCHEMA_LIMITS, tenant)));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(String((r as PromiseRejectedResult).reason)).toMatch(/Too many large schema checks/);
    const checked = results.filter((r) => r.status === 'fulfilled');
    expect(checked.length).toBeGreaterThan(0);
    for (const r of checked) expect((r as PromiseFulfilledResult<{ valid: boolean }>).value).toEqual(checkSchema(expandingSchema(), DEFAULT_SCHEMA_LIMITS));
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
