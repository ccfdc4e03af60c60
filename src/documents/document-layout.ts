import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { readLayoutJsonInChild, type ReaderLog } from '../pdf/pdf-in-child.ts';
import type { DocumentLayout } from '../domain/types.ts';

/**
 * Reading the layout of 2,000 table pages takes under a minute and well under 512 MB of heap; the
 * bound keeps one hostile document from taking the worker process (and every job in it) down.
 */
const LAYOUT_LIMITS = { timeoutMs: 10 * 60_000, maxMemoryMb: 512 };

/**
 * The document's layout, read from the PDF once and kept in Postgres: later jobs on the same
 * document, and a resumed job, reuse it instead of parsing the PDF again. Read in a short-lived
 * child process with a time and memory bound (pdf-in-child.ts: the worker's own memory stays flat
 * over jobs); past the bound it throws PdfError TOO_COMPLEX. A reader that stops without a result
 * (a crash, a signal) is logged to `log` with its last words on stderr: the caller's logger, so
 * the line carries the job's or the request's context.
 * U+0000 is dropped from its text: jsonb cannot hold it ("unsupported Unicode escape sequence",
 * which failed every attempt of a job), and it stands for nothing a reader sees; damaged content
 * streams and fonts without a usable encoding produce it.
 */
export async function loadLayout(db: Kysely<Database>, documentId: string, content: Uint8Array, log?: ReaderLog): Promise<DocumentLayout> {
  const stored = await readStoredLayout(db, documentId);
  if (stored) return stored;
  // Stored as the child wrote it and made into objects only afterwards: the objects (about twice
  // the JSON's size on the heap) never live beside a second copy of the JSON.
  const json = await readLayoutJsonInChild(content, LAYOUT_LIMITS, log);
  // Two jobs may read the same new document at once; both layouts are the same, keep the first.
  await db
    .insertInto('document_layouts')
    .values({ document_id: documentId, layout: json })
    .onConflict((oc) => oc.column('document_id').doNothing())
    .execute();
  return JSON.parse(json) as DocumentLayout;
}

/** The layout kept for the document, or null before the first read (loadLayout makes it). */
export async function readStoredLayout(db: Kysely<Database>, documentId: string): Promise<DocumentLayout | null> {
  const stored = await db.selectFrom('document_layouts').select('layout').where('document_id', '=', documentId).executeTakeFirst();
  return stored ? (stored.layout as DocumentLayout) : null;
}
