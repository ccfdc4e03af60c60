import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toStrictSchema } from '../../src/models/openai-schema.ts';
import { answerShapeFor } from '../../src/models/openai-prompt.ts';
import type { JsonSchema } from '../../src/domain/types.ts';
import { DEFAULT_SCHEMA_LIMITS } from '../../src/schemas/check-schema.ts';
import { validateSchema } from '../../src/schemas/schemas.service.ts';

/** Keywords OpenAI's strict mode accepts (structured-outputs guide, "Supported schemas"). */
const STRICT_KEYWORDS = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', '$ref', '$defs',
  'description', 'title', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'multipleOf', 'minItems', 'maxItems',
]);

/** Every rule of strict mode, checked at every node; returns what breaks them. */
function strictViolations(schema: unknown, at = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [`${at}: not a schema object`];
  const node = schema as Record<string, unknown>;
  const problems = Object.keys(node).filter((k) => !STRICT_KEYWORDS.has(k)).map((k) => `${at}: keyword ${k}`);
  if (node.properties !== undefined) {
    const keys = Object.keys(node.properties as object);
    if (node.additionalProperties !== false) problems.push(`${at}: additionalProperties is not false`);
    if (JSON.stringify(node.required) !== JSON.stringify(keys)) problems.push(`${at}: required is not every property`);
    for (const [name, sub] of Object.entries(node.properties as object)) problems.push(...strictViolations(sub, `${at}/properties/${name}`));
  }
  if (node.items !== undefined) problems.push(...strictViolations(node.items, `${at}/items`));
  if (Array.isArray(node.anyOf)) node.anyOf.forEach((sub, i) => problems.push(...strictViolations(sub, `${at}/anyOf/${i}`)));
  if (node.$defs) for (const [name, sub] of Object.entries(node.$defs)) problems.push(...strictViolations(sub, `/$defs/${name}`));
  return problems;
}

describe('the strict Structured Outputs schema', () => {
  it('requires every property, makes optional ones nullable and closes every object, nested ones included', () => {
    const { schema, strict, lost } = toStrictSchema({
      type: 'object',
      properties: {
        id: { type: 'string' },
        status: { type: 'string', enum: ['open', 'paid'] },
        lines: { type: 'array', items: { type: 'object', properties: { amount: { type: 'number' } }, required: ['amount'] } },
      },
      required: ['id'],
    });
    expect(strict).toBe(true);
    expect(lost).toEqual([]);
    expect(schema).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string' },
        status: { anyOf: [{ type: 'string', enum: ['open', 'paid'] }, { type: 'null' }] },
        lines: {
          type: ['array', 'null'],
          items: { type: 'object', properties: { amount: { type: 'number' } }, required: ['amount'], additionalProperties: false },
        },
      },
      required: ['id', 'status', 'lines'],
      additionalProperties: false,
    });
  });

  it('drops keywords strict mode does not take and says where', () => {
    const { schema, strict, lost } = toStrictSchema({
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 2 },
        site: { type: 'string', format: 'uri' },
        day: { type: 'string', format: 'date' },
        tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
      },
    });
    expect(strict).toBe(true);
    expect(lost.map((l) => l.path)).toEqual(['/properties/name/minLength', '/properties/site/format', '/properties/tags/uniqueItems']);
    expect((schema.properties as Record<string, JsonSchema>).day).toEqual({ type: ['string', 'null'], format: 'date' });
    expect(strictViolations(schema)).toEqual([]);
  });

  it('a free-form object cannot be strict: the schema goes as guidance, and the loss is reported', () => {
    const { strict, lost } = toStrictSchema({
      type: 'object',
      properties: { metadata: { type: 'object', additionalProperties: { type: 'string' } } },
    });
    expect(strict).toBe(false);
    expect(lost).toEqual([expect.objectContaining({ path: '/properties/metadata/additionalProperties' })]);
  });

  it('every answer shape sent for the example schemas obeys every strict-mode rule', () => {
    for (const example of ['invoice', 'bank-statement', 'research-paper']) {
      const userSchema = JSON.parse(readFileSync(new URL(`../../examples/${example}/schema.json`, import.meta.url), 'utf8')) as JsonSchema;
      for (const wantEvidence of [false, true]) {
        const shape = answerShapeFor({
          subtree: { pointer: '', schema: userSchema, fieldCount: 1 },
          section: { pages: [], text: '', imagePages: [] },
          enableThinking: false,
          wantEvidence,
          signal: new AbortController().signal,
        });
        expect(strictViolations(shape.schema), `${example} evidence=${wantEvidence}`).toEqual([]);
      }
    }
  });
});

describe('validateSchema with an OpenAI-compatible server configured', () => {
  const schema = {
    type: 'object',
    properties: {
      site: { type: 'string', format: 'uri' },
      name: { type: 'string', minLength: 2 },
      extra: { type: 'object', additionalProperties: { type: 'string' } },
    },
  };

  const tenantId = '0f8fad5b-d9cb-469f-a165-70867728950e';

  it('warns about what strict Structured Outputs cannot express, once per place', async () => {
    const result = await validateSchema(schema, DEFAULT_SCHEMA_LIMITS, tenantId, { openaiCompatible: true });
    expect(result.valid).toBe(true);
    const openai = result.warnings.filter((w) => w.message.startsWith('OPENAI_COMPATIBLE'));
    expect(openai.map((w) => w.path)).toEqual(['/properties/site/format', '/properties/extra/additionalProperties']);
    // minLength is already covered by the general "not enforced during generation" warning.
    expect(result.warnings.filter((w) => w.path === '/properties/name/minLength')).toHaveLength(1);
  });

  it('says nothing about OpenAI when no such server is configured', async () => {
    const result = await validateSchema(schema, DEFAULT_SCHEMA_LIMITS, tenantId);
    expect(result.warnings.some((w) => w.message.includes('OPENAI_COMPATIBLE'))).toBe(false);
  });
});
