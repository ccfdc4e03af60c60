import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unreadablePageWarnings } from '../../src/pdf/unreadable-pages.ts';
import type { DocumentLayout } from '../../src/domain/types.ts';
import * as hostile from '../fixtures/hostile-pdfs.ts';
import { fixture } from '../fixtures/read-fixture.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ worker: false });
});
afterAll(async () => {
  await app?.stop();
});

interface UploadAnswer {
  status: number;
  data?: { uploadDocument: { id: string; filename: string; pageCount: number; textPageCount: number } | null } | null;
  errors?: Array<{ message: string; extensions?: { code?: string; reason?: string } }>;
}

async function upload(bytes: Uint8Array, name: string): Promise<UploadAnswer> {
  return (await app.upload({ bytes, name })) as UploadAnswer;
}

describe('uploads of hostile files get an answer a user can act on', () => {
  it('a truncated file is UNPROCESSABLE, says it is corrupt and what to do', async () => {
    const answer = await upload(await hostile.truncatedPdf(), 'cut.pdf');
    expect(answer.status).toBe(422);
    expect(answer.errors![0]!.extensions).toMatchObject({ code: 'UNPROCESSABLE', reason: 'CORRUPT' });
    expect(answer.errors![0]!.message).toMatch(/^The PDF is corrupt and cannot be read: .*Invalid PDF structure.* Re-save or re-export it/);
  });

  it('a file that needs a password is UNPROCESSABLE and says so', async () => {
    const answer = await upload(fixture('aes256-user-password.pdf'), 'locked.pdf');
    expect(answer.status).toBe(422);
    expect(answer.errors![0]!.extensions).toMatchObject({ code: 'UNPROCESSABLE', reason: 'ENCRYPTED' });
    expect(answer.errors![0]!.message).toMatch(/needs a password/);
  });

  it('an AES-256 file with an empty user password is accepted like any other PDF', async () => {
    const answer = await upload(fixture('aes256-empty-password.pdf'), 'aes.pdf');
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.uploadDocument).toMatchObject({ pageCount: 2, textPageCount: 1 });
  });

  it('a file with JavaScript and an attachment is accepted; nothing in it runs', async () => {
    const answer = await upload(await hostile.activeContentPdf(), 'active.pdf');
    expect(answer.data!.uploadDocument).toMatchObject({ pageCount: 1, textPageCount: 1 });
  });

  it('a decompression bomb is accepted as an image-only page without being decoded', async () => {
    const answer = await upload(await hostile.decompressionBombPdf(), 'bomb.pdf');
    expect(answer.data!.uploadDocument).toMatchObject({ pageCount: 1, textPageCount: 0 });
  });

  it('a document whose seventh page cannot be read is accepted, and the layout stored with it names that page', async () => {
    const answer = await upload(hostile.seventhPageContentMissingPdf(), 'report.pdf');
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.uploadDocument).toMatchObject({ pageCount: 8, textPageCount: 7 });
    const row = await app.database.db
      .selectFrom('document_layouts')
      .select('layout')
      .where('document_id', '=', answer.data!.uploadDocument!.id)
      .executeTakeFirstOrThrow();
    const layout = (typeof row.layout === 'string' ? JSON.parse(row.layout) : row.layout) as DocumentLayout;
    expect(unreadablePageWarnings(layout)).toEqual([
      'page 7 could not be read: its cross-reference table is damaged (details: Bad (uncompressed) XRef entry: 17R)',
    ]);
  });

  it('a document none of whose pages reads is UNPROCESSABLE, says so in plain words and what to do', async () => {
    const answer = await upload(hostile.noPageReadablePdf(), 'nothing.pdf');
    expect(answer.status).toBe(422);
    expect(answer.errors![0]!.extensions).toMatchObject({ code: 'UNPROCESSABLE', reason: 'CORRUPT' });
    expect(answer.errors![0]!.message).toMatch(
      /^The PDF is corrupt and cannot be read: its one page could not be read: its list of pages is damaged \(details: .*\)\. Re-save or re-export it and upload again\.$/,
    );
  });

  it('a file name in any script is kept as the user gave it', async () => {
    const name = 'Rechnung Müller №7 請求書 فاتورة.pdf';
    const answer = await upload(await hostile.activeContentPdf(), name);
    expect(answer.data!.uploadDocument).toMatchObject({ filename: name, pageCount: 1 });
  });
});
