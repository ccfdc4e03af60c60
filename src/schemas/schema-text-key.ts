import { createHash } from 'node:crypto';

/**
 * A short key for a schema value: a hash of its JSON text, for caches of work that depends only
 * on that text (checked-schemas.ts: checks and the start's estimate). Identical text is an
 * identical schema to every function of ours that reads one.
 *
 * null for anything that is not plain JSON: JSON.stringify would silently turn a non-finite number
 * into null, drop an undefined or a function, and serialise a Date or a class instance through
 * toJSON or its own fields, so such a value (from code, never from a request: GraphQL's JSON
 * scalar and our body parsers only make plain JSON) could share a key with a valid schema that
 * checkSchema accepts while it would refuse the value itself. Also null when the text cannot be
 * made (a cycle, nesting too deep for the stack).
 *
 * Kept per object (a start asks for the key of the same input in its check and its estimate); a
 * schema is never mutated once it has reached the service.
 */
const keys = new WeakMap<object, SchemaTextKey | null>();

export interface SchemaTextKey {
  /** sha256 of the JSON text, base64url. */
  hash: string;
  /** Length of the JSON text (what a cache entry stands for). */
  chars: number;
}

class NotJson extends Error {}

export function schemaTextKey(schema: unknown): SchemaTextKey | null {
  if (typeof schema !== 'object' || schema === null) return null;
  const known = keys.get(schema);
  if (known !== undefined) return known;
  let key: SchemaTextKey | null;
  try {
    const text = JSON.stringify(schema, onlyPlainJson);
    key = { hash: createHash('sha256').update(text).digest('base64url'), chars: text.length };
  } catch {
    key = null;
  }
  keys.set(schema, key);
  return key;
}

/** A JSON.stringify replacer that throws on any value stringify would change (see above). */
function onlyPlainJson(this: unknown, key: string, value: unknown): unknown {
  // `value` has been through toJSON already; the holder still has what was there.
  const original = (this as Record<string, unknown>)[key];
  switch (typeof original) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(original)) return value;
      throw new NotJson();
    case 'object': {
      if (original === null) return value;
      const proto = Object.getPrototypeOf(original) as unknown;
      const plain = Array.isArray(original) ? proto === Array.prototype : proto === Object.prototype || proto === null;
      if (plain && typeof (original as { toJSON?: unknown }).toJSON !== 'function') return value;
      throw new NotJson();
    }
    default:
      throw new NotJson();
  }
}
