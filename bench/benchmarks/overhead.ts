/**
 * One job of 40 subtrees, model 200 ms, at job concurrency C = 1, 5, 20: wall time from the start
 * mutation to the terminal event on a subscribed client, divided by the ideal ceil(40 / C) × 200 ms
 * (target ≤ 1.05 at every C). MODEL_CONCURRENCY is raised so that only C limits.
 *
 * Where the time beyond the ideal goes, seen from the stand-in (timestamps only, the answers are
 * the cluster's own): `start_ms_cN` from the start mutation to the first model request,
 * `gap_*_ms_cN` from an answer to the request that took its slot (the worker's per-call cost
 * between two calls, the stand-in's own handling included), `end_ms_cN` from the last answer
 * to the terminal event. The stand-in runs in a process of its own (bench/lib/stand-in-remote.ts).
 *
 * After the jobs, the harness's floor at each C (bench/lib/stand-in-floor.ts): the same 40 calls
 * from a bare HTTP client to the same stand-in, `floor_ratio_cN` against the same ideal and
 * `floor_late_p50_ms_cN` per call. On a loaded machine the floor itself moves well past 1.05; the
 * service's own share is about `ratio_cN - floor_ratio_cN`, both taken in the same minute.
 */
import { manySubtreesSchema, textPdf } from '../lib/documents.ts';
import { startCluster } from '../lib/cluster.ts';
import { isTerminalEvent } from '../lib/client.ts';
import { quantile, round, type BenchRecord } from '../lib/report.ts';
import { measureFloor } from '../lib/stand-in-floor.ts';

const SUBTREES = 40;
const LATENCY_MS = 200;

export async function run(): Promise<BenchRecord> {
  const cluster = await startCluster({ workers: 1, modelLatencyMs: LATENCY_MS, modelInOwnProcess: true, env: { MODEL_CONCURRENCY: '64' } });
  const model = cluster.model!;
  // Epoch ms with sub-millisecond precision, the clock the stand-in's arrival times are on.
  const now = () => performance.timeOrigin + performance.now();
  try {
    const { client } = cluster;
    const { id: documentId } = await client.upload(await textPdf(2), 'two.pdf');
    const socket = client.socket();
    const figures: Record<string, number | null> = {};
    const floorErrors: Record<string, string> = {};
    const schema = manySubtreesSchema(SUBTREES);
    // About a job's prompt: two pages of text and one subtree's response schema.
    const floorText = ['--- page 1 ---', '--- page 2 ---'].map((marker) => `${marker}\n${'Item 12, amount 3.00\n'.repeat(60)}`).join('\n');
    for (const c of [1, 5, 20]) {
      await model.takeArrivals();
      const t0 = now();
      const jobId = await client.startJob({ documentId, jsonSchema: schema, config: { maxNumConcurrentRequests: c } });
      const events = await client.watch(socket, jobId, 0);
      const tEnd = now();
      // The time each request reached the stand-in (its headers read; its answer is due LATENCY_MS later).
      const { arrivals } = await model.takeArrivals();
      const end = events.find(isTerminalEvent);
      if (end?.status !== 'COMPLETED') throw new Error(`job ended ${end?.status}`);
      const wall = tEnd - t0;
      const ideal = Math.ceil(SUBTREES / c) * LATENCY_MS;
      figures[`wall_ms_c${c}`] = Math.round(wall);
      figures[`ratio_c${c}`] = round(wall / ideal, 3);
      // Request i + c takes the slot that answer i gave back (answers come in request order here).
      const answers = arrivals.map((t) => t + LATENCY_MS).sort((a, b) => a - b);
      const gaps = arrivals.slice(c).map((t, i) => t - answers[i]!);
      figures[`start_ms_c${c}`] = Math.round(arrivals[0]! - t0);
      figures[`gap_p50_ms_c${c}`] = round(quantile(gaps, 0.5), 1);
      figures[`gap_max_ms_c${c}`] = round(quantile(gaps, 1), 1);
      figures[`end_ms_c${c}`] = Math.round(tEnd - answers.at(-1)!);
    }
    // After the jobs, so that each job meets the worker's connections as it did without the floor.
    // A floor that fails (a call refused or cut) is reported beside the jobs' figures, which stand.
    for (const c of [1, 5, 20]) {
      try {
        const floor = await measureFloor(model.url, { calls: SUBTREES, concurrency: c, latencyMs: LATENCY_MS, responseSchema: schema.properties.list_1, text: floorText });
        figures[`floor_ratio_c${c}`] = round(floor.ratio, 3);
        figures[`floor_late_p50_ms_c${c}`] = round(floor.lateP50Ms, 1);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        console.error(`overhead: the floor at C = ${c} failed: ${message}`);
        figures[`floor_ratio_c${c}`] = null;
        figures[`floor_late_p50_ms_c${c}`] = null;
        floorErrors[`floor_error_c${c}`] = message;
      }
    }
    return {
      name: 'overhead',
      settings: { subtrees: SUBTREES, modelLatencyMs: LATENCY_MS, modelConcurrency: 64 },
      figures: { ...figures, ...floorErrors },
      summary: { overhead_ratio_c1: figures.ratio_c1!, overhead_ratio_c5: figures.ratio_c5!, overhead_ratio_c20: figures.ratio_c20! },
    };
  } finally {
    await cluster.stop();
  }
}
