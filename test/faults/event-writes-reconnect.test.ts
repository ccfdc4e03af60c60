import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/create-db.ts';
import type { EmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { copyInitialisedCluster } from '../helpers/initialised-cluster.ts';
import { startPostgresAgain } from '../helpers/start-postgres-again.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { EXTRACTION_QUEUE } from '../../src/queue/queues.ts';
import { expectSoundLog, jobLog, TEN_SUBTREE_PATHS, TEN_SUBTREE_RESULT, TEN_SUBTREE_SCHEMA, tenSubtreeAnswer } from '../faults/fault-fixtures.ts';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';
import { subtreeOf, uploadFixture } from '../helpers/job-fixtures.ts';
import type { TestApp } from '../helpers/test-app.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

/**
 * A running job's event writes when the database goes away under them, as the claim lease's own
 * connection does in claim-leases-reconnect.test.ts: our own embedded Postgres, restarted on the
 * same port, and a write's backend terminated. To be sure a write is in flight at that moment,
 * the test holds the job's row lock, so the worker's next write waits on it, and only then
 * restarts or terminates. The job must finish on its first attempt with nothing lost or doubled.
 */
describe("a running job's event writes when the database connection is lost", () => {
  let parent: string;
  let postgres: EmbeddedPostgres;
  let database: TestDatabase;
  let stub: GeminiStub;
  let app: TestApp;

  const pgDir = () => path.join(parent, 'pg');
  const startPostgres = async (port?: number) => {
    postgres = await startPostgresAgain({ dir: pgDir(), ...(port && { port }) });
  };
  const waitFor = async (what: string, done: () => Promise<boolean>, timeoutMs = 60_000) => {
    for (const deadline = Date.now() + timeoutMs; !(await done().catch(() => false)); ) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  /**
   * An admin session holding the job's row lock: the worker's next write waits on it.
   * `writer()` resolves with that write's backend once it waits.
   */
  const lockJobRow = async (jobId: string) => {
    const admin = new pg.Client({ connectionString: database.url });
    admin.on('error', () => {}); // ended by the restart below
    await admin.connect();
    await admin.query('begin');
    await admin.query('select 1 from jobs where id = $1 for update', [jobId]);
    return {
      admin,
      async writer(): Promise<number> {
        let pid = 0;
        await waitFor('a write waiting on the job row', async () => {
          // Not on `admin`: inside its transaction, pg_stat_activity is one snapshot. The write
          // is the worker's guarded UPDATE of the row, or the locked path's SELECT ... FOR UPDATE.
          const { rows } = await database.pool.query<{ pid: number }>(
            `select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ilike '%"jobs"%'`,
          );
          pid = rows[0]?.pid ?? 0;
          return pid !== 0;
        });
        return pid;
      },
      release: async () => {
        await admin.query('commit').catch(() => {});
        await admin.end().catch(() => {});
      },
    };
  };
  /** A gate the stand-in's answers wait at: `open()` lets them through. */
  const gate = () => {
    let open = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    return { opened, open };
  };

  beforeAll(async () => {
    parent = mkdtempSync(path.join(os.tmpdir(), 'paperjson-writes-'));
    chmodSync(parent, 0o755); // as root, Postgres runs as the postgres user, who must traverse it
    copyInitialisedCluster(pgDir());
    await startPostgres();
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('create database paperjson');
    await admin.end();
    const url = new URL(postgres.url);
    url.pathname = '/paperjson';
    const db = createDb(url.toString(), { max: 3 });
    await migrateToLatest(db.db);
    database = { ...db, url: url.toString(), name: 'paperjson' };
    ({ app, stub } = await startAppWithGeminiStub({ database }));
  });
  afterAll(async () => {
    await app?.stop();
    await database?.close();
    await postgres?.stop();
    if (parent) rmSync(parent, { recursive: true, force: true });
  });

  it('survive a Postgres restart and a terminated backend mid-write: the job completes on its first attempt, its log gap-free without a duplicate, no model call repeated', async () => {
    // One model call at a time (maxNumConcurrentRequests 1): the third call waits at the first
    // gate, the seventh at the second, so the test holds the job's row lock before the write of
    // their results, and that write is sure to be in flight when the connection goes.
    const gates = [gate(), gate()];
    stub.respond(async (request) => {
      if (request.callIndex >= 2) await gates[0]!.opened;
      if (request.callIndex >= 6) await gates[1]!.opened;
      return tenSubtreeAnswer(request);
    });
    const documentId = await uploadFixture(app, 'invoice-2p.pdf');
    const started = await app.gql(
      `mutation($input: StartExtractionJobInput!) { startExtractionJob(input: $input) { jobId } }`,
      { input: { documentId, jsonSchema: TEN_SUBTREE_SCHEMA, config: { model: 'GEMINI_2_5_FLASH', maxNumConcurrentRequests: 1 } } },
    );
    const jobId = started.data.startExtractionJob.jobId as string;

    // A restart while a write waits: its backend is ended by the shutdown, its next tries are
    // refused while the server is down, then answered by the new server.
    await stub.waitUntil((s) => s.requests.length >= 3, 60_000);
    const first = await lockJobRow(jobId);
    gates[0]!.open();
    await first.writer();
    const port = postgres.port;
    await postgres.stop();
    await startPostgres(port);
    await first.release();

    // A write whose backend alone is terminated (an administrator, a pooler, a failover).
    await stub.waitUntil((s) => s.requests.length >= 7, 60_000);
    const second = await lockJobRow(jobId);
    gates[1]!.open();
    await second.admin.query('select pg_terminate_backend($1)', [await second.writer()]);
    await second.release();

    await waitFor('the job finished', async () => {
      const { rows } = await database.pool.query(`select status from jobs where id = $1`, [jobId]);
      return ['COMPLETED', 'FAILED'].includes(rows[0]?.status);
    });
    const job = await jobLog(app, jobId);
    expect(job.status, job.errorMessage ?? '').toBe('COMPLETED');
    expect(job.results).toEqual(TEN_SUBTREE_RESULT);
    expectSoundLog(job.events, TEN_SUBTREE_PATHS);
    // First attempt only: never handed back, never retried by the queue.
    expect(job.events.filter((e) => e.__typename === 'JobStatusEvent').map((e) => e.status)).toEqual(['PENDING', 'PROCESSING', 'COMPLETED']);
    const { rows } = await database.pool.query(`select j.attempts, q.retry_count from jobs j join pgboss.job q on q.id = j.id and q.name = $2 where j.id = $1`, [
      jobId,
      EXTRACTION_QUEUE,
    ]);
    expect(rows[0]).toEqual({ attempts: 1, retry_count: 0 });
    // Each subtree asked of the model once.
    expect(stub.requests.map(subtreeOf).sort()).toEqual([...TEN_SUBTREE_PATHS].sort());
  }, 180_000);
});
