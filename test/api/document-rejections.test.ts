import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../fixtures/read-fixture.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// Small limits, so that the committed fixtures cross them: table-300.pdf is ~32 KB, invoice-2p.pdf
// has two pages. Every other fixture is under both.
const MAX_UPLOAD_BYTES = 20_000;

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ worker: false, env: { MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES), MAX_PAGES: '1' } });
});
afterAll(async () => {
  await app?.stop();
});

/** Rows of every table an upload writes to, for every tenant. */
async function storedRows(): Promise<{ documents: number; contents: number }> {
  const { rows } = await sql<{ documents: string; contents: string }>`
    select (select count(*) from documents) as documents, (select count(*) from document_contents) as contents
  `.execute(app.database.db);
  return { documents: Number(rows[0]!.documents), contents: Number(rows[0]!.contents) };
}

async function expectRejected(
  file: { bytes: Uint8Array; name: string },
  expected: { code: string; status: number; message: RegExp; reason?: string },
): Promise<void> {
  const before = await storedRows();
  const response = await app.upload(file);
  expect(response.status).toBe(expected.status);
  expect(response.errors).toHaveLength(1);
  expect(response.errors![0]!.extensions?.code).toBe(expected.code);
  expect(response.errors![0]!.message).toMatch(expected.message);
  if (expected.reason) expect(response.errors![0]!.extensions?.reason).toBe(expected.reason);
  expect(response.data?.uploadDocument ?? null).toBeNull();
  expect(await storedRows()).toEqual(before);
}

describe('an upload that is refused leaves nothing stored', () => {
  it('a PNG named x.pdf is UNPROCESSABLE (422): the content decides, not the name', async () => {
    await expectRejected({ bytes: fixture('not-a-pdf.pdf'), name: 'x.pdf' }, { code: 'UNPROCESSABLE', status: 422, message: /not a PDF/ });
  });

  it('a corrupt PDF is UNPROCESSABLE (422)', async () => {
    await expectRejected({ bytes: fixture('corrupt.pdf'), name: 'corrupt.pdf' }, { code: 'UNPROCESSABLE', status: 422, message: /corrupt/ });
  });

  it('an encrypted, password-protected PDF is UNPROCESSABLE (422)', async () => {
    await expectRejected(
      { bytes: fixture('encrypted.pdf'), name: 'encrypted.pdf' },
      { code: 'UNPROCESSABLE', status: 422, message: /encrypted|password/ },
    );
  });

  it('a PDF with zero pages is UNPROCESSABLE (422)', async () => {
    await expectRejected({ bytes: fixture('zero-pages.pdf'), name: 'zero-pages.pdf' }, { code: 'UNPROCESSABLE', status: 422, message: /no pages/ });
  });

  it('an empty file is UNPROCESSABLE (422), saying that it is empty', async () => {
    await expectRejected({ bytes: new Uint8Array(0), name: 'empty.pdf' }, { code: 'UNPROCESSABLE', status: 422, message: /^The file is empty\.$/, reason: 'NOT_PDF' });
  });

  it('a PDF over MAX_UPLOAD_BYTES is PAYLOAD_TOO_LARGE with HTTP 413', async () => {
    const bytes = fixture('table-300.pdf');
    expect(bytes.byteLength).toBeGreaterThan(MAX_UPLOAD_BYTES);
    await expectRejected({ bytes, name: 'table-300.pdf' }, { code: 'PAYLOAD_TOO_LARGE', status: 413, message: new RegExp(`limit is ${MAX_UPLOAD_BYTES} bytes`) });
  });

  it('an upload far over the limit is refused from its Content-Length with 413, before its body is read', async () => {
    const bytes = new Uint8Array(MAX_UPLOAD_BYTES + 2 * 1024 * 1024);
    // In MiB and KiB as a person reads them, and named as the request's size (the whole multipart body).
    await expectRejected(
      { bytes, name: 'huge.pdf' },
      { code: 'PAYLOAD_TOO_LARGE', status: 413, message: /^The upload request is 2\.0 MiB; the largest accepted PDF is 19\.5 KiB \(MAX_UPLOAD_BYTES\), and a request carrying it at most 1\.0 MiB\.$/ },
    );
  });

  it('a PDF with more pages than MAX_PAGES is UNPROCESSABLE (422) and names the limit', async () => {
    await expectRejected(
      { bytes: fixture('invoice-2p.pdf'), name: 'invoice-2p.pdf' },
      { code: 'UNPROCESSABLE', status: 422, message: /more than 1 pages/ },
    );
  });
});

describe('the limits are not stricter than configured', () => {
  it('a one-page PDF under both limits is accepted and stored once', async () => {
    const before = await storedRows();
    const response = await app.upload({ bytes: fixture('two-column.pdf'), name: 'two-column.pdf' });
    expect(response.errors).toBeUndefined();
    expect(response.data.uploadDocument.pageCount).toBe(1);
    expect(await storedRows()).toEqual({ documents: before.documents + 1, contents: before.contents + 1 });
  });
});
