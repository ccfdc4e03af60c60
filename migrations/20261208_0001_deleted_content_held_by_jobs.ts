import { sql, type Kysely } from 'kysely';

// How a deleted document's content (its bytes and layout) finds its way out without a statement on
// every job's end (src/documents/deleted-content.ts):
//
// - jobs.holds_deleted_content: set by a document's delete on each of its active jobs (the content
//   is kept for them), cleared with the content once the last of them has ended. A job's final
//   write returns it, so only the end of such a job runs the cleanup (every end ran it before).
//   Adding a NOT NULL column with a constant default rewrites nothing (PostgreSQL 11+).
// - jobs_holding_deleted_content: a partial index of the flagged jobs, empty when nothing waits,
//   so the periodic sweep of what a failed cleanup left reads nothing when there is nothing to do.
//
// Not built concurrently (the migrator runs each migration in one transaction): the index's build
// reads every row of `jobs`, and writes to the table wait for it (no job starts or moves meanwhile);
// it holds one entry per job that keeps a deleted document's content, usually none.
//
// Jobs already active on a deleted document (a delete made by the version before this one) are
// flagged here, so their ends drop the content as before. Content the version before left of a
// deleted document no job reads any more is the worker's start sweep's, as it was.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('jobs')
    .addColumn('holds_deleted_content', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createIndex('jobs_holding_deleted_content')
    .on('jobs')
    .column('document_id')
    .where(sql.ref('holds_deleted_content'), '=', true)
    .execute();
  await sql`
    UPDATE jobs SET holds_deleted_content = true
    WHERE status IN ('PENDING', 'PROCESSING', 'RETRYING')
      AND document_id IN (SELECT id FROM documents WHERE deleted_at IS NOT NULL)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('jobs_holding_deleted_content').execute();
  await db.schema.alterTable('jobs').dropColumn('holds_deleted_content').execute();
}
