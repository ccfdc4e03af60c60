/**
 * 1,000 one-subtree jobs, zero-latency model, 2 worker processes: whole jobs per second from the
 * first start mutation to the last job's finish (target ≥ 100/s), with none lost and none run
 * twice (a job whose log holds more than one JobStartedEvent or result ran twice).
 *
 * With BENCH_PG_STATEMENTS=1 the embedded Postgres loads pg_stat_statements, and the run lists
 * the statements the jobs cost (top-level ones, per job: calls, plans, execution and planning
 * time; per call: rows, shared buffers touched, WAL bytes) and what their writes cost the storage
 * (each table's inserts and updates, how many were HOT, each index's scans, the WAL written and
 * flushed) in bench/results/throughput-statements.json and on stderr. The extension costs
 * Postgres some CPU of its own, so such a run's figures are not to be compared with others.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ONE_SUBTREE_SCHEMA, textPdf } from '../lib/documents.ts';
import { startCluster } from '../lib/cluster.ts';
import { RESULTS_DIR, round, type BenchRecord } from '../lib/report.ts';

const SENDERS = 20;
const LIST_STATEMENTS = process.env.BENCH_PG_STATEMENTS === '1';
const STATEMENT_SETTINGS = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'all',
  'pg_stat_statements.track_planning': 'on',
  'pg_stat_statements.max': '1000',
};

export async function run({ jobs = 1000 }: { jobs?: number } = {}): Promise<BenchRecord> {
  const cluster = await startCluster({
    workers: 2,
    modelLatencyMs: 0,
    env: { MAX_ACTIVE_JOBS: String(jobs * 2) },
    ...(LIST_STATEMENTS && { postgresSettings: STATEMENT_SETTINGS }),
  });
  const db = new pg.Client({ connectionString: cluster.databaseUrl });
  await db.connect();
  if (LIST_STATEMENTS) await db.query('create extension if not exists pg_stat_statements');
  try {
    const { client } = cluster;
    const { id: documentId } = await client.upload(await textPdf(1), 'one.pdf');
    // Where the work goes (instrumentation only): the workers' CPU and Postgres's transactions (an
    // autocommitted statement, or a multi-statement query, is one) over the run, per job.
    const workersCpu = () => cluster.workers.reduce((sum, worker) => sum + cpuMsOf(worker.child.pid), 0);
    const transactions = async () => Number((await db.query(`select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()`)).rows[0].n);
    const cpuBefore = workersCpu();
    // The API's, Postgres's and this process's (the client and the model stand-in) too: on two
    // cores every process shares the CPU, so CPU per job summed over all of them is what bounds
    // the rate, and it moves far less with the machine's load than a wall-clock rate does.
    const apiPid = cluster.api.child.pid;
    const apiCpuBefore = cpuMsOf(apiPid);
    const postgresCpuBefore = postgresCpuMs();
    const benchCpuBefore = ownCpuMs();
    if (LIST_STATEMENTS) {
      await db.query('select pg_stat_statements_reset()');
      await db.query(`select pg_stat_reset(), pg_stat_reset_shared('wal'), pg_stat_reset_shared('io')`);
    }
    const transactionsBefore = await transactions();
    const t0 = Date.now();
    let sent = 0;
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (sent < jobs) {
          sent++;
          await client.startJob({ documentId, jsonSchema: ONE_SUBTREE_SCHEMA });
        }
      }),
    );
    const sentMs = Date.now() - t0;
    const apiSendCpuMs = cpuMsOf(apiPid) - apiCpuBefore;
    const deadline = Date.now() + Math.max(120_000, jobs * 100);
    let finished = 0;
    while (Date.now() < deadline) {
      finished = Number((await db.query(`select count(*) from jobs where status in ('COMPLETED','FAILED','CANCELLED')`)).rows[0].count);
      if (finished >= jobs) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const workerCpuMs = workersCpu() - cpuBefore;
    const apiCpuMs = cpuMsOf(apiPid) - apiCpuBefore;
    const postgresCpu = postgresCpuMs() - postgresCpuBefore;
    const benchCpuMs = ownCpuMs() - benchCpuBefore;
    // Backends report their counts within a second of a transaction (PostgreSQL 15+), or when idle.
    await new Promise((r) => setTimeout(r, 1500));
    const transactionCount = (await transactions()) - transactionsBefore;
    if (LIST_STATEMENTS) {
      writeStatements(await statementsPerJob(db, jobs), await storagePerJob(db, jobs), { jobs, transactionsPerJob: round(transactionCount / jobs, 2) });
    }
    const last = (await db.query(`select max(finished_at) as last from jobs`)).rows[0].last as Date;
    const completed = Number((await db.query(`select count(*) from jobs where status = 'COMPLETED'`)).rows[0].count);
    const doubled = Number(
      (
        await db.query(
          `select count(*) from (select job_id from job_events where type in ('JOB_STARTED','SUBTREE_RESULT')
             group by job_id having count(*) filter (where type = 'JOB_STARTED') > 1 or count(*) filter (where type = 'SUBTREE_RESULT') > 1) d`,
        )
      ).rows[0].count,
    );
    const seconds = (last.getTime() - t0) / 1000;
    const perSecond = round(completed / seconds, 1);
    return {
      name: 'throughput',
      settings: { jobs, workers: 2, senders: SENDERS, modelLatencyMs: 0 },
      figures: {
        jobs_per_s: perSecond,
        seconds: round(seconds, 2),
        send_ms: sentMs,
        completed,
        model_calls: cluster.stub.requests.length,
        worker_cpu_ms_per_job: round(workerCpuMs / jobs, 2),
        api_send_cpu_ms_per_job: round(apiSendCpuMs / jobs, 2),
        api_cpu_ms_per_job: round(apiCpuMs / jobs, 2),
        postgres_cpu_ms_per_job: round(postgresCpu / jobs, 2),
        bench_cpu_ms_per_job: round(benchCpuMs / jobs, 2),
        total_cpu_ms_per_job: round((workerCpuMs + apiCpuMs + postgresCpu + benchCpuMs) / jobs, 2),
        pg_transactions_per_job: round(transactionCount / jobs, 2),
      },
      summary: { throughput_jobs_per_s: perSecond, jobs_lost: jobs - completed, jobs_doubled: doubled },
    };
  } finally {
    await db.end();
    await cluster.stop();
  }
}

/**
 * The top-level statements since the reset, most called first, per job (the run's own polling and
 * reads included, a few hundredths per job); texts as pg_stat_statements normalises them ($n for
 * constants), cut to 200 characters. Also printed to stderr, beside the table.
 */
async function statementsPerJob(db: pg.Client, jobs: number): Promise<StatementCost[]> {
  const { rows } = await db.query<{ calls: string; plans: string; exec_ms: number; plan_ms: number; rows: string; blocks: string; wal_bytes: string; query: string }>(
    `select calls, plans, total_exec_time as exec_ms, total_plan_time as plan_ms, rows, shared_blks_hit + shared_blks_read as blocks, wal_bytes, regexp_replace(left(query, 200), '\\s+', ' ', 'g') as query
       from pg_stat_statements where toplevel and dbid = (select oid from pg_database where datname = current_database())
       order by calls desc, total_exec_time desc`,
  );
  const list = rows.map((row) => ({
    calls_per_job: round(Number(row.calls) / jobs, 3),
    plans_per_job: round(Number(row.plans) / jobs, 3),
    exec_ms_per_job: round(row.exec_ms / jobs, 3),
    plan_ms_per_job: round(row.plan_ms / jobs, 3),
    rows_per_call: round(Number(row.rows) / Number(row.calls), 2),
    buffers_per_call: round(Number(row.blocks) / Number(row.calls), 1),
    wal_bytes_per_call: Math.round(Number(row.wal_bytes) / Number(row.calls)),
    query: row.query,
  }));
  console.error('statements per job: calls, plans, execution ms, planning ms; per call: rows, shared buffers touched, WAL bytes; text');
  for (const s of list.filter((s) => s.calls_per_job >= 0.01)) {
    const perJob = [s.calls_per_job, s.plans_per_job, s.exec_ms_per_job, s.plan_ms_per_job].map((n) => n.toFixed(3).padStart(7)).join(' ');
    const perCall = [s.rows_per_call, s.buffers_per_call, s.wal_bytes_per_call].map((n) => String(n).padStart(6)).join(' ');
    console.error(`${perJob} ${perCall}  ${s.query}`);
  }
  return list;
}

/**
 * What the jobs' writes cost the storage since the reset, per job: each table's inserts, updates
 * (and how many of them were HOT, touching no index), deletes and dead rows left; each index's
 * scans (an index no statement scans is only paid for); the WAL written (records, full-page
 * images, bytes) and how often it was written and flushed (pg_stat_io's WAL rows, PostgreSQL 18).
 * Also printed to stderr.
 */
async function storagePerJob(db: pg.Client, jobs: number): Promise<StorageCost> {
  const perJob = (n: unknown) => round(Number(n) / jobs, 3);
  const tables = (
    await db.query(
      `select schemaname || '.' || relname as name, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del, n_dead_tup, autovacuum_count, autoanalyze_count
         from pg_stat_user_tables where n_tup_ins + n_tup_upd + n_tup_del > 0 order by n_tup_ins + n_tup_upd + n_tup_del desc`,
    )
  ).rows.map((row) => ({
    table: row.name as string,
    inserts: perJob(row.n_tup_ins),
    updates: perJob(row.n_tup_upd),
    hot_updates: perJob(row.n_tup_hot_upd),
    deletes: perJob(row.n_tup_del),
    dead_rows_left: Number(row.n_dead_tup),
    autovacuums: Number(row.autovacuum_count),
    autoanalyzes: Number(row.autoanalyze_count),
  }));
  const indexes = (
    await db.query(
      `select i.schemaname || '.' || i.relname as table_name, i.indexrelname as name, i.idx_scan, pg_relation_size(i.indexrelid) as bytes
         from pg_stat_user_indexes i join pg_stat_user_tables t using (relid)
        where t.n_tup_ins + t.n_tup_upd + t.n_tup_del > 0 order by i.relname, i.indexrelname`,
    )
  ).rows.map((row) => ({ table: row.table_name as string, index: row.name as string, scans: perJob(row.idx_scan), kb: Math.round(Number(row.bytes) / 1024) }));
  const wal = (await db.query(`select wal_records, wal_fpi, wal_bytes from pg_stat_wal`)).rows[0];
  const io = (await db.query(`select coalesce(sum(writes), 0) as writes, coalesce(sum(fsyncs), 0) as fsyncs from pg_stat_io where object = 'wal'`)).rows[0];
  const storage: StorageCost = {
    tables,
    indexes,
    wal: { records: perJob(wal.wal_records), full_page_images: perJob(wal.wal_fpi), bytes: perJob(wal.wal_bytes), writes: perJob(io.writes), fsyncs: perJob(io.fsyncs) },
  };
  console.error('rows per job: table, inserts, updates (HOT), deletes; dead rows left');
  for (const t of tables) console.error(`  ${t.table}: ${t.inserts} ins, ${t.updates} upd (${t.hot_updates} HOT), ${t.deletes} del; ${t.dead_rows_left} dead, ${t.autovacuums} autovacuums`);
  console.error('index scans per job (size)');
  for (const i of indexes) console.error(`  ${i.table} ${i.index}: ${i.scans} (${i.kb} kB)`);
  console.error(`WAL per job: ${storage.wal.records} records, ${storage.wal.full_page_images} full-page images, ${storage.wal.bytes} bytes, ${storage.wal.writes} writes, ${storage.wal.fsyncs} flushes`);
  return storage;
}

function writeStatements(statements: StatementCost[], storage: StorageCost, run: { jobs: number; transactionsPerJob: number }): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, 'throughput-statements.json');
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), ...run, storage, statements }, null, 2)}\n`);
}

interface StorageCost {
  tables: Array<{ table: string; inserts: number; updates: number; hot_updates: number; deletes: number; dead_rows_left: number; autovacuums: number; autoanalyzes: number }>;
  indexes: Array<{ table: string; index: string; scans: number; kb: number }>;
  wal: { records: number; full_page_images: number; bytes: number; writes: number; fsyncs: number };
}

interface StatementCost {
  calls_per_job: number;
  plans_per_job: number;
  exec_ms_per_job: number;
  plan_ms_per_job: number;
  rows_per_call: number;
  buffers_per_call: number;
  wal_bytes_per_call: number;
  query: string;
}

/**
 * User + system CPU time of a process so far, in ms, from /proc (Linux; NaN elsewhere); with
 * `reaped`, that of its children which have exited and been waited for too.
 */
function cpuMsOf(pid: number | undefined, { reaped = false } = {}): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th,
    // cutime and cstime the 14th and 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // USER_HZ is 100 on every Linux this runs on.
    return (Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0)) * 10;
  } catch {
    return Number.NaN;
  }
}

/** This process's CPU time so far, in ms (the client's and the in-process model stand-in's). */
function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * CPU time of the embedded Postgres so far, in ms: its postmaster (our child), its backends and
 * helpers still running, and those that have exited (the postmaster waits for them).
 */
function postgresCpuMs(): number {
  const postmasters = childrenOf(process.pid).filter((pid) => commandOf(pid) === 'postgres');
  let sum = 0;
  for (const postmaster of postmasters) {
    sum += cpuMsOf(postmaster, { reaped: true });
    for (const child of childrenOf(postmaster)) sum += cpuMsOf(child, { reaped: true }) || 0;
  }
  return sum;
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}
