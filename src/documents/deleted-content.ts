/**
 * What a deleted document still holds of its PDF (its bytes in document_contents, and the layout
 * read from them in document_layouts, which is its whole text), and when that goes: at the delete
 * when no active job may read it (holdOrDropContent), else when the last such job ends
 * (dropContentAfterJobEnd), and what a failure or a crash between a job's end and that call leaves
 * by a worker's periodic sweep (sweepHeldContent) and its start (sweepDeletedContent).
 *
 * The delete flags the jobs that keep the content (jobs.holds_deleted_content on each active job
 * of the document), and a job's final write returns its flag (jobs/job-transitions.ts): only the
 * end of a flagged job runs the cleanup, so a job on a live document ends with no statement for it.
 * The flag stays set until the content is gone (dropContent clears it with the content), so what a
 * lost cleanup leaves is found by the sweep through a partial index of the flagged jobs, which is
 * empty, and read for nothing, when nothing waits (migration 20261208_0001).
 *
 * No race between a delete and a job's end: the delete flags the active jobs with an UPDATE after
 * marking the document deleted, and every status write holds its job's row lock until it commits.
 * A job's end that commits first is seen by the delete, whose UPDATE waits for it, re-reads the row
 * and skips it as no longer active (the delete then drops the content itself if no other job is
 * active). A delete that flags first makes the end wait for the delete's commit; the end's write
 * then applies to the flagged row (Postgres re-reads a row updated while it waited), so the end
 * returns the flag and, after its own commit, runs the cleanup. Two flagged jobs ending on one
 * document: each cleanup runs after its own job's commit, so the last to commit sees both ended.
 *
 * No race between a delete and a start: deleteDocument takes FOR UPDATE on the document's row
 * before it marks it, and a start's statement takes FOR KEY SHARE on it, refusing a deleted one
 * (jobs/jobs.repository.ts, LIVE_DOCUMENT). The locks conflict: a start in flight makes the delete
 * wait until the new job is committed, and the delete then flags it; a delete in flight makes the
 * start wait until the delete commits, and the start's locking read, which Postgres makes again on
 * the row's newest version, finds it deleted: the start answers NOT_FOUND with nothing stored. So
 * no job can begin on a document whose content a delete has dropped.
 */
import type { Kysely, QueryCreator, SelectQueryBuilder, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { ACTIVE_STATUSES } from '../domain/choices.ts';

type DocumentIds = SelectQueryBuilder<Database, 'documents', { id: string }>;

/**
 * Deletes the bytes and layout of the documents `ids` selects, and clears the flag of their jobs
 * (no active job is among them: `ids` are documents no active job reads), in one statement.
 */
async function dropContent(db: Kysely<Database>, ids: (db: QueryCreator<Database>) => DocumentIds): Promise<void> {
  await db
    .with('gone', ids)
    .with('contents', (db) =>
      db
        .deleteFrom('document_contents')
        .where('document_id', 'in', db.selectFrom('gone').select('id'))
        .returning('document_id'),
    )
    .with('layouts', (db) =>
      db
        .deleteFrom('document_layouts')
        .where('document_id', 'in', db.selectFrom('gone').select('id'))
        .returning('document_id'),
    )
    .updateTable('jobs')
    .set({ holds_deleted_content: false })
    .where('holds_deleted_content', '=', true)
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
 * In deleteDocument's transaction, once the document is marked deleted (its row locked): flags
 * the document's active jobs, which keep its content until the last of them ends, or drops the
 * content now when there is none.
 */
export async function holdOrDropContent(trx: Transaction<Database>, documentId: string): Promise<void> {
  const holding = await trx
    .updateTable('jobs')
    .set({ holds_deleted_content: true })
    .where('document_id', '=', documentId)
    .where('status', 'in', ACTIVE_STATUSES)
    .returning('id')
    .execute();
  // The UPDATE waited for any uncommitted status write, and flagged the jobs still active after it.
  if (holding.length > 0) return;
  await dropContent(trx, (db) => db.selectFrom('documents').select('documents.id').where('documents.id', '=', documentId));
}

/**
 * After the final status of a job that held its deleted document's content has committed: the
 * content goes unless another active job remains (whose own end then calls this).
 */
export async function dropContentAfterJobEnd(db: Kysely<Database>, documentId: string): Promise<void> {
  await dropContent(db, (db) => unread(db.selectFrom('documents').select('documents.id').where('documents.id', '=', documentId)));
}

/**
 * The content flagged jobs held for documents no active job reads any more: what a cleanup that
 * failed or never ran (a process stopped between a job's end and dropContentAfterJobEnd) left.
 * First the flagged jobs' documents, from their partial index alone (empty, and nothing else read,
 * when nothing waits), then their content in one statement.
 */
export async function sweepHeldContent(db: Kysely<Database>): Promise<void> {
  const held = await db.selectFrom('jobs').select('document_id').distinct().where('holds_deleted_content', '=', true).execute();
  if (held.length === 0) return;
  const ids = held.map((row) => row.document_id);
  await dropContent(db, (db) => unread(db.selectFrom('documents').select('documents.id').where('documents.id', 'in', ids)));
}

/**
 * The content of every deleted document no active job reads, flagged or not: sweepHeldContent's
 * leftovers and also what a delete by the version before the flag left (a rolling deploy). A scan
 * of the deleted documents' rows (no bytes), with one index probe each into the content tables,
 * once per worker start.
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
