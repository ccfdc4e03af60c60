import type { JsonSchema, Subtree } from '../domain/types.ts';
import { appendPointer } from '../json-schema/json-pointer.ts';
import { defineKey, isPlainObject } from '../json-schema/json-object.ts';
import { resolveRefs } from '../json-schema/resolve-refs.ts';

/**
 * Splitting a checked schema into subtrees, the units of model work.
 *
 * Rules, in the order the code applies them:
 * - Every array whose items are objects ("array of objects") is its own subtree at its pointer,
 *   with the whole array schema ("isolated arrays"). Arrays nested inside its items stay inside.
 * - The other properties of an object are grouped, in document order, into subtrees at the
 *   object's pointer holding at most `fieldBudget` leaves each (a single property larger than the
 *   budget gets a group of its own).
 * - A nested object whose leaves (without its isolated arrays) fit in the budget is folded into
 *   its parent's group as a unit: fewer model calls, and related fields stay together. A larger
 *   one is split recursively at its own pointer.
 * - Order: an object's groups, then its children's subtrees, in document order (parents first).
 *
 * Merging: a subtree at an object's pointer yields an OBJECT with only some of that object's
 * properties, and several subtrees may share a pointer (the root's groups are all at ""). Answers
 * must be deep-merged at their pointer (`mergeAtPointer` in json-pointer.ts), never set over each
 * other. Array subtrees own their whole array.
 *
 * Leaf fields ("totalFields"): a primitive is one leaf; an object is the sum of its properties (an
 * object without declared properties is one free-form leaf); an array of objects counts its item's
 * leaves once; an array of primitives is one leaf; anyOf/oneOf/allOf count as their largest branch.
 */

const DEFAULT_FIELD_BUDGET = 25;
const DEFAULT_ITEMS_PER_TURN = 50;

/** The schema keyword that turns on turn-based extraction for one array (Contextual's name, with and without `x-`). */
export const ITEMS_PER_TURN_KEYWORDS = ['x-agenticArrayExtractionMaxItemsPerTurn', 'agenticArrayExtractionMaxItemsPerTurn'] as const;

export interface SplitOptions {
  /** Most leaves per object group; default 25. */
  fieldBudget?: number;
  /** Extract every array of objects in turns (the job's enableAgenticArrayExtraction). */
  agenticArrays?: boolean;
  /** Items per turn when `agenticArrays` is on and the array sets no number itself; default 50. */
  defaultItemsPerTurn?: number;
}

export interface SplitResult {
  subtrees: Subtree[];
  /** Sum of the subtrees' fieldCount, which is also `countLeafFields` of the resolved schema. */
  totalFields: number;
}

/**
 * Keywords of an object schema that may mention properties a partial group leaves out; kept only
 * when the group has all of the object's properties. Whole-result validation still checks them.
 */
const PARTIAL_UNSAFE_KEYWORDS = [
  'minProperties',
  'maxProperties',
  'dependentRequired',
  'dependentSchemas',
  'dependencies',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
];

interface SplitContext {
  budget: number;
  agenticArrays: boolean;
  defaultItemsPerTurn: number;
}

export function splitSchema(schema: JsonSchema, options: SplitOptions = {}): SplitResult {
  return splitResolvedSchema(resolveRefs(schema), options);
}

/**
 * splitSchema of a schema whose references are resolved already (`resolveRefs`'s output), without
 * resolving it again: the subtrees hold the very objects of `root` (array schemas, property
 * schemas), so `root` must not be changed afterwards while the split is in use (plan-extraction.ts
 * freezes both on the path that keeps them; its unkept path and the checking thread's split,
 * schema-shape.ts, only never change them). A planner that keeps the resolved schema for the result
 * splits that one, rather than a second copy of it.
 */
export function splitResolvedSchema(root: JsonSchema, options: SplitOptions = {}): SplitResult {
  const ctx: SplitContext = {
    budget: Math.max(1, Math.floor(options.fieldBudget ?? DEFAULT_FIELD_BUDGET)),
    agenticArrays: options.agenticArrays ?? false,
    defaultItemsPerTurn: Math.max(1, Math.floor(options.defaultItemsPerTurn ?? DEFAULT_ITEMS_PER_TURN)),
  };
  const subtrees: Subtree[] = [];
  if (objectProperties(root)) splitObject(root, '', ctx, subtrees);
  else if (isArrayOfObjects(root)) subtrees.push(arraySubtree(root, '', ctx));
  else subtrees.push({ pointer: '', schema: root, fieldCount: countLeafFields(root) });
  const totalFields = subtrees.reduce((sum, s) => sum + s.fieldCount, 0);
  return { subtrees, totalFields };
}

/** Leaf fields of a schema whose references are already resolved (rules in the file comment). */
export function countLeafFields(schema: unknown): number {
  if (!isPlainObject(schema)) return 1;
  const props = objectProperties(schema);
  if (props) return Object.values(props).reduce<number>((sum, child) => sum + countLeafFields(child), 0);
  if (isArraySchema(schema)) {
    const items = schema['items'];
    const prefixItems = schema['prefixItems'];
    let count = 0;
    if (Array.isArray(prefixItems)) count += prefixItems.reduce<number>((sum, s) => sum + countLeafFields(s), 0);
    if (Array.isArray(items)) count += items.reduce<number>((sum, s) => sum + countLeafFields(s), 0);
    else if (isPlainObject(items)) count += countLeafFields(items);
    return Math.max(1, count);
  }
  const branches = ['anyOf', 'oneOf', 'allOf'].flatMap((k) => {
    const list = schema[k];
    return Array.isArray(list) ? list : [];
  });
  return Math.max(1, ...branches.map(countLeafFields));
}

function splitObject(schema: Record<string, unknown>, pointer: string, ctx: SplitContext, out: Subtree[]): void {
  const groups: Array<{ entries: Array<[string, unknown]>; count: number }> = [];
  let group: { entries: Array<[string, unknown]>; count: number } = { entries: [], count: 0 };
  const children: Subtree[] = [];
  const addToGroup = (name: string, child: unknown, count: number): void => {
    if (group.entries.length > 0 && group.count + count > ctx.budget) {
      groups.push(group);
      group = { entries: [], count: 0 };
    }
    group.entries.push([name, child]);
    group.count += count;
  };

  for (const [name, child] of Object.entries(objectProperties(schema) ?? {})) {
    const childPointer = appendPointer(pointer, name);
    if (isArrayOfObjects(child)) {
      children.push(arraySubtree(child, childPointer, ctx));
    } else if (isPlainObject(child) && objectProperties(child)) {
      const inline = inlineObject(child, childPointer, ctx);
      if (inline.count <= ctx.budget) {
        if (inline.schema) addToGroup(name, inline.schema, inline.count);
        children.push(...inline.arrays);
      } else {
        splitObject(child, childPointer, ctx, children);
      }
    } else {
      addToGroup(name, child, countLeafFields(child));
    }
  }
  if (group.entries.length > 0) groups.push(group);

  for (const g of groups) {
    out.push({ pointer, schema: objectSubset(schema, g.entries), fieldCount: g.count });
  }
  out.push(...children);
}

/**
 * An object as it appears inside its parent's group: arrays of objects taken out (returned as
 * their own subtrees), nested objects likewise, and objects left empty dropped (schema null).
 */
function inlineObject(
  schema: Record<string, unknown>,
  pointer: string,
  ctx: SplitContext,
): { schema: Record<string, unknown> | null; count: number; arrays: Subtree[] } {
  const entries: Array<[string, unknown]> = [];
  const arrays: Subtree[] = [];
  let count = 0;
  for (const [name, child] of Object.entries(objectProperties(schema) ?? {})) {
    const childPointer = appendPointer(pointer, name);
    if (isArrayOfObjects(child)) {
      arrays.push(arraySubtree(child, childPointer, ctx));
    } else if (isPlainObject(child) && objectProperties(child)) {
      const inner = inlineObject(child, childPointer, ctx);
      if (inner.schema) entries.push([name, inner.schema]);
      count += inner.count;
      arrays.push(...inner.arrays);
    } else {
      entries.push([name, child]);
      count += countLeafFields(child);
    }
  }
  return { schema: entries.length > 0 ? objectSubset(schema, entries) : null, count, arrays };
}

function arraySubtree(schema: Record<string, unknown>, pointer: string, ctx: SplitContext): Subtree {
  const subtree: Subtree = { pointer, schema, fieldCount: countLeafFields(schema) };
  const explicit = ITEMS_PER_TURN_KEYWORDS.map((k) => schema[k]).find((v) => typeof v === 'number' && v > 0);
  if (typeof explicit === 'number') subtree.itemsPerTurn = Math.max(1, Math.floor(explicit));
  else if (ctx.agenticArrays) subtree.itemsPerTurn = ctx.defaultItemsPerTurn;
  return subtree;
}

/** The object schema restricted to `entries`, with `required` and `propertyOrdering` to match. */
function objectSubset(schema: Record<string, unknown>, entries: Array<[string, unknown]>): JsonSchema {
  const allNames = Object.keys(objectProperties(schema) ?? {});
  const names = new Set(entries.map(([name]) => name));
  const partial = names.size !== allNames.length;
  const out: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'properties' || keyword === 'required' || keyword === 'propertyOrdering') continue;
    if (partial && PARTIAL_UNSAFE_KEYWORDS.includes(keyword)) continue;
    defineKey(out, keyword, value);
  }
  const properties: Record<string, unknown> = {};
  for (const [name, child] of entries) defineKey(properties, name, child);
  out['properties'] = properties;
  const keep = (list: unknown): string[] =>
    Array.isArray(list) ? list.filter((n): n is string => typeof n === 'string' && names.has(n)) : [];
  const required = keep(schema['required']);
  if (required.length > 0) out['required'] = required;
  const ordering = keep(schema['propertyOrdering']);
  if (ordering.length > 0) out['propertyOrdering'] = ordering;
  return out;
}

function typesOf(schema: Record<string, unknown>): string[] {
  const type = schema['type'];
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : [];
}

/** The declared properties when there is at least one; an object without them is a free-form leaf. */
function objectProperties(schema: Record<string, unknown>): Record<string, unknown> | null {
  const props = schema['properties'];
  return isPlainObject(props) && Object.keys(props).length > 0 ? props : null;
}

function isArraySchema(schema: Record<string, unknown>): boolean {
  return typesOf(schema).includes('array') || 'items' in schema || 'prefixItems' in schema;
}

function isArrayOfObjects(schema: unknown): schema is Record<string, unknown> {
  if (!isPlainObject(schema) || objectProperties(schema) || !isArraySchema(schema)) return false;
  const items = schema['items'];
  return isPlainObject(items) && objectProperties(items) !== null;
}
