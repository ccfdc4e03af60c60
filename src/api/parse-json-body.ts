import { Kind, parse, visit, type DocumentNode } from 'graphql';
import { structuralProblem, type SchemaProblem } from '../schemas/check-schema.ts';

/**
 * What the large-body thread does with a GraphQL-over-HTTP JSON body (see
 * plugins/use-large-json-body.ts): parse it, and take out every schema argument that checkSchema
 * would refuse at its first step (not an object, more than 100,000 JSON values or 100 levels), so
 * that such a value is never copied to the API thread. Its place in `variables` is set to null and
 * listed with its problem; the API thread puts an UnusableSchema there.
 */

/** Where a schema sits in `variables`: a variable, or a field of an input-object variable. */
export type SchemaPosition = [variable: string] | [variable: string, field: string];

export type ParsedBody =
  | { kind: 'parsed'; body: Record<string, unknown>; unusable: Array<{ position: SchemaPosition; problem: SchemaProblem }> }
  /** Not JSON, or not a JSON object: the API thread's own parser reports it as it always has. */
  | { kind: 'not-an-object' };

/** Input object types with a `jsonSchema: JSON` field (schema.graphql). */
const INPUT_TYPES_WITH_SCHEMA = new Set(['StartExtractionJobInput']);

export function parseJsonBody(bytes: Uint8Array): ParsedBody {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { kind: 'not-an-object' };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { kind: 'not-an-object' };
  const record = body as Record<string, unknown>;
  const variables = record['variables'];
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) return { kind: 'parsed', body: record, unusable: [] };
  let document: DocumentNode;
  try {
    document = parse(String(record['query']));
  } catch {
    // The API thread refuses the query before it looks at a variable.
    record['variables'] = {};
    return { kind: 'parsed', body: record, unusable: [] };
  }
  const unusable: Array<{ position: SchemaPosition; problem: SchemaProblem }> = [];
  for (const position of schemaPositions(document)) {
    const [variable, field] = position;
    const holder = field === undefined ? (variables as Record<string, unknown>) : (variables as Record<string, unknown>)[variable];
    const key = field ?? variable;
    if (holder === null || typeof holder !== 'object' || Array.isArray(holder) || !Object.hasOwn(holder, key)) continue;
    const value = (holder as Record<string, unknown>)[key];
    if (value === null || value === undefined) continue;
    const problem = structuralProblem(value);
    if (!problem) continue;
    (holder as Record<string, unknown>)[key] = null;
    unusable.push({ position, problem });
  }
  return { kind: 'parsed', body: record, unusable };
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
