/**
 * 20 one-subtree jobs sent at once to one worker slot, model 100 ms: when the last one starts,
 * divided by the ideal 19 × 100 ms (target ≤ 1.05). Start times are the JobStartedEvents' `at`.
 */
import { ONE_SUBTREE_SCHEMA, textPdf } from '../lib/documents.ts';
import { startCluster } from '../lib/cluster.ts';
import { round, type BenchRecord } from '../lib/report.ts';

const JOBS = 20;
const LATENCY_MS = 100;

export async function run(): Promise<BenchRecord> {
  const cluster = await startCluster({ workers: 1, modelLatencyMs: LATENCY_MS, env: { WORKER_CONCURRENCY: '1', MAX_ACTIVE_JOBS: '100' } });
  try {
    const { client } = cluster;
    const { id: documentId } = await client.upload(await textPdf(1), 'one.pdf');
    const t0 = Date.now();
    const ids = await Promise.all(Array.from({ length: JOBS }, () => client.startJob({ documentId, jsonSchema: ONE_SUBTREE_SCHEMA })));
    await Promise.all(ids.map((id) => client.waitForStatus(id, ['COMPLETED', 'FAILED'])));
    const starts: number[] = [];
    for (const id of ids) {
      const { job } = await client.gql(`query($id: ID!) { job(id: $id) { events { __typename at } } }`, { id });
      const started = job.events.find((e: { __typename: string }) => e.__typename === 'JobStartedEvent');
      starts.push(Date.parse(started.at));
    }
    const lastStartMs = Math.max(...starts) - t0;
    const ideal = (JOBS - 1) * LATENCY_MS;
    const ratio = round(lastStartMs / ideal, 3);
    return {
      name: 'burst20',
      settings: { jobs: JOBS, modelLatencyMs: LATENCY_MS, workerConcurrency: 1 },
      figures: { last_start_ms: lastStartMs, ideal_ms: ideal, ratio },
      summary: { burst20_last_start_ratio: ratio },
    };
  } finally {
    await cluster.stop();
  }
}
