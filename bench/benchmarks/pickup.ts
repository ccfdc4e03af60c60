/**
 * Start mutation → JobStartedEvent on a subscribed client, jobs one at a time (target: p50 ≤ 10 ms,
 * p95 ≤ 25 ms). The client subscribes as soon as the mutation returns, on a connection it keeps.
 */
import { ONE_SUBTREE_SCHEMA, textPdf } from '../lib/documents.ts';
import { startCluster } from '../lib/cluster.ts';
import { isTerminalEvent } from '../lib/client.ts';
import { quantile, round, type BenchRecord } from '../lib/report.ts';

export async function run({ jobs = 200 }: { jobs?: number } = {}): Promise<BenchRecord> {
  const cluster = await startCluster({ workers: 1, modelLatencyMs: 0 });
  try {
    const { client } = cluster;
    const { id: documentId } = await client.upload(await textPdf(1), 'one.pdf');
    const socket = client.socket();
    const latencies: number[] = [];
    for (let i = 0; i < jobs; i++) {
      const t0 = performance.now();
      let startedAt = 0;
      const jobId = await client.startJob({ documentId, jsonSchema: ONE_SUBTREE_SCHEMA });
      const events = await client.watch(socket, jobId, 0, (e) => {
        if (e.typename === 'JobStartedEvent' && startedAt === 0) startedAt = performance.now();
      });
      if (!events.some(isTerminalEvent) || startedAt === 0) throw new Error(`job ${jobId} ended without a start`);
      latencies.push(startedAt - t0);
    }
    const p50 = round(quantile(latencies, 0.5), 1);
    const p95 = round(quantile(latencies, 0.95), 1);
    return {
      name: 'pickup',
      settings: { jobs, workers: 1, modelLatencyMs: 0 },
      figures: { p50_ms: p50, p95_ms: p95, max_ms: round(Math.max(...latencies), 1) },
      summary: { pickup_p50_ms: p50, pickup_p95_ms: p95 },
    };
  } finally {
    await cluster.stop();
  }
}
