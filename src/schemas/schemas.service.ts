import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { appError } from '../errors.ts';
import { toStrictSchema } from '../models/openai-schema.ts';
import type { JsonSchema } from '../domain/types.ts';
import type { CheckedSchema, SchemaLimits } from './check-schema.ts';
import { checkSchemaOffThread } from './check-in-thread.ts';
import { NOT_ENFORCED_KEYWORDS } from './schema-keywords.ts';
import { insertSchema, type SavedSchemaRecord, type SchemaRecord } from './schemas.repository.ts';
import { savedSchemaExpansionProblems } from './saved-schema-expansion.ts';
import type { SchemaProblem } from './schema-check-types.ts';

/**
 * Large schemas are checked in a worker thread, one at a time per tenant (check-in-thread.ts).
 * With an OpenAI-compatible server configured, the warnings also say what its strict Structured
 * Outputs cannot express (keywords every provider skips are already warned about generally).
 */
export async function validateSchema(
  jsonSchema: unknown,
  limits: SchemaLimits,
  tenantId: string,
  options: { openaiCompatible?: boolean } = {},
): Promise<CheckedSchema> {
  const result = await checkSchemaOffThread(jsonSchema, limits, tenantId);
  if (!options.openaiCompatible || !result.valid) return result;
  const strictLosses = toStrictSchema(jsonSchema as JsonSchema)
    .lost.filter((lost) => !NOT_ENFORCED_KEYWORDS.has(lost.keyword) && lost.keyword !== 'oneOf')
    .map((lost) => ({ path: lost.path, message: `OPENAI_COMPATIBLE: ${lost.message}; validated after extraction` }));
  return { ...result, warnings: [...result.warnings, ...strictLosses] };
}

/**
 * Checks a schema and throws UNPROCESSABLE with every problem listed, or returns its leaf count.
 */
export async function assertUsableSchema(
  jsonSchema: unknown,
  limits: SchemaLimits,
  tenantId: string,
): Promise<{ totalFields: number }> {
  const result = await checkSchemaOffThread(jsonSchema, limits, tenantId);
  if (!result.valid || result.totalFields === null) throw unusableSchema(result.errors, result.warnings);
  return { totalFields: result.totalFields };
}

/**
 * Throws UNPROCESSABLE, as for an inline schema, when a saved schema's `$ref`s expand past the
 * bound an inline one is held to (saved-schema-expansion.ts: rows saved before that bound).
 */
export function assertSavedSchemaExpandable(saved: SavedSchemaRecord): void {
  const problems = savedSchemaExpansionProblems(saved);
  if (problems.length > 0) throw unusableSchema(problems, []);
}

function unusableSchema(errors: ReadonlyArray<SchemaProblem>, warnings: ReadonlyArray<SchemaProblem>) {
  const first = errors[0];
  // The root is "" as a JSON Pointer (problems[].path), spelt "(root)" in text as the CLI and the pipeline's messages spell it.
  const summary = first ? `${first.path || '(root)'}: ${first.message}` : 'the schema is not usable';
  return appError('UNPROCESSABLE', `Invalid JSON Schema (${errors.length} problem${errors.length === 1 ? '' : 's'}; first: ${summary})`, {
    problems: errors,
    warnings,
  });
}

export async function createSchema(
  db: Kysely<Database>,
  tenantId: string,
  input: { name: string; jsonSchema: unknown },
  limits: SchemaLimits,
): Promise<SchemaRecord> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) {
    throw appError('BAD_USER_INPUT', 'name must be between 1 and 200 characters');
  }
  const { totalFields } = await assertUsableSchema(input.jsonSchema, limits, tenantId);
  return insertSchema(db, { tenantId, name, jsonSchema: input.jsonSchema, totalFields });
}
