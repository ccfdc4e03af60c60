import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { readLayoutBytesInChild, type ReaderLog } from '../pdf/pdf-in-child.ts';
import type { DocumentLayout, EmbeddedInvoice, PageLayout } from '../domain/types.ts';
import { shareCellSpans } from './share-cell-spans.ts';

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
 * Concurrent loads of one document share one read (`reading`): N estimates of a new long document
 * would otherwise each start a full read, each waiting for a reading slot with the document's
 * content in memory, and every upload would wait behind them. `content` may be a function, so
 * that only the load that reads fetches the bytes. A failed read is not kept: the next load reads again.
 * U+0000 is dropped from its text: it stands for nothing a reader sees (damaged content streams
 * and fonts without a usable encoding produce it), and jsonb, which kept layouts until
 * migrations/20261207_0003, could not hold it ("unsupported Unicode escape sequence", which failed
 * every attempt of a job).
 */
export async function loadLayout(
  db: Kysely<Database>,
  documentId: string,
  content: Uint8Array | (() => Promise<Uint8Array>),
  log?: ReaderLog,
): Promise<DocumentLayout> {
  const stored = await readStoredLayout(db, documentId);
  if (stored) return stored;
  let read = reading.get(documentId);
  if (!read) {
    read = readAndStoreLayout(db, documentId, content, log).finally(() => reading.delete(documentId));
    reading.set(documentId, read);
  }
  return read;
}

/** The reads of layouts under way in this process, by document id: one per document. */
const reading = new Map<string, Promise<DocumentLayout>>();

async function readAndStoreLayout(
  db: Kysely<Database>,
  documentId: string,
  content: Uint8Array | (() => Promise<Uint8Array>),
  log?: ReaderLog,
): Promise<DocumentLayout> {
  const bytes = typeof content === 'function' ? await content() : content;
  const { pageCount, json, pages, eInvoice } = await readLayoutBytesInChild(bytes, LAYOUT_LIMITS, log);
  // Two jobs may read the same new document at once; both layouts are the same, keep the first.
  // The JSON goes to Postgres as the bytes the reader wrote, never a string on the heap here: pg
  // sends a Buffer parameter in binary, and json's binary input is the text itself (json_recv),
  // kept as written.
  await db
    .insertInto('document_layouts')
    .values({ document_id: documentId, layout: json as unknown as string })
    .onConflict((oc) => oc.column('document_id').doNothing())
    .execute();
  // Objects made page by page, each page's cells shared with its spans as it is parsed
  // (share-cell-spans.ts): the whole layout never exists as a second, unshared copy, and only one
  // page's JSON is a string at a time. A 500-page statement peaked at 51 MB of heap parsed whole,
  // about 20 MB this way.
  const layout: DocumentLayout = { pageCount, pages: pages.map((page) => shareCellSpans(JSON.parse(page.toString('utf8')) as PageLayout)) };
  if (eInvoice !== undefined) layout.eInvoice = JSON.parse(eInvoice.toString('utf8')) as EmbeddedInvoice;
  return layout;
}

/** The layout kept for the document, or null before the first read (loadLayout makes it). */
export async function readStoredLayout(db: Kysely<Database>, documentId: string): Promise<DocumentLayout | null> {
  const stored = await db.selectFrom('document_layouts').select('layout').where('document_id', '=', documentId).executeTakeFirst();
  if (!stored) return null;
  const layout = stored.layout as DocumentLayout;
  // As loadLayout's: the same layout in less memory (pg parsed the whole of it already).
  layout.pages.forEach(shareCellSpans);
  return layout;
}
