/**
 * The service as a user runs it, for benchmarks: an embedded Postgres, the API and workers as
 * real child processes (src/bin/api.ts, src/bin/worker.ts), and the Gemini stand-in answering
 * every subtree with a valid value after a chosen latency: in this process, or in one of its own
 * (`modelInOwnProcess`, stand-in-remote.ts). Timings are taken
 * through the public API, as a client would see them.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { spawnService, type ServiceProcess } from '../../test/helpers/child-process.ts';
import { startGeminiStub, type GeminiStub } from '../../test/helpers/gemini-stub.ts';
import { GraphQLClient } from './client.ts';
import { answerOf } from './stand-in-answers.ts';
import { startRemoteStandIn, type RemoteStandIn } from './stand-in-remote.ts';

export const BENCH_KEY = 'pj_bench_key_0123456789abcdef0123456789';

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
}

export interface Cluster {
  api: ServiceProcess;
  workers: ServiceProcess[];
  stub: GeminiStub;
  /** The stand-in in its own process, with `modelInOwnProcess`. */
  model: RemoteStandIn | null;
  client: GraphQLClient;
  databaseUrl: string;
  /** Sets the stand-in's latency from now on. */
  setModelLatency(ms: number): void;
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
  const parent = mkdtempSync(path.join(os.tmpdir(), 'paperjson-bench-'));
  chmodSync(parent, 0o755); // the postgres user (when we run as root) must traverse it
  let postgres: EmbeddedPostgres | null = null;
  const children: ServiceProcess[] = [];
  let latency = options.modelLatencyMs;
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
    postgres = await startEmbeddedPostgres({ dir: path.join(parent, 'pg'), ephemeral: true });
    const port = await freePort();
    const env = {
      DATABASE_URL: postgres.url,
      GEMINI_API_KEY: 'bench',
      GEMINI_BASE_URL: model?.url ?? stub.url,
      BOOTSTRAP_API_KEY: BENCH_KEY,
      LOG_LEVEL: 'warn',
      ...options.env,
    };
    const api = spawnService(options.allInOne ? 'src/bin/all-in-one.ts' : 'src/bin/api.ts', { ...env, PORT: String(port) });
    children.push(api);
    const url = `http://127.0.0.1:${port}`;
    const client = new GraphQLClient(url, BENCH_KEY);
    await client.waitUntilReady(60_000);
    const addWorker = async () => {
      const worker = spawnService('src/bin/worker.ts', { ...env, LOG_LEVEL: 'info' });
      children.push(worker);
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
      databaseUrl: postgres.url,
      setModelLatency: (ms) => {
        latency = ms;
        void model?.setLatency(ms);
      },
      hold: () => {
        holding = true;
      },
      release: (count) => {
        if (count === undefined) holding = false;
        for (const open of held.splice(0, count ?? held.length)) open();
      },
      addWorker,
      async stop() {
        for (const child of children) child.kill('SIGTERM');
        await Promise.all(children.map((c) => Promise.race([c.exited, new Promise((r) => setTimeout(r, 10_000))])));
        for (const child of children) child.kill('SIGKILL');
        await client.close();
        await stub.close();
        await model?.close();
        await postgres?.stop();
        rmSync(parent, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const child of children) child.kill('SIGKILL');
    await stub.close();
    await model?.close();
    await postgres?.stop().catch(() => {});
    rmSync(parent, { recursive: true, force: true });
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
