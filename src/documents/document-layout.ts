import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { readLayout } from '../pdf/read-layout.ts';
import type { DocumentLayout } from '../pipeline/types.ts';

/**
 * The document's layout, read from the PDF once and kept in Postgres: later jobs on the same
 * document, and a resumed job, reuse it instead of parsing the PDF again.
 */
export async function loadLayout(
  db: Kysely<Database>,
  documentId: string,
  content: Uint8Array,
  read: (bytes: Uint8Array) => Promise<DocumentLayout> = readLayout,
): Promise<DocumentLayout> {
  const stored = await db.selectFrom('document_layouts').select('layout').where('document_id', '=', documentId).executeTakeFirst();
  if (stored) return stored.layout as DocumentLayout;
  const layout = await read(content);
  // Two jobs may read the same new document at once; both layouts are the same, keep the first.
  await db
    .insertInto('document_layouts')
    .values({ document_id: documentId, layout: JSON.stringify(layout) })
    .onConflict((oc) => oc.column('document_id').doNothing())
    .execute();
  return layout;
}
