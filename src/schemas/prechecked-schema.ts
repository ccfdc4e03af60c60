import type { SchemaCheckResult, SchemaLimits } from './check-schema.ts';
import type { SchemaShape } from './schema-shape.ts';

/**
 * Schemas the large-body parser (src/api/plugins/use-large-json-body.ts) has already checked in
 * its thread, with the same checkSchema and limits, so that the API thread neither copies them to
 * the checking thread nor checks them again.
 *
 * An invalid one never reaches the API thread: an UnusableSchema stands in its place and carries
 * the result. Only that parser makes these (JSON cannot), so a client cannot forge one. A valid one
 * is needed as it is (saved, extracted with); its result is remembered beside it, and so is its
 * split shape (made in that thread too), so that a start's estimate does not split it here.
 */
export class UnusableSchema {
  readonly result: SchemaCheckResult;
  readonly limits: SchemaLimits;

  constructor(result: SchemaCheckResult, limits: SchemaLimits) {
    this.result = result;
    this.limits = limits;
  }
}

const checked = new WeakMap<object, { result: SchemaCheckResult; limits: SchemaLimits; shape?: SchemaShape }>();

export function rememberCheck(schema: object, result: SchemaCheckResult, limits: SchemaLimits, shape?: SchemaShape): void {
  checked.set(schema, { result, limits, ...(shape && { shape }) });
}

/** The split shape the parser made of `schema` beside its check, if it did (whatever the limits: the shape does not depend on them). */
export function precheckedShape(schema: unknown): SchemaShape | undefined {
  return typeof schema === 'object' && schema !== null ? checked.get(schema)?.shape : undefined;
}

/** The result of the parser's check of `schema` under `limits`, if it made one. */
export function precheckedResult(schema: unknown, limits: SchemaLimits): SchemaCheckResult | undefined {
  const known = schema instanceof UnusableSchema ? schema : typeof schema === 'object' && schema !== null ? checked.get(schema) : undefined;
  if (!known) return undefined;
  const same = known.limits.maxDepth === limits.maxDepth && known.limits.maxProperties === limits.maxProperties && known.limits.maxEnumSize === limits.maxEnumSize;
  return same ? known.result : undefined;
}
