import type { ChildProcess } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLayout, readStoredLayout } from '../../src/documents/document-layout.ts';
import { insertDocument } from '../../src/documents/documents.repository.ts';
import { readLayout } from '../../src/pdf/read-layout.ts';
import { createTenant } from '../../src/tenants/tenants.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

/** Pages of text with characters that take two and three bytes in UTF-8. */
async function accentedPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) {
    const page = doc.addPage([300, 200]);
    page.drawText(`Größe ${n}: 12,50 €`, { x: 20, y: 150, size: 12, font });
    page.drawText(`Ça coûte “trop” — page ${n}`, { x: 20, y: 120, size: 12, font });
  }
  return doc.save();
}

// The layout goes from the reader child's file to Postgres as bytes (jsonb's binary form) and to
// the job as objects parsed page by page: both must be the layout pdf.js reads.
describe('loading a document layout for the first time', () => {
  let database: TestDatabase;
  let tenantId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    tenantId = (await createTenant(database.db, { name: 'layouts', maxActiveJobs: 1 })).tenant.id;
  });
  afterAll(async () => {
    await database?.close();
  });

  const newDocument = async (content: Uint8Array) =>
    insertDocument(database.db, { tenantId, filename: 'a.pdf', sizeBytes: content.length, sha256: 'x', pageCount: 3, textPageCount: 3, warnings: [], content });

  it('gives the layout read in-process, and stores the same layout, accented text included', async () => {
    const content = await accentedPdf(3);
    const { id } = await newDocument(content);
    const expected = await readLayout(content);
    expect(expected.pages[0]!.lines.map((line) => line.text)).toContain('Größe 1: 12,50 €');

    expect(await loadLayout(database.db, id, content)).toEqual(expected);
    expect(await readStoredLayout(database.db, id)).toEqual(expected);
  });

  it('a second load of the same document reads the stored layout, not the PDF', async () => {
    const content = await accentedPdf(2);
    const { id } = await newDocument(content);
    const first = await loadLayout(database.db, id, content);
    // Bytes that are no PDF at all: only the stored layout can answer.
    expect(await loadLayout(database.db, id, new TextEncoder().encode('not a pdf'))).toEqual(first);
  });

  it('loads of the same new document at once share one read, and a failed read is not kept for the next load', async () => {
    const content = await accentedPdf(3);
    const { id } = await newDocument(content);
    let readers = 0;
    const onSpawn = (message: unknown) => void ((message as { process: ChildProcess }).process && readers++);
    diagnostics.subscribe('child_process', onSpawn);
    try {
      // Two loads at once of bytes that are no PDF: one reader, and both get its failure.
      const notPdf = new TextEncoder().encode('not a pdf');
      const failures = await Promise.allSettled([loadLayout(database.db, id, notPdf), loadLayout(database.db, id, notPdf)]);
      for (const failure of failures) expect(failure).toMatchObject({ status: 'rejected', reason: { kind: 'NOT_PDF' } });
      expect(readers).toBe(1);
      let fetched = 0;
      const fetch = async () => (fetched++, content);
      const layouts = await Promise.all([1, 2, 3].map(() => loadLayout(database.db, id, fetch)));
      expect(readers).toBe(2);
      expect(fetched).toBe(1);
      const expected = await readLayout(content);
      for (const layout of layouts) expect(layout).toEqual(expected);
    } finally {
      diagnostics.unsubscribe('child_process', onSpawn);
    }
  });
});
