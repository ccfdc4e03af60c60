import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { newestFirstPage, type PageRequest } from '../db/pagination.ts';
import { byteAllowance } from '../db/statement-bound.ts';
import { holdOrDropContent } from './deleted-content.ts';

export interface DocumentRecord {
  id: string;
  tenantId: string;
  filename: string;
  sizeBytes: number;
  sha256: string;
  pageCount: number;
  textPageCount: number;
  /** What the upload could not read ("page 7 could not be read: ..."), one line each. */
  warnings: string[];
  createdAt: Date;
}

const COLUMNS = ['id', 'tenant_id', 'filename', 'size_bytes', 'sha256', 'page_count', 'text_page_count', 'warnings', 'created_at'] as const;

interface Row {
  id: string;
  tenant_id: string;
  filename: string;
  size_bytes: number;
  sha256: string;
  page_count: number;
  text_page_count: number;
  warnings: string[];
  created_at: Date;
}

function toRecord(row: Row): DocumentRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    filename: row.filename,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    pageCount: row.page_count,
    textPageCount: row.text_page_count,
    warnings: row.warnings,
    createdAt: row.created_at,
  };
}

export async function insertDocument(
  db: Kysely<Database>,
  input: Omit<DocumentRecord, 'id' | 'createdAt'> & { content: Uint8Array },
): Promise<DocumentRecord> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('documents')
      .values({
        tenant_id: input.tenantId,
        filename: input.filename,
        size_bytes: input.sizeBytes,
        sha256: input.sha256,
        page_count: input.pageCount,
        text_page_count: input.textPageCount,
        warnings: input.warnings,
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    // A Buffer over the upload's own memory (pg sends a Buffer as binary): Buffer.from(a Uint8Array)
    // would copy the whole upload once more.
    const c = input.content;
    // Given the time its size needs beyond the base bound (db/statement-bound.ts).
    await trx
      .insertInto('document_contents')
      .values({ document_id: row.id, content: Buffer.from(c.buffer, c.byteOffset, c.byteLength) })
      .modifyEnd(byteAllowance(c.byteLength, 'sent'))
      .execute();
    return toRecord(row);
  });
}

/**
 * Keeps the layout read with the upload (documents.service.ts). Not in the document's transaction:
 * the layout is a cache the first job would otherwise fill (document-layout.ts), so its refusal
 * must not refuse the document. A job that got there first keeps its copy (the same layout).
 */
export async function insertUploadedLayout(db: Kysely<Database>, documentId: string, layoutJson: string): Promise<void> {
  await db
    .insertInto('document_layouts')
    .values({ document_id: documentId, layout: layoutJson })
    .onConflict((oc) => oc.column('document_id').doNothing())
    .execute();
}

/** A live document of the tenant; another tenant's id finds nothing, exactly like an unknown id. */
export async function findDocument(db: Kysely<Database>, tenantId: string, id: string): Promise<DocumentRecord | null> {
  const row = await documentsOf(db, tenantId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** Also finds deleted documents: a job keeps showing the document it ran on. */
export async function findDocumentIncludingDeleted(db: Kysely<Database>, tenantId: string, id: string): Promise<DocumentRecord | null> {
  const row = await documentsOf(db, tenantId).where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function listDocuments(db: Kysely<Database>, tenantId: string, page: PageRequest): Promise<DocumentRecord[]> {
  const rows = await newestFirstPage(documentsOf(db, tenantId).where('deleted_at', 'is', null), page).execute();
  return rows.map(toRecord);
}

/** The tenant's documents, deleted ones included: every read starts here, so none can miss the tenant. */
function documentsOf(db: Kysely<Database>, tenantId: string) {
  return db.selectFrom('documents').select(COLUMNS).where('tenant_id', '=', tenantId);
}

/**
 * Soft delete: the row stays for the jobs that ran on it (a job keeps naming its document). Its
 * content (bytes and layout) goes now, or when the last active job on it ends (deleted-content.ts).
 * The row is locked FOR UPDATE before it is marked, not only by the UPDATE's weaker lock: that is
 * the lock a start's FOR KEY SHARE on the document waits for, and the one that waits for a start
 * in flight (deleted-content.ts says why neither can then miss the other).
 */
export async function deleteDocument(db: Kysely<Database>, tenantId: string, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const live = await trx
      .selectFrom('documents')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!live) return false;
    await trx.updateTable('documents').set({ deleted_at: new Date() }).where('id', '=', id).execute();
    await holdOrDropContent(trx, id);
    return true;
  });
}

/**
 * A document's bytes, or null once they are gone. `sizeBytes` (documents.size_bytes, which every
 * caller has already read) gives the read the time its size needs (db/statement-bound.ts).
 * The bytes come as base64 text, not as bytea's hex: pg 8 receives every value as text (its
 * parser decodes each field as UTF-8, whatever the result format, so a binary read would mangle
 * them), and base64 is 1.33× the document on the wire, in pg's receive buffer and as a string,
 * where hex is 2×. On bench/document-read-memory.ts (95 MB, a loaded machine, indicative) the
 * read's peak went from ~6.2× the document to 3.9-5.8×, no slower. Postgres breaks its base64
 * every 76 characters; the breaks are taken out in the statement, since Node sizes the decoded
 * Buffer by the text's length and a large one would keep the difference as slack. The decoded
 * Buffer is returned as a plain Uint8Array over its own memory (pdf.js rejects a Buffer), not
 * copied; a small one (under half of Buffer.poolSize) shares Node's buffer pool and is copied, so
 * that no caller can detach the pool by transferring the array's buffer.
 */
export async function readDocumentContent(db: Kysely<Database>, documentId: string, sizeBytes: number): Promise<Uint8Array | null> {
  const row = await db
    .selectFrom('document_contents')
    .select(sql<string>`translate(encode(content, 'base64'), chr(10), '')`.as('content'))
    .where('document_id', '=', documentId)
    .modifyEnd(byteAllowance(sizeBytes, 'received'))
    .executeTakeFirst();
  if (!row) return null;
  const bytes = Buffer.from(row.content, 'base64');
  return bytes.byteLength < Buffer.poolSize >>> 1 ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
