import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createUserAjvs } from '../json-schema/user-ajv.ts';
import type { JsonSchema, ValueProblem } from '../domain/types.ts';
import { appendPointer, getAtPointer } from '../json-schema/json-pointer.ts';
import { createBoundedLru } from '../bounded-lru.ts';

/**
 * Validating model output against the user's schema (or a subtree's sub-schema).
 *
 * Models do not guarantee schema adherence, and keywords Gemini ignores (pattern, minLength, ...)
 * are only ever checked here. Problems come back as "<instance pointer>: <message>" lines that are
 * fit for a repair prompt and for a SCHEMA_VIOLATION message.
 */


/** Compiled validators kept by JSON text; a job compiles a handful, a long-lived worker many. */
const MAX_CACHED_SCHEMAS = 200;
/**
 * And by size: the JSON text of the kept schemas, at most this many characters in all (the newest
 * is always kept). A compiled validator costs about twice its text again (a schema of 2 M
 * characters, the most the schema check lets `$ref`s write out, kept about 4.5 MB), so 200 large
 * schemas could otherwise hold close to a gigabyte in the API or a worker.
 */
const MAX_CACHED_CHARS = 16_000_000;
/** A repair prompt needs the first problems, not ten thousand of them. */
const MAX_PROBLEMS = 50;

const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;

export interface ValueValidator {
  /** Problems of `value` against `schema`; empty when it conforms. Throws only for a schema ajv cannot compile. */
  validate(schema: JsonSchema, value: unknown): string[];
  /**
   * The same check, problem by problem and keyed by the JSON Pointer of the offending value:
   * a missing required property and an unexpected property are keyed by their own pointer
   * (not their object's), so that each can be asked for, or dropped, on its own.
   */
  problems(schema: JsonSchema, value: unknown): ValueProblem[];
  /** Compiles `schema` now, so that its first check later finds it compiled. Throws as `validate` does. */
  prepare(schema: JsonSchema): void;
}

export interface ValueValidatorLimits {
  maxSchemas?: number;
  maxChars?: number;
}

export function createValueValidator(limits: ValueValidatorLimits = {}): ValueValidator & { keptChars(): number } {
  const { ajv2020, ajv07 } = createUserAjvs();
  const maxSchemas = limits.maxSchemas ?? MAX_CACHED_SCHEMAS;
  const maxChars = limits.maxChars ?? MAX_CACHED_CHARS;

  const byIdentity = new WeakMap<object, ValidateFunction>();
  // Charged by the length of each schema's text. The newest entry is never evicted (its caller is
  // about to use it), however large. An evicted schema leaves its ajv too, which keeps every
  // compiled schema object until told otherwise.
  const byText = createBoundedLru<string, { validate: ValidateFunction; compiled: object; ajv: Ajv }>({
    maxEntries: maxSchemas,
    maxCharge: maxChars,
    onEvict: (entry) => entry.ajv.removeSchema(entry.compiled),
  });

  function compile(schema: JsonSchema): ValidateFunction {
    const known = byIdentity.get(schema);
    if (known) return known;
    const text = JSON.stringify(schema);
    const cached = byText.get(text);
    if (cached) {
      byIdentity.set(schema, cached.validate);
      return cached.validate;
    }
    // ajv keeps every compiled schema object (and its $id) forever; compiling a private copy
    // without the root $id lets eviction remove it and lets two schemas share an $id.
    const copy = JSON.parse(text) as Record<string, unknown>;
    delete copy['$id'];
    const ajv = typeof copy['$schema'] === 'string' && DRAFT_07.test(copy['$schema']) ? ajv07 : ajv2020;
    if (ajv === ajv2020) delete copy['$schema'];
    const validate = ajv.compile(copy);
    byText.set(text, { validate, compiled: copy, ajv }, text.length);
    byIdentity.set(schema, validate);
    return validate;
  }

  return {
    validate(schema, value) {
      const validate = compile(schema);
      if (validate(value)) return [];
      return formatProblems(validate.errors ?? []);
    },
    problems(schema, value) {
      const validate = compile(schema);
      if (validate(value)) return [];
      return valueProblems(validate.errors ?? [], value);
    },
    prepare(schema) {
      compile(schema);
    },
    keptChars: () => byText.totalCharge,
  };
}

/**
 * One entry per (pointer, message), in ajv's order. A failed `anyOf` also reports why each branch
 * failed; "must be null" (the branch that makes a value nullable) and the `anyOf` line itself say
 * nothing a repair prompt needs when another problem at or below that pointer says it better.
 */
function valueProblems(errors: ErrorObject[], value: unknown): ValueProblem[] {
  const seen = new Set<string>();
  const out: ValueProblem[] = [];
  const informative = (e: ErrorObject): boolean =>
    !(e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null') && e.keyword !== 'anyOf' && e.keyword !== 'oneOf';
  const explained = (e: ErrorObject): boolean =>
    errors.some((o) => o !== e && informative(o) && (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)));
  for (const error of errors) {
    if (!informative(error) && explained(error)) continue;
    const params = error.params as Record<string, unknown>;
    let pointer = error.instancePath;
    let message = error.message ?? `fails ${error.keyword}`;
    if (error.keyword === 'required' && typeof params['missingProperty'] === 'string') {
      pointer = appendPointer(pointer, params['missingProperty']);
      message = 'is required but missing';
    } else if (error.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
      pointer = appendPointer(pointer, params['additionalProperty']);
      message = 'is not a property the schema allows';
    } else if (error.keyword === 'enum' && Array.isArray(params['allowedValues'])) {
      message += `: ${params['allowedValues'].map((v) => JSON.stringify(v)).join(', ')}`;
    }
    const key = `${pointer}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, message, value: getAtPointer(value, pointer) });
  }
  return out;
}

function formatProblems(errors: ErrorObject[]): string[] {
  const lines = [...new Set(errors.map(formatProblem))];
  if (lines.length <= MAX_PROBLEMS) return lines;
  return [...lines.slice(0, MAX_PROBLEMS), `... and ${lines.length - MAX_PROBLEMS} more problems`];
}

function formatProblem(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? `fails ${error.keyword}`;
  if (error.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
    message += `: ${JSON.stringify(params['additionalProperty'])}`;
  } else if (error.keyword === 'enum' && Array.isArray(params['allowedValues'])) {
    message += `: ${params['allowedValues'].map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${where}: ${message}`;
}
