/**
 * RFC 6901 JSON Pointers: "" is the whole document, "/a/b" walks keys "a" then "b", and "~1" / "~0"
 * stand for "/" and "~" inside a key.
 */
import { defineKey, isPlainObject } from './json-object.ts';

export function escapePointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function unescapePointerSegment(segment: string): string {
  // Order matters: "~01" must become "~1", not "/".
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Appends raw (unescaped) keys to a pointer. */
export function appendPointer(pointer: string, ...segments: Array<string | number>): string {
  return pointer + segments.map((s) => '/' + escapePointerSegment(String(s))).join('');
}

/** Splits a pointer into raw keys. Throws on a pointer that does not start with "/". */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`invalid JSON Pointer ${JSON.stringify(pointer)}`);
  return pointer.slice(1).split('/').map(unescapePointerSegment);
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

/** The value at `pointer`, or undefined when any step is missing. */
export function getAtPointer(obj: unknown, pointer: string): unknown {
  let current: unknown = obj;
  for (const key of parsePointer(pointer)) {
    if (!isContainer(current) || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Sets `value` at `pointer`, creating missing intermediate OBJECTS (never arrays: subtree pointers
 * only walk object properties, and a property may well be named "0" or "2024").
 * `pointer` "" copies the keys of `value` (a plain object) onto `target`, because the root object
 * itself cannot be replaced in place.
 * This overwrites; use `mergeAtPointer` to combine partial objects of the same pointer.
 */
export function setAtPointer(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const keys = parsePointer(pointer);
  const last = keys.pop();
  if (last === undefined) {
    if (!isPlainObject(value)) throw new Error('only an object can be set at the root pointer ""');
    for (const key of Object.keys(target)) delete target[key];
    for (const [key, v] of Object.entries(value)) defineKey(target, key, v);
    return;
  }
  const parent = containerAt(target, keys);
  defineKey(parent, last, value);
}

/**
 * Deep-merges `value` into whatever is at `pointer`: plain objects merge key by key (recursively),
 * anything else (arrays, primitives, null) replaces. Subtrees of one object each return a subset of
 * its properties, so their answers must be merged with this, not set.
 */
export function mergeAtPointer(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const keys = parsePointer(pointer);
  const last = keys.pop();
  if (last === undefined) {
    if (!isPlainObject(value)) throw new Error('only an object can be merged at the root pointer ""');
    deepMergeInto(target, value);
    return;
  }
  const parent = containerAt(target, keys);
  const existing = ownValue(parent, last);
  if (isPlainObject(existing) && isPlainObject(value)) deepMergeInto(existing, value);
  else defineKey(parent, last, value);
}

function deepMergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = ownValue(target, key);
    if (isPlainObject(existing) && isPlainObject(value)) deepMergeInto(existing, value);
    else defineKey(target, key, value);
  }
}

function containerAt(root: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  let current: Record<string, unknown> = root;
  for (const key of keys) {
    const next = ownValue(current, key);
    if (isContainer(next)) {
      current = next as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      defineKey(current, key, created);
      current = created;
    }
  }
  return current;
}

function ownValue(target: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(target, key) ? target[key] : undefined;
}
