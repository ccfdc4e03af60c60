import { getAtPointer } from '../json-schema/json-pointer.ts';
import { isPlainObject } from '../json-schema/json-object.ts';
import { forEachSubschema, parseLocalRef } from '../json-schema/resolve-refs.ts';
import type { SchemaLimits, SchemaProblem } from './schema-check-types.ts';

/**
 * Size limits, measured on the schema as the model will see it: references followed, so a
 * definition used three times counts three times. Runs only once references are known to be
 * local, present and acyclic.
 *
 * Depth is the number of nested object and array schemas from the root to a value, the root
 * object being 1: `{ a: { b: string } }` has depth 2, `{ items: [ { name } ] }` has depth 3 (root,
 * array, item object). Alternatives (anyOf, oneOf, allOf, if/then/else, not) describe the same
 * value and add no level. A depth problem is reported at the first schema (as written, possibly
 * under $defs) that goes past the limit.
 *
 * The property count is every entry of every `properties`, summed over the expanded schema, and is
 * reported at the root.
 *
 * The expanded size is about the length of the JSON text that writing out every `$ref` adds
 * (resolve-refs.ts): what the API's own compile check, every job's plan and every model request
 * hold beyond the schema's own text, which the request body limit already bounds (and which an
 * operator may raise, so it is not counted here). The visit and frame bounds below do not limit it: a 1,000-value enum of
 * 150 characters used by 499 properties passes them yet expands to 75 MB of text (176 MB of heap
 * per resolved copy), and `d_i: anyOf [d_(i+1), d_(i+1)]` eleven deep over that enum to 300 MB.
 * Reported at the root, with the walk stopped there.
 */

/** Expansion bounds, so that `a: [b, b]`, `b: [c, c]`, ... cannot make the check itself explode. */
const MAX_VISITS = 20_000;
const MAX_FRAMES = 400;
/**
 * Characters of JSON text written out by `$ref`s. Twice the API's default 1 MiB request body;
 * the schemas of the corpora, examples and fixtures expand to at most 1.2 KB in all.
 */
const MAX_EXPANDED_CHARS = 2 * 1024 * 1024;

class ExpansionTooLarge extends Error {
  readonly problem: SchemaProblem;
  constructor(problem: SchemaProblem) {
    super(problem.message);
    this.problem = problem;
  }
}

const ALTERNATIVE_KEYWORDS = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', 'not', 'dependentSchemas', 'dependencies']);

export function checkExpandedLimits(schema: Record<string, unknown>, limits: SchemaLimits): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const depthReported = new Set<string>();
  let visits = 0;
  let properties = 0;
  let expandedChars = 0;

  const walk = (node: unknown, pointer: string, parentLevel: number, frames: number, viaRef: boolean): void => {
    if (!isPlainObject(node)) return;
    if (++visits > MAX_VISITS || frames > MAX_FRAMES) {
      throw new ExpansionTooLarge({
        path: '',
        message: `the schema is too large once its $refs are expanded (more than ${MAX_VISITS} sub-schemas or nesting beyond ${MAX_FRAMES})`,
      });
    }
    if (viaRef && (expandedChars += ownTextLength(node)) > MAX_EXPANDED_CHARS) {
      throw new ExpansionTooLarge({
        path: '',
        message: `the schema is too large once its $refs are expanded (they write out more than ${MAX_EXPANDED_CHARS} characters of JSON); use fewer references to large definitions such as long enums`,
      });
    }
    const level = parentLevel + (addsLevel(node) ? 1 : 0);
    if (level > limits.maxDepth) {
      if (!depthReported.has(pointer)) {
        depthReported.add(pointer);
        problems.push({
          path: pointer,
          message: `nesting depth ${level} exceeds the limit of ${limits.maxDepth} (nested object and array schemas, the root object being 1)`,
        });
      }
      return;
    }
    const props = node['properties'];
    if (isPlainObject(props)) properties += Object.keys(props).length;

    forEachSubschema(node, pointer, (child, childPointer, keyword) => {
      // Definitions are measured where they are used, through $ref.
      if (keyword === '$defs' || keyword === 'definitions') return;
      walk(child, childPointer, ALTERNATIVE_KEYWORDS.has(keyword) ? parentLevel : level, frames + 1, viaRef);
    });

    const ref = node['$ref'];
    if (typeof ref === 'string') {
      const parsed = parseLocalRef(ref);
      if (parsed.ok) walk(getAtPointer(schema, parsed.pointer), parsed.pointer, parentLevel, frames + 1, true);
    }
  };

  try {
    walk(schema, '', 0, 0, false);
  } catch (e) {
    if (!(e instanceof ExpansionTooLarge)) throw e;
    return [...problems, e.problem];
  }
  if (properties > limits.maxProperties) {
    problems.push({
      path: '',
      message: `the schema has ${properties} properties once its $refs are expanded; the limit is ${limits.maxProperties}`,
    });
  }
  return problems;
}

/** Per schema object: a definition is measured once however often it is reached. */
const ownTextLengths = new WeakMap<object, number>();

/**
 * Length of a schema object's JSON text without its sub-schemas (counted where the walk reaches
 * them) and without `$ref`, `$defs` and `definitions` (what resolving drops), give or take a few
 * punctuation characters per entry.
 */
function ownTextLength(node: Record<string, unknown>): number {
  const known = ownTextLengths.get(node);
  if (known !== undefined) return known;
  const subschemaKeywords = new Set<string>();
  forEachSubschema(node, '', (_child, _pointer, keyword) => subschemaKeywords.add(keyword));
  let length = 2;
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === '$ref' || keyword === '$defs' || keyword === 'definitions') continue;
    length += keyword.length + 4;
    if (!subschemaKeywords.has(keyword)) length += jsonLength(value);
    // The names in `properties` and the like, and anything there that is not a schema (draft-07
    // `dependencies` lists), are text of the expanded schema too.
    else if (isPlainObject(value)) for (const [name, child] of Object.entries(value)) length += name.length + 4 + dataLength(child);
    else if (Array.isArray(value)) for (const child of value) length += 1 + dataLength(child);
  }
  ownTextLengths.set(node, length);
  return length;
}

/** Text of a value that is not walked as a schema; a schema object's own text is counted where it is walked. */
function dataLength(value: unknown): number {
  return isPlainObject(value) ? 0 : jsonLength(value);
}

function jsonLength(value: unknown): number {
  return JSON.stringify(value)?.length ?? 0;
}

function addsLevel(node: Record<string, unknown>): boolean {
  const type = node['type'];
  const types = typeof type === 'string' ? [type] : Array.isArray(type) ? type : [];
  return (
    types.includes('object') ||
    types.includes('array') ||
    isPlainObject(node['properties']) ||
    'items' in node ||
    'prefixItems' in node
  );
}
