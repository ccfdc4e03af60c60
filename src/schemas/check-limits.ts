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
 */

/** Expansion bounds, so that `a: [b, b]`, `b: [c, c]`, ... cannot make the check itself explode. */
const MAX_VISITS = 20_000;
const MAX_FRAMES = 400;

class ExpansionTooLarge extends Error {}

const ALTERNATIVE_KEYWORDS = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', 'not', 'dependentSchemas', 'dependencies']);

export function checkExpandedLimits(schema: Record<string, unknown>, limits: SchemaLimits): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const depthReported = new Set<string>();
  let visits = 0;
  let properties = 0;

  const walk = (node: unknown, pointer: string, parentLevel: number, frames: number): void => {
    if (!isPlainObject(node)) return;
    if (++visits > MAX_VISITS || frames > MAX_FRAMES) throw new ExpansionTooLarge();
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
      walk(child, childPointer, ALTERNATIVE_KEYWORDS.has(keyword) ? parentLevel : level, frames + 1);
    });

    const ref = node['$ref'];
    if (typeof ref === 'string') {
      const parsed = parseLocalRef(ref);
      if (parsed.ok) walk(getAtPointer(schema, parsed.pointer), parsed.pointer, parentLevel, frames + 1);
    }
  };

  try {
    walk(schema, '', 0, 0);
  } catch (e) {
    if (!(e instanceof ExpansionTooLarge)) throw e;
    return [
      ...problems,
      { path: '', message: `the schema is too large once its $refs are expanded (more than ${MAX_VISITS} sub-schemas or nesting beyond ${MAX_FRAMES})` },
    ];
  }
  if (properties > limits.maxProperties) {
    problems.push({
      path: '',
      message: `the schema has ${properties} properties once its $refs are expanded; the limit is ${limits.maxProperties}`,
    });
  }
  return problems;
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
