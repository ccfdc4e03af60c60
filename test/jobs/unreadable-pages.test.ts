import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as hostile from '../fixtures/hostile-pdfs.ts';
import { startJob, waitForJob } from '../helpers/job-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const PAGE_SEVEN = 'page 7 could not be read: its cross-reference table is damaged (details: Bad (uncompressed) XRef entry: 17R)';

describe('a document with an unreadable page says so on the document and in every job on it', () => {
  let app: TestApp;
  let documentId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const uploaded = (await app.upload({ bytes: hostile.seventhPageContentMissingPdf(), name: 'report.pdf' })) as {
      data: { uploadDocument: { id: string; warnings: string[] } };
    };
    documentId = uploaded.data.uploadDocument.id;
    expect(uploaded.data.uploadDocument.warnings).toEqual([PAGE_SEVEN]);
  }, 60_000);
  afterAll(() => app?.stop());

  it('the Document keeps the warning of its upload', async () => {
    const answer = await app.gql('query($id: ID!) { document(id: $id) { pageCount warnings } }', { id: documentId });
    expect(answer.data.document).toEqual({ pageCount: 8, warnings: [PAGE_SEVEN] });
  });

  it('an estimate names the page before any job runs', async () => {
    const answer = await app.gql(
      'query($d: ID!, $j: JSON) { estimateExtraction(documentId: $d, jsonSchema: $j, config: { model: LOCAL }) { warnings } }',
      { d: documentId, j: { type: 'object', properties: { title: { type: 'string' } } } },
    );
    expect(answer.data.estimateExtraction.warnings).toContain(PAGE_SEVEN);
  });

  it('a job completes with the page named in its warnings and in its status message', async () => {
    const { jobId } = await startJob(app, {
      documentId,
      jsonSchema: { type: 'object', properties: { title: { type: 'string' } } },
      config: { model: 'LOCAL' },
    });
    const job = await waitForJob(app, jobId!, ['COMPLETED', 'FAILED']);
    expect(job.status).toBe('COMPLETED');
    expect(job.metadata.warnings).toContain(PAGE_SEVEN);
    expect(job.errorMessage).toBe('page 7 could not be read; nothing was extracted from it');
  });
});
