/**
 * A worker is killed with SIGKILL mid-job while another worker idles: seconds until the other
 * resumes the job (its second PROCESSING status event), with default settings (target ≤ 5 s),
 * and how many model calls were repeated for subtrees that had finished before the kill
 * (target 0).
 */
import { manySubtreesSchema, textPdf } from '../lib/documents.ts';
import { startCluster } from '../lib/cluster.ts';
import { median, round, type BenchRecord } from '../lib/report.ts';

const SUBTREES = 10;

const pathOf = (prompt: string) => /result at JSON Pointer "([^"]*)"/.exec(prompt)?.[1] ?? '';

export async function run({ repeat = 3 }: { repeat?: number } = {}): Promise<BenchRecord> {
  const cluster = await startCluster({ workers: 1, modelLatencyMs: 0 });
  try {
    const { client, stub } = cluster;
    const { id: documentId } = await client.upload(await textPdf(2), 'two.pdf');
    const seconds: number[] = [];
    let repeated = 0;
    for (let round_ = 0; round_ < repeat; round_++) {
      const victim = cluster.workers.at(-1)!;
      const before = stub.requests.length;
      // Half the subtrees answer before the kill, the rest only after it.
      cluster.hold();
      const jobId = await client.startJob({ documentId, jsonSchema: manySubtreesSchema(SUBTREES), config: { maxNumConcurrentRequests: SUBTREES } });
      await stub.waitUntil((s) => s.inFlight === SUBTREES, 60_000);
      // Let the first half finish before the kill; the rest answer only after it.
      cluster.release(SUBTREES / 2);
      for (;;) {
        const { job } = await client.gql(`query($id: ID!) { job(id: $id) { progress { subtreesCompleted } } }`, { id: jobId });
        if (job.progress.subtreesCompleted >= SUBTREES / 2) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      const finished = new Set<string>();
      const { job: partial } = await client.gql(`query($id: ID!) { job(id: $id) { events { __typename ... on SubtreeResultEvent { path } } } }`, { id: jobId });
      for (const e of partial.events) if (e.__typename === 'SubtreeResultEvent') finished.add(e.path);
      const standby = await cluster.addWorker();
      cluster.workers.push(standby);
      victim.kill('SIGKILL');
      const killedAt = Date.now();
      await victim.exited;
      cluster.workers.splice(cluster.workers.indexOf(victim), 1);
      cluster.release();
      await client.waitForCompleted(jobId, 180_000);
      const { job } = await client.gql(`query($id: ID!) { job(id: $id) { events { __typename at ... on JobStatusEvent { status } } } }`, { id: jobId });
      const processing = job.events.filter((e: { __typename: string; status?: string }) => e.status === 'PROCESSING');
      seconds.push((Date.parse(processing.at(-1).at) - killedAt) / 1000);
      const asked = stub.requests.slice(before).map((r) => pathOf(r.prompt));
      repeated += asked.filter((p) => finished.has(p)).length - finished.size;
    }
    const resume = round(median(seconds), 1);
    return {
      name: 'resume',
      settings: { repeat, subtrees: SUBTREES, settings: 'defaults (JOB_HEARTBEAT_SECONDS unset)' },
      figures: { resume_s_each: seconds.map((s) => round(s, 1)), resume_s_median: resume, repeated_calls: repeated },
      summary: { resume_s: resume, resume_repeated_calls: repeated },
    };
  } finally {
    cluster.release();
    await cluster.stop();
  }
}
