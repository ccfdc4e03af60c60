import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { INVOICE_SCHEMA, JOB_PROGRESS, answerFor, startJob, subtreeOf, waitForJob } from '../helpers/job-fixtures.ts';
import { useProcessCluster } from '../helpers/process-cluster.ts';
import { subscribeAll } from '../helpers/test-app.ts';

describe('workers under stress', () => {
  const cluster = useProcessCluster();
  const spawnWorker = (env: Record<string, string> = {}) => cluster.spawn('src/bin/worker.ts', env);

  it('SIGTERM hands a running job back to the queue (RETRYING) and another worker finishes it', async () => {
    let release = false;
    cluster.stub.respond((request) => (subtreeOf(request) === '/notes' && !release ? { kind: 'hang' } : answerFor(request)));
    const first = spawnWorker({ SHUTDOWN_GRACE_SECONDS: '1' });
    await first.waitFor(/worker started/);
    const { jobId } = await startJob(cluster.app, { documentId: cluster.documentId, jsonSchema: INVOICE_SCHEMA });
    await cluster.stub.waitUntil((s) => s.requests.some((r) => subtreeOf(r) === '/notes') && s.inFlight === 1);

    first.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const handedBack = await cluster.app.gql(`query($id: ID!) { job(id: $id) { status } }`, { id: jobId });
    expect(handedBack.data.job.status).toBe('RETRYING');

    release = true;
    spawnWorker();
    const job = await waitForJob(cluster.app, jobId!, ['COMPLETED', 'FAILED'], 60_000);
    expect(job.status).toBe('COMPLETED');
    const { events } = await subscribeAll(cluster.app.ws(), JOB_PROGRESS, { jobId });
    const statuses = events.map((e) => e.jobProgress).filter((e) => e.__typename === 'JobStatusEvent').map((e) => e.status);
    expect(statuses).toEqual(['PENDING', 'PROCESSING', 'RETRYING', 'PROCESSING', 'COMPLETED']);
    // The subtrees finished before the shutdown were not asked again.
    expect(cluster.stub.requests.filter((r) => subtreeOf(r) === '/line_items')).toHaveLength(1);
  }, 90_000);

  it('worker and API processes whose database connections are cut reconnect and keep running jobs', async () => {
    cluster.stub.respond((request) => answerFor(request));
    const worker = spawnWorker();
    await worker.waitFor(/worker started/);
    const before = await startJob(cluster.app, { documentId: cluster.documentId, jsonSchema: INVOICE_SCHEMA });
    await waitForJob(cluster.app, before.jobId!, ['COMPLETED']);

    // Cut every other connection to the database: the worker's pool, its queue pool and LISTEN
    // connection, and the API's (in this process) alike.
    const cut = await sql<{ n: number }>`
      select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`.execute(cluster.app.database.db);
    expect(cut.rows[0]!.n).toBeGreaterThan(3);

    // A request that lands on a pooled connection before the pool has seen it die fails before
    // anything is written (the client may retry it); the API then answers again on fresh
    // connections.
    const deadline = Date.now() + 30_000;
    let after = await startJob(cluster.app, { documentId: cluster.documentId, jsonSchema: INVOICE_SCHEMA });
    while (after.errors && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      after = await startJob(cluster.app, { documentId: cluster.documentId, jsonSchema: INVOICE_SCHEMA });
    }
    expect(after.errors).toBeUndefined();
    const job = await waitForJob(cluster.app, after.jobId!, ['COMPLETED', 'FAILED'], 60_000);
    expect(job.status).toBe('COMPLETED');
  }, 90_000);
});
