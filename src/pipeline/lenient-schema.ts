/**
 * How strictly answers are checked, at the two places they are checked.
 *
 * - A section answer: one section rarely holds every field (the due date is on page 1, the total
 *   on page 3), and models are told to answer null for what is absent. So a section answer is
 *   validated against the subtree schema with every property allowed to be null; types, formats,
 *   enums and the like are still enforced, and missing required properties still count. How
 *   many items or properties there are (minItems, maxItems, uniqueItems, contains, ...) is not
 *   checked here: one section or one turn sees only part of a list, so only the merged result
 *   can be judged on it.
 * - The merged result: null OPTIONAL properties mean "absent" (the shape is completed with
 *   nulls, and Gemini's response schema makes optional properties nullable), so they are
 *   dropped before validating against the user's schema; a null REQUIRED property is reported.
 */
import { nullable } from '../models/gemini-schema.ts';
import type { JsonSchema } from '../domain/types.ts';
import { defineKey, isPlainObject } from '../json-schema/json-object.ts';

function mapSubschemas(schema: JsonSchema, map: (sub: JsonSchema, keyword: 'property' | 'other') => JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (isPlainObject(schema.properties)) {
    const props: Record<string, unknown> = {};
    for (const [key, sub] of Object.entries(schema.properties)) {
      defineKey(props, key, isPlainObject(sub) ? map(sub, 'property') : sub);
    }
    out.properties = props;
  }
  if (isPlainObject(schema.items)) out.items = map(schema.items, 'other');
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = schema[keyword];
    if (Array.isArray(list)) out[keyword] = list.map((sub: unknown) => (isPlainObject(sub) ? map(sub, 'other') : sub));
  }
  return out;
}

/** Keywords about a whole list or object, which a part of it cannot satisfy. */
const WHOLE_VALUE_KEYWORDS = ['minItems', 'maxItems', 'uniqueItems', 'contains', 'minContains', 'maxContains', 'minProperties', 'maxProperties'];

function nullableProperties(schema: JsonSchema): JsonSchema {
  const mapped = mapSubschemas(schema, (sub, keyword) => {
    const inner = nullableProperties(sub);
    return keyword === 'property' ? nullable(inner) : inner;
  });
  for (const keyword of WHOLE_VALUE_KEYWORDS) delete mapped[keyword];
  return mapped;
}

const sectionSchemas = new WeakMap<JsonSchema, JsonSchema>();

/** The schema a section answer for `schema` is validated against (cached per schema object). */
export function sectionAnswerSchema(schema: JsonSchema): JsonSchema {
  let lenient = sectionSchemas.get(schema);
  if (!lenient) {
    lenient = nullable(nullableProperties(schema));
    sectionSchemas.set(schema, lenient);
  }
  return lenient;
}

/** `value` without the null properties that `schema` does not require (a new value). */
export function withoutNullOptionals(schema: JsonSchema, value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = isPlainObject(schema.items) ? schema.items : {};
    return value.map((item) => withoutNullOptionals(items, item));
  }
  if (!isPlainObject(value)) return value;
  const props = isPlainObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null && !required.has(key)) continue;
    const sub = Object.hasOwn(props, key) && isPlainObject(props[key]) ? (props[key] as JsonSchema) : {};
    defineKey(out, key, withoutNullOptionals(sub, v));
  }
  return out;
}
