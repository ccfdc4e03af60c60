/**
 * One job's events delivered to 100 and to 1,000 graphql-ws subscribers (one connection each):
 * p95 of commit → client over every (event, subscriber) pair (targets: ≤ 20 ms at 100, ≤ 100 ms
 * at 1,000). The model is held until every subscriber has its replay, so all measured events are
 * live ones; an event's commit time is its `at`.
 *
 * The subscribers live in this process, apart from the API process that serves them. Beside the
 * latencies (which a busy machine stretches) it reports the CPU time the API process and this
 * client spent from the release of the model to the last delivery, per delivery: the API's figure
 * is the cost of the fan-out itself and moves little with the machine's load, and the client's
 * shows whether the client, not the service, was the bottleneck.
 */
import { readFileSync } from 'node:fs';
import { createDb } from '../../src/db/create-db.ts';
import { addApiKey, findTenantByApiKey } from '../../src/tenants/api-keys.ts';
import { manySubtreesSchema, textPdf } from '../lib/documents.ts';
import { startCluster } from '../lib/cluster.ts';
import { isTerminalEvent, type ReceivedEvent } from '../lib/client.ts';
import { quantile, round, type BenchRecord } from '../lib/report.ts';

const SUBTREES = 40;
/** Open subscriptions one API key may hold (the service caps them at 200 per key). */
const SUBSCRIBERS_PER_KEY = 150;

export async function run({ sizes = [100, 1000] }: { sizes?: number[] } = {}): Promise<BenchRecord> {
  const cluster = await startCluster({ workers: 1, modelLatencyMs: 50, env: { MODEL_CONCURRENCY: '64' } });
  try {
    const { client } = cluster;
    const { id: documentId } = await client.upload(await textPdf(2), 'two.pdf');
    // More keys of the same tenant, so that 1,000 subscribers stay under the per-key cap.
    const database = createDb(cluster.databaseUrl, { max: 2 });
    const tenant = (await findTenantByApiKey(database.db, client.key))!;
    const keys = [client.key];
    while (keys.length * SUBSCRIBERS_PER_KEY < Math.max(...sizes)) keys.push(await addApiKey(database.db, tenant.id));
    await database.close();
    const figures: Record<string, number> = {};
    const summary: BenchRecord['summary'] = {};
    for (const size of sizes) {
      cluster.hold();
      const jobId = await client.startJob({ documentId, jsonSchema: manySubtreesSchema(SUBTREES), config: { maxNumConcurrentRequests: 2 } });
      await cluster.stub.waitUntil((s) => s.inFlight > 0, 60_000);
      let replayed = 0;
      let ready!: () => void;
      const allReplayed = new Promise<void>((resolve) => (ready = resolve));
      const streams = Array.from({ length: size }, (_, i) => {
        let first = true;
        return client.watch(client.socket(keys[Math.floor(i / SUBSCRIBERS_PER_KEY)]), jobId, 0, () => {
          if (first && (first = false, ++replayed === size)) ready();
        });
      });
      await allReplayed;
      const liveFrom = Date.now();
      const apiCpuBefore = cpuMsOf(cluster.api.child.pid);
      const clientCpuBefore = process.cpuUsage();
      cluster.release();
      const received: ReceivedEvent[][] = await Promise.all(streams);
      const apiCpuMs = cpuMsOf(cluster.api.child.pid) - apiCpuBefore;
      const clientCpu = process.cpuUsage(clientCpuBefore);
      const clientCpuMs = (clientCpu.user + clientCpu.system) / 1000;
      const latencies = received.flatMap((events) => events.filter((e) => e.at >= liveFrom).map((e) => e.receivedAt - e.at));
      if (!received.every((events) => events.some(isTerminalEvent))) throw new Error('a subscriber missed the end');
      const p95 = round(quantile(latencies, 0.95), 1);
      figures[`p50_ms_${size}`] = round(quantile(latencies, 0.5), 1);
      figures[`p95_ms_${size}`] = p95;
      figures[`deliveries_${size}`] = latencies.length;
      figures[`api_cpu_us_per_delivery_${size}`] = round((apiCpuMs * 1000) / latencies.length, 1);
      figures[`client_cpu_us_per_delivery_${size}`] = round((clientCpuMs * 1000) / latencies.length, 1);
      if (size === 100) summary.fanout_p95_ms_100 = p95;
      if (size === 1000) summary.fanout_p95_ms_1000 = p95;
      await client.close();
    }
    return { name: 'fanout', settings: { sizes, subtrees: SUBTREES, modelLatencyMs: 50, jobConcurrency: 2 }, figures, summary };
  } finally {
    cluster.release();
    await cluster.stop();
  }
}

/** User + system CPU time of a process so far, in ms, from /proc (Linux; NaN elsewhere). */
function cpuMsOf(pid: number | undefined): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** USER_HZ, 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
