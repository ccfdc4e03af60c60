import { describe, expect, it } from 'vitest';
import { responseSchemaFor, toGeminiSchema } from '../../src/models/gemini-schema.ts';

describe('translating a JSON Schema for Gemini', () => {
  it('drops keywords Gemini does not take and repeats constraints in the description', () => {
    const translated = toGeminiSchema({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      'x-internal': true,
      type: 'object',
      properties: {
        code: { type: 'string', pattern: '^[A-Z]{3}$', description: 'Currency code.', examples: ['EUR'] },
      },
      required: ['code'],
    });
    expect(translated).toEqual({
      type: 'object',
      properties: { code: { type: 'string', description: 'Currency code. (Must match the regular expression ^[A-Z]{3}$.)' } },
      required: ['code'],
    });
  });

  it('makes optional properties nullable without making them required', () => {
    const translated = toGeminiSchema({
      type: 'object',
      properties: {
        name: { type: 'string' },
        kind: { type: 'string', enum: ['a', 'b'] },
        when: { type: 'string', format: 'date' },
        id: { type: 'integer' },
      },
      required: ['id'],
    });
    expect(translated.properties).toEqual({
      name: { type: ['string', 'null'] },
      kind: { anyOf: [{ type: 'string', enum: ['a', 'b'] }, { type: 'null' }] },
      when: { type: ['string', 'null'], format: 'date' },
      id: { type: 'integer' },
    });
    expect(translated.required).toEqual(['id']);
  });

  it('turns oneOf into anyOf, const into enum, draft-07 definitions into $defs, and merges allOf', () => {
    const translated = toGeminiSchema({
      definitions: { money: { type: 'number', exclusiveMinimum: 0 } },
      allOf: [
        { type: 'object', properties: { a: { $ref: '#/definitions/money' } }, required: ['a'] },
        { properties: { b: { oneOf: [{ type: 'string' }, { type: 'number' }] }, c: { const: 'x' } }, required: ['b', 'c'] },
      ],
    });
    expect(translated).toEqual({
      type: 'object',
      properties: {
        a: { $ref: '#/$defs/money' },
        b: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        c: { enum: ['x'] },
      },
      required: ['a', 'b', 'c'],
      $defs: { money: { type: 'number', description: '(Must be greater than 0.)' } },
    });
  });

  it('wraps a turn-based array as this turn\'s items plus done, keeping $defs at the root', () => {
    const schema = responseSchemaFor(
      { type: 'array', items: { $ref: '#/$defs/line' }, $defs: { line: { type: 'object', properties: {} } } },
      { wantEvidence: true, itemsPerTurn: 25 },
    );
    expect(schema).toMatchObject({
      $defs: { line: { type: 'object' } },
      type: 'object',
      properties: { items: { type: 'array', items: { $ref: '#/$defs/line' }, maxItems: 25 }, done: { type: 'boolean' } },
      required: ['items', 'done', 'evidence'],
    });
  });

  it('sends the schema itself when neither evidence nor turns are wanted', () => {
    expect(responseSchemaFor({ type: 'object', properties: {} }, { wantEvidence: false })).toEqual({
      type: 'object',
      properties: {},
    });
  });
});
