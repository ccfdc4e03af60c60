/**
 * One job's events delivered to 100 and to 1,000 graphql-ws subscribers (one connection each):
 * p95 of commit → client over every (event, subscriber) pair (targets: ≤ 20 ms at 100, ≤ 100 ms
 * at 1,000). The model is held until every subscriber has its replay, so all measured events are
 * live ones; an event's commit time is its `at`.
 */
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
      cluster.release();
      const received: ReceivedEvent[][] = await Promise.all(streams);
      const latencies = received.flatMap((events) => events.filter((e) => e.at >= liveFrom).map((e) => e.receivedAt - e.at));
      if (!received.every((events) => events.some(isTerminalEvent))) throw new Error('a subscriber missed the end');
      const p95 = round(quantile(latencies, 0.95), 1);
      figures[`p50_ms_${size}`] = round(quantile(latencies, 0.5), 1);
      figures[`p95_ms_${size}`] = p95;
      figures[`deliveries_${size}`] = latencies.length;
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
