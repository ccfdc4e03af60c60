/**
 * Client B of schema-abuse.ts, in a thread of its own: `{ viewer { id } }` every `pollEveryMs`
 * (or at once when the last answer came late) from 'start' until 'stop', then every sample (its
 * start as epoch ms, its duration) and this thread's own event-loop delay.
 *
 * Its own thread because client A, in the benchmark's main thread, sends 20 bodies of 4.9 MB at
 * once: in one event loop that held B's timers and answers for up to 1.6 s (the loop delay
 * measured there equalled B's worst sample), so B measured its own client, not the API. Another
 * client of a real service is another machine or process.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

interface BystanderSample {
  at: number;
  ms: number;
}

export interface BystanderReport {
  samples: BystanderSample[];
  failures: string[];
  loopDelayMaxMs: number;
}

const { url, key, pollEveryMs } = workerData as { url: string; key: string; pollEveryMs: number };
const port = parentPort!;
const failures: string[] = [];
const samples: BystanderSample[] = [];

/** One viewer query; a failed one counts with the time it took to fail (and is listed). */
const viewer = async (): Promise<number> => {
  const started = performance.now();
  try {
    const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{"query":"{ viewer { id } }"}' });
    const body = (await response.json()) as { data?: unknown; errors?: unknown };
    if (!body.data) failures.push(`viewer: ${JSON.stringify(body.errors)}`);
  } catch (error) {
    failures.push(`viewer: ${(error as Error).message}`);
  }
  return performance.now() - started;
};

for (let i = 0; i < 10; i++) await viewer();
let polling = true;
port.once('message', () => {
  polling = false;
});
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
port.postMessage('ready');
while (polling) {
  const at = performance.timeOrigin + performance.now();
  const ms = await viewer();
  samples.push({ at, ms });
  const wait = pollEveryMs - ms;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
delay.disable();
port.postMessage({ samples, failures, loopDelayMaxMs: delay.max / 1e6 } satisfies BystanderReport);
