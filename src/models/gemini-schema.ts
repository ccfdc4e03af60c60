/**
 * Translates a user's JSON Schema into the subset Gemini's `responseJsonSchema` accepts, and
 * wraps it in the envelope the model answers in (evidence, turn-based arrays).
 *
 * Gemini's supported keywords (SDK doc comment of GenerateContentConfig.responseJsonSchema,
 * @google/genai 1.x, checked 2026-12-05): $id $defs $ref $anchor type format title description
 * enum (strings and numbers) items prefixItems minItems maxItems minimum maximum anyOf oneOf
 * (read as anyOf) properties additionalProperties required (+ propertyOrdering); a $ref may have
 * only $-keywords beside it. Anything else may be ignored or earn a 400, so it is dropped here; constraints the model should still know about (pattern, lengths,
 * exclusive bounds) move into the description as a hint. The answer is validated against the
 * user's original schema afterwards, so nothing is lost by loosening the schema sent.
 *
 * Optional properties become nullable (but stay optional) so that the model can say "absent"
 * with null rather than inventing a value. Callers must treat a null optional property as
 * absent before validating against the original schema.
 */
import type { JsonSchema } from '../domain/types.ts';
import { isPlainObject } from '../json-schema/json-object.ts';

const KEPT_KEYWORDS = new Set([
  '$id', '$anchor', '$ref', 'type', 'format', 'title', 'description', 'enum',
  'minItems', 'maxItems', 'minimum', 'maximum', 'required', 'propertyOrdering',
]);

/** Constraints Gemini does not enforce, repeated to the model in words. */
const HINTED_KEYWORDS: Record<string, (value: unknown) => string | undefined> = {
  pattern: (v) => `match the regular expression ${String(v)}`,
  minLength: (v) => `have at least ${String(v)} characters`,
  maxLength: (v) => `have at most ${String(v)} characters`,
  exclusiveMinimum: (v) => `be greater than ${String(v)}`,
  exclusiveMaximum: (v) => `be less than ${String(v)}`,
  multipleOf: (v) => `be a multiple of ${String(v)}`,
  uniqueItems: (v) => (v === true ? 'have no duplicate items' : undefined),
};

export function toGeminiSchema(schema: JsonSchema): JsonSchema {
  const defs = (schema.$defs ?? schema.definitions) as Record<string, unknown> | undefined;
  const translated = translate(schema);
  delete translated.$defs;
  if (defs && typeof defs === 'object') {
    translated.$defs = Object.fromEntries(Object.entries(defs).map(([name, def]) => [name, translate(def)]));
  }
  return translated;
}

function translate(input: unknown): JsonSchema {
  if (input === true || input === undefined) return {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return {};
  const schema = mergeAllOf(input as JsonSchema);
  const out: JsonSchema = {};
  const hints: string[] = [];

  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') {
      // $defs are hoisted to the root of the schema sent; "definitions" is the draft-07 name.
      out.$ref = value.replace(/^#\/definitions\//, '#/$defs/');
    } else if (KEPT_KEYWORDS.has(key)) {
      out[key] = value;
    } else if (HINTED_KEYWORDS[key] && (typeof value !== 'object' || value === null)) {
      const hint = HINTED_KEYWORDS[key](value);
      if (hint) hints.push(hint);
    }
  }

  if (schema.const !== undefined && out.enum === undefined) out.enum = [schema.const];
  if (schema.nullable === true) out.type = withNull(out.type);

  if (isPlainObject(schema.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, sub]) => [name, translate(sub)]),
    );
  }
  if (schema.items !== undefined && !Array.isArray(schema.items)) out.items = translate(schema.items);
  // Draft-07 tuples ("items": [...]) are 2020-12 prefixItems.
  const tuple = Array.isArray(schema.items) ? schema.items : schema.prefixItems;
  if (Array.isArray(tuple)) out.prefixItems = tuple.map((sub) => translate(sub));
  if (isPlainObject(schema.additionalProperties)) out.additionalProperties = translate(schema.additionalProperties);
  else if (typeof schema.additionalProperties === 'boolean') out.additionalProperties = schema.additionalProperties;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives)) out.anyOf = alternatives.map((sub) => translate(sub));

  const enumAllowsNull = fixEnum(out);
  if (enumAllowsNull) out.type = withoutNull(out.type);
  if (hints.length > 0) {
    const note = `(Must ${hints.join('; ')}.)`;
    out.description = typeof out.description === 'string' ? `${out.description} ${note}` : note;
  }
  makeOptionalPropertiesNullable(out);
  // "If $ref is set on a sub-schema, no other properties, except for those starting as a $, may
  // be set" (SDK doc of responseJsonSchema): the API refuses the rest with a 400.
  if (typeof out.$ref === 'string') {
    for (const key of Object.keys(out)) if (!key.startsWith('$')) delete out[key];
  }
  return enumAllowsNull ? nullable(out) : out;
}

/** allOf of object schemas is common for composition; its members are merged shallowly. */
function mergeAllOf(schema: JsonSchema): JsonSchema {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...rest } = schema;
  const merged: JsonSchema = { ...rest };
  for (const member of allOf as unknown[]) {
    if (!isPlainObject(member)) continue;
    const part = mergeAllOf(member);
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties' && isPlainObject(value)) {
        merged.properties = { ...(isPlainObject(merged.properties) ? merged.properties : {}), ...value };
      } else if (key === 'required' && Array.isArray(value)) {
        const current = Array.isArray(merged.required) ? (merged.required as unknown[]) : [];
        merged.required = [...new Set([...current, ...value])];
      } else if (!(key in merged)) {
        merged[key] = value;
      }
    }
  }
  return merged;
}

/**
 * Gemini takes enums of strings and numbers only. Returns whether the enum allowed null, which
 * the caller turns into nullability.
 */
function fixEnum(out: JsonSchema): boolean {
  if (!Array.isArray(out.enum)) return false;
  const values = out.enum as unknown[];
  const kept = values.filter((v) => typeof v === 'string' || typeof v === 'number');
  if (kept.length === 0) delete out.enum;
  else out.enum = kept;
  return values.includes(null);
}

function makeOptionalPropertiesNullable(out: JsonSchema): void {
  if (!isPlainObject(out.properties)) return;
  const required = new Set(Array.isArray(out.required) ? (out.required as string[]) : []);
  for (const [name, sub] of Object.entries(out.properties)) {
    if (!required.has(name) && isPlainObject(sub)) out.properties[name] = nullable(sub);
  }
}

/** The schema, also accepting null. */
export function nullable(schema: JsonSchema): JsonSchema {
  if (acceptsNull(schema)) return schema;
  // With an enum or $ref, adding "null" to `type` is not enough (or not allowed), so use anyOf.
  if (schema.enum !== undefined || schema.$ref !== undefined || schema.type === undefined) {
    if (Array.isArray(schema.anyOf) && schema.$ref === undefined && schema.enum === undefined) {
      return { ...schema, anyOf: [...schema.anyOf, { type: 'null' }] };
    }
    const { description, title, ...rest } = schema;
    return { ...stripUndefined({ title, description }), anyOf: [rest, { type: 'null' }] };
  }
  return { ...schema, type: withNull(schema.type) };
}

function acceptsNull(schema: JsonSchema): boolean {
  const type = schema.type;
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  return Array.isArray(schema.anyOf) && schema.anyOf.some((s) => isPlainObject(s) && s.type === 'null');
}

function withNull(type: unknown): unknown {
  if (type === undefined) return undefined;
  const types = Array.isArray(type) ? type : [type];
  return types.includes('null') ? types : [...types, 'null'];
}

function withoutNull(type: unknown): unknown {
  if (!Array.isArray(type)) return type === 'null' ? undefined : type;
  const rest = type.filter((t) => t !== 'null');
  return rest.length === 1 ? rest[0] : rest.length === 0 ? undefined : rest;
}

function stripUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

// ---------------------------------------------------------------- response envelope

export interface EnvelopeOptions {
  wantEvidence: boolean;
  /** Set for turn-based arrays: at most this many items per answer. */
  itemsPerTurn?: number;
}

const EVIDENCE_SCHEMA: JsonSchema = {
  type: 'array',
  description: 'One entry per non-null primitive value returned.',
  items: {
    type: 'object',
    properties: {
      pointer: { type: 'string', description: 'JSON Pointer of the value, relative to the answer (e.g. "/total", "/0/amount").' },
      quote: { type: 'string', description: 'Shortest verbatim text of the document that supports the value.' },
      page: { type: 'integer', description: 'Page number the quote is on.' },
      reasoning: { type: 'string', description: 'One short sentence on why this is the value.' },
      confidence: { type: 'number', minimum: 0, maximum: 1 },
      // Optional: text pages are located in the text layer; only a scan needs the model's eyes.
      box_2d: {
        type: 'array',
        items: { type: 'integer' },
        minItems: 4,
        maxItems: 4,
        description: 'Only for a value read from a scanned page image: its box as [ymin, xmin, ymax, xmax], 0-1000 of the page image, origin top left.',
      },
    },
    required: ['pointer', 'quote', 'page', 'reasoning', 'confidence'],
  },
};

/**
 * The schema the model answers with:
 * - plain: the subtree's schema itself;
 * - with evidence: `{ value, evidence }`;
 * - turn-based array: `{ items, done }` (+ `evidence`), `items` being this turn's items.
 * `$defs` stay at the root so `#/$defs/...` references keep resolving inside the envelope.
 */
export function responseSchemaFor(subtreeSchema: JsonSchema, options: EnvelopeOptions): JsonSchema {
  const { $defs, ...schema } = toGeminiSchema(subtreeSchema);
  const defs = $defs === undefined ? {} : { $defs };
  const evidence = options.wantEvidence ? { evidence: EVIDENCE_SCHEMA } : {};
  const evidenceRequired = options.wantEvidence ? ['evidence'] : [];

  if (options.itemsPerTurn !== undefined) {
    const itemSchema = isPlainObject(schema.items) ? schema.items : {};
    return {
      ...defs,
      type: 'object',
      properties: {
        items: { type: 'array', items: itemSchema, maxItems: options.itemsPerTurn },
        done: { type: 'boolean', description: 'True when no items remain after the ones in this answer.' },
        ...evidence,
      },
      required: ['items', 'done', ...evidenceRequired],
    };
  }
  if (options.wantEvidence) {
    return { ...defs, type: 'object', properties: { value: schema, ...evidence }, required: ['value', 'evidence'] };
  }
  return { ...defs, ...schema };
}
