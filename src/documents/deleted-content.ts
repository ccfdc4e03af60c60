/**
 * What a deleted document still holds of its PDF (its bytes in document_contents, and the layout
 * read from them in document_layouts, which is its whole text), and when that goes: at the delete
 * when no active job may read it (deleteDocument), else when the last such job ends, whatever the
 * ending (dropContentAfterJobEnd, called by every transition to a final status), and for what a
 * crash between a job's end and that call leaves, at a worker's start (sweepDeletedContent).
 *
 * No race between a delete and a job's end: deleteDocument locks the document's active jobs (FOR
 * SHARE, after marking the document deleted) before it decides, and every status write holds its
 * job's row lock until it commits. A job's end that commits first is seen by the delete, which
 * then waits for it and re-reads its status; a delete that locks first makes the end wait for the
 * delete's commit, so the end's call here, made after its own commit, sees the document deleted.
 * Two jobs ending on one document: each call comes after its own job's commit, so the last to
 * commit sees both ended.
 */
import { CompiledQuery, type Kysely, type QueryCreator, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { ACTIVE_STATUSES } from '../domain/choices.ts';

type DocumentIds = SelectQueryBuilder<Database, 'documents', { id: string }>;

/** Deletes the bytes and layout of the documents `ids` selects, in one statement. */
async function dropContent(db: Kysely<Database>, ids: (db: QueryCreator<Database>) => DocumentIds): Promise<void> {
  await db
    .with('gone', ids)
    .with('contents', (db) =>
      db
        .deleteFrom('document_contents')
        .where('document_id', 'in', db.selectFrom('gone').select('id'))
        .returning('document_id'),
    )
    .deleteFrom('document_layouts')
    .where('document_id', 'in', (eb) => eb.selectFrom('gone').select('id'))
    .execute();
}

/** Deleted documents no active job may read any more, among those `from` selects. */
function unread(from: DocumentIds): DocumentIds {
  return from
    .where('documents.deleted_at', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('jobs')
            .select('jobs.id')
            .whereRef('jobs.document_id', '=', 'documents.id')
            .where('jobs.status', 'in', ACTIVE_STATUSES),
        ),
      ),
    );
}

/**
 * In deleteDocument's transaction, once the document is marked deleted (its row locked): drops
 * its content unless an active job may still read it.
 */
export async function dropContentUnlessRead(trx: Transaction<Database>, documentId: string): Promise<void> {
  const active = await trx
    .selectFrom('jobs')
    .select('id')
    .where('document_id', '=', documentId)
    .where('status', 'in', ACTIVE_STATUSES)
    .forShare()
    .execute();
  // FOR SHARE waited for any uncommitted status write, and returned the jobs still active after it.
  if (active.length > 0) return;
  await dropContent(trx, (db) => db.selectFrom('documents').select('documents.id').where('documents.id', '=', documentId));
}

/**
 * The statement of dropContentAfterJobEnd, its one parameter the job's id: one SQL text rather
 * than a query built per call, since every job's end runs it (almost always finding its document
 * live, and deleting nothing: two index probes).
 */
const AFTER_JOB_END_SQL = `with gone as (
  select documents.id from jobs join documents on documents.id = jobs.document_id
  where jobs.id = $1 and documents.deleted_at is not null
    and not exists (select from jobs active where active.document_id = documents.id and active.status = any($2::text[]))
), contents as (delete from document_contents where document_id in (select id from gone))
delete from document_layouts where document_id in (select id from gone)`;

/** After the job's final status has committed: its document's content goes if it was deleted and no other active job remains. */
export async function dropContentAfterJobEnd(db: Kysely<Database>, jobId: string): Promise<void> {
  await db.executeQuery(CompiledQuery.raw(AFTER_JOB_END_SQL, [jobId, ACTIVE_STATUSES]));
}

/**
 * The content of every deleted document no active job reads: what a process that stopped between
 * a job's end and dropContentAfterJobEnd left. A scan of the deleted documents' rows (no bytes),
 * with one index probe each into the content tables.
 */
export async function sweepDeletedContent(db: Kysely<Database>): Promise<void> {
  await dropContent(db, (db) =>
    unread(
      db
        .selectFrom('documents')
        .select('documents.id')
        .where(({ or, exists, selectFrom }) =>
          or([
            exists(selectFrom('document_contents').select('document_id').whereRef('document_contents.document_id', '=', 'documents.id')),
            exists(selectFrom('document_layouts').select('document_id').whereRef('document_layouts.document_id', '=', 'documents.id')),
          ]),
        ),
    ),
  );
}
