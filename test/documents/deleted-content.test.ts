import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { holdOrDropContent, sweepHeldContent } from '../../src/documents/deleted-content.ts';
import { deleteDocument } from '../../src/documents/documents.repository.ts';
import { cancelJob, claimAttempt, createJob, failExhausted, finishJob } from '../../src/jobs/job-transitions.ts';
import { findJobById } from '../../src/jobs/jobs.repository.ts';
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
  /** Whether a backend of this database waits on a lock (a delete or a start held by a transaction of the test). */
  const waitsOnLock = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(app.database.db)).rows[0]!.n > 0;
  /** Until `settled()` or a backend waits on a lock: either way the test goes on and judges the outcome. */
  const untilWaitingOrDone = async (settled: () => boolean) => {
    while (!settled() && !(await waitsOnLock())) await delay(20);
  };
  const flagOf = async (jobId: string) =>
    (await app.database.db.selectFrom('jobs').select('holds_deleted_content').where('id', '=', jobId).executeTakeFirstOrThrow()).holds_deleted_content;
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
    await untilWaitingOrDone(() => settled);
    commit();
    await ending;
    expect(await deleting).toBe(true);
    expect(await stored(documentId)).toEqual({ contents: 0, layouts: 0 });
  });

  it("a job's end that meets a delete not yet committed waits for it, then finds its job flagged and removes the content", async () => {
    const { documentId, jobId } = await uploadWithJob();
    const db = app.database.db;
    const claimed = (await claimAttempt(db, boss, jobId))!;
    // The delete's transaction (its own steps: the row marked, the active jobs flagged), held open.
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let flagged!: () => void;
    const jobsFlagged = new Promise<void>((resolve) => (flagged = resolve));
    const deleting = db.transaction().execute(async (trx) => {
      await trx.updateTable('documents').set({ deleted_at: new Date() }).where('id', '=', documentId).execute();
      await holdOrDropContent(trx, documentId);
      flagged();
      await committing;
    });
    await jobsFlagged;
    // The worker's guarded finish, made from the row as it knew it (no flag): it waits on the row.
    let settled = false;
    const ending = finishJob(db, boss, jobId, 'COMPLETED', { attempt: claimed.attempts, known: claimed }).finally(() => (settled = true));
    await untilWaitingOrDone(() => settled);
    commit();
    await deleting;
    expect(await ending).toEqual({ moved: true });
    expect(await stored(documentId)).toEqual({ contents: 0, layouts: 0 });
    expect(await flagOf(jobId)).toBe(false);
  });

  it('a delete that meets a start not yet committed waits for it, then keeps the content for the new job until it ends', async () => {
    const db = app.database.db;
    const documentId = await uploadFixture(app, 'invoice-2p.pdf');
    // A job like any other, as the template of the one the held start inserts.
    const template = (await findJobById(db, (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!))!;
    await cancelJob(db, boss, tenantId, template.id);
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let inserted!: (jobId: string) => void;
    const started = new Promise<string>((resolve) => (inserted = resolve));
    // The start's own statement (createJob), in a transaction the test holds open after it.
    const starting = db.transaction().execute(async (trx) => {
      const job = await createJob(
        trx as Kysely<Database>,
        {
          tenantId,
          documentId,
          schemaId: randomUUID(),
          inlineSchema: { jsonSchema: INVOICE_SCHEMA, totalFields: 1 },
          config: template.config,
          webhook: null,
          progress: template.progress,
          metadata: template.metadata,
          estimatedCompletion: new Date(),
        },
        { asyncCommit: false },
      );
      inserted(job.id);
      await committing;
    });
    const jobId = await started;
    let settled = false;
    const deleting = deleteDocument(db, tenantId, documentId).finally(() => (settled = true));
    await untilWaitingOrDone(() => settled);
    commit();
    await starting;
    expect(await deleting).toBe(true);
    // The delete saw the new job: the content stays for it, and goes when it ends.
    expect(await stored(documentId)).toEqual({ contents: 1, layouts: 1 });
    expect(await flagOf(jobId)).toBe(true);
    await cancelJob(db, boss, tenantId, jobId);
    expect(await stored(documentId)).toEqual({ contents: 0, layouts: 0 });
  });

  it('a start that meets a delete not yet committed waits for it, then answers NOT_FOUND with nothing stored', async () => {
    const db = app.database.db;
    const documentId = await uploadFixture(app, 'invoice-2p.pdf');
    // The delete's lock on the document's row (deleteDocument's FOR UPDATE) and its mark, held open.
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let marked!: () => void;
    const deletionMarked = new Promise<void>((resolve) => (marked = resolve));
    const deleting = db.transaction().execute(async (trx) => {
      await trx.selectFrom('documents').select('id').where('id', '=', documentId).forUpdate().execute();
      await trx.updateTable('documents').set({ deleted_at: new Date() }).where('id', '=', documentId).execute();
      marked();
      await committing;
    });
    await deletionMarked;
    // Its lookup of the document passes (the delete is not committed); its statement must wait.
    let settled = false;
    const starting = startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA }).finally(() => (settled = true));
    await untilWaitingOrDone(() => settled);
    commit();
    await deleting;
    const answer = await starting;
    expect(answer.jobId).toBeUndefined();
    expect(answer.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['NOT_FOUND', `Document ${documentId} not found`]]);
    expect(await db.selectFrom('jobs').select('id').where('document_id', '=', documentId).execute()).toEqual([]);
  });

  it("a worker's periodic sweep removes what a lost cleanup left of a flagged job's document, and reads no table when nothing waits", async () => {
    const db = app.database.db;
    // As a failed cleanup leaves it: deleted while its job ran (flagged), the job ended, the content there.
    const { documentId: left, jobId: ended } = await uploadWithJob();
    await cancelJob(db, boss, tenantId, ended);
    await db.updateTable('documents').set({ deleted_at: new Date() }).where('id', '=', left).execute();
    await db.updateTable('jobs').set({ holds_deleted_content: true }).where('id', '=', ended).execute();
    // Deleted while its job still runs: kept for it.
    const { documentId: read, jobId: running } = await uploadWithJob();
    await deleteIt(read);
    expect(await flagOf(running)).toBe(true);
    await sweepHeldContent(db);
    expect(await stored(left)).toEqual({ contents: 0, layouts: 0 });
    expect(await flagOf(ended)).toBe(false);
    expect(await stored(read)).toEqual({ contents: 1, layouts: 1 });
    await cancelJob(db, boss, tenantId, running);
    expect(await stored(read)).toEqual({ contents: 0, layouts: 0 });
    // Nothing waits now: the sweep makes one statement, which the flagged jobs' partial index
    // (empty) answers alone: chosen even where scans of the table are as cheap (this small table).
    const swept: CompiledQuery[] = [];
    const logged = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: app.database.pool }),
      log: (event) => {
        if (event.level === 'query') swept.push(event.query);
      },
    });
    await sweepHeldContent(logged);
    expect(swept).toHaveLength(1);
    const plan = await db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const { rows } = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (costs off) ${swept[0]!.sql}`, [...swept[0]!.parameters]));
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index (Only )?Scan (using|on) jobs_holding_deleted_content/);
    expect(plan).not.toContain('Seq Scan');
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
