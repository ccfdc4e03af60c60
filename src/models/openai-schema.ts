/**
 * Translates the answer schema into the subset OpenAI's Structured Outputs accept with
 * `strict: true` (platform.openai.com/docs/guides/structured-outputs, "Supported schemas"):
 * - the root is an object, not anyOf;
 * - every object lists all its properties in `required` and has `additionalProperties: false`,
 *   so an optional property becomes required-but-nullable (a type union with "null");
 * - only these keywords: type, properties, required, additionalProperties, items, enum, const,
 *   anyOf, $ref, $defs, description, title; string `pattern` and `format` (date-time, time, date,
 *   duration, email, hostname, ipv4, ipv6, uuid); number `minimum`, `maximum`,
 *   `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`; array `minItems`, `maxItems`.
 *
 * Everything else is dropped from the schema sent and reported as lost; the pipeline validates
 * answers against the user's original schema with ajv, so a dropped keyword is still enforced,
 * only after the fact (a violation costs a repair turn instead of being impossible).
 *
 * Free-form objects (no `properties`, or a schema for `additionalProperties`) cannot be said in
 * strict mode without forbidding every key; such a schema is sent with `strict: false`, which
 * servers treat as guidance rather than a hard constraint.
 */
import { appendPointer } from '../json-schema/json-pointer.ts';
import { ITEMS_PER_TURN_KEYWORDS } from '../pipeline/split-schema.ts';
import type { JsonSchema } from '../domain/types.ts';
import { isPlainObject } from '../json-schema/json-object.ts';

export interface StrictSchema {
  schema: JsonSchema;
  /** False when the schema holds something strict mode cannot express (see above). */
  strict: boolean;
  /** What the schema sent leaves out: where (a JSON Pointer into the input schema) and why. */
  lost: LostKeyword[];
}

interface LostKeyword {
  /** JSON Pointer of the keyword in the input schema, e.g. "/properties/site/format". */
  path: string;
  keyword: string;
  message: string;
}

type State = { strict: boolean; lost: LostKeyword[] };

const STRICT_FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);

const KEPT_KEYWORDS = new Set([
  'type', 'enum', 'const', 'description', 'title', '$ref',
  'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems',
]);

/** Keywords handled structurally below, or harmless annotations nobody needs to hear about. */
const STRUCTURAL_KEYWORDS = new Set([
  'properties', 'required', 'additionalProperties', 'items', 'anyOf', 'oneOf', '$defs', 'definitions', 'format',
  'allOf', '$schema', '$id', '$anchor', '$comment', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly',
  'propertyOrdering', 'nullable',
]);

/** Converts `schema` (a root answer schema); the input is not modified. */
export function toStrictSchema(schema: JsonSchema): StrictSchema {
  const state: State = { strict: true, lost: [] };
  const defs = (schema.$defs ?? schema.definitions) as Record<string, unknown> | undefined;
  const out = convert(schema, '', state);
  delete out.definitions;
  if (isPlainObject(defs)) {
    const key = schema.$defs === undefined ? 'definitions' : '$defs';
    out.$defs = Object.fromEntries(Object.entries(defs).map(([name, def]) => [name, convert(def, appendPointer('', key, name), state)]));
  }
  return { schema: out, strict: state.strict, lost: state.lost };
}

/** Whether `schema` is an object schema strict mode accepts at the root (anything else is wrapped). */
export function isObjectRoot(schema: JsonSchema): boolean {
  return schema.type === 'object' && isPlainObject(schema.properties) && schema.anyOf === undefined;
}

function lose(state: State, at: string, keyword: string, message: string): void {
  state.lost.push({ path: appendPointer(at, keyword), keyword, message });
}

function convert(input: unknown, at: string, state: State): JsonSchema {
  if (!isPlainObject(input)) {
    // `true` / `{}` mean "any value", which strict mode has no word for.
    state.strict = false;
    state.lost.push({ path: at, keyword: '', message: 'a schema that accepts any value cannot be said in strict mode, so the schema is sent as guidance only' });
    return {};
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace(/^#\/definitions\//, '#/$defs/');
    else if (KEPT_KEYWORDS.has(key)) out[key] = value;
    else if (!STRUCTURAL_KEYWORDS.has(key) && !key.startsWith('x-') && !(ITEMS_PER_TURN_KEYWORDS as readonly string[]).includes(key)) {
      lose(state, at, key, `"${key}" is not part of strict Structured Outputs`);
    }
  }
  if (typeof input.format === 'string') {
    if (STRICT_FORMATS.has(input.format)) out.format = input.format;
    else lose(state, at, 'format', `format "${input.format}" is not one strict Structured Outputs know`);
  }
  if (input.nullable === true && out.type !== undefined) out.type = withNull(out.type);
  if (out.type === undefined && out.enum === undefined && out.const === undefined && out.$ref === undefined
      && input.anyOf === undefined && input.oneOf === undefined && !isPlainObject(input.properties)) {
    state.strict = false;
    state.lost.push({ path: at, keyword: '', message: 'a schema without "type" cannot be said in strict mode, so the schema is sent as guidance only' });
  }

  const alternatives = input.anyOf ?? input.oneOf;
  if (Array.isArray(alternatives)) {
    const keyword = input.oneOf !== undefined ? 'oneOf' : 'anyOf';
    if (keyword === 'oneOf') lose(state, at, 'oneOf', '"oneOf" is sent as "anyOf"');
    out.anyOf = alternatives.map((sub, i) => convert(sub, appendPointer(at, keyword, i), state));
  }
  if (input.items !== undefined) {
    if (Array.isArray(input.items)) {
      lose(state, at, 'items', 'a tuple ("items" as a list) cannot be said in strict mode, so the schema is sent as guidance only');
      state.strict = false;
    } else {
      out.items = convert(input.items, appendPointer(at, 'items'), state);
    }
  }
  if (input.prefixItems !== undefined) {
    lose(state, at, 'prefixItems', 'a tuple cannot be said in strict mode, so the schema is sent as guidance only');
    state.strict = false;
  }

  const isObject = out.type === 'object' || (Array.isArray(out.type) && out.type.includes('object')) || isPlainObject(input.properties);
  if (isObject) {
    const properties = isPlainObject(input.properties) ? input.properties : {};
    const required = new Set(Array.isArray(input.required) ? (input.required as string[]) : []);
    if (Object.keys(properties).length === 0 || isPlainObject(input.additionalProperties) || input.additionalProperties === true) {
      // A map with free keys: strict mode would force it empty.
      state.strict = false;
      lose(state, at, input.additionalProperties === undefined || input.additionalProperties === false ? 'type' : 'additionalProperties',
        'an object with free keys cannot be said in strict mode, so the schema is sent as guidance only');
      if (isPlainObject(input.additionalProperties)) out.additionalProperties = convert(input.additionalProperties, appendPointer(at, 'additionalProperties'), state);
    } else {
      out.additionalProperties = false;
    }
    out.type ??= 'object';
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([name, sub]) => {
        const converted = convert(sub, appendPointer(at, 'properties', name), state);
        return [name, required.has(name) ? converted : nullable(converted)];
      }),
    );
    out.required = Object.keys(properties);
  }
  return out;
}

/** The schema, also accepting null: a type union where a type is given, anyOf otherwise. */
function nullable(schema: JsonSchema): JsonSchema {
  if (acceptsNull(schema)) return schema;
  if (schema.type !== undefined && schema.enum === undefined && schema.const === undefined && schema.$ref === undefined) {
    return { ...schema, type: withNull(schema.type) };
  }
  if (Object.keys(schema).length === 0) return schema;
  if (Array.isArray(schema.anyOf) && Object.keys(schema).every((k) => k === 'anyOf' || k === 'description')) {
    return { ...schema, anyOf: [...schema.anyOf, { type: 'null' }] };
  }
  const { description, ...rest } = schema;
  return { ...(description === undefined ? {} : { description }), anyOf: [rest, { type: 'null' }] };
}

function acceptsNull(schema: JsonSchema): boolean {
  const type = schema.type;
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return schema.enum === undefined || (schema.enum as unknown[]).includes(null);
  return Array.isArray(schema.anyOf) && schema.anyOf.some((s) => isPlainObject(s) && s.type === 'null');
}

function withNull(type: unknown): unknown {
  const types = Array.isArray(type) ? type : [type];
  return types.includes('null') ? types : [...types, 'null'];
}
