import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSchemaOffThread } from '../../src/schemas/check-in-thread.ts';
import { DEFAULT_SCHEMA_LIMITS } from '../../src/schemas/check-schema.ts';
import { isSmallSchema } from '../../src/schemas/schema-size.ts';

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
