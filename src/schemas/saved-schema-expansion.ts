import { createBoundedLru } from '../bounded-lru.ts';
import { isPlainObject } from '../json-schema/json-object.ts';
import { toError } from '../to-error.ts';
import { checkExpandedLimits } from './check-limits.ts';
import type { SchemaProblem } from './schema-check-types.ts';
import type { SavedSchemaRecord } from './schemas.repository.ts';

/**
 * The `$ref` expansion bound (check-limits.ts) applied again to a schema saved by name, for the
 * rows saved before the check had that bound: such a row may be a `$ref` bomb, whose expansion
 * would cost every job that uses it (the API's estimate, the worker's plan, every model request).
 *
 * Only the expansion bound: depth and property limits are left to the check the row passed when
 * it was saved (an operator who lowers them later does not thereby refuse schemas already saved).
 * The walk runs on the API thread: it stops at its own bounds and does each node's work once
 * (check-limits.ts), so it costs about one pass over the schema plus MAX_VISITS small steps, the
 * order of what reading the row already cost. Still, a client starts many jobs with one saved
 * schema, so the answer is kept per row and content: by the row's id and the MD5 of its JSON text
 * (findSchema), so a row an operator mends by hand (the obvious fix for a refused bomb) is walked
 * afresh. The id is one only its own tenant can look up, so a tenant learns nothing of another's
 * rows from how fast a start is. Bounded by count; least recently used out.
 *
 * A row the walk cannot go through (it assumes what the saving check ensures, references checked
 * and JSON of bounded shape, which an old or hand-made row may not have: a `const` nested
 * thousands of arrays deep overflows the stack measuring it) is refused the way checkSchema
 * refuses such a schema, "could not be checked", and that answer is kept like any other.
 */

const MAX_KEPT_ROWS = 4096;

/** No depth or property limit: those are the saving check's, not this one's. */
const EXPANSION_ONLY = { maxDepth: Infinity, maxProperties: Infinity, maxEnumSize: Infinity };

const kept = createBoundedLru<string, ReadonlyArray<Readonly<SchemaProblem>>>({ maxEntries: MAX_KEPT_ROWS, maxCharge: MAX_KEPT_ROWS });

/** The problems of `saved`'s schema once its `$ref`s are expanded: empty when within the bound. */
export function savedSchemaExpansionProblems(saved: SavedSchemaRecord): ReadonlyArray<Readonly<SchemaProblem>> {
  const key = `${saved.id}:${saved.contentMd5}`;
  const known = kept.get(key);
  if (known) return known;
  const frozen = Object.freeze(expansionProblems(saved.jsonSchema).map((problem) => Object.freeze({ ...problem })));
  kept.set(key, frozen, 1);
  return frozen;
}

function expansionProblems(schema: unknown): SchemaProblem[] {
  if (!isPlainObject(schema)) return [];
  try {
    return checkExpandedLimits(schema, EXPANSION_ONLY);
  } catch (e) {
    return [{ path: '', message: `the schema could not be checked: ${toError(e).message}` }];
  }
}
