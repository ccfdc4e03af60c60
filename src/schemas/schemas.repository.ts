import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { newestFirstPage, type PageRequest } from '../db/pagination.ts';

export interface SchemaRecord {
  id: string;
  tenantId: string;
  name: string;
  jsonSchema: unknown;
  totalFields: number;
  createdAt: Date;
}

const COLUMNS = ['id', 'tenant_id', 'name', 'json_schema', 'total_fields', 'created_at'] as const;

interface Row {
  id: string;
  tenant_id: string;
  name: string;
  json_schema: unknown;
  total_fields: number;
  created_at: Date;
}

function toRecord(row: Row): SchemaRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    jsonSchema: row.json_schema,
    totalFields: row.total_fields,
    createdAt: row.created_at,
  };
}

/**
 * A schema the tenant saved by name and has not deleted: what its list shows and what it may use
 * or delete by id. An inline schema (the one a job was started with, stored for that job) never is.
 * `false` is written into the statement, not sent as a parameter: the index these reads use
 * (schemas_saved_listing) holds only `not inline` rows, and a prepared statement's plan made
 * without its parameters' values could not know it may use that index.
 */
const isListed = (eb: ExpressionBuilder<Database, 'schemas'>) => eb.and([eb('deleted_at', 'is', null), eb('inline', '=', eb.lit(false))]);

export async function insertSchema(
  db: Kysely<Database>,
  input: { tenantId: string; name: string; jsonSchema: unknown; totalFields: number; inline?: boolean },
): Promise<SchemaRecord> {
  const row = await db
    .insertInto('schemas')
    .values({
      tenant_id: input.tenantId,
      name: input.name,
      json_schema: JSON.stringify(input.jsonSchema),
      total_fields: input.totalFields,
      inline: input.inline ?? false,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

function selectTenantSchema(db: Kysely<Database>, tenantId: string, id: string) {
  return db.selectFrom('schemas').select(COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id);
}

/** A saved schema with what identifies its content (see findSchema). */
export interface SavedSchemaRecord extends SchemaRecord {
  /** MD5 of the row's JSON text: changes when the row's schema does, by hand included. */
  contentMd5: string;
}

/**
 * With the content's MD5, worked out by Postgres in the same read, so that what is kept about a
 * row (saved-schema-expansion.ts) goes with its content: the API never changes a saved row's
 * schema, but an operator may mend one by hand. The hash costs the database about a millisecond
 * per megabyte of schema text; a realistic schema is a few kilobytes.
 */
export async function findSchema(db: Kysely<Database>, tenantId: string, id: string): Promise<SavedSchemaRecord | null> {
  const row = await selectTenantSchema(db, tenantId, id)
    .select(sql<string>`md5(json_schema::text)`.as('content_md5'))
    .where(isListed)
    .executeTakeFirst();
  return row ? { ...toRecord(row), contentMd5: row.content_md5 } : null;
}

/** Any schema a job of the tenant used, inline or deleted ones included. */
export async function findSchemaForJob(db: Kysely<Database>, tenantId: string, id: string): Promise<SchemaRecord | null> {
  const row = await selectTenantSchema(db, tenantId, id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function listSchemas(db: Kysely<Database>, tenantId: string, page: PageRequest): Promise<SchemaRecord[]> {
  const query = db.selectFrom('schemas').select(COLUMNS).where('tenant_id', '=', tenantId).where(isListed);
  const rows = await newestFirstPage(query, page).execute();
  return rows.map(toRecord);
}

/** Soft delete: jobs that used the schema keep showing it. */
export async function deleteSchema(db: Kysely<Database>, tenantId: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable('schemas')
    .set({ deleted_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where(isListed)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
