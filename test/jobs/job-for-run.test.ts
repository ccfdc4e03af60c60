import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { readStoredLayout } from '../../src/documents/document-layout.ts';
import { findJobForRun, findJobWithSeq } from '../../src/jobs/jobs.repository.ts';
import { findSchemaForJob } from '../../src/schemas/schemas.repository.ts';
import { INVOICE_SCHEMA, startJob, uploadFixture } from '../helpers/job-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

describe("the worker's read before a claim (findJobForRun, real Postgres)", () => {
  let app: TestApp;
  let documentId: string;
  let jobId: string;
  const db = () => app.database.db;

  beforeAll(async () => {
    // No worker: the job stays queued, as the worker finds it.
    app = await startTestApp({ worker: false });
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
    jobId = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('gives the job with its last seq, its schema, its document layout and the size of its document as the separate reads do', async () => {
    const job = (await findJobWithSeq(db(), jobId))!;
    await db()
      .insertInto('document_layouts')
      .values({ document_id: documentId, layout: JSON.stringify({ pages: [{ page: 1, width: 1, height: 1, lines: [] }] }) })
      .onConflict((oc) => oc.column('document_id').doNothing())
      .execute();
    const found = await findJobForRun(db(), jobId);
    expect(found).toEqual({
      job,
      schema: await findSchemaForJob(db(), job.tenantId, job.schemaId),
      layout: await readStoredLayout(db(), documentId),
      documentSizeBytes: (await db().selectFrom('documents').select('size_bytes').where('id', '=', documentId).executeTakeFirstOrThrow()).size_bytes,
    });
    expect(found?.documentSizeBytes).toBeGreaterThan(0);
    expect(found?.schema?.jsonSchema).toEqual(INVOICE_SCHEMA);
    expect(found?.layout).not.toBeNull();
  });

  it('keeps a deleted schema (the job still uses it) and gives no layout before one is stored', async () => {
    const job = (await findJobWithSeq(db(), jobId))!;
    await db().updateTable('schemas').set({ deleted_at: new Date() }).where('id', '=', job.schemaId).execute();
    await db().deleteFrom('document_layouts').where('document_id', '=', documentId).execute();
    const found = await findJobForRun(db(), jobId);
    expect(found?.schema).toEqual(await findSchemaForJob(db(), job.tenantId, job.schemaId));
    expect(found?.schema).not.toBeNull();
    expect(found?.layout).toBeNull();
  });

  it('gives nothing for a job that does not exist', async () => {
    expect(await findJobForRun(db(), randomUUID())).toBeNull();
  });
});
