import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { appError } from '../errors.ts';
import { checkSchema, type SchemaLimits } from './check-schema.ts';
import { insertSchema, type SchemaRecord } from './schemas.repository.ts';

export function validateSchema(jsonSchema: unknown, limits: SchemaLimits) {
  return checkSchema(jsonSchema, limits);
}

/** Checks a schema and throws UNPROCESSABLE with every problem listed, or returns its leaf count. */
export function assertUsableSchema(jsonSchema: unknown, limits: SchemaLimits): { totalFields: number } {
  const result = checkSchema(jsonSchema, limits);
  if (!result.valid || result.totalFields === null) {
    const first = result.errors[0];
    const summary = first ? `${first.path || '/'}: ${first.message}` : 'the schema is not usable';
    throw appError(
      'UNPROCESSABLE',
      `Invalid JSON Schema (${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}; first: ${summary})`,
      { problems: result.errors, warnings: result.warnings },
    );
  }
  return { totalFields: result.totalFields };
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
  const { totalFields } = assertUsableSchema(input.jsonSchema, limits);
  return insertSchema(db, { tenantId, name, jsonSchema: input.jsonSchema, totalFields });
}
