/**
 * The words every pass of the schema check shares (check-schema.ts runs them; check-refs.ts,
 * check-limits.ts and scan-schema-document.ts are its passes). Kept apart so the passes need not
 * import the module that imports them.
 */

export interface SchemaProblem {
  /** JSON Pointer into the submitted schema, "" for the root. */
  path: string;
  message: string;
}

export interface SchemaLimits {
  /** Nested object/array schemas from the root to a value, the root object being 1. */
  maxDepth: number;
  /** Entries of all `properties`, with each use of a `$ref` counted. */
  maxProperties: number;
  /** Values of one `enum`. */
  maxEnumSize: number;
}
