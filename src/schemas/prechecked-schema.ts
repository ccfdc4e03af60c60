import type { SchemaCheckResult, SchemaLimits } from './check-schema.ts';

/**
 * Schemas the large-body parser (src/api/plugins/use-large-json-body.ts) has already checked in
 * its thread, with the same checkSchema and limits, so that the API thread neither copies them to
 * the checking thread nor checks them again.
 *
 * An invalid one never reaches the API thread: an UnusableSchema stands in its place and carries
 * the result. Only that parser makes these (JSON cannot), so a client cannot forge one. A valid one
 * is needed as it is (saved, extracted with); its result is remembered beside it.
 */
export class UnusableSchema {
  readonly result: SchemaCheckResult;
  readonly limits: SchemaLimits;

  constructor(result: SchemaCheckResult, limits: SchemaLimits) {
    this.result = result;
    this.limits = limits;
  }
}

const checked = new WeakMap<object, { result: SchemaCheckResult; limits: SchemaLimits }>();

export function rememberCheck(schema: object, result: SchemaCheckResult, limits: SchemaLimits): void {
  checked.set(schema, { result, limits });
}

/** The result of the parser's check of `schema` under `limits`, if it made one. */
export function precheckedResult(schema: unknown, limits: SchemaLimits): SchemaCheckResult | undefined {
  const known = schema instanceof UnusableSchema ? schema : typeof schema === 'object' && schema !== null ? checked.get(schema) : undefined;
  if (!known) return undefined;
  const same = known.limits.maxDepth === limits.maxDepth && known.limits.maxProperties === limits.maxProperties && known.limits.maxEnumSize === limits.maxEnumSize;
  return same ? known.result : undefined;
}
