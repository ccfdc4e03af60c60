import { sql, type Kysely } from 'kysely';

// The tenant's schema listing index holds only the schemas a listing can show: saved, not deleted.
// Every job started with an inline schema stores that schema as a row of its own (inline), and the
// index it replaces (schemas_tenant_listing) took an entry for each, which no query reads (the
// listing, lookups by id and deletes all ask for `inline = false`) and every start paid for: one
// more btree insert and its WAL in the start's transaction, and an index that grew with every job.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('schemas_saved_listing')
    .on('schemas')
    .columns(['tenant_id', 'created_at desc', 'id desc'])
    .where(sql<boolean>`deleted_at is null and not inline`)
    .execute();
  await db.schema.dropIndex('schemas_tenant_listing').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('schemas_tenant_listing')
    .on('schemas')
    .columns(['tenant_id', 'created_at desc', 'id desc'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema.dropIndex('schemas_saved_listing').execute();
}
