import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FieldEvidence, ModelRequest } from '../../domain/types.ts';
import { createLimiter } from '../limiter.ts';

/**
 * Runs LOCAL's extraction (runLocalExtraction) in a worker thread, so the API served by the same
 * process keeps answering: on an 80-page statement the extractor computes for about 3 s without
 * yielding.
 *
 * Same pattern as pdf-in-thread.ts (a `.ts` entry run by Node, `resourceLimits`, a time limit, a
 * crash turned into an error), but not its helper: pdf.js needs a fresh thread per document to give
 * its memory back, while LOCAL answers many small requests per job and a thread costs a module load,
 * so here one thread serves a provider's requests one after another and ends when the provider is
 * disposed or has been idle for a while.
 *
 * Invariants: a runner has at most one thread and one request in it; requests wait in order on the
 * main side (an aborted one leaves the queue at once). The thread holds the process's event loop
 * open only while a request is in it (`ref` then, `unref` while idle). A process never runs more
 * LOCAL threads than it has cores (`slots`). An abort, a time limit, a crash or an out-of-memory
 * ends the thread (the request's result is never used); the next request starts a new one.
 */

export interface LocalTask extends Pick<ModelRequest, 'subtree' | 'section'> {
  id: number;
}

export type LocalOutcome = { id: number; ok: true; value: unknown; evidence: FieldEvidence[] } | { id: number; ok: false; message: string };

export interface LocalThreadLimits {
  /** A request that takes longer fails its subtree. */
  timeoutMs: number;
  /** Heap of the thread; a request that needs more fails its subtree. */
  maxMemoryMb: number;
  /** The thread ends after this long without a request. */
  idleMs: number;
}

export interface LocalThread {
  /** Rejects with the signal's reason when it aborts, with LocalThreadError when the thread fails. */
  run(request: Pick<ModelRequest, 'subtree' | 'section' | 'signal'>): Promise<{ value: unknown; evidence: FieldEvidence[] }>;
  /** Ends the thread; requests still waiting or running reject. */
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
 * not a reservation.
 */
export const DEFAULT_LOCAL_THREAD_LIMITS: LocalThreadLimits = { timeoutMs: 300_000, maxMemoryMb: 1024, idleMs: 30_000 };

/** Shared by every LOCAL provider of the process: a thread holds a slot from start to end. */
const slots = createLimiter(availableParallelism());

interface Pending {
  task: LocalTask;
  resolve(result: { value: unknown; evidence: FieldEvidence[] }): void;
  reject(error: unknown): void;
}

interface Running {
  worker: Worker;
  release: () => void;
}

export function createLocalThread(limits: LocalThreadLimits = DEFAULT_LOCAL_THREAD_LIMITS): LocalThread {
  const queue: Pending[] = [];
  const closing = new AbortController();
  let thread: Running | null = null;
  let starting = false;
  let current: { pending: Pending; timer: NodeJS.Timeout } | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let nextId = 1;

  function endThread(): void {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (!thread) return;
    const { worker, release } = thread;
    thread = null;
    worker.removeAllListeners();
    worker.on('error', () => {});
    void worker.terminate().catch(() => undefined);
    release();
  }

  /** Settles the request in the thread, if any; `fail` also ends the thread. */
  function finishCurrent(settle: (p: Pending) => void, endIt: boolean): void {
    const done = current;
    current = null;
    if (done) {
      clearTimeout(done.timer);
      settle(done.pending);
    }
    if (endIt) endThread();
    else thread?.worker.unref();
    void pump();
  }

  async function startThread(): Promise<void> {
    starting = true;
    try {
      const release = await slots.acquire(closing.signal);
      const worker = new Worker(new URL('./local-thread.ts', import.meta.url), {
        resourceLimits: { maxOldGenerationSizeMb: limits.maxMemoryMb, maxYoungGenerationSizeMb: Math.min(64, limits.maxMemoryMb / 4) },
      });
      worker.unref();
      thread = { worker, release };
      worker.on('message', (outcome: LocalOutcome) => {
        if (current?.pending.task.id !== outcome.id) return;
        finishCurrent((p) => (outcome.ok ? p.resolve({ value: outcome.value, evidence: outcome.evidence }) : p.reject(new Error(outcome.message))), false);
      });
      worker.once('error', (error: Error & { code?: string }) => {
        const message =
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `LOCAL needed more than ${limits.maxMemoryMb} MB of memory for this section.`
            : `LOCAL's thread failed: ${error.message}`;
        finishCurrent((p) => p.reject(new LocalThreadError(message, { cause: error })), true);
      });
      worker.once('exit', (code) => {
        finishCurrent((p) => p.reject(new LocalThreadError(`LOCAL's thread stopped (exit code ${code}).`)), true);
      });
    } catch {
      // Closed while waiting for a slot: close() has rejected every request.
    } finally {
      starting = false;
    }
  }

  async function pump(): Promise<void> {
    if (current || starting || queue.length === 0 || closing.signal.aborted) {
      if (!current && queue.length === 0 && thread && !idleTimer) {
        idleTimer = setTimeout(endThread, limits.idleMs).unref();
      }
      return;
    }
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (!thread) {
      await startThread();
      void pump();
      return;
    }
    const pending = queue.shift()!;
    const timer = setTimeout(() => {
      finishCurrent((p) => p.reject(new LocalThreadError(`LOCAL did not finish this section within ${Math.round(limits.timeoutMs / 1000)} s.`)), true);
    }, limits.timeoutMs);
    current = { pending, timer };
    try {
      thread.worker.ref();
      thread.worker.postMessage(pending.task);
    } catch (error) {
      // A request that cannot be cloned (a function in the schema) fails alone; the thread stays.
      finishCurrent((p) => p.reject(error), false);
    }
  }

  return {
    run(request) {
      const { signal } = request;
      if (closing.signal.aborted) return Promise.reject(new Error('the LOCAL provider was disposed'));
      if (signal.aborted) return Promise.reject(signal.reason);
      return new Promise((resolve, reject) => {
        const onAbort = (): void => {
          const waiting = queue.indexOf(pending);
          if (waiting >= 0) {
            queue.splice(waiting, 1);
            pending.reject(signal.reason);
          } else if (current?.pending === pending) {
            // The thread cannot be interrupted mid-computation: ending it is the prompt way out.
            finishCurrent((p) => p.reject(signal.reason), true);
          }
        };
        const pending: Pending = {
          task: { id: nextId++, subtree: request.subtree, section: request.section },
          resolve(result) {
            signal.removeEventListener('abort', onAbort);
            resolve(result);
          },
          reject(error) {
            signal.removeEventListener('abort', onAbort);
            reject(error);
          },
        };
        signal.addEventListener('abort', onAbort, { once: true });
        queue.push(pending);
        void pump();
      });
    },
    async close() {
      closing.abort();
      const disposed = new Error('the LOCAL provider was disposed');
      for (const p of queue.splice(0)) p.reject(disposed);
      const done = current;
      current = null;
      if (done) {
        clearTimeout(done.timer);
        done.pending.reject(disposed);
      }
      endThread();
    },
  };
}
