import { describe, expect, it } from 'vitest';
import { INVOICE_SCHEMA, JOB_PROGRESS, WHOLE_RESULT, answerFor, startJob, subtreeOf, waitForJob } from '../helpers/job-fixtures.ts';
import { useProcessCluster } from '../helpers/process-cluster.ts';
import { subscribeAll } from '../helpers/test-app.ts';

/**
 * Workers and API processes as real child processes on one Postgres, the Gemini stand-in in the
 * test process: kill -9 of a worker mid-job, cancel from another API process.
 */
describe('durable jobs across processes', () => {
  const cluster = useProcessCluster();
  const spawnWorker = () => cluster.spawn('src/bin/worker.ts', { JOB_HEARTBEAT_SECONDS: '10' });

  it('a worker killed with SIGKILL mid-job loses nothing: another worker resumes without repeating finished subtrees', async () => {
    let release = false;
    cluster.stub.respond((request) => {
      const path = subtreeOf(request);
      if ((path === '/payments' || path === '/notes') && !release) return { kind: 'hang' };
      return answerFor(request);
    });
    const first = spawnWorker();
    await first.waitFor(/worker started/);
    const { jobId } = await startJob(cluster.app, { documentId: cluster.documentId, jsonSchema: INVOICE_SCHEMA, config: { maxNumConcurrentRequests: 4 } });

    // Two subtrees are persisted, two are in flight: kill the worker hard.
    for (;;) {
      const job = await cluster.app.gql(`query($id: ID!) { job(id: $id) { progress { subtreesCompleted } } }`, { id: jobId });
      if (job.data.job.progress.subtreesCompleted === 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await cluster.stub.waitUntil((s) => s.inFlight === 2);
    first.kill('SIGKILL');
    await first.exited;
    release = true;

    spawnWorker();
    const job = await waitForJob(cluster.app, jobId!, ['COMPLETED', 'FAILED'], 90_000);
    expect(job.status).toBe('COMPLETED');
    expect(job.results).toEqual(WHOLE_RESULT);
    // The finished subtrees went to the model once; the interrupted ones twice.
    const calls = (path: string) => cluster.stub.requests.filter((r) => subtreeOf(r) === path).length;
    expect(calls('')).toBe(1);
    expect(calls('/line_items')).toBe(1);
    expect(calls('/payments')).toBe(2);
    expect(calls('/notes')).toBe(2);

    const { events } = await subscribeAll(cluster.app.ws(), JOB_PROGRESS, { jobId });
    const statuses = events.map((e) => e.jobProgress).filter((e) => e.__typename === 'JobStatusEvent').map((e) => e.status);
    expect(statuses).toEqual(['PENDING', 'PROCESSING', 'RETRYING', 'PROCESSING', 'COMPLETED']);
    expect(events.filter((e) => e.jobProgress.__typename === 'SubtreeResultEvent')).toHaveLength(4);
    expect(events.filter((e) => e.jobProgress.__typename === 'JobStartedEvent')).toHaveLength(1);
  }, 120_000);

  it('cancelling from another API process aborts the in-flight model calls and nothing follows the CANCELLED event', async () => {
    cluster.stub.respond((request) => (subtreeOf(request) === '' ? answerFor(request) : { kind: 'hang' }));
    const worker = spawnWorker();
    await worker.waitFor(/worker started/);
    const otherApi = cluster.spawn('src/bin/api.ts', { PORT: '0' });
    const [, url] = await otherApi.waitFor(/"url":"([^"]+)".*API listening/);

    const abortedBefore = cluster.stub.aborted;
    const { jobId } = await startJob(cluster.app, { documentId: cluster.documentId, jsonSchema: INVOICE_SCHEMA, config: { maxNumConcurrentRequests: 4 } });
    await cluster.stub.waitUntil((s) => s.inFlight === 3, 20_000);

    const response = await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${cluster.app.apiKey}` },
      body: JSON.stringify({ query: `mutation($id: ID!) { cancelExtractionJob(jobId: $id) { status } }`, variables: { id: jobId } }),
    });
    expect(((await response.json()) as any).data.cancelExtractionJob.status).toBe('CANCELLED');
    // The abort reaches the HTTP requests to the model (the cluster.stub sees the clients disconnect).
    await cluster.stub.waitUntil((s) => s.aborted - abortedBefore === 3 && s.inFlight === 0, 5_000);

    const { events } = await subscribeAll(cluster.app.ws(), JOB_PROGRESS, { jobId });
    const stream = events.map((e) => e.jobProgress);
    expect(stream.at(-1)).toMatchObject({ __typename: 'JobStatusEvent', status: 'CANCELLED' });
    const job = await waitForJob(cluster.app, jobId!, ['CANCELLED']);
    expect(job.results).toBeNull();

    // Cancelling again returns it unchanged; the log does not grow.
    const again = await cluster.app.gql(`mutation($id: ID!) { cancelExtractionJob(jobId: $id) { status events { seq } } }`, { id: jobId });
    expect(again.data.cancelExtractionJob.status).toBe('CANCELLED');
    expect(again.data.cancelExtractionJob.events).toHaveLength(stream.length);
  }, 60_000);
});
