/**
 * Whether a schema is small enough to be checked on the API thread, and for its results to be kept
 * by its text (checked-schemas.ts). Both limits matter: a schema of few JSON values can still carry
 * megabytes of strings (a 4.9 MB description under 5,000 values was stringified and hashed for
 * its key on the API thread, 19-23 ms, on top of its check, and then never kept).
 *
 * INLINE_NODES covers every realistic schema; INLINE_STRING_CHARS (property names and string
 * values summed) lets long descriptions through while keeping the text a kept entry stands for
 * near its bound (MAX_ENTRY_CHARS in checked-schemas.ts).
 */

const INLINE_NODES = 5_000;
const INLINE_STRING_CHARS = 192 * 1024;

/** Verdicts per object: a start asks about the same input for its check and its estimate. */
const verdicts = new WeakMap<object, boolean>();

export function isSmallSchema(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null) return !exceedsSize(schema);
  const known = verdicts.get(schema);
  if (known !== undefined) return known;
  const small = !exceedsSize(schema);
  verdicts.set(schema, small);
  return small;
}

/** True when `value` holds more JSON values or string characters than allowed; stops counting there (cheap for any input). */
function exceedsSize(value: unknown): boolean {
  const stack: unknown[] = [value];
  let nodes = 0;
  let chars = 0;
  const seen = new Set<object>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (++nodes > INLINE_NODES) return true;
    if (typeof v === 'string' && (chars += v.length) > INLINE_STRING_CHARS) return true;
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      if (nodes + v.length > INLINE_NODES) return true;
      for (const item of v) stack.push(item);
    } else {
      for (const key in v as Record<string, unknown>) {
        if (++nodes > INLINE_NODES || (chars += key.length) > INLINE_STRING_CHARS) return true;
        stack.push((v as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}
