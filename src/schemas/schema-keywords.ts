import { ITEMS_PER_TURN_KEYWORDS } from '../pipeline/split-schema.ts';

/**
 * The keyword vocabulary `checkSchema` knows: JSON Schema 2020-12 and draft-07 together, plus the
 * keywords this service and Gemini add. Anything else is reported as an unknown keyword (a warning:
 * it is harmless, but usually a typo such as "propertys" or an OpenAPI-ism such as "nullable").
 */

export const JSON_SCHEMA_KEYWORDS = [
  // core
  '$schema', '$id', '$ref', '$anchor', '$dynamicRef', '$dynamicAnchor', '$vocabulary', '$comment', '$defs',
  '$recursiveRef', '$recursiveAnchor', 'definitions',
  // applicator
  'prefixItems', 'items', 'additionalItems', 'contains', 'additionalProperties', 'properties', 'patternProperties',
  'dependentSchemas', 'dependencies', 'propertyNames', 'if', 'then', 'else', 'allOf', 'anyOf', 'oneOf', 'not',
  // unevaluated
  'unevaluatedItems', 'unevaluatedProperties',
  // validation
  'type', 'const', 'enum', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength',
  'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'maxContains', 'minContains', 'maxProperties',
  'minProperties', 'required', 'dependentRequired',
  // meta-data, format, content
  'title', 'description', 'default', 'deprecated', 'readOnly', 'writeOnly', 'examples', 'format',
  'contentEncoding', 'contentMediaType', 'contentSchema',
];

export const SERVICE_KEYWORDS = [...ITEMS_PER_TURN_KEYWORDS, 'propertyOrdering'];

const KNOWN = new Set([...JSON_SCHEMA_KEYWORDS, ...SERVICE_KEYWORDS]);

export function isKnownKeyword(keyword: string): boolean {
  return KNOWN.has(keyword) || keyword.startsWith('x-');
}

/** Hints for unknown keywords that are common mistakes. */
export const UNKNOWN_KEYWORD_HINTS: Readonly<Record<string, string>> = {
  nullable: 'use "type": ["<type>", "null"] instead',
  propertys: 'did you mean "properties"?',
  require: 'did you mean "required"?',
  example: 'did you mean "examples"?',
};

/**
 * Keywords outside Gemini's structured-output subset (TECH-NOTES §4.1): the model is not held to
 * them while generating, but ajv checks the answer against them afterwards, so a violation costs
 * a repair round, and a value still breaking them after it is dropped (and reported as a violation).
 */
export const NOT_ENFORCED_KEYWORDS = new Set([
  'pattern', 'minLength', 'maxLength', 'multipleOf', 'exclusiveMinimum', 'exclusiveMaximum', 'const',
  'allOf', 'not', 'if', 'then', 'else', 'dependentSchemas', 'dependentRequired', 'dependencies',
  'uniqueItems', 'contains', 'minContains', 'maxContains', 'minProperties', 'maxProperties',
  'patternProperties', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems', 'additionalItems',
]);

/** Reference keywords `resolveRefs` cannot inline. */
export const UNSUPPORTED_REF_KEYWORDS = new Set(['$dynamicRef', '$recursiveRef']);
