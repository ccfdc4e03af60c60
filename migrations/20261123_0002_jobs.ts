import { sql, type Kysely } from 'kysely';

// Jobs and their event log. The log is the source of truth for what a job produced: every
// pipeline event and status change is a row with a per-job, gap-free `seq`, written in the same
// transaction as the job state it reports. A resumed job reads its finished subtrees from here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
    .addColumn('document_id', 'uuid', (c) => c.notNull().references('documents.id'))
    .addColumn('schema_id', 'uuid', (c) => c.notNull().references('schemas.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('config', 'jsonb', (c) => c.notNull())
    .addColumn('webhook', 'jsonb')
    .addColumn('progress', 'jsonb', (c) => c.notNull())
    // json, not jsonb: results keep the key order the schema gives (jsonb reorders keys).
    .addColumn('results', 'json')
    .addColumn('metadata', 'jsonb', (c) => c.notNull())
    .addColumn('error_message', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('estimated_completion', 'timestamptz')
    .execute();
  await db.schema.createIndex('jobs_tenant_listing').on('jobs').columns(['tenant_id', 'created_at desc', 'id desc']).execute();
  await db.schema
    .createIndex('jobs_tenant_active')
    .on('jobs')
    .columns(['tenant_id'])
    .where(sql.ref('status'), 'in', sql`('PENDING', 'PROCESSING', 'RETRYING')`)
    .execute();
  await db.schema.createIndex('jobs_document').on('jobs').column('document_id').execute();

  await db.schema
    .createTable('job_events')
    .addColumn('job_id', 'uuid', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'json', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('job_events_pk', ['job_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_events').execute();
  await db.schema.dropTable('jobs').execute();
}
