import { createBoundedLru } from '../bounded-lru.ts';
import { isPlainObject } from '../json-schema/json-object.ts';
import { checkExpandedLimits } from './check-limits.ts';
import type { SchemaProblem } from './schema-check-types.ts';
import type { SchemaRecord } from './schemas.repository.ts';

/**
 * The `$ref` expansion bound (check-limits.ts) applied again to a schema saved by name, for the
 * rows saved before the check had that bound: such a row may be a `$ref` bomb, whose expansion
 * would cost every job that uses it (the API's estimate, the worker's plan, every model request).
 *
 * Only the expansion bound: depth and property limits are left to the check the row passed when
 * it was saved (an operator who lowers them later does not thereby refuse schemas already saved).
 * The walk stops at its own bounds, so even a bomb costs it little; still, a client starts many
 * jobs with one saved schema, so the answer is kept per row. A saved row's schema is never
 * changed (schemas.repository.ts only inserts and soft-deletes), so a kept answer stays true.
 * Keyed by the row's id, which only its own tenant can look up (findSchema), so a tenant learns
 * nothing of another's rows from how fast a start is. Bounded by count; least recently used out.
 */

const MAX_KEPT_ROWS = 4096;

/** No depth or property limit: those are the saving check's, not this one's. */
const EXPANSION_ONLY = { maxDepth: Infinity, maxProperties: Infinity, maxEnumSize: Infinity };

const kept = createBoundedLru<string, ReadonlyArray<Readonly<SchemaProblem>>>({ maxEntries: MAX_KEPT_ROWS, maxCharge: MAX_KEPT_ROWS });

/** The problems of `saved`'s schema once its `$ref`s are expanded: empty when within the bound. */
export function savedSchemaExpansionProblems(saved: SchemaRecord): ReadonlyArray<Readonly<SchemaProblem>> {
  const known = kept.get(saved.id);
  if (known) return known;
  const schema = saved.jsonSchema;
  const problems = isPlainObject(schema) ? checkExpandedLimits(schema, EXPANSION_ONLY) : [];
  const frozen = Object.freeze(problems.map((problem) => Object.freeze({ ...problem })));
  kept.set(saved.id, frozen, 1);
  return frozen;
}
