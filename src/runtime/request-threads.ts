import { stat } from 'node:fs';
import { Worker, type Transferable } from 'node:worker_threads';
import { createLimiter, type Limiter } from '../models/limiter.ts';

/**
 * Long-lived worker threads that answer one message at a time (`{ id, ... }` in, `{ id, ... }`
 * out), for pure, bounded work taken off the API's event loop: schema checks and large request
 * bodies. Clients are admitted one at a time per key, at most `maxWaitingPerKey` more waiting
 * (and `maxWaitingTotal` in all), so one client's flood queues behind itself; the keys share the
 * threads in order of arrival. A thread that fails, runs out of memory or passes `timeoutMs` is
 * ended and replaced. Threads run at a lower scheduling priority than the API's own thread
 * (request-thread.ts), so that a heavy request waits for the CPU rather than other clients.
 */
export interface RequestThreads {
  /**
   * Runs `work` once `key` is admitted and a thread is free; `refuse(reason)` is thrown instead
   * when too many wait already.
   */
  admitted<T>(key: string, work: (send: Send) => Promise<T>, refuse: () => Error): Promise<T>;
  /**
   * Starts the threads now, each loading its entry, so that the first request does not wait for
   * that (a schema check's thread took 300-550 ms to start and load, on the way to a first start).
   */
  warm(): void;
}

/**
 * Posts one message to a free thread: its answer, or why there is none. A message that cannot be
 * copied rejects. `timeoutMs`, when given, replaces the threads' bound for this message.
 */
export type Send = <A>(message: object, transfer?: Transferable[], timeoutMs?: number) => Promise<{ answer: A } | { failed: 'timeout' | 'crashed' }>;

export function createRequestThreads(options: {
  entry: URL;
  threads: number;
  maxOldGenerationSizeMb: number;
  timeoutMs: number;
  maxWaitingPerKey: number;
  maxWaitingTotal?: number;
}): RequestThreads {
  // libuv's thread pool (fs, dns, crypto, zlib) is made by whichever thread uses it first and
  // its threads inherit that thread's priority: use it from here, the caller's thread, before a
  // request thread (which lowers its own priority) could be the first.
  stat('.', () => {});
  const threadSlots = createLimiter(options.threads);
  const keySlots = new Map<string, Limiter>();
  const idle: Worker[] = [];
  let nextId = 1;

  const newThread = () => {
    const worker = new Worker(new URL('./request-thread.ts', import.meta.url), {
      workerData: { entry: options.entry.href },
      resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb },
    });
    worker.unref(); // idle threads must not keep the process alive at shutdown
    return worker;
  };

  const send: Send = <A,>(message: object, transfer: Transferable[] = [], timeoutMs = options.timeoutMs) => {
    const worker = idle.pop() ?? newThread();
    const id = nextId++;
    return new Promise<{ answer: A } | { failed: 'timeout' | 'crashed' }>((resolve, reject) => {
      const finish = (healthy: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onCrash);
        worker.off('exit', onCrash);
        if (healthy) idle.push(worker);
        else void worker.terminate();
      };
      const onMessage = (answer: { id: number }) => {
        if (answer.id !== id) return;
        finish(true);
        // The thread's entry answers with the type its caller asked for (see Send).
        resolve({ answer: answer as A });
      };
      const onCrash = () => {
        finish(false);
        resolve({ failed: 'crashed' });
      };
      const timer = setTimeout(() => {
        finish(false);
        resolve({ failed: 'timeout' });
      }, timeoutMs);
      worker.on('message', onMessage);
      worker.once('error', onCrash);
      worker.once('exit', onCrash);
      try {
        worker.postMessage({ ...message, id }, transfer);
      } catch (error) {
        finish(true);
        reject(error);
      }
    });
  };

  return {
    warm() {
      while (idle.length < options.threads) idle.push(newThread());
    },
    async admitted(key, work, refuse) {
      let perKey = keySlots.get(key);
      if (!perKey) keySlots.set(key, (perKey = createLimiter(1)));
      if (perKey.waiting >= options.maxWaitingPerKey || threadSlots.waiting >= (options.maxWaitingTotal ?? Infinity)) throw refuse();
      const releaseKey = await perKey.acquire();
      try {
        const releaseThread = await threadSlots.acquire();
        try {
          return await work(send);
        } finally {
          releaseThread();
        }
      } finally {
        releaseKey();
        if (perKey.inFlight === 0 && perKey.waiting === 0) keySlots.delete(key);
      }
    },
  };
}
