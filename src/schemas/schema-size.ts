import { getAtPointer } from '../json-schema/json-pointer.ts';
import { parseLocalRef } from '../json-schema/resolve-refs.ts';

/**
 * Whether a schema is small, as written and once its `$ref`s are expanded. Both bounds matter: a
 * schema of few JSON values can still carry megabytes of strings (a 4.9 MB description under
 * 5,000 values was stringified and hashed for its key on the API thread, 19-23 ms, on top of its
 * check, and then never kept), and a schema small as written can expand hugely: a 26 KB one whose
 * definition (carrying a `$defs` of 2,000 entries) is reached 2^11 times through
 * `d_i: anyOf [d_(i+1), d_(i+1)]` passes every check limit, yet its check (Ajv compiling the
 * resolved schema, and the GC after) cost 1.6-1.9 s of the API thread's CPU.
 *
 * - Small as written (isSmallSchema): its text is cheap to make and hash for a key. The worker's
 *   plan keeps such schemas by text (pipeline/plan-extraction.ts), bounding what it holds itself.
 * - Small once expanded (isSmallOnceExpanded): also cheap to check on the API thread, and worth
 *   keeping the check by text (check-in-thread.ts, checked-schemas.ts); any other goes to the
 *   checking thread. Each `$ref` reached counts its target's values again.
 *
 * Each count stops at its bound, so a verdict costs at most about 2 × INLINE_NODES steps for any
 * input, a `$ref` cycle included. Any object with a string `$ref` is followed, even one inside
 * `enum` or `default` data: counting too much only sends a schema to the thread.
 *
 * INLINE_NODES covers every realistic schema, expanded (the corpora's and examples' expand to at
 * most 161 values); INLINE_STRING_CHARS (property names and string values summed) lets long
 * descriptions through while keeping the text a kept entry stands for near its bound
 * (MAX_ENTRY_CHARS in checked-schemas.ts).
 */

const INLINE_NODES = 5_000;
const INLINE_STRING_CHARS = 192 * 1024;

type Size = 'small' | 'expands' | 'large';

/** Verdicts per object: a start asks about the same input for its check, its estimate and its key. */
const verdicts = new WeakMap<object, Size>();

/** Few JSON values and string characters as written. */
export function isSmallSchema(schema: unknown): boolean {
  return sizeOf(schema) !== 'large';
}

/** Few JSON values and string characters even with every local `$ref` written out. */
export function isSmallOnceExpanded(schema: unknown): boolean {
  return sizeOf(schema) === 'small';
}

function sizeOf(schema: unknown): Size {
  if (typeof schema !== 'object' || schema === null) return measure(schema);
  let size = verdicts.get(schema);
  if (size === undefined) {
    size = measure(schema);
    verdicts.set(schema, size);
  }
  return size;
}

/** Expanded first: within its bounds, the schema as written is too (parsed JSON shares no object). */
function measure(schema: unknown): Size {
  if (!exceedsSize(schema, true)) return 'small';
  return exceedsSize(schema, false) ? 'large' : 'expands';
}

/**
 * True when `root` holds more JSON values or string characters than allowed, with its local
 * `$ref`s expanded when `followRefs`; stops counting there (cheap for any input). Written as is,
 * an object reached twice (shared or in a cycle, from code rather than JSON) counts once; expanded,
 * every reach counts and the bound stops a cycle.
 */
function exceedsSize(root: unknown, followRefs: boolean): boolean {
  const stack: unknown[] = [root];
  const seen = followRefs ? null : new Set<object>();
  const targetOf = refTargets(root);
  let nodes = 0;
  let chars = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    if (++nodes > INLINE_NODES) return true;
    if (typeof v === 'string' && (chars += v.length) > INLINE_STRING_CHARS) return true;
    if (v === null || typeof v !== 'object') continue;
    if (seen) {
      if (seen.has(v)) continue;
      seen.add(v);
    }
    if (Array.isArray(v)) {
      if (nodes + v.length > INLINE_NODES) return true;
      for (const item of v) stack.push(item);
      continue;
    }
    const object = v as Record<string, unknown>;
    for (const key in object) {
      if (++nodes > INLINE_NODES || (chars += key.length) > INLINE_STRING_CHARS) return true;
      stack.push(object[key]);
    }
    const ref = object['$ref'];
    if (followRefs && typeof ref === 'string') {
      const target = targetOf(ref);
      if (target !== undefined) stack.push(target);
    }
  }
  return false;
}

/** Where each distinct `$ref` string points in `root` (undefined: nowhere this service resolves), parsed and looked up once per walk. */
function refTargets(root: unknown): (ref: string) => unknown {
  const targets = new Map<string, unknown>();
  return (ref) => {
    if (targets.has(ref)) return targets.get(ref);
    const parsed = parseLocalRef(ref);
    const target = parsed.ok ? getAtPointer(root, parsed.pointer) : undefined;
    targets.set(ref, target);
    return target;
  };
}
