/**
 * 20 one-subtree jobs sent at once to one worker slot, model 100 ms: when the last one starts,
 * divided by the ideal 19 × 100 ms (target ≤ 1.05). Start times are the JobStartedEvents' `at`.
 * The client follows the jobs as the product means it to, over one graphql-ws connection (a status
 * poll every 50 ms per job, as this bench did until December 2026, is 400 requests a second that
 * the API serves on the cores the worker needs); the stand-in runs in a process of its own
 * (bench/lib/stand-in-remote.ts).
 */
import { ONE_SUBTREE_SCHEMA, textPdf } from '../lib/documents.ts';
import { startCluster } from '../lib/cluster.ts';
import { isTerminalEvent } from '../lib/client.ts';
import { quantile, round, type BenchRecord } from '../lib/report.ts';

const JOBS = 20;
const LATENCY_MS = 100;

export async function run(): Promise<BenchRecord> {
  const cluster = await startCluster({ workers: 1, modelLatencyMs: LATENCY_MS, modelInOwnProcess: true, env: { WORKER_CONCURRENCY: '1', MAX_ACTIVE_JOBS: '100' } });
  try {
    const { client } = cluster;
    const { id: documentId } = await client.upload(await textPdf(1), 'one.pdf');
    const socket = client.socket();
    const t0 = Date.now();
    const ids = await Promise.all(Array.from({ length: JOBS }, () => client.startJob({ documentId, jsonSchema: ONE_SUBTREE_SCHEMA })));
    const followed = await Promise.all(ids.map((id) => client.watch(socket, id, 0)));
    const starts: number[] = [];
    for (const events of followed) {
      const end = events.find(isTerminalEvent);
      if (end?.status !== 'COMPLETED') throw new Error(`a job ended ${end?.status}`);
      const started = events.find((e) => e.typename === 'JobStartedEvent');
      if (!started) throw new Error('a job has no JobStartedEvent');
      starts.push(started.at);
    }
    const lastStartMs = Math.max(...starts) - t0;
    const ideal = (JOBS - 1) * LATENCY_MS;
    const ratio = round(lastStartMs / ideal, 3);
    // Where the time goes: the wait for the first start (the burst's mutations, the wake-up), and
    // each later start's distance from the one before (the model call plus the hand-over).
    starts.sort((a, b) => a - b);
    const gaps = starts.slice(1).map((at, i) => at - starts[i]!);
    return {
      name: 'burst20',
      settings: { jobs: JOBS, modelLatencyMs: LATENCY_MS, workerConcurrency: 1 },
      figures: {
        last_start_ms: lastStartMs,
        ideal_ms: ideal,
        ratio,
        first_start_ms: starts[0]! - t0,
        gap_p50_ms: round(quantile(gaps, 0.5), 1),
        gap_max_ms: round(Math.max(...gaps), 1),
      },
      summary: { burst20_last_start_ratio: ratio },
    };
  } finally {
    await cluster.stop();
  }
}
