/**
 * Building the whole result from subtree values placed at their pointers.
 *
 * Several subtrees can share a pointer (split-schema groups the scalars of one object into
 * subtrees holding subsets of its properties, and an array subtree lives under its parent's
 * group), so objects arriving at the same place are deep-merged rather than replaced. Missing
 * parents are created with the shape their schema gives them (array or object).
 */
import type { JsonSchema } from '../domain/types.ts';
import { parsePointer } from '../json-schema/json-pointer.ts';
import { defineKey, isPlainObject } from '../json-schema/json-object.ts';

function deepMerge(base: unknown, incoming: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(incoming)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(base)) defineKey(out, key, value);
    for (const [key, value] of Object.entries(incoming)) {
      defineKey(out, key, Object.hasOwn(out, key) ? deepMerge(out[key], value) : value);
    }
    return out;
  }
  // A placeholder null (failed or not yet placed) never overwrites an answer.
  if (incoming === null || incoming === undefined) return base ?? incoming;
  return incoming;
}

function childSchema(schema: JsonSchema | undefined, token: string): JsonSchema | undefined {
  if (!schema) return undefined;
  const props = propertiesOf(schema);
  if (props && Object.hasOwn(props, token)) return props[token];
  return isPlainObject(schema.items) ? (schema.items as JsonSchema) : undefined;
}

function shallowCopy(value: unknown, schema: JsonSchema | undefined): Record<string, unknown> {
  if (Array.isArray(value)) return [...value] as unknown as Record<string, unknown>;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) defineKey(out, key, v);
    return out;
  }
  // Missing parents take the shape the schema gives them (a PER_PAGE result is an array).
  return (schema && types(schema).includes('array') ? [] : {}) as Record<string, unknown>;
}

/**
 * `root` with `value` placed at `pointer` (deep-merged with what is there). Neither `root` nor
 * `value` is modified, here or by a later placeAt on the result: every object on the way to the
 * pointer, and every object two placed values share, is a new one. What is placed is not copied
 * (the result shares its parts with `value`): a job places each subtree's answer once, after its
 * last answer, and a structured clone of every answer was on the way from that answer to the
 * job's final write, only for the result to be copied again (fillMissing, orderLikeSchema).
 * `schema` is the schema of `root` and decides whether missing parents are arrays.
 */
export function placeAt(root: unknown, pointer: string, value: unknown, schema?: JsonSchema): unknown {
  const path = parsePointer(pointer);
  if (path.length === 0) return deepMerge(root, value);
  const top = shallowCopy(root, schema);
  let cursor = top;
  let cursorSchema = schema;
  path.forEach((token, i) => {
    const nextSchema = childSchema(cursorSchema, token);
    if (i === path.length - 1) {
      // Only an own key is there: `cursor["__proto__"]` would read Object.prototype.
      defineKey(cursor, token, deepMerge(Object.hasOwn(cursor, token) ? cursor[token] : undefined, value));
      return;
    }
    const next = shallowCopy(Object.hasOwn(cursor, token) ? cursor[token] : undefined, nextSchema);
    defineKey(cursor, token, next);
    cursor = next;
    cursorSchema = nextSchema;
  });
  return top;
}

function types(schema: JsonSchema): string[] {
  const t = schema.type;
  if (typeof t === 'string') return [t];
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : [];
}

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> | null {
  const p = schema.properties;
  return isPlainObject(p) ? (p as Record<string, JsonSchema>) : null;
}

/** What a subtree that failed contributes: its declared properties as null, or null. */
export function failedValue(schema: JsonSchema): unknown {
  const props = propertiesOf(schema);
  if (props && (types(schema).includes('object') || types(schema).length === 0)) {
    return Object.fromEntries(Object.keys(props).map((k) => [k, null]));
  }
  return null;
}

/**
 * Completes the shape: every property the schema declares on an object present in `value` is
 * there (null when nothing was extracted), array holes become null. Returns a new value.
 */
export function fillMissing(schema: JsonSchema, value: unknown): unknown {
  if (value === undefined) return null;
  const props = propertiesOf(schema);
  if (props && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) defineKey(out, key, v);
    for (const [key, sub] of Object.entries(props)) defineKey(out, key, fillMissing(sub, Object.hasOwn(out, key) ? out[key] : undefined));
    return out;
  }
  if (Array.isArray(value)) {
    const items = isPlainObject(schema.items) ? (schema.items as JsonSchema) : {};
    return Array.from(value, (item) => fillMissing(items, item));
  }
  return value;
}

/** The value a result starts from before any subtree is placed. */
export function emptyResult(schema: JsonSchema): unknown {
  return types(schema).includes('array') ? [] : {};
}
