import { appendPointer, getAtPointer } from './json-pointer.ts';
import { defineKey, isPlainObject } from './json-object.ts';

/** A JSON Schema as users write it (an object; boolean schemas are refused by the checks). */
export type JsonSchema = Record<string, unknown>;

/**
 * Where sub-schemas live inside a schema object, for drafts 07 and 2020-12 together. Everything else
 * (enum, const, default, examples, the keys of `properties`) is plain data: a "$ref" there is not a
 * reference.
 */
const SINGLE_SCHEMA_KEYWORDS = [
  'additionalProperties',
  'additionalItems',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'contentSchema',
] as const;
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies'] as const;
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;

const SINGLE = new Set<string>(SINGLE_SCHEMA_KEYWORDS);
const MAP = new Set<string>(SCHEMA_MAP_KEYWORDS);
const LIST = new Set<string>(SCHEMA_LIST_KEYWORDS);

/** Keywords that only make sense with references unresolved; `resolveRefs` drops them everywhere. */
const DROPPED_KEYWORDS = new Set(['$defs', 'definitions', '$schema', '$id']);

function isSchema(value: unknown): boolean {
  return isPlainObject(value) || typeof value === 'boolean';
}

/**
 * Calls `visit` for every direct sub-schema of `node` (object or boolean), with its pointer.
 * `items` is a single schema in 2020-12 and may be a list in draft-07; `dependencies` mixes schemas
 * and string lists (draft-07), so only its schema values are visited.
 */
export function forEachSubschema(
  node: Record<string, unknown>,
  pointer: string,
  visit: (child: unknown, childPointer: string, keyword: string) => void,
): void {
  for (const [keyword, value] of Object.entries(node)) {
    if (SINGLE.has(keyword) || (keyword === 'items' && !Array.isArray(value))) {
      if (isSchema(value)) visit(value, appendPointer(pointer, keyword), keyword);
    } else if (MAP.has(keyword)) {
      if (!isPlainObject(value)) continue;
      for (const [name, child] of Object.entries(value)) {
        if (isSchema(child)) visit(child, appendPointer(pointer, keyword, name), keyword);
      }
    } else if (LIST.has(keyword) || keyword === 'items') {
      if (!Array.isArray(value)) continue;
      value.forEach((child, i) => {
        if (isSchema(child)) visit(child, appendPointer(pointer, keyword, i), keyword);
      });
    }
  }
}

export type LocalRef = { ok: true; pointer: string } | { ok: false; problem: string };

/**
 * Parses a `$ref` this service supports: a local pointer under `#/$defs/` or `#/definitions/`.
 * Remote documents would need fetching at extraction time, anchors are rare, and `#` alone makes
 * the root recursive, so all three are refused with a reason.
 */
export function parseLocalRef(ref: string): LocalRef {
  if (!ref.startsWith('#')) {
    return { ok: false, problem: 'remote references are not supported; move the schema under #/$defs and point there' };
  }
  if (ref === '#' || ref === '#/') {
    return { ok: false, problem: "a reference to the whole schema ('#') makes it recursive, which extraction cannot produce" };
  }
  if (!ref.startsWith('#/')) {
    return { ok: false, problem: 'anchor references are not supported; use #/$defs/<name>' };
  }
  let pointer: string;
  try {
    // The fragment is URI-encoded ("#/$defs/my%20type"); the JSON Pointer inside it is not.
    pointer = decodeURIComponent(ref.slice(1));
  } catch {
    return { ok: false, problem: 'the reference is not a valid URI fragment' };
  }
  if (!/^\/(\$defs|definitions)\/./.test(pointer)) {
    return { ok: false, problem: 'references must point under #/$defs/ or #/definitions/' };
  }
  return { ok: true, pointer };
}

/**
 * A copy of `schema` with every local `$ref` inlined, for handing to models and splitting. The copy
 * is a new tree throughout: it shares no object with `schema`, nor one part of itself with another
 * (each use of a definition is its own copy), so a caller may keep or freeze it as it is.
 * Assumes `checkSchema` passed (references local and acyclic); throws otherwise rather than loop.
 * Siblings of `$ref` are merged over the target (2020-12 semantics): they win key by key,
 * except that `properties` are combined and `required` is the union.
 * `$defs`, `definitions`, `$schema` and `$id` are dropped at every level.
 *
 * The result has no `$schema`, so it is read as 2020-12: a draft-07 schema's tuple keywords are
 * rewritten to their 2020-12 forms (`items: [..]` -> `prefixItems`, `additionalItems` -> `items`,
 * `dependencies` -> `dependentSchemas` / `dependentRequired`).
 */
export function resolveRefs(schema: JsonSchema): JsonSchema {
  const draft07 = typeof schema['$schema'] === 'string' && /json-schema\.org\/draft-07\//.test(schema['$schema']);
  const out = resolveNode(schema, { root: schema, draft07, targets: new Map(), byPointer: new Map() }, []);
  return isPlainObject(out) ? out : {};
}

interface ResolveContext {
  root: JsonSchema;
  draft07: boolean;
  /** What each `$ref` string points at, worked out once per resolve (see refTarget). */
  targets: Map<string, RefTarget>;
  /** One target per pointer, so that the cycle check compares targets, not pointer text. */
  byPointer: Map<string, RefTarget>;
}

type RefTarget = { ok: true; pointer: string; raw: unknown } | { ok: false; problem: string };

/**
 * A `$ref`'s parse and target, once per distinct ref string: a definition reached many times
 * through others (`a: anyOf [b, b]`, `b: anyOf [c, c]`, ...) was otherwise re-parsed, pointer
 * and all, on every use; with a long definition name that cost seconds for a 300 KB schema.
 */
function refTarget(ref: string, ctx: ResolveContext): RefTarget {
  const known = ctx.targets.get(ref);
  if (known) return known;
  const parsed = parseLocalRef(ref);
  let target: RefTarget;
  if (parsed.ok) {
    target = ctx.byPointer.get(parsed.pointer) ?? { ok: true, pointer: parsed.pointer, raw: getAtPointer(ctx.root, parsed.pointer) };
    ctx.byPointer.set(parsed.pointer, target);
  } else {
    target = parsed;
  }
  ctx.targets.set(ref, target);
  return target;
}

function resolveNode(node: unknown, ctx: ResolveContext, refStack: RefTarget[]): unknown {
  // Copied like everything else, so that the result shares nothing with the input (an array here
  // is not a schema and the checks refuse it, but a caller may resolve before checking).
  if (!isPlainObject(node)) return structuredClone(node);
  let out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === '$ref' || DROPPED_KEYWORDS.has(keyword)) continue;
    defineKey(out, keyword, resolveKeyword(keyword, value, ctx, refStack));
  }
  if (ctx.draft07) out = toDraft2020(out);
  const ref = node['$ref'];
  if (typeof ref !== 'string') return out;

  const found = refTarget(ref, ctx);
  if (!found.ok) throw new Error(`cannot resolve $ref ${JSON.stringify(ref)}: ${found.problem}`);
  if (refStack.includes(found)) throw new Error(`$ref ${JSON.stringify(ref)} is part of a cycle`);
  if (found.raw === undefined) throw new Error(`$ref ${JSON.stringify(ref)} points nowhere`);
  const target = resolveNode(found.raw, ctx, [...refStack, found]);
  if (target === true) return out;
  if (target === false) return { ...out, not: {} };
  return isPlainObject(target) ? mergeRefSiblings(target, out) : out;
}

function resolveKeyword(keyword: string, value: unknown, ctx: ResolveContext, refStack: RefTarget[]): unknown {
  if (SINGLE.has(keyword) || (keyword === 'items' && !Array.isArray(value))) {
    return resolveNode(value, ctx, refStack);
  }
  if (MAP.has(keyword) && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(value)) {
      defineKey(out, name, isSchema(child) ? resolveNode(child, ctx, refStack) : structuredClone(child));
    }
    return out;
  }
  if ((LIST.has(keyword) || keyword === 'items') && Array.isArray(value)) {
    return value.map((child) => resolveNode(child, ctx, refStack));
  }
  return structuredClone(value);
}

/** Draft-07 keywords whose meaning changed in 2020-12, rewritten (the rest mean the same). */
function toDraft2020(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === 'items' && Array.isArray(value)) {
      out['prefixItems'] = value;
      if ('additionalItems' in node) out['items'] = node['additionalItems'];
    } else if (keyword === 'additionalItems') {
      // Only meaningful next to a list `items`, handled there.
    } else if (keyword === 'dependencies' && isPlainObject(value)) {
      for (const [name, dependency] of Object.entries(value)) {
        const target = Array.isArray(dependency) ? 'dependentRequired' : 'dependentSchemas';
        const group = isPlainObject(out[target]) ? (out[target] as Record<string, unknown>) : {};
        defineKey(group, name, dependency);
        out[target] = group;
      }
    } else {
      defineKey(out, keyword, value);
    }
  }
  return out;
}

function mergeRefSiblings(target: Record<string, unknown>, siblings: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...target, ...siblings };
  if (isPlainObject(target['properties']) && isPlainObject(siblings['properties'])) {
    merged['properties'] = { ...target['properties'], ...siblings['properties'] };
  }
  if (Array.isArray(target['required']) && Array.isArray(siblings['required'])) {
    merged['required'] = [...new Set([...target['required'], ...siblings['required']])];
  }
  return merged;
}
