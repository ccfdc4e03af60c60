/**
 * Start mutation → JobStartedEvent on a subscribed client, jobs one at a time (target: p50 ≤ 10 ms,
 * p95 ≤ 25 ms). The client subscribes as soon as the mutation returns, on a connection it keeps.
 *
 * Beside the total it reports the medians of its legs, from the client's clock and the times the
 * database keeps (one machine, one clock; Postgres's are the start of the statement or transaction
 * that wrote them, the worker's JOB_STARTED time is taken just before its claim is sent):
 * - `send_to_begin`: the request to the start's transaction (HTTP, GraphQL, key, lookups);
 * - `begin_to_fetch`: the start's writes and commit, the NOTIFY, the worker's wake-up, its fetch;
 * - `fetch_to_claim`: the worker's lease and preparation, up to sending its claim;
 * - `claim_to_client`: the claim's commit, the NOTIFY, the API's delivery, the WebSocket frame;
 * - `answer`: the mutation's round trip as the client saw it (the subscription follows it).
 */
import { sql } from 'kysely';
import { createDb } from '../../src/db/create-db.ts';
import { ONE_SUBTREE_SCHEMA, textPdf } from '../lib/documents.ts';
import { startCluster } from '../lib/cluster.ts';
import { isTerminalEvent } from '../lib/client.ts';
import { quantile, round, type BenchRecord } from '../lib/report.ts';

/** Wall-clock ms with the sub-ms precision of performance.now(), comparable with the database's times. */
const wallMs = () => performance.timeOrigin + performance.now();

export async function run({ jobs = 200 }: { jobs?: number } = {}): Promise<BenchRecord> {
  const cluster = await startCluster({ workers: 1, modelLatencyMs: 0 });
  try {
    const { client } = cluster;
    const { id: documentId } = await client.upload(await textPdf(1), 'one.pdf');
    const socket = client.socket();
    const runs: Array<{ jobId: string; sentAt: number; answeredAt: number; startedAt: number }> = [];
    for (let i = 0; i < jobs; i++) {
      const sentAt = wallMs();
      let startedAt = 0;
      const jobId = await client.startJob({ documentId, jsonSchema: ONE_SUBTREE_SCHEMA });
      const answeredAt = wallMs();
      const events = await client.watch(socket, jobId, 0, (e) => {
        if (e.typename === 'JobStartedEvent' && startedAt === 0) startedAt = wallMs();
      });
      if (!events.some(isTerminalEvent) || startedAt === 0) throw new Error(`job ${jobId} ended without a start`);
      runs.push({ jobId, sentAt, answeredAt, startedAt });
    }
    const latencies = runs.map((r) => r.startedAt - r.sentAt);
    const legs = await legsOf(cluster.databaseUrl, runs);
    const p50 = round(quantile(latencies, 0.5), 1);
    const p95 = round(quantile(latencies, 0.95), 1);
    return {
      name: 'pickup',
      settings: { jobs, workers: 1, modelLatencyMs: 0 },
      figures: { p50_ms: p50, p95_ms: p95, max_ms: round(Math.max(...latencies), 1), ...legs },
      summary: { pickup_p50_ms: p50, pickup_p95_ms: p95 },
    };
  } finally {
    await cluster.stop();
  }
}

/** The medians of the legs (see the top), from the queue job's and the JOB_STARTED event's times. */
async function legsOf(databaseUrl: string, runs: ReadonlyArray<{ jobId: string; sentAt: number; answeredAt: number; startedAt: number }>) {
  const database = createDb(databaseUrl, { max: 1 });
  try {
    const { rows } = await sql<{ id: string; begun: number; fetched: number; claimed: number }>`
      select j.id, extract(epoch from j.created_on) * 1000 as begun, extract(epoch from j.started_on) * 1000 as fetched,
        extract(epoch from e.at) * 1000 as claimed
      from pgboss.job j join job_events e on e.job_id = j.id and e.type = 'JOB_STARTED'
      where j.id = any(${runs.map((r) => r.jobId)}::uuid[])`.execute(database.db);
    const times = new Map(rows.map((row) => [row.id, { begun: Number(row.begun), fetched: Number(row.fetched), claimed: Number(row.claimed) }]));
    const median = (leg: (run: (typeof runs)[number], t: { begun: number; fetched: number; claimed: number }) => number) =>
      round(quantile(runs.flatMap((run) => (times.has(run.jobId) ? [leg(run, times.get(run.jobId)!)] : [])), 0.5), 1);
    return {
      leg_send_to_begin_p50_ms: median((run, t) => t.begun - run.sentAt),
      leg_begin_to_fetch_p50_ms: median((_, t) => t.fetched - t.begun),
      leg_fetch_to_claim_p50_ms: median((_, t) => t.claimed - t.fetched),
      leg_claim_to_client_p50_ms: median((run, t) => run.startedAt - t.claimed),
      answer_p50_ms: median((run) => run.answeredAt - run.sentAt),
    };
  } finally {
    await database.close();
  }
}
