import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nulTextPdf } from '../fixtures/hostile-pdfs.ts';
import { startJob, waitForJob } from '../helpers/job-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Found by bench/hostile-pdf-sweep.ts: two damaged real documents were accepted, then every
 * attempt of their jobs failed with Postgres's "unsupported Unicode escape sequence" (their text
 * held U+0000, which jsonb cannot store).
 */
describe('a document whose text holds NUL characters', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('is extracted: its layout is kept without the NULs', async () => {
    const uploaded = await app.upload({ bytes: nulTextPdf(), name: 'nul.pdf' });
    const documentId = uploaded.data.uploadDocument.id as string;
    const { jobId, errors } = await startJob(app, { documentId, jsonSchema: { type: 'object', properties: { invoice_number: { type: 'string' } } }, config: { model: 'LOCAL' } });
    expect(errors).toBeUndefined();
    const job = await waitForJob(app, jobId!, ['COMPLETED', 'FAILED'], 60_000);
    expect(job.errorMessage).toBeNull();
    expect(job.status).toBe('COMPLETED');
    const stored = await app.database.db.selectFrom('document_layouts').select('layout').where('document_id', '=', documentId).executeTakeFirstOrThrow();
    const text = JSON.stringify(stored.layout);
    expect(text).toContain('Invoice INV-7');
    expect(text).not.toContain('\\u0000');
  });
});
