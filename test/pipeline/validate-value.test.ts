import { describe, expect, it } from 'vitest';
import { createValueValidator } from '../../src/pipeline/validate-value.ts';

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
