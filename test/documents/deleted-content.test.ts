import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'kysely';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteDocument } from '../../src/documents/documents.repository.ts';
import { cancelJob, claimAttempt, failExhausted, finishJob } from '../../src/jobs/job-transitions.ts';
import { INVOICE_SCHEMA, startJob, uploadFixture } from '../helpers/job-fixtures.ts';
import { createTestBoss } from '../helpers/test-boss.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

describe("a deleted document's PDF and layout are removed once no job may read them (real Postgres)", () => {
  let app: TestApp;
  let boss: PgBoss;
  let tenantId: string;

  beforeAll(async () => {
    // No worker: the test ends each job itself, through the transitions a worker, the dead-letter
    // handler or a cancel make.
    app = await startTestApp({ worker: false });
    boss = await createTestBoss(app.database.url);
    tenantId = (await app.database.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, close: true });
    await app?.stop();
  });

  /** How many rows of the document's content are stored: its bytes and its layout. */
  const stored = async (documentId: string) => {
    const { rows } = await sql<{ contents: number; layouts: number }>`
      select (select count(*)::int from document_contents where document_id = ${documentId}) as contents,
             (select count(*)::int from document_layouts where document_id = ${documentId}) as layouts`.execute(app.database.db);
    return rows[0];
  };
  const deleteIt = (id: string) => app.gql('mutation($id: ID!) { deleteDocument(id: $id) }', { id });
  const pdf = (id: string) => fetch(new URL(`/documents/${id}/pdf`, app.url), { headers: { authorization: `Bearer ${app.apiKey}` } });
  const uploadWithJob = async () => {
    const documentId = await uploadFixture(app, 'invoice-2p.pdf');
    const jobId = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;
    return { documentId, jobId };
  };

  it('a document deleted with no job on it loses its bytes and its layout (its text) at once', async () => {
    const documentId = await uploadFixture(app, 'invoice-2p.pdf');
    expect(await stored(documentId)).toEqual({ contents: 1, layouts: 1 });
    expect((await deleteIt(documentId)).data).toEqual({ deleteDocument: true });
    expect(await stored(documentId)).toEqual({ contents: 0, layouts: 0 });
  });

  const endings: Array<[string, (jobId: string) => Promise<unknown>]> = [
    ['COMPLETED', async (jobId) => (await claimAttempt(app.database.db, boss, jobId), finishJob(app.database.db, boss, jobId, 'COMPLETED'))],
    ['FAILED by its worker', async (jobId) => (await claimAttempt(app.database.db, boss, jobId), finishJob(app.database.db, boss, jobId, 'FAILED'))],
    ['FAILED when dead-lettered', (jobId) => failExhausted(app.database.db, boss, jobId, 'retries used up')],
    ['CANCELLED', (jobId) => cancelJob(app.database.db, boss, tenantId, jobId)],
  ];
  it.each(endings)('a document deleted while a job is active keeps its bytes for the job only, serves no PDF, and loses them when it ends %s', async (_ending, end) => {
    const { documentId, jobId } = await uploadWithJob();
    expect((await deleteIt(documentId)).data).toEqual({ deleteDocument: true });
    // Kept for the job, but gone for the owner from the delete on.
    expect(await stored(documentId)).toEqual({ contents: 1, layouts: 1 });
    const during = await pdf(documentId);
    expect(during.status).toBe(404);
    expect((await during.text()).trim()).toBe(`NOT_FOUND: document ${documentId} was deleted; its PDF is no longer stored`);
    await end(jobId);
    expect(await stored(documentId)).toEqual({ contents: 0, layouts: 0 });
    // The job keeps naming its document.
    const job = await app.gql('query($id: ID!) { job(id: $id) { document { id } } }', { id: jobId });
    expect(job.data).toEqual({ job: { document: { id: documentId } } });
  });

  it('with two jobs on a deleted document, the content stays until the second one ends', async () => {
    const { documentId, jobId: first } = await uploadWithJob();
    const started = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    expect(started.errors).toBeUndefined();
    const second = started.jobId!;
    await deleteIt(documentId);
    await cancelJob(app.database.db, boss, tenantId, first);
    expect(await stored(documentId)).toEqual({ contents: 1, layouts: 1 });
    await cancelJob(app.database.db, boss, tenantId, second);
    expect(await stored(documentId)).toEqual({ contents: 0, layouts: 0 });
  });

  it("a delete that meets a job's end not yet committed waits for it, then removes the content", async () => {
    const { documentId, jobId } = await uploadWithJob();
    const db = app.database.db;
    // A job's end still in its transaction (the status written, not committed), as a worker's
    // finish holds it: the delete must not decide on the status it read before that commit.
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let written!: () => void;
    const statusWritten = new Promise<void>((resolve) => (written = resolve));
    const ending = db.transaction().execute(async (trx) => {
      await trx.updateTable('jobs').set({ status: 'COMPLETED' }).where('id', '=', jobId).execute();
      written();
      await committing;
    });
    await statusWritten;
    let settled = false;
    const deleting = deleteDocument(db, tenantId, documentId).finally(() => (settled = true));
    // Until the delete waits on the job's row lock (or, without that lock, has already decided).
    const waitsOnLock = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db)).rows[0]!.n > 0;
    while (!settled && !(await waitsOnLock())) await delay(20);
    commit();
    await ending;
    expect(await deleting).toBe(true);
    expect(await stored(documentId)).toEqual({ contents: 0, layouts: 0 });
  });

  it("a worker's start removes what a process stopped between a job's end and its cleanup left of a deleted document", async () => {
    const documentId = await uploadFixture(app, 'invoice-2p.pdf');
    // As a crash leaves it: deleted while its job ran, the job ended, the content still there.
    await app.database.db.updateTable('documents').set({ deleted_at: new Date() }).where('id', '=', documentId).execute();
    const kept = await uploadFixture(app, 'invoice-2p.pdf');
    const worker = await startTestApp({ database: app.database, api: false, worker: true });
    try {
      expect(await stored(documentId)).toEqual({ contents: 0, layouts: 0 });
      expect(await stored(kept)).toEqual({ contents: 1, layouts: 1 });
    } finally {
      await worker.stop();
    }
  });
});
