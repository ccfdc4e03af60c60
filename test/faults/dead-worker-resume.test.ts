import { describe, expect, it } from 'vitest';
import { INVOICE_SCHEMA, answerFor, startJob, subtreeOf, waitForJob } from '../helpers/job-fixtures.ts';
import { useProcessCluster } from '../helpers/process-cluster.ts';

const HEARTBEAT_SECONDS = 60;

const JOB_LOG = `query($id: ID!) { job(id: $id) { status events { at __typename ... on SubtreeResultEvent { path } ... on JobStatusEvent { status } } } }`;

describe('a worker killed with SIGKILL mid-job', () => {
  // A heartbeat far longer than the test's bound: only the claim lease can explain a fast resume.
  const cluster = useProcessCluster({ appEnv: { JOB_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS) } });
  const env = { JOB_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS) };

  it('has its job resumed by another worker long before the heartbeat could lapse, without redoing finished subtrees', async () => {
    let release = false;
    cluster.stub.respond((request) => (subtreeOf(request) === '/notes' && !release ? { kind: 'hang' } : answerFor(request)));
    const victim = cluster.spawn('src/bin/worker.ts', env);
    await victim.waitFor(/worker started/, 60_000);
    const { jobId } = await startJob(cluster.app, { documentId: cluster.documentId, jsonSchema: INVOICE_SCHEMA });
    // Every subtree but /notes has finished and is in the log; /notes hangs in the victim.
    let finished: string[] = [];
    for (const deadline = Date.now() + 60_000; ; ) {
      const { data } = await cluster.app.gql(JOB_LOG, { id: jobId });
      finished = data.job.events.filter((e: { __typename: string }) => e.__typename === 'SubtreeResultEvent').map((e: { path: string }) => e.path);
      if (finished.length === 3 && cluster.stub.inFlight === 1) break;
      if (Date.now() > deadline) throw new Error(`job ${jobId} did not reach its hanging subtree: ${JSON.stringify(data)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const standby = cluster.spawn('src/bin/worker.ts', env);
    await standby.waitFor(/worker started/, 60_000);

    const requestsBefore = cluster.stub.requests.length;
    victim.kill('SIGKILL');
    const killedAt = Date.now();
    await victim.exited;
    release = true;

    const job = await waitForJob(cluster.app, jobId!, ['COMPLETED', 'FAILED'], 60_000);
    expect(job.status).toBe('COMPLETED');
    const { data } = await cluster.app.gql(JOB_LOG, { id: jobId });
    const statuses = data.job.events.filter((e: { __typename: string }) => e.__typename === 'JobStatusEvent');
    expect(statuses.map((e: { status: string }) => e.status)).toEqual(['PENDING', 'PROCESSING', 'RETRYING', 'PROCESSING', 'COMPLETED']);
    // The heartbeat was last refreshed at most HEARTBEAT_SECONDS / 2 before the kill, so it could
    // not have lapsed until that long after it: a resume within that bound came from the lease.
    const resumedAfterMs = Date.parse(statuses[3].at) - killedAt;
    expect(resumedAfterMs).toBeLessThan((HEARTBEAT_SECONDS / 2) * 1000);
    expect(standby.output.join('\n')).toContain('claims without a lease handed back');
    // Only the unfinished subtree was asked again.
    expect(cluster.stub.requests.slice(requestsBefore).map(subtreeOf)).toEqual(['/notes']);
  }, 120_000);
});
