import { compileUserPattern } from '../json-schema/re2-regexp.ts';
import { toError } from '../to-error.ts';
import { formatNames } from 'ajv-formats/dist/formats.js';
import { appendPointer } from '../json-schema/json-pointer.ts';
import { isPlainObject } from '../json-schema/json-object.ts';
import { forEachSubschema } from '../json-schema/resolve-refs.ts';
import { ITEMS_PER_TURN_KEYWORDS } from '../pipeline/split-schema.ts';
import type { SchemaProblem } from './schema-check-types.ts';
import { isKnownKeyword, NOT_ENFORCED_KEYWORDS, UNKNOWN_KEYWORD_HINTS, UNSUPPORTED_REF_KEYWORDS } from './schema-keywords.ts';

/** Formats ajv-formats checks; any other format is accepted without being checked. */
const KNOWN_FORMATS = new Set<string>(formatNames);

/** A `$ref` as written: `pointer` is the schema object that holds it. */
export interface RefSite {
  pointer: string;
  ref: string;
}

export interface DocumentScan {
  errors: SchemaProblem[];
  warnings: SchemaProblem[];
  refs: RefSite[];
}

/**
 * One pass over every sub-schema as written (references not followed, unused $defs included):
 * keyword warnings, enum sizes, regular expressions, the service's own keywords, and the list of
 * `$ref`s for `checkRefs`. Each finding is reported once, at the place the user wrote it.
 */
export function scanSchemaDocument(schema: Record<string, unknown>, maxEnumSize: number): DocumentScan {
  const scan: DocumentScan = { errors: [], warnings: [], refs: [] };
  visit(schema, '', scan, maxEnumSize);
  return scan;
}

function visit(node: unknown, pointer: string, scan: DocumentScan, maxEnumSize: number): void {
  if (!isPlainObject(node)) return;
  for (const keyword of Object.keys(node)) {
    const at = appendPointer(pointer, keyword);
    if (!isKnownKeyword(keyword)) {
      const hint = Object.hasOwn(UNKNOWN_KEYWORD_HINTS, keyword) ? `; ${UNKNOWN_KEYWORD_HINTS[keyword]}` : '';
      scan.warnings.push({ path: at, message: `unknown keyword "${keyword}" is ignored${hint}` });
    } else if (NOT_ENFORCED_KEYWORDS.has(keyword)) {
      scan.warnings.push({
        path: at,
        message: `"${keyword}" is validated after extraction but not enforced during generation`,
      });
    } else if (keyword === 'oneOf') {
      scan.warnings.push({
        path: at,
        message: '"oneOf" is treated as "anyOf" during generation; "exactly one" is validated after extraction',
      });
    } else if (UNSUPPORTED_REF_KEYWORDS.has(keyword)) {
      scan.errors.push({ path: at, message: `"${keyword}" is not supported; use "$ref" to #/$defs/<name>` });
    }
  }

  const ref = node['$ref'];
  if (typeof ref === 'string') scan.refs.push({ pointer, ref });

  if (pointer !== '' && typeof node['$id'] === 'string') {
    scan.warnings.push({
      path: appendPointer(pointer, '$id'),
      message: '"$id" inside a sub-schema is ignored; references resolve against the root schema',
    });
  }

  const values = node['enum'];
  if (Array.isArray(values) && values.length > maxEnumSize) {
    scan.errors.push({
      path: appendPointer(pointer, 'enum'),
      message: `enum has ${values.length} values; the limit is ${maxEnumSize}`,
    });
  }

  const format = node['format'];
  if (typeof format === 'string' && !KNOWN_FORMATS.has(format)) {
    scan.warnings.push({ path: appendPointer(pointer, 'format'), message: `unknown format "${format}" is not checked` });
  }

  checkRegex(node['pattern'], appendPointer(pointer, 'pattern'), scan);
  const patternProperties = node['patternProperties'];
  if (isPlainObject(patternProperties)) {
    for (const source of Object.keys(patternProperties)) {
      checkRegex(source, appendPointer(pointer, 'patternProperties', source), scan);
    }
  }

  checkItemsPerTurn(node, pointer, scan);
  forEachSubschema(node, pointer, (child, childPointer) => visit(child, childPointer, scan, maxEnumSize));
}

// Patterns are matched by RE2 (see re2-regexp.ts); one it cannot compile would fail every validation,
// so it is refused here with RE2's reason (e.g. an unsupported lookahead).
function checkRegex(source: unknown, path: string, scan: DocumentScan): void {
  if (typeof source !== 'string') return;
  try {
    compileUserPattern(source, 'u');
  } catch (e) {
    scan.errors.push({ path, message: toError(e).message });
  }
}

function checkItemsPerTurn(node: Record<string, unknown>, pointer: string, scan: DocumentScan): void {
  for (const keyword of ITEMS_PER_TURN_KEYWORDS) {
    if (!Object.hasOwn(node, keyword)) continue;
    const value = node[keyword];
    const path = appendPointer(pointer, keyword);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      scan.errors.push({ path, message: 'must be a non-negative integer (items per turn; 0 turns it off)' });
    } else if (value > 0 && !describesArray(node)) {
      scan.warnings.push({ path, message: 'applies only to arrays of objects; ignored here' });
    }
  }
}

function describesArray(node: Record<string, unknown>): boolean {
  const type = node['type'];
  return type === 'array' || (Array.isArray(type) && type.includes('array')) || 'items' in node || '$ref' in node;
}
