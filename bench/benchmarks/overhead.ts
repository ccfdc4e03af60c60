/**
 * One job of 40 subtrees, model 200 ms, at job concurrency C = 1, 5, 20: wall time from the start
 * mutation to the terminal event on a subscribed client, divided by the ideal ceil(40 / C) × 200 ms
 * (target ≤ 1.05 at every C). MODEL_CONCURRENCY is raised so that only C limits.
 */
import { manySubtreesSchema, textPdf } from '../lib/documents.ts';
import { startCluster } from '../lib/cluster.ts';
import { isTerminalEvent } from '../lib/client.ts';
import { round, type BenchRecord } from '../lib/report.ts';

const SUBTREES = 40;
const LATENCY_MS = 200;

export async function run(): Promise<BenchRecord> {
  const cluster = await startCluster({ workers: 1, modelLatencyMs: LATENCY_MS, env: { MODEL_CONCURRENCY: '64' } });
  try {
    const { client } = cluster;
    const { id: documentId } = await client.upload(await textPdf(2), 'two.pdf');
    const socket = client.socket();
    const figures: Record<string, number> = {};
    for (const c of [1, 5, 20]) {
      const t0 = performance.now();
      const jobId = await client.startJob({ documentId, jsonSchema: manySubtreesSchema(SUBTREES), config: { maxNumConcurrentRequests: c } });
      const events = await client.watch(socket, jobId, 0);
      const end = events.find(isTerminalEvent);
      if (end?.status !== 'COMPLETED') throw new Error(`job ended ${end?.status}`);
      const wall = performance.now() - t0;
      const ideal = Math.ceil(SUBTREES / c) * LATENCY_MS;
      figures[`wall_ms_c${c}`] = Math.round(wall);
      figures[`ratio_c${c}`] = round(wall / ideal, 3);
    }
    return {
      name: 'overhead',
      settings: { subtrees: SUBTREES, modelLatencyMs: LATENCY_MS, modelConcurrency: 64 },
      figures,
      summary: { overhead_ratio_c1: figures.ratio_c1!, overhead_ratio_c5: figures.ratio_c5!, overhead_ratio_c20: figures.ratio_c20! },
    };
  } finally {
    await cluster.stop();
  }
}
