import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoredLayout } from '../../src/documents/document-layout.ts';
import { readLayout } from '../../src/pdf/read-layout.ts';
import { denseTextPage } from '../fixtures/dense-text-page.ts';
import { fixture } from '../fixtures/read-fixture.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const DOCUMENT_FIELDS = 'id filename sizeBytes sha256 pageCount textPageCount warnings createdAt';
const LIST = `query($first: Int, $after: String) {
  documents(first: $first, after: $after) { nodes { id filename } pageInfo { hasNextPage endCursor } }
}`;

let app: TestApp;

beforeAll(async () => {
  // The reader's heap bound at its lowest, so that a layout past it is a 200,000-run page (the
  // default, 256 MB, needs 600,000 runs and a read three times as long to pass it).
  app = await startTestApp({ worker: false, env: { UPLOAD_READER_MEMORY_MB: '64' } });
});
afterAll(async () => {
  await app?.stop();
});

async function upload(name: string): Promise<{ id: string; [field: string]: unknown }> {
  const response = await app.upload({ bytes: fixture(name), name });
  expect(response.errors).toBeUndefined();
  return response.data.uploadDocument;
}

describe('uploading a document', () => {
  it('a multi-page PDF is stored with its sha256, size, page count and text-page count', async () => {
    const bytes = fixture('invoice-2p.pdf');
    const response = await app.upload({ bytes, name: 'invoice-2p.pdf' });

    expect(response.status).toBe(200);
    const document = response.data.uploadDocument;
    expect(document).toMatchObject({
      filename: 'invoice-2p.pdf',
      sizeBytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      pageCount: 2,
      textPageCount: 2,
    });
    expect(document.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(document.createdAt))).toBe(false);
  });

  it('a scanned page without a text layer is counted as a page but not as a text page', async () => {
    expect(await upload('scanned.pdf')).toMatchObject({ pageCount: 2, textPageCount: 1 });
  });

  it('reads back with document(id) exactly as the upload answered', async () => {
    const uploaded = await upload('two-column.pdf');
    const response = await app.gql(`query($id: ID!) { document(id: $id) { ${DOCUMENT_FIELDS} } }`, { id: uploaded.id });
    expect(response.status).toBe(200);
    expect(response.data.document).toEqual(uploaded);
  });

  it('a filename with a path keeps only its last part', async () => {
    const response = await app.upload({ bytes: fixture('two-column.pdf'), name: '../../etc/paper.pdf' });
    expect(response.data.uploadDocument.filename).toBe('paper.pdf');
  });
});

describe('listing documents', () => {
  it('pages newest first with a cursor until hasNextPage is false, without repeats or gaps', async () => {
    // A tenant of its own, so the listing holds exactly what this test uploads.
    const key = await app.newTenant();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await app.upload({ bytes: fixture('two-column.pdf'), name: `doc-${i}.pdf` }, { key });
      ids.push(response.data.uploadDocument.id);
    }
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const response: { data?: any; errors?: unknown } = await app.gql(LIST, { first: 2, after }, { key });
      expect(response.errors).toBeUndefined();
      const { nodes, pageInfo } = response.data.documents as { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string } };
      seen.push(...nodes.map((n) => n.id));
      pages++;
      if (!pageInfo.hasNextPage) break;
      expect(pageInfo.endCursor).toEqual(expect.any(String));
      after = pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it('a cursor stays valid when a newer document is added: the next page continues where it was', async () => {
    const key = await app.newTenant();
    const first = await app.upload({ bytes: fixture('two-column.pdf'), name: 'a.pdf' }, { key });
    const second = await app.upload({ bytes: fixture('two-column.pdf'), name: 'b.pdf' }, { key });
    const page1 = await app.gql(LIST, { first: 1 }, { key });
    expect(page1.data.documents.nodes.map((n: { id: string }) => n.id)).toEqual([second.data.uploadDocument.id]);

    await app.upload({ bytes: fixture('two-column.pdf'), name: 'c.pdf' }, { key });
    const page2 = await app.gql(LIST, { first: 1, after: page1.data.documents.pageInfo.endCursor }, { key });
    expect(page2.data.documents.nodes.map((n: { id: string }) => n.id)).toEqual([first.data.uploadDocument.id]);
    expect(page2.data.documents.pageInfo.hasNextPage).toBe(false);
  });

  it('an empty listing has no next page and no cursor', async () => {
    const key = await app.newTenant();
    const response = await app.gql(LIST, {}, { key });
    expect(response.data.documents).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it.each([0, -1, 101])('first: %i is BAD_USER_INPUT with status 400', async (first) => {
    const response = await app.gql(LIST, { first });
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toMatch(/first must be between 1 and 100/);
  });

  it.each(['garbage', 'bm90IGEgY3Vyc29y', Buffer.from('2024-01-01T00:00:00Z|not-an-id').toString('base64url')])(
    'a cursor this API did not hand out (%s) is BAD_USER_INPUT with status 400',
    async (after) => {
      const response = await app.gql(LIST, { first: 2, after });
      expect(response.status).toBe(400);
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    },
  );
});

describe('deleting a document', () => {
  it('deleteDocument answers true, then the document is NOT_FOUND and gone from the listing', async () => {
    const { id } = await upload('two-column.pdf');
    const deleted = await app.gql('mutation($id: ID!) { deleteDocument(id: $id) }', { id });
    expect(deleted).toMatchObject({ status: 200, data: { deleteDocument: true } });

    const read = await app.gql('query($id: ID!) { document(id: $id) { id } }', { id });
    expect(read.status).toBe(404);
    expect(read.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const list = await app.gql(LIST, { first: 100 });
    expect(list.data.documents.nodes.map((n: { id: string }) => n.id)).not.toContain(id);
  });

  it('deleting it a second time is NOT_FOUND', async () => {
    const { id } = await upload('two-column.pdf');
    await app.gql('mutation($id: ID!) { deleteDocument(id: $id) }', { id });
    const again = await app.gql('mutation($id: ID!) { deleteDocument(id: $id) }', { id });
    expect(again.status).toBe(404);
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

/** `pages` pages of one text line each. */
async function textPages(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) doc.addPage([300, 200]).drawText(`Page ${n}`, { x: 10, y: 150, size: 10, font });
  return doc.save();
}

describe('the layout of a document', () => {
  it('of a short document is stored with the upload, as a job would read it', async () => {
    const uploaded = await upload('invoice-2p.pdf');
    expect(await readStoredLayout(app.database.db, uploaded.id)).toEqual(await readLayout(fixture('invoice-2p.pdf')));
    const statement = await upload('table-300.pdf');
    expect(await readStoredLayout(app.database.db, statement.id)).toEqual(await readLayout(fixture('table-300.pdf')));
  });

  it('that Postgres refuses to store does not refuse the upload: the document is kept without a layout', async () => {
    // A constraint no layout passes stands for any refusal of the layout's insert (a value jsonb
    // will not hold, a full disk for that table, ...).
    await sql`alter table document_layouts add constraint refuse_every_layout check (false) not valid`.execute(app.database.db);
    try {
      const uploaded = await upload('invoice-2p.pdf');
      expect(uploaded).toMatchObject({ pageCount: 2, textPageCount: 2 });
      expect(await readStoredLayout(app.database.db, uploaded.id)).toBeNull();
      const content = await app.database.db.selectFrom('document_contents').select('document_id').where('document_id', '=', uploaded.id).executeTakeFirst();
      expect(content).toBeDefined();
    } finally {
      await sql`alter table document_layouts drop constraint refuse_every_layout`.execute(app.database.db);
    }
  });

  it('that does not fit the memory bound of the upload\'s inspection does not refuse the upload: the document is kept without a layout', async () => {
    // Its layout holds 200,000 text runs (past the 64 MB of heap this API allows its reader); asking whether it has text stops at the first.
    const response = await app.upload({ bytes: denseTextPage(200_000), name: 'dense.pdf' });
    expect(response.errors).toBeUndefined();
    expect(response.data.uploadDocument).toMatchObject({ pageCount: 1, textPageCount: 1 });
    expect(await readStoredLayout(app.database.db, response.data.uploadDocument.id)).toBeNull();
    // Reading the layout up to the bound, then the inspection again, took over 30 s on a loaded machine.
  }, 120_000);

  it('of a longer document is left to its first job, and the upload is answered as before', async () => {
    const response = await app.upload({ bytes: await textPages(21), name: 'long.pdf' });
    expect(response.data.uploadDocument).toMatchObject({ pageCount: 21, textPageCount: 21 });
    expect(await readStoredLayout(app.database.db, response.data.uploadDocument.id)).toBeNull();
  });
});
