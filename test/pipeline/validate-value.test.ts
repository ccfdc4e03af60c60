import { describe, expect, it } from 'vitest';
import { createValueValidator } from '../../src/pipeline/validate-value.ts';
import type { ValidateFunction } from 'ajv';
import { createThreadCompiler, type ThreadCompiler } from '../../src/json-schema/compile-in-thread.ts';
import type { JsonSchema } from '../../src/domain/types.ts';
import { rejectingCompiler } from './rejecting-compiler.ts';

const invoice = {
  type: 'object',
  'x-owner': 'finance',
  propertyOrdering: ['total', 'date'],
  properties: {
    total: { type: 'number' },
    date: { type: 'string', format: 'date' },
    status: { enum: ['paid', 'open'] },
    lines: { type: 'array', items: { type: 'object', properties: { amount: { type: 'number' } }, required: ['amount'] } },
  },
  required: ['total'],
  additionalProperties: false,
};

describe('createValueValidator', () => {
  it('a conforming value has no problems', () => {
    expect(createValueValidator().validate(invoice, { total: 1, date: '2024-02-29', lines: [{ amount: 2 }] })).toEqual([]);
  });

  it('problems name the instance pointer of every violation', () => {
    const problems = createValueValidator().validate(invoice, {
      total: '12',
      date: '2024-13-01',
      status: 'late',
      lines: [{ amount: 1 }, {}],
      extra: true,
    });
    expect(problems).toEqual([
      '(root): must NOT have additional properties: "extra"',
      '/total: must be number',
      '/date: must match format "date"',
      '/status: must be equal to one of the allowed values: "paid", "open"',
      "/lines/1: must have required property 'amount'",
    ]);
  });

  it('validates keywords the model does not enforce, such as pattern', () => {
    const schema = { type: 'object', properties: { iban: { type: 'string', pattern: '^[A-Z]{2}[0-9]+$' } } };
    expect(createValueValidator().validate(schema, { iban: 'de12' })).toEqual(['/iban: must match pattern "^[A-Z]{2}[0-9]+$"']);
  });

  it('a draft-07 schema is validated with draft-07 semantics', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      definitions: { money: { type: 'number' } },
      properties: { total: { $ref: '#/definitions/money' }, pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }] } },
    };
    expect(createValueValidator().validate(schema, { total: 'x', pair: ['a', 'b'] })).toEqual(['/total: must be number', '/pair/1: must be number']);
  });

  it('two different schemas with the same $id are each validated against themselves', () => {
    const validator = createValueValidator();
    const a = { $id: 'https://example.com/s', type: 'object', properties: { x: { type: 'number' } } };
    const b = { $id: 'https://example.com/s', type: 'object', properties: { x: { type: 'string' } } };
    expect(validator.validate(a, { x: 'text' })).toEqual(['/x: must be number']);
    expect(validator.validate(b, { x: 'text' })).toEqual([]);
  });

  it('keeps working after evicting old schemas from its cache', () => {
    const validator = createValueValidator();
    const schemaFor = (i: number) => ({ type: 'object', properties: { [`f${i}`]: { type: 'number' } } });
    for (let i = 0; i < 250; i++) expect(validator.validate(schemaFor(i), { [`f${i}`]: 'x' })).toEqual([`/f${i}: must be number`]);
    expect(validator.validate(schemaFor(0), { f0: 'x' })).toEqual(['/f0: must be number']);
  });

  it('caps a flood of problems with a count of the rest', () => {
    const schema = { type: 'array', items: { type: 'number' } };
    const problems = createValueValidator().validate(schema, Array.from({ length: 80 }, () => 'x'));
    expect(problems).toHaveLength(51);
    expect(problems.at(-1)).toBe('... and 30 more problems');
  });

  it('throws for a schema ajv cannot compile', () => {
    expect(() => createValueValidator().validate({ type: 'object', properties: { a: { $ref: '#/$defs/none' } } }, {})).toThrow();
  });

  it('renewing its ajv instances every few schemas breaks neither validation nor eviction', () => {
    // What the renewal is for, freeing what the old instances kept, is not observable from here:
    // this shows only that validators and evictions of schemas compiled by an older instance work.
    const schemaOf = (i: number) => ({ type: 'object', description: `${i}`.padEnd(1_000, '.'), properties: { n: { type: i % 2 ? 'number' : 'string' } } });
    // A renewal every three or so schemas, and an eviction of one compiled by an older instance at each.
    const validator = createValueValidator({ maxChars: 3_000, freshAjvsAfterChars: 3_000 });
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 12; i++) expect(validator.validate(schemaOf(i), { n: true })).toEqual([`/n: must be ${i % 2 ? 'number' : 'string'}`]);
    }
  });

  it('keeps compiled schemas within a bound on their text, oldest out first, the newest always', () => {
    const schemaOf = (i: number) => ({ type: 'object', description: `${i}`.padEnd(1_000, '.'), properties: { n: { type: 'number' } } });
    const validator = createValueValidator({ maxChars: 5_000 });
    for (let i = 0; i < 20; i++) expect(validator.validate(schemaOf(i), { n: i })).toEqual([]);
    // Each text is a little over 1,000 characters: four fit under 5,000.
    expect(validator.keptChars()).toBeGreaterThan(4_000);
    expect(validator.keptChars()).toBeLessThanOrEqual(5_000);
    const alone = createValueValidator({ maxChars: 100 });
    expect(alone.validate(schemaOf(1), { n: 'x' })).toEqual(['/n: must be number']);
    expect(alone.keptChars()).toBeGreaterThan(1_000);
  });
});

/** The real compile thread, recording which schema texts it was sent and which it compiled. */
function recordingCompiler(limits?: Parameters<typeof createThreadCompiler>[0]): ThreadCompiler & { sent: string[]; compiled: string[] } {
  const compiler = createThreadCompiler(limits);
  const sent: string[] = [];
  const compiled: string[] = [];
  return {
    sent,
    compiled,
    async compile(text) {
      sent.push(text);
      const validate = await compiler.compile(text);
      if (validate) compiled.push(text);
      return validate;
    },
  };
}

describe('preparing a validator', () => {
  const wrong = { total: '12', date: '2024-13-01', status: 'late', lines: [{ amount: 1 }, {}], extra: true };

  it('compiles the schema in the thread, and its checks find the same problems as a validator compiled on first use', async () => {
    const threadCompiler = recordingCompiler();
    const validator = createValueValidator({ threadCompiler, minThreadChars: 0 });
    await validator.prepare(invoice);
    expect(threadCompiler.compiled).toEqual([JSON.stringify(invoice)]);
    expect(validator.validate(invoice, wrong)).toEqual(createValueValidator().validate(invoice, wrong));
    expect(validator.problems(invoice, wrong)).toEqual(createValueValidator().problems(invoice, wrong));
    expect(validator.validate(invoice, { total: 1 })).toEqual([]);
    // Prepared once: an equal schema, a second preparation and the checks all find it compiled.
    await validator.prepare(structuredClone(invoice));
    expect(threadCompiler.sent).toHaveLength(1);
  });

  it('a schema shorter than the thread minimum is compiled in-process as it is prepared, and starts no thread', async () => {
    const threadCompiler = recordingCompiler();
    const validator = createValueValidator({ threadCompiler, minThreadChars: JSON.stringify(invoice).length + 1 });
    await validator.prepare(invoice);
    expect(threadCompiler.sent).toEqual([]);
    expect(validator.keptChars()).toBe(JSON.stringify(invoice).length);
    expect(validator.validate(invoice, wrong)).toHaveLength(5);
  });

  it('two preparations of one schema at once share one compile', async () => {
    const threadCompiler = recordingCompiler();
    const validator = createValueValidator({ threadCompiler, minThreadChars: 0 });
    await Promise.all([validator.prepare(invoice), validator.prepare(structuredClone(invoice))]);
    expect(threadCompiler.sent).toHaveLength(1);
  });

  it('a check that comes before the thread is done compiles in-process and keeps that validator', async () => {
    // A compile that answers when told to, with a validator that finds nothing wrong: were it
    // kept, the checks after it would report no problems.
    let answer!: () => void;
    const threadCompiler: ThreadCompiler = {
      compile: () => new Promise((resolve) => (answer = () => resolve(Object.assign(() => true, { errors: null }) as unknown as ValidateFunction))),
    };
    const validator = createValueValidator({ threadCompiler, minThreadChars: 0 });
    const prepared = validator.prepare(invoice);
    expect(validator.validate(invoice, wrong)).toHaveLength(5);
    answer();
    await prepared;
    // An equal schema, as the next job's, is found by its text, not by the object checked before.
    expect(validator.validate(structuredClone(invoice), wrong)).toHaveLength(5);
    expect(validator.keptChars()).toBe(JSON.stringify(invoice).length);
  });

  it('a compiler that rejects leaves the schema to its first check, and a later preparation tries again', async () => {
    const threadCompiler = rejectingCompiler();
    const validator = createValueValidator({ threadCompiler, minThreadChars: 0 });
    await expect(validator.prepare(invoice)).resolves.toBeUndefined();
    await expect(validator.prepare(structuredClone(invoice))).resolves.toBeUndefined();
    expect(threadCompiler.calls).toBe(2);
    expect(validator.validate(invoice, wrong)).toHaveLength(5);
  });

  it('a schema with a __proto__ key is left to its first check, not the thread, and validates as its JSON says', async () => {
    const threadCompiler = recordingCompiler();
    const validator = createValueValidator({ threadCompiler, minThreadChars: 0 });
    const schema = JSON.parse('{"type":"object","properties":{"b":{"const":{"__proto__":{"a":1}}}}}') as JsonSchema;
    await validator.prepare(schema);
    expect(threadCompiler.compiled).toEqual([]);
    expect(validator.validate(schema, JSON.parse('{"b":{"__proto__":{"a":1}}}'))).toEqual([]);
    expect(validator.validate(schema, { b: {} })).toEqual(['/b: must be equal to constant']);
  });

  it('a schema ajv cannot compile is prepared without an error, and its first check throws what ajv throws without preparation', async () => {
    const broken = { type: 'object', properties: { a: { $ref: '#/$defs/missing' } } };
    const threadCompiler = recordingCompiler();
    const validator = createValueValidator({ threadCompiler, minThreadChars: 0 });
    await expect(validator.prepare(broken)).resolves.toBeUndefined();
    expect(threadCompiler.sent).toHaveLength(1);
    expect(threadCompiler.compiled).toHaveLength(0);
    const unprepared = (() => {
      try {
        createValueValidator().validate(broken, {});
      } catch (e) {
        return e as Error;
      }
    })();
    expect(unprepared?.message).toMatch(/can't resolve reference/);
    expect(() => validator.validate(broken, {})).toThrow(unprepared);
    expect(() => validator.validate(broken, {})).toThrow(unprepared!.constructor as new () => Error);
  });

  it('a schema over the thread bound is left to its first check, which compiles it in-process', async () => {
    const threadCompiler = recordingCompiler({ maxChars: 100 });
    const validator = createValueValidator({ threadCompiler, minThreadChars: 0 });
    await validator.prepare(invoice);
    expect(threadCompiler.compiled).toEqual([]);
    expect(validator.keptChars()).toBe(0);
    expect(validator.validate(invoice, wrong)).toHaveLength(5);
    expect(validator.keptChars()).toBe(JSON.stringify(invoice).length);
  });

  it('validators compiled in the thread are kept within the same bounds', async () => {
    const schemaOf = (i: number) => ({ type: 'object', description: `${i}`.padEnd(1_000, '.'), properties: { n: { type: 'number' } } });
    const validator = createValueValidator({ maxSchemas: 2, threadCompiler: recordingCompiler(), minThreadChars: 0 });
    for (let i = 0; i < 4; i++) await validator.prepare(schemaOf(i));
    expect(validator.keptChars()).toBe(JSON.stringify(schemaOf(2)).length + JSON.stringify(schemaOf(3)).length);
    expect(validator.validate(schemaOf(3), { n: 'x' })).toEqual(['/n: must be number']);
  });
});
