/**
 * The service as a user runs it, for benchmarks: an embedded Postgres, the API and workers as
 * real child processes (src/bin/api.ts, src/bin/worker.ts), and the Gemini stand-in answering
 * every subtree with a valid value after a chosen latency: in this process, or in one of its own
 * (`modelInOwnProcess`, stand-in-remote.ts). Timings are taken
 * through the public API, as a client would see them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { spawnService, type ServiceProcess } from '../../test/helpers/child-process.ts';
import { startEphemeralPostgres, type EphemeralPostgres } from '../../test/helpers/ephemeral-postgres.ts';
import { startGeminiStub, type GeminiStub } from '../../test/helpers/gemini-stub.ts';
import { GraphQLClient } from './client.ts';
import { answerOf } from './stand-in-answers.ts';
import { startRemoteStandIn, type RemoteStandIn } from './stand-in-remote.ts';

const BENCH_KEY = 'pj_bench_key_0123456789abcdef0123456789';

export interface ClusterOptions {
  workers: number;
  /** Environment of the API and worker processes (on top of the bench's own). */
  env?: Record<string, string>;
  /** Model latency per call, ms. */
  modelLatencyMs: number;
  /**
   * Run the API and the worker in one process, as `npm start` does (src/bin/all-in-one.ts), as
   * `api`; `workers` then adds separate worker processes, usually none.
   */
  allInOne?: boolean;
  /**
   * Serve the model from a stand-in process of its own (stand-in-remote.ts says why), as `model`;
   * `stub`, `hold` and `release` then see no requests.
   */
  modelInOwnProcess?: boolean;
  /** Server settings of the embedded Postgres on top of its own (embedded-postgres.ts `settings`). */
  postgresSettings?: Record<string, string>;
}

export interface Cluster {
  api: ServiceProcess;
  workers: ServiceProcess[];
  stub: GeminiStub;
  /** The stand-in in its own process, with `modelInOwnProcess`. */
  model: RemoteStandIn | null;
  client: GraphQLClient;
  databaseUrl: string;
  /** Holds every model answer from now on (requests arrive and wait) until released. */
  hold(): void;
  /** Lets `count` held answers go (all of them, and stops holding, without a count). */
  release(count?: number): void;
  /** Starts one more worker process (e.g. after killing one). */
  addWorker(): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  let postgres: EphemeralPostgres | null = null;
  const children: ServiceProcess[] = [];
  /** The service processes, asked to stop and then killed (the API stops its Postgres connections first). */
  const stopChildren = async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => Promise.race([c.exited, new Promise((r) => setTimeout(r, 10_000))])));
    for (const child of children) child.kill('SIGKILL');
  };
  const latency = options.modelLatencyMs;
  let holding = false;
  const held: Array<() => void> = [];
  const stub = await startGeminiStub();
  stub.respond(async (request) => {
    if (holding) await new Promise<void>((resolve) => held.push(resolve));
    return { kind: 'json', value: answerOf(request), delayMs: latency };
  });
  let model: RemoteStandIn | null = null;
  try {
    if (options.modelInOwnProcess) model = await startRemoteStandIn(options.modelLatencyMs);
    // A signal that ends the bench stops the services, the stand-in and Postgres first; what a
    // SIGKILL leaves running is swept by the next start (ephemeral-postgres.ts).
    const ephemeral = await startEphemeralPostgres('bench', {
      ...(options.postgresSettings && { settings: options.postgresSettings }),
      onSignal: async () => {
        await stopChildren();
        await model?.close();
      },
    });
    postgres = ephemeral;
    const databaseUrl = ephemeral.postgres.url;
    const port = await freePort();
    const env = {
      // As `npm start` and the Docker image run the service: graphql-js checks every failed
      // `instanceof` against a second copy of itself unless NODE_ENV is production.
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      GEMINI_API_KEY: 'bench',
      GEMINI_BASE_URL: model?.url ?? stub.url,
      BOOTSTRAP_API_KEY: BENCH_KEY,
      LOG_LEVEL: 'warn',
      ...options.env,
    };
    const api = spawnService(options.allInOne ? 'src/bin/all-in-one.ts' : 'src/bin/api.ts', { ...env, PORT: String(port) });
    children.push(api);
    ephemeral.recordService(api.child.pid);
    const url = `http://127.0.0.1:${port}`;
    const client = new GraphQLClient(url, BENCH_KEY);
    await client.waitUntilReady(60_000);
    const addWorker = async () => {
      const worker = spawnService('src/bin/worker.ts', { ...env, LOG_LEVEL: 'info' });
      children.push(worker);
      ephemeral.recordService(worker.child.pid);
      await worker.waitFor(/worker started/, 60_000);
      return worker;
    };
    const workers: ServiceProcess[] = [];
    for (let i = 0; i < options.workers; i++) workers.push(await addWorker());
    return {
      api,
      workers,
      stub,
      model,
      client,
      databaseUrl,
      hold: () => {
        holding = true;
      },
      release: (count) => {
        if (count === undefined) holding = false;
        for (const open of held.splice(0, count ?? held.length)) open();
      },
      addWorker,
      async stop() {
        await stopChildren();
        await client.close();
        await stub.close();
        await model?.close();
        await postgres?.stop();
      },
    };
  } catch (error) {
    for (const child of children) child.kill('SIGKILL');
    await stub.close();
    await model?.close();
    await postgres?.stop().catch(() => {});
    throw error;
  }
}

/** A field of /proc/<pid>/status in MB (VmHWM: peak resident set; VmRSS: current); null where /proc is absent. */
function procStatusMb(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Peak resident set size of a process so far, in MB. */
export const peakRssMb = (pid: number | undefined) => procStatusMb(pid, 'VmHWM');

/** Current resident set size of a process, in MB. */
export const rssMb = (pid: number | undefined) => procStatusMb(pid, 'VmRSS');

/** VmRSS and VmHWM of a process in kB; null once it has exited (or where /proc is absent). */
function residentKb(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  } catch {
    return null;
  }
}

/** The processes started by `pid`, theirs and so on (Linux: /proc/<pid>/task/<tid>/children). */
function descendantsOf(pid: number): number[] {
  const found: number[] = [];
  const visit = (parent: number) => {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${parent}/task`);
    } catch {
      return;
    }
    for (const tid of tasks) {
      let children = '';
      try {
        children = readFileSync(`/proc/${parent}/task/${tid}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const child of children.split(' ').filter(Boolean).map(Number)) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

/**
 * Resident memory of a service process together with the processes it starts (pdf.js readers in
 * child processes, src/pdf/pdf-in-child.ts), sampled every `intervalMs`: a process's own peak
 * (VmHWM) hides the memory its children use, and a child that has exited leaves no trace in
 * /proc, so the tree is read while it runs. A child's VmHWM is its peak so far, so a child is
 * missed only if it lives less than one interval; its peak only if that comes in its last interval.
 */
export interface ProcessTreeSampler {
  /** The largest sum of the RSS of the root and every process under it in one sample, MB. */
  peakSumMb(): number;
  /** The largest peak (VmHWM) of any one process under the root, MB, since the last `resetChildren` (0 if none was seen). */
  childPeakMb(): number;
  /** Processes under the root seen since the last `resetChildren`. */
  childrenSeen(): number;
  resetChildren(): void;
  stop(): void;
}

export function sampleProcessTree(rootPid: number, intervalMs = 25): ProcessTreeSampler {
  let peakSumKb = 0;
  let childPeakKb = 0;
  let seen = new Set<number>();
  const sample = () => {
    let sum = residentKb(rootPid)?.rss ?? 0;
    for (const pid of descendantsOf(rootPid)) {
      const resident = residentKb(pid);
      if (!resident) continue;
      sum += resident.rss;
      seen.add(pid);
      childPeakKb = Math.max(childPeakKb, resident.hwm);
    }
    peakSumKb = Math.max(peakSumKb, sum);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  const mb = (kb: number) => Math.round(kb / 1024);
  return {
    peakSumMb: () => mb(peakSumKb),
    childPeakMb: () => mb(childPeakKb),
    childrenSeen: () => seen.size,
    resetChildren() {
      childPeakKb = 0;
      seen = new Set();
    },
    stop: () => clearInterval(timer),
  };
}
