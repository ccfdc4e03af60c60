/**
 * 20 one-subtree jobs sent at once to one worker slot, model 100 ms: when the last one starts,
 * divided by the ideal 19 × 100 ms (target ≤ 1.05). Start times are the JobStartedEvents' `at`.
 * The client follows the jobs as the product means it to, over one graphql-ws connection (a status
 * poll every 50 ms per job, as this bench did until December 2026, is 400 requests a second that
 * the API serves on the cores the worker needs); the stand-in runs in a process of its own
 * (bench/lib/stand-in-remote.ts).
 */
import { sql } from 'kysely';
import { createDb } from '../../src/db/create-db.ts';
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
    // Wall-clock ms with sub-ms precision, comparable with the database's times (one machine).
    const t0 = performance.timeOrigin + performance.now();
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
    // One slot and one valid answer per job: the n-th request to arrive is the n-th job's.
    const { arrivals } = cluster.model ? await cluster.model.takeArrivals() : { arrivals: [] };
    const legs = await legsOf(cluster.databaseUrl, ids, t0, arrivals.length === JOBS ? arrivals.sort((a, b) => a - b) : null);
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
        ...legs,
      },
      summary: { burst20_last_start_ratio: ratio },
    };
  } finally {
    await cluster.stop();
  }
}

/**
 * Where the first start and each hand-over go, from the times the database keeps (Postgres's are
 * the start of the statement or transaction that wrote them; the worker's JOB_STARTED time is taken
 * just before its claim is sent):
 * - `first_created`: the first queue job's insert (the burst's mutations up to the first commit);
 * - `first_job_created`: the insert of the job claimed first (the start of its transaction);
 * - `first_fetched`: the worker's fetch of the first job (the NOTIFY, the wake-up);
 * - `handover`: how long before a job's finish (its queue job's completion) the next job was
 *   fetched (the slot fetches at the job's hand-over, once its last answer is in, so this is the
 *   overlap the hand-over buys; negative if a fetch ever came after the finish), and from that
 *   fetch to its claim (lease, reads, plan), medians over the burst;
 * - with the stand-in's request arrivals: from a job's claim to its model request's arrival, and
 *   from its answer (arrival + latency) to its finish (the job's tail) and to the next job's fetch.
 */
async function legsOf(databaseUrl: string, ids: string[], t0: number, arrivals: number[] | null) {
  const database = createDb(databaseUrl, { max: 1 });
  try {
    const { rows } = await sql<{ created: number; fetched: number; completed: number; claimed: number }>`
      select extract(epoch from j.created_on) * 1000 as created, extract(epoch from j.started_on) * 1000 as fetched,
        extract(epoch from j.completed_on) * 1000 as completed, extract(epoch from e.at) * 1000 as claimed
      from pgboss.job j join job_events e on e.job_id = j.id and e.type = 'JOB_STARTED'
      where j.id = any(${ids}::uuid[]) order by e.at`.execute(database.db);
    const runs = rows.map((row) => ({ created: Number(row.created), fetched: Number(row.fetched), completed: Number(row.completed), claimed: Number(row.claimed) }));
    const first = runs[0]!;
    const after = runs.slice(1);
    return {
      first_created_ms: round(Math.min(...runs.map((r) => r.created)) - t0, 1),
      // The first claimed job's own insert: its transaction's start (now()), not its commit, which
      // NOTIFY waits for; it need not be the earliest insert above.
      first_job_created_ms: round(first.created - t0, 1),
      first_fetched_ms: round(first.fetched - t0, 1),
      first_claimed_ms: round(first.claimed - t0, 1),
      leg_fetch_before_finish_p50_ms: round(quantile(after.map((r, i) => runs[i]!.completed - r.fetched), 0.5), 1),
      leg_fetch_to_claim_p50_ms: round(quantile(after.map((r) => r.claimed - r.fetched), 0.5), 1),
      leg_claim_to_finish_p50_ms: round(quantile(runs.map((r) => r.completed - r.claimed), 0.5), 1),
      ...(arrivals && {
        leg_claim_to_request_p50_ms: round(quantile(runs.map((r, i) => arrivals[i]! - r.claimed), 0.5), 1),
        leg_answer_to_finish_p50_ms: round(quantile(runs.map((r, i) => r.completed - (arrivals[i]! + LATENCY_MS)), 0.5), 1),
        leg_answer_to_next_fetch_p50_ms: round(quantile(after.map((r, i) => r.fetched - (arrivals[i]! + LATENCY_MS)), 0.5), 1),
      }),
    };
  } finally {
    await database.close();
  }
}
