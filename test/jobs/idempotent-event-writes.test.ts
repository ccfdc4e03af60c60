import net from 'node:net';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/create-db.ts';
import type { PipelineEvent } from '../../src/domain/types.ts';
import { appendWhileProcessing, cancelJob, claimAttempt, finishJob, JobNoLongerRunning } from '../../src/jobs/job-transitions.ts';
import { appendEventsOnce, findJobWithSeq, lockJob, readEvents, type EventWrite } from '../../src/jobs/jobs.repository.ts';
import { createTestBoss } from '../helpers/test-boss.ts';
import { outlastLostConnection } from '../../src/db/pg-connection-errors.ts';
import { startCommitCuttingProxy, type CommitCuttingProxy } from '../helpers/commit-cutting-proxy.ts';
import { INVOICE_SCHEMA, startJob, uploadFixture } from '../helpers/job-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * A worker's event writes when its connection is lost, at the one moment it cannot see through:
 * the COMMIT. Through a proxy that cuts the connection before the server sees the COMMIT or after
 * it answered, a write is tried again and its events land in the log exactly once, without a gap.
 */
describe('idempotent event writes (real Postgres)', () => {
  let app: TestApp;
  let boss: PgBoss;
  let documentId: string;
  let proxy: CommitCuttingProxy;
  let viaProxy: Db;

  beforeAll(async () => {
    // No worker: the test writes as one.
    app = await startTestApp({ worker: false });
    boss = await createTestBoss(app.database.url);
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
    // Every test leaves a job claimed and nobody runs it: room for all of them under the limit.
    await app.database.db.updateTable('tenants').set({ max_active_jobs: 100 }).execute();
    proxy = await startCommitCuttingProxy(app.database.url);
    viaProxy = createDb(proxy.url, { max: 2 });
  });
  afterAll(async () => {
    await viaProxy?.close();
    await proxy?.close();
    await boss?.stop({ graceful: false, close: true });
    await app?.stop();
  });

  const db = () => app.database.db;
  /** A job claimed by a first attempt, as a worker leaves it before its pipeline writes. */
  const claimedJob = async () => {
    const jobId = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;
    const job = (await claimAttempt(db(), boss, jobId))!;
    return { jobId, attempt: job.attempts, lastSeq: job.lastSeq };
  };
  const progress = (path: string, turn: number): PipelineEvent => ({ type: 'ARRAY_PROGRESS', path, itemsExtracted: turn, turn, done: false });
  const logOf = async (jobId: string) => (await readEvents(db(), jobId, 0)).map((e) => ({ seq: e.seq, payload: e.payload }));
  const appendOnce = (jobId: string, write: EventWrite) =>
    db()
      .transaction()
      .execute(async (trx) => appendEventsOnce(trx, (await lockJob(trx, jobId))!, write));
  /** Resolves once some statement waits on a row lock of the test's database. */
  const lockWaiter = async () => {
    for (;;) {
      const { rows } = await app.database.pool.query(`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
      if (rows.length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('the same write twice leaves one copy of its events; a write whose seqs hold other events, or past the end of the log, is refused', async () => {
    const { jobId, lastSeq } = await claimedJob();
    const write: EventWrite = { firstSeq: lastSeq + 1, at: new Date(), payloads: [progress('/line_items', 1), progress('/line_items', 2)] };
    expect(await appendOnce(jobId, write)).toBe('written');
    const after = await logOf(jobId);
    expect(await appendOnce(jobId, write)).toBe('already written');
    // Same seqs, other events; same events at another time (another write that happens to say the same).
    expect(await appendOnce(jobId, { ...write, payloads: [progress('/payments', 1), progress('/payments', 2)] })).toBe('refused');
    expect(await appendOnce(jobId, { ...write, at: new Date(write.at.getTime() + 1) })).toBe('refused');
    expect(await appendOnce(jobId, { ...write, firstSeq: lastSeq + 4 })).toBe('refused');
    expect(await logOf(jobId)).toEqual(after);
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => i + 1));
    expect(after.slice(-2).map((e) => e.payload)).toEqual(write.payloads);
  });

  it('a write whose COMMIT answer is lost with its connection is tried again and finds itself written: no duplicate', async () => {
    const { jobId, attempt } = await claimedJob();
    let builds = 0;
    const held = proxy.holdNextCommit();
    const writing = appendWhileProcessing(
      viaProxy.db,
      jobId,
      (job) => {
        builds += 1;
        return { events: [progress('/notes', 1)], update: { progress: { ...job.progress, currentStep: 'one write' } } };
      },
      attempt,
    );
    await held;
    await proxy.cut({ afterCommit: true });
    const written = await writing;
    const log = await logOf(jobId);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    expect(log.filter((e) => e.payload.type === 'ARRAY_PROGRESS')).toHaveLength(1);
    expect(builds).toBe(1);
    expect(written.lastSeq).toBe(log.length);
    expect(written.progress.currentStep).toBe('one write');
  });

  it('a write whose COMMIT never reached the server is written once, after the write of the same attempt that took its seqs meanwhile', async () => {
    const { jobId, attempt } = await claimedJob();
    const builtAt: number[] = [];
    const held = proxy.holdNextCommit();
    const lost = appendWhileProcessing(
      viaProxy.db,
      jobId,
      (job) => {
        builtAt.push(job.lastSeq + 1);
        return { events: [progress('/notes', 1)] };
      },
      attempt,
    );
    await held;
    // The attempt's next write waits for the row lock the held transaction keeps.
    const next = appendWhileProcessing(db(), jobId, () => ({ events: [progress('/payments', 1)] }), attempt);
    await lockWaiter();
    await proxy.cut({ afterCommit: false });
    await Promise.all([lost, next]);
    const log = await logOf(jobId);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    expect(log.slice(-2).map((e) => e.payload)).toEqual([progress('/payments', 1), progress('/notes', 1)]);
    // Built for its first seqs, then again for the seqs after the other write.
    expect(builtAt).toEqual([log.length - 1, log.length]);
  });

  it('a claim whose COMMIT answer is lost finds itself claimed: one PROCESSING, no takeover of its own claim', async () => {
    const jobId = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;
    const held = proxy.holdNextCommit();
    const claiming = claimAttempt(viaProxy.db, boss, jobId);
    await held;
    await proxy.cut({ afterCommit: true });
    const job = (await claiming)!;
    expect(job).toMatchObject({ status: 'PROCESSING', attempts: 1 });
    const statuses = (await logOf(jobId)).flatMap((e) => (e.payload.type === 'JOB_STATUS' ? [e.payload.status] : []));
    expect(statuses).toEqual(['PENDING', 'PROCESSING']);
    expect(job.lastSeq).toBe(2);
  });

  it('a claim whose COMMIT answer is lost, of a job cancelled before the claim is tried again, gets nothing to run', async () => {
    const jobId = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;
    const held = proxy.holdNextCommit();
    const claiming = claimAttempt(viaProxy.db, boss, jobId);
    await held;
    const tenantId = (await db().selectFrom('jobs').select('tenant_id').where('id', '=', jobId).executeTakeFirstOrThrow()).tenant_id;
    const cancelling = cancelJob(db(), boss, tenantId, jobId);
    await lockWaiter();
    await proxy.cut({ afterCommit: true });
    expect((await cancelling).moved).toBe(true);
    expect(await claiming).toBeNull();
  });

  it('a claim whose COMMIT answer is lost, of a job another worker claimed before the claim is tried again, gets nothing to run', async () => {
    const jobId = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;
    const held = proxy.holdNextCommit();
    const claiming = claimAttempt(viaProxy.db, boss, jobId);
    await held;
    // The other worker takes the job over as a dead worker's (its first claim seemed stopped).
    const other = claimAttempt(db(), boss, jobId);
    await lockWaiter();
    await proxy.cut({ afterCommit: true });
    expect(await other).toMatchObject({ status: 'PROCESSING', attempts: 2 });
    expect(await claiming).toBeNull();
  });

  it('a finish whose COMMIT answer is lost reports the move it made, with its events and final status stored once', async () => {
    const { jobId, attempt } = await claimedJob();
    const held = proxy.holdNextCommit();
    const finishing = finishJob(viaProxy.db, boss, jobId, 'COMPLETED', { attempt, update: { results: { total: 1 } }, events: [progress('/notes', 1)] });
    await held;
    await proxy.cut({ afterCommit: true });
    expect(await finishing).toEqual({ moved: true });
    const log = await logOf(jobId);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    expect(log.slice(-2).map((e) => e.payload.type)).toEqual(['ARRAY_PROGRESS', 'JOB_STATUS']);
    expect(log.filter((e) => e.payload.type === 'JOB_STATUS' && e.payload.status === 'COMPLETED')).toHaveLength(1);
  });

  it('a guarded claim, append and finish whose answers are lost are found on the retry: each event once, no gap', async () => {
    const jobId = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;
    // The guarded statement (jobs.repository.ts appendEventsIfUnchanged) is the only one whose
    // update is conditioned on the row's last seq: holding it proves each write took the guarded path first.
    const guardedStatement = 'and last_seq = $';
    const loseAnswer = async <T>(write: () => Promise<T>): Promise<T> => {
      const held = proxy.holdNextStatement(guardedStatement);
      const writing = write();
      await held;
      await proxy.cut({ afterCommit: true });
      return writing;
    };
    const read = (await findJobWithSeq(db(), jobId))!;
    const claimed = (await loseAnswer(() => claimAttempt(viaProxy.db, boss, jobId, undefined, read)))!;
    expect(claimed).toMatchObject({ status: 'PROCESSING', attempts: 1, lastSeq: 2 });
    let builds = 0;
    const written = await loseAnswer(() =>
      appendWhileProcessing(viaProxy.db, jobId, () => (builds++, { events: [progress('/notes', 1), progress('/notes', 2)] }), claimed.attempts, claimed),
    );
    expect(builds).toBe(1);
    expect(written.lastSeq).toBe(4);
    const finished = await loseAnswer(() =>
      finishJob(viaProxy.db, boss, jobId, 'COMPLETED', { attempt: claimed.attempts, known: written, update: { results: { total: 1 } }, events: [progress('/payments', 1)] }),
    );
    expect(finished).toEqual({ moved: true });
    const log = await logOf(jobId);
    expect(log.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(log.map((e) => (e.payload.type === 'JOB_STATUS' ? e.payload.status : e.payload.type))).toEqual([
      'PENDING',
      'PROCESSING',
      'ARRAY_PROGRESS',
      'ARRAY_PROGRESS',
      'ARRAY_PROGRESS',
      'COMPLETED',
    ]);
    expect(await findJobWithSeq(db(), jobId)).toMatchObject({ status: 'COMPLETED', attempts: 1, lastSeq: 6 });
  });

  it('a write tried again after its job was cancelled stops the attempt, as any write of a cancelled job does', async () => {
    const { jobId, attempt } = await claimedJob();
    const held = proxy.holdNextCommit();
    const lost = appendWhileProcessing(viaProxy.db, jobId, () => ({ events: [progress('/notes', 1)] }), attempt);
    const stopped = expect(lost).rejects.toBeInstanceOf(JobNoLongerRunning);
    await held;
    const tenantId = (await db().selectFrom('jobs').select('tenant_id').where('id', '=', jobId).executeTakeFirstOrThrow()).tenant_id;
    const cancelling = cancelJob(db(), boss, tenantId, jobId);
    await lockWaiter();
    await proxy.cut({ afterCommit: false });
    expect((await cancelling).moved).toBe(true);
    await stopped;
    const log = await logOf(jobId);
    expect(log.at(-1)!.payload).toMatchObject({ type: 'JOB_STATUS', status: 'CANCELLED' });
    expect(log.some((e) => e.payload.type === 'ARRAY_PROGRESS')).toBe(false);
  });
});

describe('outlasting a lost connection', () => {
  /** A port nobody listens on: every connect is refused, as while Postgres restarts. */
  const closedPort = async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  };

  it('tries a refused connection again until the window ends, then gives up saying what could not be done and why', async () => {
    const unreachable = createDb(`postgres://postgres@127.0.0.1:${await closedPort()}/none`, { max: 1 });
    let tries = 0;
    try {
      await expect(
        outlastLostConnection(
          "storing the job's events",
          () => {
            tries += 1;
            return unreachable.pool.query('select 1');
          },
          { windowMs: 300 },
        ),
      ).rejects.toThrow(/^storing the job's events: the database could not be reached for 0.3 s \(connect ECONNREFUSED/);
      expect(tries).toBeGreaterThan(2);
    } finally {
      await unreachable.close();
    }
  });

  it('does not try again an error that proves nothing about the connection', async () => {
    let tries = 0;
    const failure = new Error('Connection terminated unexpectedly'); // our own words, not pg's
    await expect(
      outlastLostConnection('anything', () => {
        tries += 1;
        return Promise.reject(failure);
      }),
    ).rejects.toBe(failure);
    expect(tries).toBe(1);
  });
});
