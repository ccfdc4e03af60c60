import type { ErrorObject, ValidateFunction } from 'ajv';
import { createUserAjvs } from '../json-schema/user-ajv.ts';
import { appendPointer, getAtPointer } from '../json-schema/json-pointer.ts';
import { isPlainObject } from '../json-schema/json-object.ts';
import { parseLocalRef, resolveRefs } from '../json-schema/resolve-refs.ts';
import { countLeafFields } from '../pipeline/split-schema.ts';
import { createValueValidator } from '../pipeline/validate-value.ts';
import { checkExpandedLimits } from './check-limits.ts';
import { checkRefs } from './check-refs.ts';
import { scanSchemaDocument } from './scan-schema-document.ts';
import type { SchemaLimits, SchemaProblem } from './schema-check-types.ts';
import { toError } from '../to-error.ts';
import type { JsonSchema } from '../domain/types.ts';

/**
 * Checking a user's JSON Schema before it is saved or used, in this order:
 * 1. it is plain JSON (no cycles, no functions) and not absurdly deep or large;
 * 2. it is a valid schema for its draft: 2020-12 by default or when `$schema` says so, draft-07
 *    when `$schema` says so; any other `$schema` is refused;
 * 3. the service's rules: the root is an object schema with properties; `$ref` is local to
 *    `#/$defs/...` or `#/definitions/...`, points at something, and has no cycles; the limits on
 *    depth, property count and enum size hold; patterns compile for RE2 (linear-time matching, so no
 *    lookarounds or backreferences);
 * 4. ajv can compile it for validating answers.
 * Warnings never make a schema invalid: unknown keywords, and keywords Gemini does not enforce.
 * All problems found are reported together; `checkSchema` never throws.
 */

// The checks' shared types, offered here too: callers know this module, not its passes.
export type { SchemaLimits, SchemaProblem };

export const DEFAULT_SCHEMA_LIMITS: Readonly<SchemaLimits> = Object.freeze({
  maxDepth: 10,
  maxProperties: 500,
  maxEnumSize: 1000,
});

export interface SchemaCheckResult {
  valid: boolean;
  errors: SchemaProblem[];
  warnings: SchemaProblem[];
  /** Leaf fields (see split-schema.ts); null when the schema is invalid. */
  totalFields: number | null;
}

/**
 * A check result as callers receive it: possibly one kept for every caller that sends the same
 * schema (checked-schemas.ts), so nothing in it may be changed, down to its problems.
 */
export type CheckedSchema = Readonly<{
  valid: boolean;
  errors: ReadonlyArray<Readonly<SchemaProblem>>;
  warnings: ReadonlyArray<Readonly<SchemaProblem>>;
  totalFields: number | null;
}>;

/** Structural bounds checked before anything recursive runs on the input. */
const MAX_JSON_DEPTH = 100;
const MAX_JSON_NODES = 100_000;

const DRAFT_2020_12 = /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;
const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;

export function checkSchema(schema: unknown, limits?: Partial<SchemaLimits>): SchemaCheckResult {
  return checkSchemaResolving(schema, limits).result;
}

/**
 * checkSchema, and for a valid schema the form it compiled (its `$ref`s resolved), for work on
 * the same thread that needs that form too (the checking thread's split, check-schema-thread.ts).
 */
export function checkSchemaResolving(schema: unknown, limits?: Partial<SchemaLimits>): { result: SchemaCheckResult; resolved?: JsonSchema } {
  try {
    return checkOrThrow(schema, { ...DEFAULT_SCHEMA_LIMITS, ...definedLimits(limits) });
  } catch (e) {
    const message = toError(e).message;
    return invalid([], [{ path: '', message: `the schema could not be checked: ${message}` }]);
  }
}

function checkOrThrow(schema: unknown, limits: SchemaLimits): { result: SchemaCheckResult; resolved?: JsonSchema } {
  if (!isPlainObject(schema)) {
    return invalid([], [{ path: '', message: 'a schema must be a JSON object' }]);
  }
  const shapeProblem = findShapeProblem(schema);
  if (shapeProblem) return invalid([], [shapeProblem]);

  const meta = metaValidatorFor(schema['$schema']);
  if (meta === 'unsupported') {
    return invalid(
      [],
      [{ path: '/$schema', message: 'unsupported $schema; use https://json-schema.org/draft/2020-12/schema or http://json-schema.org/draft-07/schema#' }],
    );
  }

  const errors: SchemaProblem[] = [];
  const root = rootProblems(schema);
  // A root "type" that is no type at all ("objekt") breaks both the meta-schema and the root rule
  // at /type: one mistake, reported once, by the rule that says what the value must be.
  const rootPaths = new Set(root.map((p) => p.path).filter((path) => path !== ''));
  if (!meta(schema)) errors.push(...metaProblems(meta.errors ?? []).filter((p) => !rootPaths.has(p.path)));
  errors.push(...root);
  const scan = scanSchemaDocument(schema, limits.maxEnumSize);
  errors.push(...scan.errors);
  const refProblems = checkRefs(schema, scan.refs);
  errors.push(...refProblems);
  if (refProblems.length === 0) errors.push(...checkExpandedLimits(schema, limits));

  const warnings = dedupe(scan.warnings);
  if (errors.length > 0) return invalid(warnings, errors);

  const resolved = resolveRefs(schema);
  try {
    // Compiled as answers will be validated (only without the optimiser's pass, which changes no
    // verdict: user-ajv.ts), so a schema that passes here cannot fail there.
    compileCheck().validate(resolved, null);
  } catch (e) {
    const message = toError(e).message;
    return invalid(warnings, [{ path: '', message: `the schema cannot be compiled for validation: ${message}` }]);
  }
  return { result: { valid: true, errors: [], warnings, totalFields: countLeafFields(resolved) }, resolved };
}

function invalid(warnings: SchemaProblem[], errors: SchemaProblem[]): { result: SchemaCheckResult } {
  return { result: { valid: false, errors: dedupe(errors), warnings, totalFields: null } };
}

function definedLimits(limits: Partial<SchemaLimits> | undefined): Partial<SchemaLimits> {
  const out: Partial<SchemaLimits> = {};
  for (const key of ['maxDepth', 'maxProperties', 'maxEnumSize'] as const) {
    const value = limits?.[key];
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  }
  return out;
}

function dedupe(problems: SchemaProblem[]): SchemaProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Walks the input without recursion: it may come from code rather than JSON.parse, so it can hold
 * cycles or non-JSON values, and a 10,000-level nesting must not overflow the stack later.
 */
function findShapeProblem(root: Record<string, unknown>): SchemaProblem | null {
  const onPath = new Set<object>();
  const stack: Array<{ value: unknown; pointer: string; depth: number; exit: boolean }> = [
    { value: root, pointer: '', depth: 0, exit: false },
  ];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, pointer, depth, exit } = stack.pop()!;
    if (exit) {
      onPath.delete(value as object);
      continue;
    }
    if (++nodes > MAX_JSON_NODES) return { path: '', message: `the schema is too large (more than ${MAX_JSON_NODES} JSON values)` };
    if (value === null || typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (Number.isFinite(value)) continue;
      return { path: pointer, message: 'is not a JSON value (non-finite number)' };
    }
    if (typeof value !== 'object') return { path: pointer, message: `is not a JSON value (${typeof value})` };
    if (onPath.has(value)) return { path: pointer, message: 'is not JSON (the object contains itself)' };
    const proto = Object.getPrototypeOf(value) as unknown;
    if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
      return { path: pointer, message: 'is not a JSON value (not a plain object)' };
    }
    if (depth >= MAX_JSON_DEPTH) return { path: pointer, message: `the schema is nested too deeply (more than ${MAX_JSON_DEPTH} levels of JSON)` };
    onPath.add(value);
    stack.push({ value, pointer, depth, exit: true });
    const entries: Array<[string, unknown]> = Array.isArray(value)
      ? value.map((v, i) => [String(i), v])
      : Object.entries(value);
    for (const [key, child] of entries) {
      stack.push({ value: child, pointer: appendPointer(pointer, key), depth: depth + 1, exit: false });
    }
  }
  return null;
}

/** The root (after following a root `$ref`) must describe an object with declared properties. */
function rootProblems(schema: Record<string, unknown>): SchemaProblem[] {
  let view = schema;
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const parsed = parseLocalRef(ref);
    const target = parsed.ok ? getAtPointer(schema, parsed.pointer) : undefined;
    if (isPlainObject(target)) view = { ...target, ...schema };
  }
  const problems: SchemaProblem[] = [];
  if (view['type'] !== 'object') {
    problems.push({
      path: 'type' in schema ? '/type' : '',
      message: 'the root must be an object schema ("type": "object"); wrap arrays and values in a property',
    });
  }
  const props = view['properties'];
  if (!isPlainObject(props) || Object.keys(props).length === 0) {
    problems.push({
      path: 'properties' in schema ? '/properties' : '',
      message: 'the root must declare at least one property in "properties"',
    });
  }
  return problems;
}

// ---------------------------------------------------------------- ajv


let metaValidators: { draft2020: ValidateFunction; draft07: ValidateFunction } | undefined;
let compileValidator: ReturnType<typeof createValueValidator> | undefined;

function metaValidatorFor($schema: unknown): ValidateFunction | 'unsupported' {
  if (!metaValidators) {
    const { ajv2020, ajv07 } = createUserAjvs();
    const draft2020 = ajv2020.getSchema('https://json-schema.org/draft/2020-12/schema');
    const draft07 = ajv07.getSchema('http://json-schema.org/draft-07/schema');
    if (!draft2020 || !draft07) throw new Error('ajv is missing its JSON Schema meta-schemas');
    metaValidators = { draft2020, draft07 };
  }
  if ($schema === undefined) return metaValidators.draft2020;
  if (typeof $schema !== 'string') return metaValidators.draft2020; // the meta-schema reports the type
  if (DRAFT_2020_12.test($schema)) return metaValidators.draft2020;
  if (DRAFT_07.test($schema)) return metaValidators.draft07;
  return 'unsupported';
}

/**
 * Does now what the first check in this process would otherwise do on a request: compile both
 * drafts' meta-schemas and run ajv's code generator for the first time. In burst20's API profile
 * (issue 18) that was ~115 ms of the first start's check, on the event loop, so every one of the
 * 20 starts that arrived with it waited for it too. Both meta-schemas are compiled together
 * (metaValidatorFor); the check's own compile of this small schema is the generator's first run.
 * Idempotent, and cheap after the first call.
 */
export function prepareSchemaChecks(): void {
  checkSchema({
    type: 'object',
    properties: {
      name: { type: 'string', pattern: '^[A-Z]', format: 'date' },
      lines: { type: 'array', items: { $ref: '#/$defs/line' } },
    },
    $defs: { line: { type: 'object', properties: { amount: { type: 'number' }, kind: { enum: ['a', 'b'] } }, required: ['amount'] } },
  });
}

function compileCheck(): ReturnType<typeof createValueValidator> {
  compileValidator ??= createValueValidator({ optimize: false });
  return compileValidator;
}

/** The meta-schema's "type": ["object", "boolean"] of a place that holds a schema; ajv says "must be object,boolean". */
function isSchemaPlace(error: ErrorObject): boolean {
  return error.keyword === 'type' && String((error.params as { type?: unknown }).type) === 'object,boolean';
}

/**
 * ajv's instancePath is already a pointer into the submitted schema. One problem per path: an
 * `anyOf` in the meta-schema (e.g. `type` is a name or a list of names) yields one error per
 * branch plus a summary; the first concrete branch error reads best.
 */
function metaProblems(errors: ErrorObject[]): SchemaProblem[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const list = byPath.get(error.instancePath) ?? [];
    list.push(error);
    byPath.set(error.instancePath, list);
  }
  const problems: SchemaProblem[] = [];
  for (const [path, list] of byPath) {
    const concrete = list.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
    const error = concrete[0] ?? list[0]!;
    const allowed = (error.params as { allowedValues?: unknown }).allowedValues;
    const message =
      error.keyword === 'enum' && Array.isArray(allowed)
        ? `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`
        : isSchemaPlace(error)
          ? 'must be a schema (an object or a boolean)'
          : (error.message ?? `fails the meta-schema's "${error.keyword}"`);
    problems.push({ path, message });
  }
  return problems;
}
