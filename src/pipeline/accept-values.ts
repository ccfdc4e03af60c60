/**
 * Partial acceptance of a model's answer: what is valid is kept, what still breaks the schema
 * after the repair turn is dropped at the smallest unit the schema allows, and every drop is
 * reported.
 *
 * The smallest unit, for an offending value at pointer p:
 * - p is an item of an array: that item is removed;
 * - p is a property whose schema allows null, or that is optional: it becomes null (null is how
 *   answers say "absent"; the merged result leaves null optionals out when validating);
 * - p is a required, non-nullable property inside an array item: that whole item is removed
 *   (an item without its required field would break the schema), and nothing else;
 * - p is a required, non-nullable property outside any array: it becomes null, and the merged
 *   result's validation lists it (nothing better can be done without inventing a value);
 * - p is the answer itself: nothing is usable.
 * Before anything is dropped, a value gets one chance to be read as a common slip (see
 * normalise-slip.ts: "Monday 2024-03-04" for a date); a rewrite is reported, not hidden.
 * Problems are handled innermost first (an `anyOf` failing at /a because /a/b is bad is often
 * cured by dropping /a/b) and the answer is checked again after each round.
 *
 * Pure: the caller passes the validation (`problemsOf`), so this knows nothing of ajv.
 */
import type { JsonSchema, ValueProblem } from '../domain/types.ts';
import { appendPointer, getAtPointer, parsePointer } from '../json-schema/json-pointer.ts';
import { isPlainObject } from '../json-schema/json-object.ts';
import { normaliseSlip } from './normalise-slip.ts';

/** A value removed from an answer; `pointer` is relative to the answer as the model gave it. */
interface DroppedValue {
  pointer: string;
  message: string;
  rejectedValue: unknown;
}

/** A value rewritten from a common slip to the one reading the schema accepts. */
interface NormalisedValue {
  pointer: string;
  from: unknown;
  to: unknown;
  how: string;
}

export interface Acceptance {
  /** The answer without what broke the schema; null when nothing of it was usable. */
  value: unknown;
  dropped: DroppedValue[];
  normalised: NormalisedValue[];
  /** Where a pointer of the original answer now points (items removed shift their followers); null when removed. */
  remap: (pointer: string) => string | null;
}

/** Each round removes at least one value, so rounds are bounded by the answer's size; this is a backstop. */
const MAX_ROUNDS = 25;

export function acceptValid(args: {
  /** The user's schema for the answer (not the lenient one): it says what may be null or left out. */
  schema: JsonSchema;
  value: unknown;
  problemsOf: (value: unknown) => ValueProblem[];
}): Acceptance {
  let value = structuredClone(args.value);
  const dropped: DroppedValue[] = [];
  const normalised: NormalisedValue[] = [];
  const tried = new Set<string>();
  const removals: Array<{ array: string; index: number }> = [];
  const remap = (pointer: string): string | null => remapPointer(pointer, removals);

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const problems = args.problemsOf(value);
    if (problems.length === 0) return { value, dropped, normalised, remap };
    const innermost = problems.filter((p) => !problems.some((q) => q.pointer !== p.pointer && isInside(q.pointer, p.pointer)));
    // First round for a pointer: try reading it as a slip; the next round judges the rewrite.
    let rewritten = false;
    for (const problem of innermost) {
      if (problem.pointer === '' || tried.has(problem.pointer)) continue;
      tried.add(problem.pointer);
      const current = getAtPointer(value, problem.pointer);
      if (current === undefined) continue;
      const fix = normaliseSlip(schemaAt(args.schema, parsePointer(problem.pointer)), current);
      if (!fix || !setAt(value, problem.pointer, fix.value)) continue;
      normalised.push({ pointer: originalPointer(problem.pointer, removals), from: current, to: fix.value, how: fix.how });
      rewritten = true;
    }
    if (rewritten) continue;
    const actions = new Map<string, Action>();
    for (const problem of innermost) {
      const action = decide(args.schema, value, problem.pointer);
      if (action.kind === 'root') return nothingUsable(args.value, problems, dropped);
      if (!actions.has(action.pointer)) actions.set(action.pointer, action);
    }
    // Report each unit once, with every message about it or inside it.
    for (const action of actions.values()) {
      const messages = problems.filter((p) => isInside(p.pointer, action.pointer) || p.pointer === action.pointer);
      const at = getAtPointer(value, action.pointer);
      if (at === undefined && action.kind !== 'drop-item') continue; // a missing value: filled with null, nothing lost
      const original = originalPointer(action.pointer, removals);
      dropped.push({
        pointer: original,
        message: [...new Set(messages.map((m) => (m.pointer === action.pointer ? m.message : `${m.pointer.slice(action.pointer.length)} ${m.message}`)))].join('; '),
        rejectedValue: at ?? null,
      });
    }
    value = apply(value, [...actions.values()], removals);
  }
  const left = args.problemsOf(value);
  return left.length === 0 ? { value, dropped, normalised, remap } : nothingUsable(args.value, left, dropped);
}

/** Sets an existing key or index; false when its container is missing. */
function setAt(root: unknown, pointer: string, value: unknown): boolean {
  const tokens = parsePointer(pointer);
  const parent = getAtPointer(root, pointerOf(tokens.slice(0, -1)));
  const key = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= parent.length) return false;
    parent[index] = value;
    return true;
  }
  if (!isPlainObject(parent)) return false;
  Object.defineProperty(parent, key, { value, writable: true, enumerable: true, configurable: true });
  return true;
}

type Action =
  | { kind: 'set-null'; pointer: string }
  | { kind: 'delete'; pointer: string }
  | { kind: 'drop-item'; pointer: string; array: string; index: number }
  | { kind: 'root'; pointer: '' };

function nothingUsable(answer: unknown, problems: ValueProblem[], dropped: DroppedValue[]): Acceptance {
  const message = [...new Set(problems.map((p) => `${p.pointer || '(answer)'} ${p.message}`))].slice(0, 10).join('; ');
  return { value: null, dropped: [...dropped, { pointer: '', message, rejectedValue: answer ?? null }], normalised: [], remap: () => null };
}

function decide(schema: JsonSchema, value: unknown, pointer: string): Action {
  if (pointer === '') return { kind: 'root', pointer: '' };
  const tokens = parsePointer(pointer);
  const parentPointer = pointerOf(tokens.slice(0, -1));
  const parent = getAtPointer(value, parentPointer);
  const key = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) return { kind: 'drop-item', pointer, array: parentPointer, index: Number(key) };
  const parentSchema = schemaAt(schema, tokens.slice(0, -1));
  const properties = isPlainObject(parentSchema.properties) ? parentSchema.properties : {};
  if (!Object.hasOwn(properties, key) && !isPlainObject(parentSchema.additionalProperties)) {
    return { kind: 'delete', pointer };
  }
  const required = Array.isArray(parentSchema.required) && parentSchema.required.includes(key);
  if (!required || allowsNull(schemaAt(schema, tokens), schema)) return { kind: 'set-null', pointer };
  // Required and not nullable: the nearest enclosing array item goes, when there is one.
  for (let depth = tokens.length - 1; depth > 0; depth--) {
    const container = pointerOf(tokens.slice(0, depth - 1));
    if (Array.isArray(getAtPointer(value, container))) {
      return { kind: 'drop-item', pointer: pointerOf(tokens.slice(0, depth)), array: container, index: Number(tokens[depth - 1]) };
    }
  }
  return { kind: 'set-null', pointer };
}

function apply(value: unknown, actions: Action[], removals: Array<{ array: string; index: number }>): unknown {
  const drops = actions.filter((a): a is Extract<Action, { kind: 'drop-item' }> => a.kind === 'drop-item');
  for (const action of actions) {
    if (action.kind === 'drop-item' || action.kind === 'root') continue;
    // Inside an item that is dropped anyway: nothing to do.
    if (drops.some((d) => isInside(action.pointer, d.pointer))) continue;
    const tokens = parsePointer(action.pointer);
    const parent = getAtPointer(value, pointerOf(tokens.slice(0, -1)));
    if (!isPlainObject(parent)) continue;
    const key = tokens[tokens.length - 1] as string;
    if (action.kind === 'delete') delete parent[key];
    else Object.defineProperty(parent, key, { value: null, writable: true, enumerable: true, configurable: true });
  }
  // Deepest arrays first, highest index first, so earlier removals do not shift later ones.
  const unique = [...new Map(drops.map((d) => [`${d.array}/${d.index}`, d])).values()]
    .filter((d) => !drops.some((o) => o !== d && isInside(d.pointer, o.pointer)))
    .sort((a, b) => b.array.length - a.array.length || b.index - a.index);
  for (const drop of unique) {
    const array = getAtPointer(value, drop.array);
    if (Array.isArray(array) && drop.index < array.length) {
      array.splice(drop.index, 1);
      removals.push({ array: drop.array, index: drop.index });
    }
  }
  return value;
}

/** True when `pointer` lies strictly inside `ancestor`. */
function isInside(pointer: string, ancestor: string): boolean {
  return pointer.startsWith(`${ancestor}/`);
}

function pointerOf(tokens: string[]): string {
  return appendPointer('', ...tokens);
}

function remapPointer(pointer: string, removals: ReadonlyArray<{ array: string; index: number }>): string | null {
  let current = pointer;
  for (const { array, index } of removals) {
    if (!isInside(current, array)) continue;
    const rest = current.slice(array.length + 1);
    const slash = rest.indexOf('/');
    const head = slash === -1 ? rest : rest.slice(0, slash);
    const i = Number(head);
    if (!Number.isInteger(i)) continue;
    if (i === index) return null;
    if (i > index) current = `${array}/${i - 1}${slash === -1 ? '' : rest.slice(slash)}`;
  }
  return current;
}

/** The pointer, in the answer as the model gave it, of a pointer into the answer after `removals`. */
function originalPointer(pointer: string, removals: ReadonlyArray<{ array: string; index: number }>): string {
  let current = pointer;
  for (const { array, index } of [...removals].reverse()) {
    if (!isInside(current, array)) continue;
    const rest = current.slice(array.length + 1);
    const slash = rest.indexOf('/');
    const i = Number(slash === -1 ? rest : rest.slice(0, slash));
    if (Number.isInteger(i) && i >= index) current = `${array}/${i + 1}${slash === -1 ? '' : rest.slice(slash)}`;
  }
  return current;
}

// ---------------------------------------------------------------- schema lookups

/** The sub-schema that describes the value at `tokens`; {} when the schema does not say. */
function schemaAt(root: JsonSchema, tokens: readonly string[]): JsonSchema {
  let current: JsonSchema = deref(root, root);
  for (const token of tokens) {
    const next = step(root, current, token);
    if (!next) return {};
    current = next;
  }
  return current;
}

function step(root: JsonSchema, schema: JsonSchema, token: string): JsonSchema | null {
  if (isPlainObject(schema.properties) && Object.hasOwn(schema.properties, token) && isPlainObject(schema.properties[token])) {
    return deref(root, schema.properties[token]);
  }
  const index = Number(token);
  if (Number.isInteger(index) && index >= 0) {
    const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : null;
    if (tuple && index < tuple.length && isPlainObject(tuple[index])) return deref(root, tuple[index]);
    if (isPlainObject(schema.items)) return deref(root, schema.items);
  }
  if (isPlainObject(schema.additionalProperties)) return deref(root, schema.additionalProperties);
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = schema[keyword];
    if (!Array.isArray(list)) continue;
    for (const branch of list) {
      if (!isPlainObject(branch)) continue;
      const found = step(root, deref(root, branch), token);
      if (found) return found;
    }
  }
  return null;
}

function deref(root: JsonSchema, schema: JsonSchema, depth = 0): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#') || depth > 20) return schema;
  const target = getAtPointer(root, decodeURIComponent(ref.slice(1)));
  return isPlainObject(target) ? deref(root, target, depth + 1) : schema;
}

/** Whether null conforms to `schema` as far as its type, enum, const and alternatives say. */
function allowsNull(schema: JsonSchema, root: JsonSchema = schema): boolean {
  const s = deref(root, schema);
  if (s.const !== undefined) return s.const === null;
  if (Array.isArray(s.enum)) return s.enum.includes(null);
  const type = s.type;
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  const alternatives = [...(Array.isArray(s.anyOf) ? s.anyOf : []), ...(Array.isArray(s.oneOf) ? s.oneOf : [])];
  if (alternatives.some((a) => isPlainObject(a) && allowsNull(a, root))) return true;
  return type === undefined && alternatives.length === 0 && s.$ref === undefined;
}

// ---------------------------------------------------------------- repair answers

/**
 * The first answer with the values at `pointers` taken from the repair answer, and nothing else
 * of it: the repair turn is asked only for those values, and a model that rewrites the rest of
 * its answer on the way must not cost values that were already valid. A pointer the repair
 * answer lacks is removed (that is how an unexpected property is fixed) when its parent exists
 * there; otherwise the first answer's value stays, to be judged again.
 */
export function mergeRepair(first: unknown, repaired: unknown, pointers: readonly string[]): unknown {
  if (pointers.includes('')) return structuredClone(repaired);
  const out = structuredClone(first);
  for (const pointer of [...new Set(pointers)].sort((a, b) => a.length - b.length)) {
    const tokens = parsePointer(pointer);
    const key = tokens[tokens.length - 1] as string;
    const parentPointer = pointerOf(tokens.slice(0, -1));
    const target = getAtPointer(out, parentPointer);
    const source = getAtPointer(repaired, parentPointer);
    if (typeof target !== 'object' || target === null) continue;
    const value = getAtPointer(repaired, pointer);
    if (value === undefined) {
      if (isPlainObject(target) && isPlainObject(source)) delete target[key];
      continue;
    }
    if (Array.isArray(target)) {
      const index = Number(key);
      if (Number.isInteger(index) && index >= 0 && index < target.length) target[index] = structuredClone(value);
    } else {
      Object.defineProperty(target, key, { value: structuredClone(value), writable: true, enumerable: true, configurable: true });
    }
  }
  return out;
}
