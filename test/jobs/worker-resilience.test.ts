import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnService, type ServiceProcess } from '../helpers/child-process.ts';
import { startGeminiStub, type GeminiStub } from '../helpers/gemini-stub.ts';
import { INVOICE_SCHEMA, JOB_PROGRESS, answerFor, startJob, subtreeOf, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import { startTestApp, subscribeAll, type TestApp } from '../helpers/test-app.ts';

describe('workers under stress', () => {
  let stub: GeminiStub;
  let app: TestApp;
  let documentId: string;
  const children: ServiceProcess[] = [];
  const spawnWorker = (env: Record<string, string> = {}) => {
    const worker = spawnService('src/bin/worker.ts', {
      DATABASE_URL: app.database.url,
      GEMINI_API_KEY: 'test-key',
      GEMINI_BASE_URL: stub.url,
      ...env,
    });
    children.push(worker);
    return worker;
  };

  beforeAll(async () => {
    stub = await startGeminiStub();
    app = await startTestApp({ worker: false, env: { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: stub.url } });
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.kill('SIGKILL');
      await child.exited;
    }
  });
  afterAll(async () => {
    await app?.stop();
    await stub?.close();
  });

  it('SIGTERM hands a running job back to the queue (RETRYING) and another worker finishes it', async () => {
    let release = false;
    stub.respond((request) => (subtreeOf(request) === '/notes' && !release ? { kind: 'hang' } : answerFor(request)));
    const first = spawnWorker({ SHUTDOWN_GRACE_SECONDS: '1' });
    await first.waitFor(/worker started/);
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    await stub.waitUntil((s) => s.requests.some((r) => subtreeOf(r) === '/notes') && s.inFlight === 1);

    first.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const handedBack = await app.gql(`query($id: ID!) { job(id: $id) { status } }`, { id: jobId });
    expect(handedBack.data.job.status).toBe('RETRYING');

    release = true;
    spawnWorker();
    const job = await waitForJob(app, jobId!, ['COMPLETED', 'FAILED'], 60_000);
    expect(job.status).toBe('COMPLETED');
    const { events } = await subscribeAll(app.ws(), JOB_PROGRESS, { jobId });
    const statuses = events.map((e) => e.jobProgress).filter((e) => e.__typename === 'JobStatusEvent').map((e) => e.status);
    expect(statuses).toEqual(['PENDING', 'PROCESSING', 'RETRYING', 'PROCESSING', 'COMPLETED']);
    // The subtrees finished before the shutdown were not asked again.
    expect(stub.requests.filter((r) => subtreeOf(r) === '/line_items')).toHaveLength(1);
  }, 90_000);

  it('worker and API processes whose database connections are cut reconnect and keep running jobs', async () => {
    stub.respond((request) => answerFor(request));
    const worker = spawnWorker();
    await worker.waitFor(/worker started/);
    const before = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    await waitForJob(app, before.jobId!, ['COMPLETED']);

    // Cut every other connection to the database: the worker's pool, its queue pool and LISTEN
    // connection, and the API's (in this process) alike.
    const cut = await sql<{ n: number }>`
      select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`.execute(app.database.db);
    expect(cut.rows[0]!.n).toBeGreaterThan(3);

    const after = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    const job = await waitForJob(app, after.jobId!, ['COMPLETED', 'FAILED'], 60_000);
    expect(job.status).toBe('COMPLETED');
  }, 90_000);
});
