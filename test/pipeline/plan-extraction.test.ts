import { describe, expect, it } from 'vitest';
import { planExtraction, type ExtractionPlan } from '../../src/pipeline/plan-extraction.ts';
import type { ExtractConfig, JsonSchema } from '../../src/domain/types.ts';
import { baseConfig, layout } from '../helpers/fake-pipeline.ts';

/** A schema as each job reads it from its own row: an equal text, a fresh object every time. */
const invoiceText = JSON.stringify({
  type: 'object',
  $defs: { money: { type: ['number', 'null'] } },
  properties: {
    number: { type: ['string', 'null'] },
    total: { $ref: '#/$defs/money' },
    lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'number' } }, required: ['sku'] } },
  },
});
const freshSchema = (): JsonSchema => JSON.parse(invoiceText) as JsonSchema;

function plan(schemaOwner: string | undefined, config: Partial<ExtractConfig> = {}, schema = freshSchema()): ExtractionPlan {
  return planExtraction({ layout, schema, config: { ...baseConfig, ...config }, sectionTokenBudget: 100_000, ...(schemaOwner !== undefined && { schemaOwner }) });
}

/** What a plan asks for, without object identity. */
const asked = (p: ExtractionPlan) => ({ resultSchema: p.resultSchema, totalFields: p.totalFields, subtrees: p.subtrees.map(({ path, subtree }) => ({ path, subtree })) });

describe('planExtraction: a schema split kept per tenant and schema text', () => {
  it("a tenant's next job of the same schema text reuses the kept split, which asks for exactly what a fresh split does", () => {
    const fresh = plan(undefined);
    const first = plan('tenant-a');
    const second = plan('tenant-a');
    expect(asked(first)).toEqual(asked(fresh));
    expect(asked(second)).toEqual(asked(fresh));
    expect(second.resultSchema).toBe(first.resultSchema);
    second.subtrees.forEach((planned, i) => expect(planned.subtree).toBe(first.subtrees[i]!.subtree));
  });

  it("another tenant's job, a job with no owner and another array mode are split afresh", () => {
    const kept = plan('tenant-b');
    expect(plan('tenant-c').resultSchema).not.toBe(kept.resultSchema);
    expect(plan(undefined).resultSchema).not.toBe(kept.resultSchema);
    const agentic = plan('tenant-b', { enableAgenticArrayExtraction: true });
    expect(agentic.resultSchema).toBe(kept.resultSchema);
    expect(agentic.subtrees.map((s) => s.subtree)).not.toContain(kept.subtrees.find((s) => s.path === '/lines')!.subtree);
    expect(asked(agentic)).toEqual(asked(plan(undefined, { enableAgenticArrayExtraction: true })));
  });

  it('plans PER_PAGE and PER_TABLE_ROW from the kept schema as from a fresh one', () => {
    for (const extractionTarget of ['PER_PAGE', 'PER_TABLE_ROW'] as const) {
      plan('tenant-d', { extractionTarget });
      expect(asked(plan('tenant-d', { extractionTarget }))).toEqual(asked(plan(undefined, { extractionTarget })));
    }
  });

  it('a kept schema is frozen throughout: a change by one job throws instead of reaching the next', () => {
    const kept = plan('tenant-e');
    const lines = kept.subtrees.find((s) => s.path === '/lines')!.subtree;
    expect(() => {
      (lines.schema as { items: { required: string[] } }).items.required.push('qty');
    }).toThrow(TypeError);
    expect(() => {
      (kept.resultSchema as { type: string }).type = 'array';
    }).toThrow(TypeError);
    expect(asked(plan('tenant-e'))).toEqual(asked(plan(undefined)));
  });

  it("the job's own schema object is left as it was (not frozen, not shared)", () => {
    const own = freshSchema();
    plan('tenant-f', {}, own);
    expect(Object.isFrozen(own)).toBe(false);
    expect(Object.isFrozen((own.properties as Record<string, { required?: string[] }>)['lines'])).toBe(false);
  });

  it('a schema that cannot be resolved is not kept: it throws for every job', () => {
    const cyclic = { type: 'object', $defs: { a: { $ref: '#/$defs/a' } }, properties: { a: { $ref: '#/$defs/a' } } };
    expect(() => plan('tenant-g', {}, structuredClone(cyclic) as JsonSchema)).toThrow(/cycle/);
    expect(() => plan('tenant-g', {}, structuredClone(cyclic) as JsonSchema)).toThrow(/cycle/);
  });

  /** An enum of `values` 150-character values (about 174 bytes each once held) used by `uses` properties; `tag` makes the text distinct. */
  const enumUsedBy = (uses: number, tag: string, values = 1000): JsonSchema => ({
    type: 'object',
    $defs: { e: { type: 'string', enum: Array.from({ length: values }, (_, i) => `${tag}-${i}-`.padEnd(150, 'x')) } },
    properties: Object.fromEntries(Array.from({ length: uses }, (_, i) => [`p${i}`, { $ref: '#/$defs/e' }])),
  });

  it('a schema whose resolved form holds more than 2 MB is not kept, however small its text: each job resolves its own', () => {
    const first = plan('tenant-h', {}, enumUsedBy(20, 'h'));
    const second = plan('tenant-h', {}, enumUsedBy(20, 'h'));
    expect(second.resultSchema).not.toBe(first.resultSchema);
    expect(Object.isFrozen(second.resultSchema)).toBe(false);
    expect(asked(second)).toEqual(asked(plan(undefined, {}, enumUsedBy(20, 'h'))));
  });

  it("a plan's subtrees are parts of its resolved result schema, not a second resolved copy, kept or not", () => {
    for (const owner of ['tenant-k', undefined]) {
      const planned = plan(owner);
      const lines = planned.subtrees.find((s) => s.path === '/lines')!.subtree;
      const properties = planned.resultSchema.properties as Record<string, unknown>;
      expect(lines.schema).toBe(properties['lines']);
      const group = planned.subtrees.find((s) => s.path === '')!.subtree.schema.properties as Record<string, unknown>;
      expect(group['total']).toBe(properties['total']);
    }
  });

  it('a kept schema whose split shares most of its entry keeps that split too: only the groups it adds are charged', () => {
    const first = plan('tenant-i', {}, enumUsedBy(7, 'i'));
    const second = plan('tenant-i', {}, enumUsedBy(7, 'i'));
    expect(second.resultSchema).toBe(first.resultSchema);
    expect(second.subtrees[0]!.subtree).toBe(first.subtrees[0]!.subtree);
    expect(asked(second)).toEqual(asked(plan(undefined, {}, enumUsedBy(7, 'i'))));
  });

  /** A definition of 100 properties with 1,000-character names, used by 12: regrouping them (25 a group) copies their names. */
  const longNamesUsedBy = (tag: string): JsonSchema => ({
    type: 'object',
    $defs: { d: { type: 'object', properties: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`${tag}${i}`.padEnd(1000, 'n'), { type: 'string' }])) } },
    properties: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`p${i}`, { $ref: '#/$defs/d' }])),
  });

  it('a kept schema whose split would take its entry past 2 MB keeps the schema and splits afresh for each job', () => {
    const first = plan('tenant-l', {}, longNamesUsedBy('l'));
    const second = plan('tenant-l', {}, longNamesUsedBy('l'));
    expect(second.resultSchema).toBe(first.resultSchema);
    expect(second.subtrees[0]!.subtree).not.toBe(first.subtrees[0]!.subtree);
    expect(asked(second)).toEqual(asked(plan(undefined, {}, longNamesUsedBy('l'))));
  });

  it('the kept schemas are bounded by what they hold (16 MB), not by their text: the least recently used goes first', () => {
    // Each: 16 KB of text, about 0.9 MB held (its split shares the resolved parts); twenty hold past 16 MB in 330 KB of text.
    const schema = (n: number) => enumUsedBy(50, `j${n}`, 100);
    const oldest = plan('tenant-j', {}, schema(0));
    const recent = Array.from({ length: 19 }, (_, n) => plan('tenant-j', {}, schema(n + 1)));
    expect(plan('tenant-j', {}, schema(19)).resultSchema).toBe(recent[18]!.resultSchema);
    expect(plan('tenant-j', {}, schema(0)).resultSchema).not.toBe(oldest.resultSchema);
  });
});
