import type { CheckedSchema, SchemaCheckResult, SchemaLimits, SchemaProblem } from './check-schema.ts';
import { schemaTextKey } from './schema-text-key.ts';

/**
 * Results of checks of schemas that passed, kept per process: a client that starts many jobs
 * usually sends the same inline schema with each, and checking it again (the meta-schema, the
 * scan, $refs, limits, resolving and compiling it for answers) was API CPU on every start, on the
 * event loop that a burst of starts shares.
 *
 * checkSchema is a pure function of the schema's JSON text and the limits, so a kept result is
 * the one a new check would give. Keys carry the tenant as well: one tenant must not learn from a
 * start's speed whether another has sent a schema. Only valid results are kept (a refused schema
 * is checked again, and reported in full, each time). Bounded by count and by the JSON text the
 * results stand for (their warnings grow with it); least recently used out. The results are
 * frozen down to each problem: every caller gets the same objects.
 */

const MAX_ENTRIES = 256;
/** The JSON text of the kept results' schemas, summed. */
const MAX_TEXT_CHARS = 4 * 1024 * 1024;
/** A schema larger than this is not kept: it would push out many of the common small ones. */
const MAX_ENTRY_CHARS = 256 * 1024;

const kept = new Map<string, { result: CheckedSchema; chars: number }>();
let keptChars = 0;


/** The result of checking `schema` (under these limits, for this tenant): kept, or made by `check` and kept when valid. */
export function checkOnce(schema: unknown, limits: SchemaLimits, tenantId: string, check: () => SchemaCheckResult): CheckedSchema {
  const text = schemaTextKey(schema);
  if (text === null) return check();
  const key = `${tenantId}|${limits.maxDepth},${limits.maxProperties},${limits.maxEnumSize}|${text.hash}`;
  const hit = kept.get(key);
  if (hit) {
    kept.delete(key);
    kept.set(key, hit);
    return hit.result;
  }
  const result = check();
  if (!result.valid) return result;
  const { chars } = text;
  if (chars > MAX_ENTRY_CHARS) return result;
  const frozen: CheckedSchema = Object.freeze({ ...result, errors: frozenProblems(result.errors), warnings: frozenProblems(result.warnings) });
  kept.set(key, { result: frozen, chars });
  keptChars += chars;
  for (const [oldest, entry] of kept) {
    if (kept.size <= MAX_ENTRIES && keptChars <= MAX_TEXT_CHARS) break;
    kept.delete(oldest);
    keptChars -= entry.chars;
  }
  return frozen;
}

function frozenProblems(problems: SchemaProblem[]): ReadonlyArray<Readonly<SchemaProblem>> {
  return Object.freeze(problems.map((problem) => Object.freeze({ ...problem })));
}
