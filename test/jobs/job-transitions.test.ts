import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect } from 'kysely';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { JOB_STATUSES, type JobStatus } from '../../src/domain/choices.ts';
import {
  ALLOWED,
  appendWhileProcessing,
  canMove,
  cancelJob,
  claimAttempt,
  failExhausted,
  finishJob,
  JobNoLongerRunning,
  markRetrying,
} from '../../src/jobs/job-transitions.ts';
import { findJobWithSeq, readEvents } from '../../src/jobs/jobs.repository.ts';
import { createTestBoss } from '../helpers/test-boss.ts';
import { EXTRACTION_QUEUE } from '../../src/queue/queues.ts';
import { INVOICE_SCHEMA, startJob, uploadFixture } from '../helpers/job-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

function sources(): Array<{ file: string; text: string }> {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ file: file.split(path.sep).join('/'), text: readFileSync(path.join(SRC, file), 'utf8') }));
}

describe('only jobs/job-transitions.ts writes a job status', () => {
  it('no module but jobs.repository.ts writes the jobs table, and it has one insert and two updates (one of only the webhook column), but for the deleted-content flag', () => {
    const writes = /(updateTable|insertInto|deleteFrom)\(\s*['"]jobs['"]\s*\)|\b(update|insert\s+into|delete\s+from)\s+"?jobs"?\s/gi;
    const found = sources().flatMap(({ file, text }) => [...text.matchAll(writes)].map((m) => `${file}: ${m[0]}`));
    expect(found.sort()).toEqual([
      "documents/deleted-content.ts: updateTable('jobs')",
      "documents/deleted-content.ts: updateTable('jobs')",
      'jobs/jobs.repository.ts: INSERT INTO jobs ',
      'jobs/jobs.repository.ts: UPDATE jobs ',
      'jobs/jobs.repository.ts: update jobs ',
    ]);
    // A webhook event not delivered for good is recorded in the webhook column alone.
    expect(readFileSync(path.join(SRC, 'jobs/jobs.repository.ts'), 'utf8').match(/UPDATE jobs SET [^\n]*/g)).toEqual([
      "UPDATE jobs SET webhook = webhook || jsonb_build_object('undelivered', ${warning}::text)",
    ]);
    // A delete's flag on the jobs that keep its document's content, set and cleared there: those
    // two updates set that column and nothing else (no status).
    const flagWrites = readFileSync(path.join(SRC, 'documents/deleted-content.ts'), 'utf8').match(/\.set\([^)]*\)/g);
    expect(flagWrites).toEqual(['.set({ holds_deleted_content: false })', '.set({ holds_deleted_content: true })']);
  });

  it('only job-transitions.ts calls the repository functions that set a status, and builds status events', () => {
    const offenders = sources()
      .filter(({ file }) => file !== 'jobs/job-transitions.ts' && file !== 'jobs/jobs.repository.ts')
      .filter(({ text }) => /\b(insertJob|appendStatusEvent)\b|type: 'JOB_STATUS',/.test(text))
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });
});

describe('the table of allowed status moves', () => {
  it('moves nothing into PENDING and nothing out of a final status', () => {
    for (const from of JOB_STATUSES) expect(ALLOWED[from]).not.toContain('PENDING');
    expect([ALLOWED.COMPLETED, ALLOWED.FAILED, ALLOWED.CANCELLED]).toEqual([[], [], []]);
    expect(canMove('PROCESSING', 'PROCESSING')).toBe(false);
  });
});

describe('each transition against every status a job can be in (real Postgres)', () => {
  let app: TestApp;
  let boss: PgBoss;
  let jobId: string;
  let tenantId: string;
  let documentId: string;

  beforeAll(async () => {
    // No worker: the test makes every move itself.
    app = await startTestApp({ worker: false });
    boss = await createTestBoss(app.database.url);
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
    jobId = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;
    tenantId = (await app.database.db.selectFrom('jobs').select('tenant_id').where('id', '=', jobId).executeTakeFirstOrThrow()).tenant_id;
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, close: true });
    await app?.stop();
  });

  /** Puts the job in `status` directly, as a fixture: the move under test starts from there. */
  const putIn = (status: JobStatus) => app.database.db.updateTable('jobs').set({ status }).where('id', '=', jobId).execute();
  const row = () => app.database.db.selectFrom('jobs').select(['status', 'last_seq']).where('id', '=', jobId).executeTakeFirstOrThrow();
  const db = () => app.database.db;

  const MOVES: Array<{ name: string; to: JobStatus; run: () => Promise<boolean> }> = [
    { name: 'claimAttempt', to: 'PROCESSING', run: async () => (await claimAttempt(db(), boss, jobId)) !== null },
    { name: 'finishJob COMPLETED', to: 'COMPLETED', run: async () => (await finishJob(db(), boss, jobId, 'COMPLETED')).moved },
    { name: 'finishJob FAILED', to: 'FAILED', run: async () => (await finishJob(db(), boss, jobId, 'FAILED', { errorMessage: 'x' })).moved },
    { name: 'markRetrying', to: 'RETRYING', run: async () => (await markRetrying(db(), boss, jobId, 'retry')).moved },
    { name: 'failExhausted', to: 'FAILED', run: async () => (await failExhausted(db(), boss, jobId, 'exhausted')).moved },
    { name: 'cancelJob', to: 'CANCELLED', run: async () => (await cancelJob(db(), boss, tenantId, jobId)).moved },
  ];

  it('every allowed edge is made by some transition', () => {
    for (const from of JOB_STATUSES) for (const to of ALLOWED[from]) expect(MOVES.some((m) => m.to === to), `${from} → ${to}`).toBe(true);
  });

  for (const move of MOVES) {
    it(`${move.name} moves a job only where the table allows, and otherwise writes nothing`, async () => {
      for (const from of JOB_STATUSES) {
        await putIn(from);
        const before = await row();
        // A claim of a job still PROCESSING (its worker died) goes PROCESSING → RETRYING → PROCESSING.
        const allowed = from === 'PROCESSING' && move.to === 'PROCESSING' ? canMove('PROCESSING', 'RETRYING') : canMove(from, move.to);
        expect(await move.run(), `${move.name} from ${from}`).toBe(allowed);
        const after = await row();
        if (!allowed) {
          expect(after, `${move.name} from ${from}`).toEqual(before);
          continue;
        }
        expect(after.status).toBe(move.to);
        const written = (await readEvents(db(), jobId, before.last_seq)).map((e) => e.payload);
        expect(written.map((p) => (p.type === 'JOB_STATUS' ? p.status : p.type))).toEqual(
          from === 'PROCESSING' && move.to === 'PROCESSING' ? ['RETRYING', 'PROCESSING'] : [move.to],
        );
      }
    });
  }

  it('cancelJob refuses another tenant’s job as if it did not exist', async () => {
    await putIn('PENDING');
    expect(await cancelJob(db(), boss, '00000000-0000-0000-0000-000000000000', jobId)).toEqual({ moved: false, from: null });
    expect((await row()).status).toBe('PENDING');
  });

  it('appendWhileProcessing writes only while the job is PROCESSING and never changes its status', async () => {
    for (const from of JOB_STATUSES) {
      await putIn(from);
      const before = await row();
      const write = appendWhileProcessing(db(), jobId, () => ({
        events: [{ type: 'ARRAY_PROGRESS', path: '/line_items', itemsExtracted: 1, turn: 1, done: false }],
      }));
      if (from !== 'PROCESSING') {
        await expect(write).rejects.toBeInstanceOf(JobNoLongerRunning);
        expect(await row()).toEqual(before);
        continue;
      }
      await write;
      expect(await row()).toEqual({ status: 'PROCESSING', last_seq: before.last_seq + 1 });
    }
  });

  it('the writes of an attempt that another worker has since claimed again are refused and change nothing', async () => {
    await putIn('PENDING');
    const first = await claimAttempt(db(), boss, jobId);
    // Another worker claims the job again (its first worker lost its lease but still runs).
    const second = await claimAttempt(db(), boss, jobId);
    expect(second!.attempts).toBe(first!.attempts + 1);
    const before = await row();
    const progress = () => ({ events: [{ type: 'ARRAY_PROGRESS' as const, path: '/line_items', itemsExtracted: 1, turn: 1, done: false }] });
    await expect(appendWhileProcessing(db(), jobId, progress, first!.attempts)).rejects.toBeInstanceOf(JobNoLongerRunning);
    expect(await markRetrying(db(), boss, jobId, 'late hand-back', first!.attempts)).toEqual({ moved: false, from: null });
    expect(await finishJob(db(), boss, jobId, 'COMPLETED', { attempt: first!.attempts })).toEqual({ moved: false, from: null });
    expect(await row()).toEqual(before);
    // The current attempt still writes.
    await appendWhileProcessing(db(), jobId, progress, second!.attempts);
    expect(await finishJob(db(), boss, jobId, 'COMPLETED', { attempt: second!.attempts })).toEqual({ moved: true });
  });

  it("a claim writes the worker's first events right after PROCESSING, and a finish its last events right before the final status", async () => {
    const fresh = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;
    const claimed = await claimAttempt(db(), boss, fresh, (job) => ({
      events: [{ type: 'JOB_STARTED', totalSubtrees: 1, totalFields: 2, startTime: new Date().toISOString() }],
      update: { progress: { ...job.progress, totalSubtrees: 1, currentStep: 'extracting' } },
    }));
    expect(claimed).toMatchObject({ status: 'PROCESSING', attempts: 1, lastSeq: 3, progress: { totalSubtrees: 1, currentStep: 'extracting' } });
    const result = { type: 'SUBTREE_RESULT' as const, path: '', fieldCount: 2, usageMetadata: claimed!.metadata.usage, extractedResult: {}, attributions: null, violations: [] };
    expect(await finishJob(db(), boss, fresh, 'COMPLETED', { attempt: 1, events: [result] })).toEqual({ moved: true });
    const log = (await readEvents(db(), fresh, 0)).map(({ seq, payload }) => [seq, payload.type === 'JOB_STATUS' ? payload.status : payload.type]);
    expect(log).toEqual([
      [1, 'PENDING'],
      [2, 'PROCESSING'],
      [3, 'JOB_STARTED'],
      [4, 'SUBTREE_RESULT'],
      [5, 'COMPLETED'],
    ]);
    const stored = await db().selectFrom('jobs').select(['status', 'last_seq', 'progress']).where('id', '=', fresh).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'COMPLETED', last_seq: 5, progress: { totalSubtrees: 1 } });
  });

  it("the worker's guarded writes (claim from its read, events and finish from what it last wrote) make the same log as the locked ones", async () => {
    const fresh = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;
    const fetched = (await boss.fetch(EXTRACTION_QUEUE, { batchSize: 100 })).find((job) => job.id === fresh);
    const read = await findJobWithSeq(db(), fresh);
    const started = { type: 'JOB_STARTED' as const, totalSubtrees: 1, totalFields: 2, startTime: new Date().toISOString() };
    const claimed = await claimAttempt(db(), boss, fresh, (job) => ({ events: [started], update: { progress: { ...job.progress, totalSubtrees: 1 } } }), read!);
    expect(claimed).toMatchObject({ status: 'PROCESSING', attempts: 1, lastSeq: 3, progress: { totalSubtrees: 1 } });
    const turn = { type: 'ARRAY_PROGRESS' as const, path: '/line_items', itemsExtracted: 1, turn: 1, done: false };
    const known = await appendWhileProcessing(db(), fresh, (job) => ({ events: [turn], update: { progress: { ...job.progress, currentStep: 'turn 1' } } }), 1, claimed!);
    expect(known).toMatchObject({ lastSeq: 4, progress: { totalSubtrees: 1, currentStep: 'turn 1' } });
    const result = { type: 'SUBTREE_RESULT' as const, path: '', fieldCount: 2, usageMetadata: claimed!.metadata.usage, extractedResult: { b: 1, a: 2 }, attributions: null, violations: [] };
    const settle = { id: fresh, retryCount: fetched!.retryCount };
    expect(await finishJob(db(), boss, fresh, 'COMPLETED', { attempt: 1, known, events: [result], update: { results: { b: 1, a: 2 } }, settle })).toEqual({ moved: true });
    const log = await readEvents(db(), fresh, 0);
    expect(log.map(({ seq, payload }) => [seq, payload.type === 'JOB_STATUS' ? payload.status : payload.type])).toEqual([
      [1, 'PENDING'],
      [2, 'PROCESSING'],
      [3, 'JOB_STARTED'],
      [4, 'ARRAY_PROGRESS'],
      [5, 'SUBTREE_RESULT'],
      [6, 'COMPLETED'],
    ]);
    // Stored as sent: the key order of a model's value is kept.
    expect(Object.keys((log[4]!.payload as typeof result).extractedResult)).toEqual(['b', 'a']);
    const stored = await db().selectFrom('jobs').select(['status', 'last_seq', 'attempts', 'progress', 'finished_at']).where('id', '=', fresh).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'COMPLETED', last_seq: 6, attempts: 1, progress: { totalSubtrees: 1, currentStep: 'turn 1' } });
    expect(stored.finished_at).not.toBeNull();
    const [queued] = await boss.findJobs(EXTRACTION_QUEUE, { id: fresh });
    expect(queued?.state).toBe('completed');
  });

  it("a guarded finish completes the attempt's queue job in its own statement, as pg-boss's complete would, and only when it writes the final status", async () => {
    const fresh = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;
    const fetched = (await boss.fetch(EXTRACTION_QUEUE, { batchSize: 100 })).find((job) => job.id === fresh)!;
    const claimed = (await claimAttempt(db(), boss, fresh, undefined, (await findJobWithSeq(db(), fresh))!))!;
    const settle = { id: fresh, retryCount: fetched.retryCount };
    // Counted: our statements through a logging Kysely on the same pool, pg-boss's completes by a watch on the instance.
    const statements: string[] = [];
    const logged = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: app.database.pool }),
      log: (event) => {
        if (event.level === 'query') statements.push(event.query.sql);
      },
    });
    let completes = 0;
    const watched = new Proxy(boss, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (key === 'complete') completes++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    expect(await finishJob(logged, watched, fresh, 'COMPLETED', { attempt: claimed.attempts, known: claimed, settle })).toEqual({ moved: true });
    // The finish alone: its document is not deleted, so no cleanup of its content follows
    // (documents/deleted-content.ts; the final write says whether a delete flagged the job).
    expect({ statements: statements.length, completes }).toEqual({ statements: 1, completes: 0 });
    const [queued] = await boss.findJobs(EXTRACTION_QUEUE, { id: fresh });
    expect(queued).toMatchObject({ state: 'completed', output: null });
    expect(queued?.completedOn).toBeInstanceOf(Date);
    // pg-boss finds nothing left to settle (its own complete after the handler is a no-op).
    // (Its response type declares no fields in pg-boss 12.38; at run time it carries `affected`.)
    expect(await boss.complete(EXTRACTION_QUEUE, settle)).toMatchObject({ affected: 0 });

    // A finish whose row moved on (cancelled meanwhile) writes nothing, the queue job's claim included.
    const other = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;
    const taken = (await boss.fetch(EXTRACTION_QUEUE, { batchSize: 100 })).find((job) => job.id === other)!;
    const mine = (await claimAttempt(db(), boss, other, undefined, (await findJobWithSeq(db(), other))!))!;
    expect(await cancelJob(db(), boss, tenantId, other)).toEqual({ moved: true });
    expect(await finishJob(db(), boss, other, 'COMPLETED', { attempt: mine.attempts, known: mine, settle: { id: other, retryCount: taken.retryCount } })).toEqual({
      moved: false,
      from: 'CANCELLED',
    });
    expect((await boss.findJobs(EXTRACTION_QUEUE, { id: other }))[0]?.state).not.toBe('completed');
  });

  it('a guarded write whose row moved on (a cancel, a stale read) writes nothing of its own and leaves the decision to the locked path', async () => {
    const fresh = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;
    const read = await findJobWithSeq(db(), fresh);
    // Cancelled after the worker's read: the claim made from that read is refused.
    expect(await cancelJob(db(), boss, tenantId, fresh)).toEqual({ moved: true });
    expect(await claimAttempt(db(), boss, fresh, undefined, read!)).toBeNull();
    expect((await readEvents(db(), fresh, 0)).map(({ payload }) => payload.type === 'JOB_STATUS' && payload.status)).toEqual(['PENDING', 'CANCELLED']);

    const other = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;
    const stale = await findJobWithSeq(db(), other);
    const claimed = await claimAttempt(db(), boss, other);
    // A read older than the claim: not as read, so the locked path finds the job already PROCESSING
    // (a dead worker's, as far as it can tell) and takes it over.
    const again = await claimAttempt(db(), boss, other, undefined, stale!);
    expect(again).toMatchObject({ status: 'PROCESSING', attempts: 2 });
    const turn = { type: 'ARRAY_PROGRESS' as const, path: '/line_items', itemsExtracted: 1, turn: 1, done: false };
    // The first attempt's writes, from what it last knew, are refused.
    await expect(appendWhileProcessing(db(), other, () => ({ events: [turn] }), 1, claimed!)).rejects.toBeInstanceOf(JobNoLongerRunning);
    expect(await finishJob(db(), boss, other, 'COMPLETED', { attempt: 1, known: claimed! })).toEqual({ moved: false, from: null });
    // The second attempt writes from its own claim; a cancel then stops its writes and its finish.
    const known = await appendWhileProcessing(db(), other, () => ({ events: [turn] }), 2, again!);
    expect(await cancelJob(db(), boss, tenantId, other)).toEqual({ moved: true });
    await expect(appendWhileProcessing(db(), other, () => ({ events: [turn] }), 2, known)).rejects.toBeInstanceOf(JobNoLongerRunning);
    expect(await finishJob(db(), boss, other, 'COMPLETED', { attempt: 2, known })).toEqual({ moved: false, from: 'CANCELLED' });
    const log = (await readEvents(db(), other, 0)).map(({ seq, payload }) => [seq, payload.type === 'JOB_STATUS' ? payload.status : payload.type]);
    expect(log).toEqual([
      [1, 'PENDING'],
      [2, 'PROCESSING'],
      [3, 'RETRYING'],
      [4, 'PROCESSING'],
      [5, 'ARRAY_PROGRESS'],
      [6, 'CANCELLED'],
    ]);
  });

  it('a finish refused after a cancel writes none of the events it carried', async () => {
    const fresh = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;
    const claimed = await claimAttempt(db(), boss, fresh);
    expect(await cancelJob(db(), boss, tenantId, fresh)).toEqual({ moved: true });
    const result = { type: 'SUBTREE_RESULT' as const, path: '', fieldCount: 2, usageMetadata: claimed!.metadata.usage, extractedResult: {}, attributions: null, violations: [] };
    expect(await finishJob(db(), boss, fresh, 'COMPLETED', { attempt: claimed!.attempts, events: [result] })).toEqual({ moved: false, from: 'CANCELLED' });
    const types = (await readEvents(db(), fresh, 0)).map(({ payload }) => payload.type);
    expect(types).toEqual(['JOB_STATUS', 'JOB_STATUS', 'JOB_STATUS']);
  });

  it("a finish given the worker's queue claim completes the queue job in the same transaction", async () => {
    const fresh = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;
    // The worker's fetch: the queue job becomes active under this attempt.
    const fetched = (await boss.fetch(EXTRACTION_QUEUE, { batchSize: 100 })).find((job) => job.id === fresh);
    expect(fetched).toBeDefined();
    const claimed = await claimAttempt(db(), boss, fresh);
    const settle = { id: fresh, retryCount: fetched!.retryCount };
    expect(await finishJob(db(), boss, fresh, 'COMPLETED', { attempt: claimed!.attempts, settle })).toEqual({ moved: true });
    const [queued] = await boss.findJobs(EXTRACTION_QUEUE, { id: fresh });
    expect(queued?.state).toBe('completed');
  });
});
