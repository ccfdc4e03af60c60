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
  // By schema object, which stands for one place as written (parsed JSON never shares an object
  // between two places): a pointer would be hashed on every visit, and a definition's name, part
  // of every pointer under it, may be as long as the request body allows.
  const depthReported = new Set<object>();
  const factsOf = nodeFacts(schema);
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
    const facts = factsOf(node);
    const level = parentLevel + (facts.addsLevel ? 1 : 0);
    if (level > limits.maxDepth) {
      if (!depthReported.has(node)) {
        depthReported.add(node);
        problems.push({
          path: pointer,
          message: `nesting depth ${level} exceeds the limit of ${limits.maxDepth} (nested object and array schemas, the root object being 1)`,
        });
      }
      return;
    }
    properties += facts.propertyCount;
    for (const { child, suffix, keyword } of facts.children) {
      walk(child, pointer + suffix, ALTERNATIVE_KEYWORDS.has(keyword) ? parentLevel : level, frames + 1, viaRef);
    }
    if (facts.ref) walk(facts.ref.node, facts.ref.pointer, parentLevel, frames + 1, true);
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

/** What the walk needs of a schema object, whichever way it is reached. */
interface NodeFacts {
  /** Sub-schemas that are objects, definitions left out (measured where they are used, through $ref). */
  children: Array<{ child: Record<string, unknown>; suffix: string; keyword: string }>;
  addsLevel: boolean;
  propertyCount: number;
  /** Where the node's `$ref` points, when it is one this service resolves. */
  ref: { node: unknown; pointer: string } | null;
}

/**
 * A node's facts, worked out on its first visit and reused on every later one (the schema does
 * not change during a walk), and each distinct `$ref` string parsed and looked up once. A visit
 * then costs about its sub-schemas, each a visit of its own, so the walk stays within MAX_VISITS
 * steps plus one pass over the schema. Without this every visit re-read the whole node: a `$ref`
 * re-parsed (its length is not counted by the expansion bound, since a definition's name is not
 * written out: a 300 KB schema within every bound cost seconds), and every entry of a nested
 * `$defs` or of a `type` list gone through again (a 26 KB schema reached 3.5 s of CPU).
 */
function nodeFacts(schema: Record<string, unknown>): (node: Record<string, unknown>) => NodeFacts {
  const known = new Map<object, NodeFacts>();
  const targets = new Map<string, { node: unknown; pointer: string } | null>();
  const targetOf = (ref: string) => {
    let target = targets.get(ref);
    if (target === undefined) {
      const parsed = parseLocalRef(ref);
      target = parsed.ok ? { node: getAtPointer(schema, parsed.pointer), pointer: parsed.pointer } : null;
      targets.set(ref, target);
    }
    return target;
  };
  return (node) => {
    let facts = known.get(node);
    if (facts) return facts;
    const children: NodeFacts['children'] = [];
    forEachSubschema(node, '', (child, suffix, keyword) => {
      if (keyword !== '$defs' && keyword !== 'definitions' && isPlainObject(child)) children.push({ child, suffix, keyword });
    });
    const props = node['properties'];
    const ref = node['$ref'];
    facts = {
      children,
      addsLevel: addsLevel(node),
      propertyCount: isPlainObject(props) ? Object.keys(props).length : 0,
      ref: typeof ref === 'string' ? targetOf(ref) : null,
    };
    known.set(node, facts);
    return facts;
  };
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
