import { Kind, parse, visit, type DocumentNode } from 'graphql';
import { checkSchemaResolving, type SchemaCheckResult, type SchemaLimits } from '../schemas/check-schema.ts';
import { resolvedSchemaShapeOf, type SchemaShape } from '../schemas/schema-shape.ts';

/**
 * What the large-body thread does with a GraphQL-over-HTTP JSON body (see
 * plugins/use-large-json-body.ts): parse it and check every schema argument with checkSchema. An
 * invalid one is taken out, so that it is never copied to the API thread: its place in
 * `variables` is set to null and listed with its result; the API thread puts an UnusableSchema
 * there. A valid one stays (it is needed), listed with its result and its split shape (a start's
 * estimate: split here, from the form the check resolved, not on the API thread).
 */

/** Where a schema sits in `variables`: a variable, or a field of an input-object variable. */
export type SchemaPosition = [variable: string] | [variable: string, field: string];

export type ParsedBody =
  | { kind: 'parsed'; body: Record<string, unknown>; checked: CheckedSchema[] }
  /** Not JSON, or not a JSON object: the API thread's own parser reports it as it always has. */
  | { kind: 'not-an-object' };

interface CheckedSchema {
  position: SchemaPosition;
  result: SchemaCheckResult;
  /** For a valid one. */
  shape?: SchemaShape;
}

/** Input object types with a `jsonSchema: JSON` field (schema.graphql). */
const INPUT_TYPES_WITH_SCHEMA = new Set(['StartExtractionJobInput']);

export function parseJsonBody(bytes: Uint8Array, limits: SchemaLimits): ParsedBody {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { kind: 'not-an-object' };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { kind: 'not-an-object' };
  const record = body as Record<string, unknown>;
  const variables = record['variables'];
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) return { kind: 'parsed', body: record, checked: [] };
  let document: DocumentNode;
  try {
    document = parse(String(record['query']));
  } catch {
    // The API thread refuses the query before it looks at a variable.
    record['variables'] = {};
    return { kind: 'parsed', body: record, checked: [] };
  }
  const checked: CheckedSchema[] = [];
  for (const position of schemaPositions(document)) {
    const [variable, field] = position;
    const holder = field === undefined ? (variables as Record<string, unknown>) : (variables as Record<string, unknown>)[variable];
    const key = field ?? variable;
    if (holder === null || typeof holder !== 'object' || Array.isArray(holder) || !Object.hasOwn(holder, key)) continue;
    const value = (holder as Record<string, unknown>)[key];
    if (value === null || value === undefined) continue;
    const { result, resolved } = checkSchemaResolving(value, limits);
    if (!result.valid) (holder as Record<string, unknown>)[key] = null;
    checked.push({ position, result, ...(resolved && { shape: resolvedSchemaShapeOf(resolved) }) });
  }
  return { kind: 'parsed', body: record, checked };
}

/**
 * Variables passed as a `jsonSchema` argument or input field, and the `jsonSchema` field of
 * variables whose type is an input object holding one.
 */
function schemaPositions(document: DocumentNode): SchemaPosition[] {
  const positions = new Map<string, SchemaPosition>();
  const add = (position: SchemaPosition) => positions.set(position.join('\u0000'), position);
  visit(document, {
    VariableDefinition(node) {
      let type = node.type;
      if (type.kind === Kind.NON_NULL_TYPE) type = type.type;
      if (type.kind === Kind.NAMED_TYPE && INPUT_TYPES_WITH_SCHEMA.has(type.name.value)) add([node.variable.name.value, 'jsonSchema']);
    },
    Argument(node) {
      if (node.name.value === 'jsonSchema' && node.value.kind === Kind.VARIABLE) add([node.value.name.value]);
    },
    ObjectField(node) {
      if (node.name.value === 'jsonSchema' && node.value.kind === Kind.VARIABLE) add([node.value.name.value]);
    },
  });
  return [...positions.values()];
}
