/**
 * What the Gemini stand-in refuses with 400 INVALID_ARGUMENT, as the API does (see gemini-stub.ts).
 */

/**
 * The keywords responseJsonSchema takes (SDK doc comment of GenerateContentConfig.responseJsonSchema
 * and the structured-output guide): anything else is refused here, which is stricter than the API
 * (it ignores some), so a request the stub takes is one the API takes.
 */
const SCHEMA_KEYWORDS = new Set([
  '$id', '$defs', '$ref', '$anchor', 'type', 'format', 'title', 'description', 'enum', 'items', 'prefixItems',
  'minItems', 'maxItems', 'minimum', 'maximum', 'anyOf', 'oneOf', 'properties', 'additionalProperties', 'required',
  'propertyOrdering',
]);

function schemaProblem(schema: unknown, at: string): string | null {
  if (typeof schema === 'boolean') return null;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return `${at}: a schema must be an object`;
  const node = schema as Record<string, unknown>;
  for (const key of Object.keys(node)) {
    if (!SCHEMA_KEYWORDS.has(key)) return `${at}: unsupported JSON Schema keyword "${key}"`;
    if (node.$ref !== undefined && !key.startsWith('$')) return `${at}: "${key}" may not be set beside "$ref"`;
  }
  if (Array.isArray(node.enum) && node.enum.some((v) => typeof v !== 'string' && typeof v !== 'number')) {
    return `${at}: enum values must be strings or numbers`;
  }
  const children: Array<[unknown, string]> = [];
  for (const map of ['properties', '$defs'] as const) {
    if (typeof node[map] === 'object' && node[map] !== null) {
      for (const [k, v] of Object.entries(node[map] as object)) children.push([v, `${at}/${map}/${k}`]);
    }
  }
  for (const list of ['anyOf', 'oneOf', 'prefixItems'] as const) {
    if (Array.isArray(node[list])) (node[list] as unknown[]).forEach((v, i) => children.push([v, `${at}/${list}/${i}`]));
  }
  if (node.items !== undefined) children.push([node.items, `${at}/items`]);
  if (typeof node.additionalProperties === 'object') children.push([node.additionalProperties, `${at}/additionalProperties`]);
  for (const [child, where] of children) {
    const problem = schemaProblem(child, where);
    if (problem) return problem;
  }
  return null;
}

/** What the API refuses with 400 INVALID_ARGUMENT in generationConfig; null when it takes it. */
export function invalidArgument(model: string, config: Record<string, unknown>): string | null {
  const thinking = (config.thinkingConfig ?? {}) as Record<string, unknown>;
  const major = Number(/^gemini-(\d+)/.exec(model)?.[1] ?? NaN);
  if (thinking.thinkingBudget !== undefined && thinking.thinkingLevel !== undefined) {
    return 'You can only set one of thinking budget and thinking level.';
  }
  if (thinking.thinkingLevel !== undefined && major < 3) return 'Thinking level is not supported for this model.';
  if (thinking.thinkingBudget !== undefined && major >= 3) return 'Thinking budget is not supported for this model; use thinking level.';
  const schema = config.responseJsonSchema;
  if (schema !== undefined) {
    if (config.responseMimeType !== 'application/json') return 'response_mime_type must be application/json when a response schema is set.';
    const problem = schemaProblem(schema, 'generation_config.response_json_schema');
    if (problem) return `Invalid JSON payload received. ${problem}`;
  }
  return null;
}
