/**
 * The shape of a (sub-)schema as LOCAL needs it: which JSON type to produce and whether null is
 * allowed. `anyOf: [X, {type: "null"}]` and `type: [X, "null"]` are the usual nullable forms.
 */
import type { JsonSchema } from '../../domain/types.ts';
import { isPlainObject } from '../../json-schema/json-object.ts';

export type ValueKind = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'unknown';

export interface SchemaShape {
  kind: ValueKind;
  nullable: boolean;
  /** The non-null branch, where `properties`, `items`, `enum`, `format` live. */
  schema: JsonSchema;
}

const KIND_ORDER: readonly ValueKind[] = ['object', 'array', 'number', 'integer', 'boolean', 'string'];

export function shapeOf(schema: JsonSchema): SchemaShape {
  const branches = (schema['anyOf'] ?? schema['oneOf']) as unknown;
  if (Array.isArray(branches)) {
    const nonNull = branches.filter(isPlainObject).filter((b) => b['type'] !== 'null');
    const nullable = nonNull.length < branches.length;
    const first = nonNull[0];
    if (first !== undefined) {
      const inner = shapeOf({ ...schema, anyOf: undefined, oneOf: undefined, ...first });
      return { ...inner, nullable: nullable || inner.nullable };
    }
    return { kind: 'null', nullable: true, schema };
  }
  const type = schema['type'];
  const types = Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : typeof type === 'string' ? [type] : [];
  const nullable = types.includes('null') || schema['nullable'] === true;
  let kind: ValueKind = 'unknown';
  for (const k of KIND_ORDER) {
    if (types.includes(k)) {
      kind = k;
      break;
    }
  }
  if (kind === 'unknown') {
    if (isPlainObject(schema['properties'])) kind = 'object';
    else if (schema['items'] !== undefined) kind = 'array';
    else if (Array.isArray(schema['enum'])) kind = enumKind(schema['enum']);
    else if (types.length === 1 && types[0] === 'null') kind = 'null';
  }
  return { kind, nullable, schema };
}

function enumKind(values: unknown[]): ValueKind {
  if (values.every((v) => typeof v === 'number')) return 'number';
  if (values.every((v) => typeof v === 'boolean')) return 'boolean';
  return 'string';
}

export function propertiesOf(schema: JsonSchema): [string, JsonSchema][] {
  const props = schema['properties'];
  if (!isPlainObject(props)) return [];
  return Object.entries(props).filter((e): e is [string, JsonSchema] => isPlainObject(e[1]));
}

export function requiredOf(schema: JsonSchema): ReadonlySet<string> {
  const r = schema['required'];
  return new Set(Array.isArray(r) ? r.filter((x): x is string => typeof x === 'string') : []);
}

export function itemsOf(schema: JsonSchema): JsonSchema {
  const items = schema['items'];
  return isPlainObject(items) ? items : {};
}

export function stringProp(schema: JsonSchema, key: string): string | undefined {
  const v = schema[key];
  return typeof v === 'string' ? v : undefined;
}

/** JSON Pointer token escaping (RFC 6901). */
export function pointerToken(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}
