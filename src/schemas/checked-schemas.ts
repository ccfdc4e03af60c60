import { createBoundedLru } from '../bounded-lru.ts';
import type { CheckedSchema, SchemaCheckResult, SchemaLimits, SchemaProblem } from './check-schema.ts';
import type { SchemaShape } from './schema-shape.ts';
import { isSmallSchema } from './schema-size.ts';
import { schemaTextKey } from './schema-text-key.ts';

export type { SchemaShape };

/**
 * What the API works out from a schema's text, kept per process: a client that starts many jobs
 * usually sends the same inline schema with each (or the same saved one, read afresh each time),
 * and checking it again (the meta-schema, the scan, $refs, limits, resolving and compiling it for
 * answers) and splitting it again for the start's estimate was API CPU on every start, on the
 * event loop that a burst of starts shares. One entry per tenant and schema text holds both: the
 * check results per set of limits and the split shape (the same in both array modes).
 *
 * checkSchema and splitSchema are pure functions of the schema's JSON text and their options, so
 * a kept result is the one a new run would give. Keys carry the tenant as well: one tenant must
 * not learn from a start's speed whether another has sent a schema. Only valid check results are
 * kept (a refused schema is checked again, and reported in full, each time). Only schemas small
 * as written (schema-size.ts) get a key at all: a byte-heavy one would cost the API thread its
 * text and hash and would not be kept.
 *
 * A check is kept wherever it ran: on the API thread (checkOnce) or on the checking thread
 * (checkOnceElsewhere, check-in-thread.ts). A schema small as written may still go to the thread
 * (many schema objects, or `$ref`s that expand it), and realistic ones do: a 1,000-value enum
 * used by four properties. Checking it there on every start queued one tenant's burst of the
 * same schema behind itself until starts were refused; now concurrent checks of one schema share
 * one check, and later ones find it kept. Its split shape is kept all the same: splitting one
 * that expands to near the check's 2 MiB bound cost 20-35 ms of API CPU, on every start, while
 * its entry costs only its text. The checking thread splits such a schema beside its check, once,
 * from the form its check resolved, and only when its shape will be kept here (checkOnceElsewhere), so that not even a tenant's first start of it splits it on the API thread: that
 * split, 30-130 ms for a 21 KB schema whose `$ref`s expand 2^11 times, and the collections its
 * garbage set off, was the longest the API thread was held in a burst of such starts.
 *
 * Bounded by count and by the JSON text the entries stand for (their warnings grow with it);
 * least recently used out. Check results are frozen down to each problem: every caller gets the
 * same objects.
 */

const MAX_ENTRIES = 256;
/** The JSON text of the kept entries' schemas, summed. */
const MAX_TEXT_CHARS = 4 * 1024 * 1024;
/** A schema larger than this is not kept: it would push out many of the common small ones. */
const MAX_ENTRY_CHARS = 256 * 1024;

interface Entry {
  /** By `maxDepth,maxProperties,maxEnumSize`. */
  checks: Map<string, CheckedSchema>;
  /** One for both array modes (schema-shape.ts). */
  shape?: Readonly<SchemaShape>;
}

/** A check made elsewhere (the checking thread), with the schema's shape when it was asked for. */
export interface CheckedElsewhere {
  result: SchemaCheckResult;
  shape?: SchemaShape;
}

/** Charged by the JSON text of each entry's schema. */
const kept = createBoundedLru<string, Entry>({ maxEntries: MAX_ENTRIES, maxCharge: MAX_TEXT_CHARS });

/** The result of checking `schema` (under these limits, for this tenant): kept, or made by `check` and kept when valid. */
export function checkOnce(schema: unknown, limits: SchemaLimits, tenantId: string, check: () => SchemaCheckResult): CheckedSchema {
  const key = isSmallSchema(schema) ? entryKey(schema, tenantId) : null;
  const hit = key && kept.get(key.text)?.checks.get(limitsKeyOf(limits));
  if (hit) return hit;
  return keptWhenValid(key, limitsKeyOf(limits), check());
}

/** Checks of kept-size schemas now running elsewhere, by entry key and limits: a burst of one schema shares one. */
const running = new Map<string, Promise<CheckedSchema>>();

/**
 * As checkOnce, for a check made elsewhere (the checking thread); concurrent checks of one schema
 * share one `check`. `check` is asked for the schema's shape only when it will be kept here, and a
 * shape it sends with a valid result is kept beside it (no split of it on the API thread).
 */
export function checkOnceElsewhere(
  schema: unknown,
  limits: SchemaLimits,
  tenantId: string,
  check: (wantShape: boolean) => Promise<CheckedElsewhere>,
): Promise<CheckedSchema> {
  const key = isSmallSchema(schema) ? entryKey(schema, tenantId) : null;
  if (!key) return check(false).then(({ result }) => result);
  const limitsKey = limitsKeyOf(limits);
  const hit = kept.get(key.text)?.checks.get(limitsKey);
  if (hit) return Promise.resolve(hit);
  const runningKey = `${key.text}|${limitsKey}`;
  const known = running.get(runningKey);
  if (known) return known;
  const result = check(true)
    .then(({ result: checked, shape }) => {
      const kept = keptWhenValid(key, limitsKey, checked);
      if (checked.valid && shape) entryFor(key).shape ??= Object.freeze({ ...shape });
      return kept;
    })
    .finally(() => running.delete(runningKey));
  running.set(runningKey, result);
  return result;
}

function limitsKeyOf(limits: SchemaLimits): string {
  return `${limits.maxDepth},${limits.maxProperties},${limits.maxEnumSize}`;
}

/** `result`, frozen and kept under `key` when valid and there is a key. */
function keptWhenValid(key: { text: string; chars: number } | null, limitsKey: string, result: SchemaCheckResult): CheckedSchema {
  if (!result.valid || !key) return result;
  const frozen: CheckedSchema = Object.freeze({ ...result, errors: frozenProblems(result.errors), warnings: frozenProblems(result.warnings) });
  entryFor(key).checks.set(limitsKey, frozen);
  return frozen;
}

/** The shape of `schema` for this tenant: kept, or made by `split` and kept. */
export function splitShapeOnce(schema: unknown, tenantId: string, split: () => SchemaShape): Readonly<SchemaShape> {
  const key = isSmallSchema(schema) ? entryKey(schema, tenantId) : null;
  const hit = key && kept.get(key.text)?.shape;
  if (hit) return hit;
  const shape = Object.freeze({ ...split() });
  if (key) entryFor(key).shape = shape;
  return shape;
}

/** For a schema small as written (schema-size.ts): its text and hash are cheap to make. */
function entryKey(schema: unknown, tenantId: string): { text: string; chars: number } | null {
  const text = schemaTextKey(schema);
  if (text === null || text.chars > MAX_ENTRY_CHARS) return null;
  return { text: `${tenantId}|${text.hash}`, chars: text.chars };
}

/** The entry under `key`, made (and the least recently used pushed out) when there is none. */
function entryFor(key: { text: string; chars: number }): Entry {
  const known = kept.peek(key.text);
  if (known) return known;
  const entry: Entry = { checks: new Map() };
  kept.set(key.text, entry, key.chars);
  return entry;
}

function frozenProblems(problems: SchemaProblem[]): ReadonlyArray<Readonly<SchemaProblem>> {
  return Object.freeze(problems.map((problem) => Object.freeze({ ...problem })));
}
