import { sql, type Kysely } from 'kysely';

// Tenants, API keys, documents and schemas. Ids are Postgres uuids (gen_random_uuid is built in
// since Postgres 13). Document bytes live in their own table so listings never read them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('max_active_jobs', 'integer', (c) => c.notNull())
    .addColumn('webhook_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('documents')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('page_count', 'integer', (c) => c.notNull())
    .addColumn('text_page_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('documents_tenant_listing')
    .on('documents')
    .columns(['tenant_id', 'created_at desc', 'id desc'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('document_contents')
    .addColumn('document_id', 'uuid', (c) => c.primaryKey().references('documents.id').onDelete('cascade'))
    .addColumn('content', 'bytea', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('document_layouts')
    .addColumn('document_id', 'uuid', (c) => c.primaryKey().references('documents.id').onDelete('cascade'))
    .addColumn('layout', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('schemas')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // json, not jsonb: the schema is given back as written, and its property order is the order
    // of the keys in results (jsonb would reorder them).
    .addColumn('json_schema', 'json', (c) => c.notNull())
    .addColumn('total_fields', 'integer', (c) => c.notNull())
    // A schema given inline to startExtractionJob is stored too (a job always has a schema) but
    // is not listed among the tenant's saved schemas.
    .addColumn('inline', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('schemas_tenant_listing')
    .on('schemas')
    .columns(['tenant_id', 'created_at desc', 'id desc'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['schemas', 'document_layouts', 'document_contents', 'documents', 'api_keys', 'tenants']) {
    await db.schema.dropTable(table).execute();
  }
}
