import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { compilableCopy, createUserAjvs } from '../json-schema/user-ajv.ts';
import { createThreadCompiler, type ThreadCompiler } from '../json-schema/compile-in-thread.ts';
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
/**
 * A schema shorter than this is prepared in-process: ajv compiles it in a few ms at most (10
 * lists, 1,250 characters: about 6 ms on a quiet 2-core machine), and the compile thread, which
 * adds about 35 MB once started and whose heap grows to 100-150 MB with what its ajv keeps
 * (compile-thread.ts), is only started by a schema that would stall the loop for longer.
 */
const MIN_THREAD_CHARS = 1_000;
/**
 * ajv's scope keeps every schema it compiled, removeSchema or not: about 15 MB of heap per million
 * characters of schema text, measured in-process as what dropping the instances frees. Fresh
 * instances after this many characters compiled here, so that a long-lived worker or API does not
 * grow with every schema it has seen. Costs a meta-schema compile (tens of ms) once per this many
 * characters, whose compiles took seconds.
 */
const FRESH_AJVS_AFTER_CHARS = 2_000_000;
/** A repair prompt needs the first problems, not ten thousand of them. */
const MAX_PROBLEMS = 50;

export interface ValueValidator {
  /** Problems of `value` against `schema`; empty when it conforms. Throws only for a schema ajv cannot compile. */
  validate(schema: JsonSchema, value: unknown): string[];
  /**
   * The same check, problem by problem and keyed by the JSON Pointer of the offending value:
   * a missing required property and an unexpected property are keyed by their own pointer
   * (not their object's), so that each can be asked for, or dropped, on its own.
   */
  problems(schema: JsonSchema, value: unknown): ValueProblem[];
  /**
   * Compiles `schema` ahead of its first check, so that the check finds it compiled: a small one
   * now, in-process, any other off the event loop (compile-in-thread.ts). Resolves once it is, or
   * once it is left to its first check to compile in-process, as without preparation: a schema
   * that cannot be compiled, one over the thread's bounds, or one checked before the thread is
   * done. Never rejects.
   */
  prepare(schema: JsonSchema): Promise<void>;
}

export interface ValueValidatorLimits {
  maxSchemas?: number;
  maxChars?: number;
  /** Where `prepare` compiles; a fresh compile thread when absent. */
  threadCompiler?: ThreadCompiler;
  /** Schemas of shorter JSON text are prepared in-process (MIN_THREAD_CHARS when absent). */
  minThreadChars?: number;
  /** FRESH_AJVS_AFTER_CHARS when absent. */
  freshAjvsAfterChars?: number;
  /** false: compile without ajv's code optimiser, for a caller that only needs to know a schema compiles (user-ajv.ts). */
  optimize?: boolean;
}

export function createValueValidator(limits: ValueValidatorLimits = {}): ValueValidator & { keptChars(): number } {
  let ajvs = createUserAjvs({ optimize: limits.optimize });
  let charsCompiled = 0;
  const freshAjvsAfterChars = limits.freshAjvsAfterChars ?? FRESH_AJVS_AFTER_CHARS;
  const maxSchemas = limits.maxSchemas ?? MAX_CACHED_SCHEMAS;
  const maxChars = limits.maxChars ?? MAX_CACHED_CHARS;

  const byIdentity = new WeakMap<object, ValidateFunction>();
  // Charged by the length of each schema's text. The newest entry is never evicted (its caller is
  // about to use it), however large. Evicting an entry compiled here also removes its schema from
  // its ajv, which would otherwise keep it by its key; what ajv's scope keeps of it stays until
  // the instances are renewed (FRESH_AJVS_AFTER_CHARS). One compiled in the thread is in no ajv here.
  const byText = createBoundedLru<string, { validate: ValidateFunction; compiled: { object: object; ajv: Ajv } | null }>({
    maxEntries: maxSchemas,
    maxCharge: maxChars,
    onEvict: (entry) => entry.compiled?.ajv.removeSchema(entry.compiled.object),
  });
  const threadCompiler = limits.threadCompiler ?? createThreadCompiler();
  const minThreadChars = limits.minThreadChars ?? MIN_THREAD_CHARS;
  // One preparation per schema text at a time: a second job of the same new schema shares it.
  const preparing = new Map<string, Promise<void>>();

  function cached(schema: JsonSchema, text: string): ValidateFunction | undefined {
    const entry = byText.get(text);
    if (entry) byIdentity.set(schema, entry.validate);
    return entry?.validate;
  }

  function compile(schema: JsonSchema): ValidateFunction {
    const known = byIdentity.get(schema);
    if (known) return known;
    const text = JSON.stringify(schema);
    const found = cached(schema, text);
    if (found) return found;
    const { copy, draft } = compilableCopy(text);
    const ajv = draft === 'draft-07' ? ajvs.ajv07 : ajvs.ajv2020;
    const validate = ajv.compile(copy);
    charsCompiled += text.length;
    if (charsCompiled > freshAjvsAfterChars) {
      ajvs = createUserAjvs({ optimize: limits.optimize });
      charsCompiled = 0;
    }
    byText.set(text, { validate, compiled: { object: copy, ajv } }, text.length);
    byIdentity.set(schema, validate);
    return validate;
  }

  function prepare(schema: JsonSchema): Promise<void> {
    if (byIdentity.has(schema)) return Promise.resolve();
    const text = JSON.stringify(schema);
    if (cached(schema, text)) return Promise.resolve();
    if (text.length < minThreadChars) {
      try {
        compile(schema);
      } catch {
        // Thrown again by its first check, where it is reported.
      }
      return Promise.resolve();
    }
    let pending = preparing.get(text);
    if (!pending) {
      // Settles either way, and leaves `preparing` either way: a compiler that rejects leaves the
      // schema to its first check, as one that answers null does.
      pending = threadCompiler.compile(text).then(
        (validate) => {
          preparing.delete(text);
          // A check that could not wait compiled it in-process meanwhile: that one stays.
          if (validate && !byText.peek(text)) byText.set(text, { validate, compiled: null }, text.length);
        },
        () => {
          preparing.delete(text);
        },
      );
      preparing.set(text, pending);
    }
    return pending;
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
    prepare,
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
