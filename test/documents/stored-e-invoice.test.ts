import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLayout, readStoredLayout } from '../../src/documents/document-layout.ts';
import { insertDocument } from '../../src/documents/documents.repository.ts';
import { readLayout } from '../../src/pdf/read-layout.ts';
import { createTenant } from '../../src/tenants/tenants.ts';
import { hybridInvoicePdf, printedLines, zugferd2Xml } from '../fixtures/e-invoice-pdf.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

// The e-invoice goes with the layout: into the reader child's layout file after the pages, into
// Postgres as those bytes, and back to every later job on the document.
describe('a hybrid invoice whose layout is loaded', () => {
  let database: TestDatabase;
  let tenantId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    tenantId = (await createTenant(database.db, { name: 'e-invoices', maxActiveJobs: 1 })).tenant.id;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('keeps its embedded XML with the stored layout, as the layout read in-process has it', async () => {
    const content = await hybridInvoicePdf(printedLines(), [{ name: 'factur-x.xml', content: zugferd2Xml() }]);
    const { id } = await insertDocument(database.db, { tenantId, filename: 'r.pdf', sizeBytes: content.length, sha256: 'x', pageCount: 1, textPageCount: 1, warnings: [], content });
    const expected = await readLayout(content);
    expect(expected.eInvoice?.xml).toBe(zugferd2Xml());
    expect(await loadLayout(database.db, id, content)).toEqual(expected);
    expect(await readStoredLayout(database.db, id)).toEqual(expected);
  });
});
