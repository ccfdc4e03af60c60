/**
 * The two object helpers every walk over user JSON needs (schemas, answers, results): telling an
 * object from an array or null, and adding a key without touching the prototype.
 */

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sets `target[key]` as an own data property. A plain assignment to "__proto__" (a legal property
 * name in a user schema or a model's answer) would swap the object's prototype instead of adding
 * a key.
 */
export function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
