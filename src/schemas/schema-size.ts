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
 *   plan keeps such schemas by text (pipeline/plan-extraction.ts), bounding what it holds itself;
 *   so does checked-schemas.ts, wherever the schema was checked.
 * - Small once expanded (isSmallOnceExpanded): within the same bounds with each `$ref` reached
 *   counting its target's values again, and with few schema objects (INLINE_SCHEMA_OBJECTS);
 *   it is checked on the API thread (check-in-thread.ts), any other on the checking thread.
 *
 * Few values is not cheap to check: the check's cost is Ajv compiling each schema object (every
 * object in a schema position: properties' values, items, each anyOf/oneOf/allOf branch,
 * if/then/else, not, definitions...), about 0.2-1 ms each, most with a `pattern` or under
 * alternatives. A 25 KB binary `anyOf` of 2^9 `{ type: 'string', pattern }` leaves, few values,
 * held the API thread 310-495 ms. Data (`enum`, `const`, `default`, `examples`) costs next to
 * nothing to compile and holds no schema objects.
 *
 * Each count stops at its bound, so a verdict costs at most about 2 × INLINE_NODES steps for any
 * input, a `$ref` cycle included. Any object with a string `$ref` is followed, even one inside
 * `enum` or `default` data, and an object under an unknown keyword counts as a schema: counting
 * too much only sends a schema to the thread.
 *
 * INLINE_NODES covers every realistic schema, expanded (the corpora's and examples' expand to at
 * most 161 values); INLINE_STRING_CHARS (property names and string values summed) lets long
 * descriptions through while keeping the text a kept entry stands for near its bound
 * (MAX_ENTRY_CHARS in checked-schemas.ts). INLINE_SCHEMA_OBJECTS, a schema object with a
 * `pattern` or `format` counting PATTERNED_WEIGHT, is a little above the most in any realistic
 * schema (the corpora's, examples' and test fixtures' count at most 41, the detailed invoice,
 * whose check took a median 4-6 ms). Measured on the loaded 2-core dev machine (load 5-6, so
 * indicative only), checks of schemas built to be costly just within it (2^k anyOf or oneOf
 * branches, each its own pattern or format; properties; nested if/then/else) took a median 5-29 ms
 * (max 68 ms with GC); counting every object as 1 with a bound of 40, they took 25-47 ms.
 */

const INLINE_NODES = 5_000;
const INLINE_STRING_CHARS = 192 * 1024;
const INLINE_SCHEMA_OBJECTS = 48;
/** What a schema object with a `pattern` or `format` counts for: compiling those costs Ajv about as much again, twice. */
const PATTERNED_WEIGHT = 3;

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

/** Keywords whose values are data, not schemas: their objects cost Ajv nothing to compile. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);
/** Keywords whose values are maps of names to schemas: the map itself is no schema. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies']);

/**
 * The walk's pending values and whether each sits in a schema position (an object there is a
 * schema), as two parallel stacks rather than a pair per value: the pairs made as much garbage as
 * parsing the schema had (about 225 KB for a 21 KB text), on the API thread, for every start that
 * asks, and twenty such starts at once filled the young generation several times over, each
 * scavenge copying the other requests' live schemas. What is saved is those pair objects, not the
 * stacks' own storage: setting `length = 0` after each walk (so that they hold no input) lets V8
 * drop their backing stores, and each walk grows them again, a few allocations of a stack's depth
 * at most. Walks never nest (each is synchronous and calls nothing that walks).
 */
const pendingValues: unknown[] = [];
const pendingInSchema: boolean[] = [];

/**
 * True when `root` holds more JSON values or string characters than allowed, with its local
 * `$ref`s expanded when `followRefs`, or (expanded) more schema objects; stops counting there
 * (cheap for any input). An object reached twice (shared, or in a cycle: from code rather than
 * JSON, which shares nothing) counts each time, as every reach of a `$ref` does expanded, and the
 * bound stops a cycle. Keeping a set of the objects met, to count such an object once, made most
 * of a walk's garbage (a 4,000-object schema's set grew to ~300 KB) for inputs no request sends;
 * counting too much only makes a schema not small, which costs a key (checked-schemas.ts).
 */
function exceedsSize(root: unknown, followRefs: boolean): boolean {
  try {
    return countPastBounds(root, followRefs);
  } finally {
    pendingValues.length = 0;
    pendingInSchema.length = 0;
  }
}

function countPastBounds(root: unknown, followRefs: boolean): boolean {
  const values = pendingValues;
  const inSchema = pendingInSchema;
  values.push(root);
  inSchema.push(true);
  const targetOf = refTargets(root);
  let nodes = 0;
  let chars = 0;
  let schemas = 0;
  while (values.length > 0) {
    const v = values.pop();
    const isSchema = inSchema.pop()!;
    if (++nodes > INLINE_NODES) return true;
    if (typeof v === 'string' && (chars += v.length) > INLINE_STRING_CHARS) return true;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      if (nodes + v.length > INLINE_NODES) return true;
      for (const item of v) {
        values.push(item);
        inSchema.push(isSchema);
      }
      continue;
    }
    const object = v as Record<string, unknown>;
    if (followRefs && isSchema && (schemas += schemaWeight(object)) > INLINE_SCHEMA_OBJECTS) return true;
    for (const key in object) {
      if (++nodes > INLINE_NODES || (chars += key.length) > INLINE_STRING_CHARS) return true;
      const value = object[key];
      if (!isSchema || DATA_KEYWORDS.has(key)) {
        values.push(value);
        inSchema.push(false);
      } else if (SCHEMA_MAPS.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        // The map counts as the value it is, its names as keys; its values are schemas.
        nodes++;
        // Each name of patternProperties is a regular expression to compile, and a boolean member
        // (`"^a": true`) a schema of its own: both cost Ajv as a schema object does.
        const names = key === 'patternProperties' ? PATTERNED_WEIGHT : 0;
        for (const name in value) {
          if (++nodes > INLINE_NODES || (chars += name.length) > INLINE_STRING_CHARS) return true;
          const member = (value as Record<string, unknown>)[name];
          if (followRefs && (schemas += names + (typeof member === 'boolean' ? 1 : 0)) > INLINE_SCHEMA_OBJECTS) return true;
          values.push(member);
          inSchema.push(true);
        }
      } else {
        values.push(value);
        inSchema.push(true);
      }
    }
    const ref = object['$ref'];
    if (followRefs && typeof ref === 'string') {
      const target = targetOf(ref);
      if (target !== undefined) {
        values.push(target);
        inSchema.push(true);
      }
    }
  }
  return false;
}

/** What a schema object counts for against INLINE_SCHEMA_OBJECTS. */
function schemaWeight(object: Record<string, unknown>): number {
  return 'pattern' in object || 'format' in object ? PATTERNED_WEIGHT : 1;
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

