import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FieldEvidence, ModelRequest } from '../../domain/types.ts';
import { THREAD_ENV } from '../../compile-cache.ts';

/**
 * Runs LOCAL's extraction (runLocalExtraction) in worker threads, so the API served by the same
 * process keeps answering: on an 80-page statement the extractor computes for about 3 s without
 * yielding.
 *
 * Same pattern as pdf-in-thread.ts (a `.ts` entry run by Node, `resourceLimits`, a time limit, a
 * crash turned into an error), but not its helper: pdf.js needs a fresh thread per document to give
 * its memory back, while LOCAL answers many small requests per job and starting a thread costs a
 * module load, so here a small pool of threads serves the requests of every LOCAL job in turn.
 *
 * Invariants: at most `maxThreads` threads (one per core by default), started when a request finds
 * none free, and each runs one request at a time; requests wait first come, first served on the
 * main side, and an aborted one leaves the queue at once. A thread holds the process open only
 * while a request is in it (`ref` then, `unref` while idle) and ends after `idleMs` without one. An
 * abort, the time limit, a crash or running out of memory ends the thread running that request, so
 * its result is never used; the next request starts a new one.
 */

export interface LocalTask extends Pick<ModelRequest, 'subtree' | 'section'> {
  id: number;
}

export type LocalOutcome = { id: number; ok: true; value: unknown; evidence: FieldEvidence[] } | { id: number; ok: false; message: string };

export interface LocalThreadLimits {
  /** A request that takes longer fails its subtree. */
  timeoutMs: number;
  /** Heap of a thread; a request that needs more fails its subtree. */
  maxMemoryMb: number;
  /** A thread ends after this long without a request. */
  idleMs: number;
  maxThreads: number;
}

type LocalAnswer = { value: unknown; evidence: FieldEvidence[] };

export interface LocalThreadPool {
  /** Rejects with the signal's reason when it aborts, with LocalThreadError when the thread fails. */
  run(request: Pick<ModelRequest, 'subtree' | 'section'>, signal: AbortSignal): Promise<LocalAnswer>;
  /** Ends every thread; requests still waiting or running reject. */
  close(): Promise<void>;
}

/**
 * The thread died, ran out of memory or out of time. Shaped as a provider error for
 * extract-subtree.ts: the subtree fails with MODEL_ERROR, and is not asked again (`permanent`),
 * since the same input would fail the same way.
 */
export class LocalThreadError extends Error {
  readonly errorType = 'MODEL_ERROR';
  readonly permanent = true;
}

/**
 * The extractor is linear in the pages read (about 40 ms a page on a statement), so 5 minutes is far
 * beyond any document the service accepts; 1 GiB is a ceiling for the layout and its line views,
 * not a reservation. Jobs send their subtrees in quick succession, so a thread idle for 30 s is
 * not about to be needed.
 */
const DEFAULT_LIMITS: LocalThreadLimits = { timeoutMs: 300_000, maxMemoryMb: 1024, idleMs: 30_000, maxThreads: availableParallelism() };

let shared: LocalThreadPool | undefined;

/** The process's pool, shared by every LOCAL provider (every LOCAL job) of the process. */
export function localThreads(): LocalThreadPool {
  return (shared ??= createLocalThreadPool());
}

interface Pending {
  task: LocalTask;
  resolve(answer: LocalAnswer): void;
  reject(error: unknown): void;
}

interface Thread {
  worker: Worker;
  request: Pending | null;
  timer: NodeJS.Timeout | undefined;
  idleTimer: NodeJS.Timeout | undefined;
}

export function createLocalThreadPool(limits: LocalThreadLimits = DEFAULT_LIMITS): LocalThreadPool {
  const queue: Pending[] = [];
  const threads = new Set<Thread>();
  let nextId = 1;

  function end(thread: Thread): void {
    threads.delete(thread);
    clearTimeout(thread.timer);
    clearTimeout(thread.idleTimer);
    thread.worker.removeAllListeners();
    thread.worker.on('error', () => {});
    void thread.worker.terminate().catch(() => undefined);
  }

  /** Settles the thread's request, if any, and ends the thread or lets it wait for the next. */
  function finish(thread: Thread, settle: (p: Pending) => void, endThread: boolean): void {
    const pending = thread.request;
    thread.request = null;
    clearTimeout(thread.timer);
    if (pending) settle(pending);
    if (endThread) end(thread);
    else {
      thread.worker.unref();
      thread.idleTimer = setTimeout(() => end(thread), limits.idleMs).unref();
    }
    pump();
  }

  function start(): Thread {
    const worker = new Worker(new URL('./local-thread.ts', import.meta.url), {
      env: THREAD_ENV,
      resourceLimits: { maxOldGenerationSizeMb: limits.maxMemoryMb, maxYoungGenerationSizeMb: Math.min(64, limits.maxMemoryMb / 4) },
    });
    const thread: Thread = { worker, request: null, timer: undefined, idleTimer: undefined };
    threads.add(thread);
    worker.on('message', (outcome: LocalOutcome) => {
      if (thread.request?.task.id !== outcome.id) return;
      finish(thread, (p) => (outcome.ok ? p.resolve({ value: outcome.value, evidence: outcome.evidence }) : p.reject(new Error(outcome.message))), false);
    });
    worker.once('error', (error: Error & { code?: string }) => {
      const message =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `LOCAL needed more than ${limits.maxMemoryMb} MB of memory for this section.`
          : `LOCAL's thread failed: ${error.message}`;
      finish(thread, (p) => p.reject(new LocalThreadError(message, { cause: error })), true);
    });
    worker.once('exit', (code) => {
      finish(thread, (p) => p.reject(new LocalThreadError(`LOCAL's thread stopped (exit code ${code}).`)), true);
    });
    return thread;
  }

  function assign(thread: Thread, pending: Pending): void {
    clearTimeout(thread.idleTimer);
    thread.request = pending;
    thread.timer = setTimeout(() => {
      finish(thread, (p) => p.reject(new LocalThreadError(`LOCAL did not finish this section within ${Math.round(limits.timeoutMs / 1000)} s.`)), true);
    }, limits.timeoutMs);
    try {
      thread.worker.ref();
      thread.worker.postMessage(pending.task);
    } catch (error) {
      // A request that cannot be cloned fails alone; the thread was not touched.
      finish(thread, (p) => p.reject(error), false);
    }
  }

  function pump(): void {
    while (queue.length > 0) {
      let free: Thread | undefined;
      for (const t of threads) if (t.request === null) free = t;
      if (!free && threads.size >= limits.maxThreads) return;
      assign(free ?? start(), queue.shift()!);
    }
  }

  return {
    run(request, signal) {
      if (signal.aborted) return Promise.reject(signal.reason);
      return new Promise((resolve, reject) => {
        const onAbort = (): void => {
          const waiting = queue.indexOf(pending);
          if (waiting >= 0) {
            queue.splice(waiting, 1);
            pending.reject(signal.reason);
            return;
          }
          // A thread cannot be interrupted mid-computation: ending it is the prompt way out.
          for (const t of threads) if (t.request === pending) finish(t, (p) => p.reject(signal.reason), true);
        };
        const pending: Pending = {
          task: { id: nextId++, subtree: request.subtree, section: request.section },
          resolve(answer) {
            signal.removeEventListener('abort', onAbort);
            resolve(answer);
          },
          reject(error) {
            signal.removeEventListener('abort', onAbort);
            reject(error);
          },
        };
        signal.addEventListener('abort', onAbort, { once: true });
        queue.push(pending);
        pump();
      });
    },
    async close() {
      const closed = new Error('the LOCAL threads were closed');
      for (const p of queue.splice(0)) p.reject(closed);
      for (const t of [...threads]) {
        t.request?.reject(closed);
        t.request = null;
        end(t);
      }
    },
  };
}
