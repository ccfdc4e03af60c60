/**
 * A schema that our checker accepts never earns a 400 from Gemini: every keyword of the checker's
 * vocabulary goes through the real pipeline and SDK to the stand-in, which refuses
 * responseJsonSchema keywords outside the subset the API takes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGeminiProvider } from '../../src/models/gemini.ts';
import { runExtraction } from '../../src/pipeline/run-extraction.ts';
import type { JsonSchema } from '../../src/domain/types.ts';
import { checkSchema } from '../../src/schemas/check-schema.ts';
import { JSON_SCHEMA_KEYWORDS, SERVICE_KEYWORDS, UNSUPPORTED_REF_KEYWORDS } from '../../src/schemas/schema-keywords.ts';
import { baseConfig, layout } from '../helpers/fake-pipeline.ts';
import { startGeminiStub } from '../helpers/gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';

let stub: GeminiStub;
beforeEach(async () => {
  stub = await startGeminiStub();
});
afterEach(async () => {
  await stub.close();
});

/** Per keyword, a property schema that uses it (root-only keywords are set on the root below). */
const USES: Record<string, JsonSchema> = {
  $ref: { $ref: '#/$defs/money' },
  $anchor: { $anchor: 'here', type: 'string' },
  $dynamicAnchor: { $dynamicAnchor: 'node', type: 'string' },
  $comment: { $comment: 'why', type: 'string' },
  definitions: { $ref: '#/definitions/legacy' },
  prefixItems: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] },
  items: { type: 'array', items: { type: 'string' } },
  additionalItems: { type: 'array', additionalItems: { type: 'string' } },
  contains: { type: 'array', items: { type: 'string' }, contains: { const: 'x' }, minContains: 1, maxContains: 2 },
  additionalProperties: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
  properties: { type: 'object', properties: { a: { type: 'string' } } },
  patternProperties: { type: 'object', patternProperties: { '^x-': { type: 'string' } } },
  dependentSchemas: { type: 'object', properties: { a: { type: 'string' } }, dependentSchemas: { a: { required: ['a'] } } },
  dependencies: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, dependencies: { a: ['b'] } },
  propertyNames: { type: 'object', propertyNames: { maxLength: 10 } },
  if: { type: 'string', if: { minLength: 3 }, then: { maxLength: 10 }, else: { const: '' } },
  allOf: { allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { properties: { b: { type: 'number' } } }] },
  anyOf: { anyOf: [{ type: 'string' }, { type: 'number' }] },
  oneOf: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
  not: { type: 'string', not: { const: 'n/a' } },
  unevaluatedItems: { type: 'array', prefixItems: [{ type: 'string' }], unevaluatedItems: false },
  unevaluatedProperties: { type: 'object', properties: { a: { type: 'string' } }, unevaluatedProperties: false },
  type: { type: ['string', 'null'] },
  const: { const: 'EUR' },
  enum: { enum: ['a', 'b', 1, true, null] },
  multipleOf: { type: 'number', multipleOf: 0.01 },
  maximum: { type: 'number', maximum: 10, exclusiveMaximum: 11 },
  minimum: { type: 'number', minimum: 0, exclusiveMinimum: -1 },
  maxLength: { type: 'string', maxLength: 20, minLength: 1, pattern: '^[A-Z]' },
  maxItems: { type: 'array', items: { type: 'number' }, maxItems: 5, minItems: 1, uniqueItems: true },
  maxProperties: { type: 'object', maxProperties: 3, minProperties: 1 },
  required: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], dependentRequired: { a: ['a'] } },
  title: { type: 'string', title: 'T', description: 'D', default: 'x', deprecated: false, readOnly: false, writeOnly: false, examples: ['x'] },
  format: { type: 'string', format: 'date' },
  contentEncoding: { type: 'string', contentEncoding: 'base64', contentMediaType: 'application/json', contentSchema: { type: 'object' } },
  propertyOrdering: { type: 'object', properties: { b: { type: 'string' }, a: { type: 'string' } }, propertyOrdering: ['b', 'a'] },
  'x-agenticArrayExtractionMaxItemsPerTurn': { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } }, 'x-agenticArrayExtractionMaxItemsPerTurn': 20 },
  agenticArrayExtractionMaxItemsPerTurn: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } }, agenticArrayExtractionMaxItemsPerTurn: 20 },
};
/** Set on the root schema itself. */
const ROOT_KEYWORDS = new Set(['$schema', '$id', '$defs', '$vocabulary', '$recursiveAnchor']);

const everyKeyword: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://example.com/every-keyword',
  type: 'object',
  properties: Object.fromEntries(Object.entries(USES).map(([keyword, schema], i) => [`p${i}_${keyword.replace(/\W/g, '')}`, schema])),
  $defs: { money: { type: 'number', minimum: 0 } },
  definitions: { legacy: { type: 'string' } },
};

function keywordsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keywordsIn(v, into);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      into.add(key);
      keywordsIn(v, into);
    }
  }
  return into;
}

describe('JSON Schema keywords and responseJsonSchema', () => {
  it('the test schema uses every keyword the checker accepts, and the checker accepts it', () => {
    const used = keywordsIn(everyKeyword);
    const vocabulary = [...JSON_SCHEMA_KEYWORDS, ...SERVICE_KEYWORDS].filter(
      (k) => !UNSUPPORTED_REF_KEYWORDS.has(k) && !ROOT_KEYWORDS.has(k) && k !== '$recursiveAnchor' && k !== '$vocabulary',
    );
    expect(vocabulary.filter((k) => !used.has(k))).toEqual([]);
    const check = checkSchema(everyKeyword);
    expect(check.errors).toEqual([]);
    expect(check.valid).toBe(true);
  });

  it.each([false, true])('no request with such a schema is refused by the API (perKeyAttribution %s)', async (perKeyAttribution) => {
    // Nothing found in the document: answered in whichever envelope the request asks for.
    stub.respond((request) => {
      const envelope = (request.responseSchema as { properties?: Record<string, unknown> }).properties ?? {};
      if ('items' in envelope && 'done' in envelope) return { kind: 'json', value: { items: [], done: true, evidence: [] } };
      return { kind: 'json', value: perKeyAttribution ? { value: null, evidence: [] } : null };
    });
    const provider = createGeminiProvider({ model: 'GEMINI_2_5_FLASH', apiKey: 'k', baseUrl: stub.url, maxRetries: 0 });
    const outcome = await runExtraction({
      layout,
      schema: everyKeyword,
      config: { ...baseConfig, perKeyAttribution, enableAgenticArrayExtraction: true },
      provider,
      sectionTokenBudget: 100_000,
      emit: () => {},
      signal: new AbortController().signal,
    });
    expect(stub.rejected.map((r) => r.message)).toEqual([]);
    expect(stub.requests.length).toBeGreaterThan(1);
    expect(outcome.failedPaths).toEqual([]);
  });
});
