/**
 * The Gemini stand-in run in a process of its own (stand-in-process.ts), as a real provider is
 * elsewhere. In the bench's own process it shares one event loop with the client that watches the
 * jobs: when twenty answers fall due together the client's frame handling delays them, and the
 * service is charged for the harness's time. The benchmarks that time model calls against an
 * ideal (overhead, burst20) use this one; those that look into the stand-in's state
 * (held answers, caches, the requests' prompts) keep the in-process one.
 */
import { fork, type ChildProcess } from 'node:child_process';

export type StandInMessage = { type: 'arrivals' };
export type StandInReply =
  | { type: 'ready'; url: string }
  | { type: 'arrivals'; arrivals: number[]; requests: number };

export interface RemoteStandIn {
  readonly url: string;
  /** Epoch ms (sub-millisecond) at which each request since the last call reached the stand-in, and the count of all requests so far. */
  takeArrivals(): Promise<{ arrivals: number[]; requests: number }>;
  close(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;

export async function startRemoteStandIn(latencyMs: number): Promise<RemoteStandIn> {
  const child = fork(new URL('./stand-in-process.ts', import.meta.url), {
    env: { ...process.env, STAND_IN_LATENCY_MS: String(latencyMs) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type: StandInReply['type']) => nextReply(child, type);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await Promise.race([
    next('ready'),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('model stand-in process did not start')), STARTUP_TIMEOUT_MS).unref()),
  ]);
  if (ready.type !== 'ready') throw new Error('model stand-in process: unexpected first message');
  return {
    url: ready.url,
    async takeArrivals() {
      child.send({ type: 'arrivals' } satisfies StandInMessage);
      const reply = await next('arrivals');
      return reply.type === 'arrivals' ? { arrivals: reply.arrivals, requests: reply.requests } : { arrivals: [], requests: 0 };
    },
    async close() {
      if (child.connected) child.disconnect();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      child.kill('SIGKILL');
    },
  };
}

function nextReply(child: ChildProcess, type: StandInReply['type']): Promise<StandInReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: StandInReply) => {
      if (reply.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(reply);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`model stand-in process exited (${code}) before answering`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
