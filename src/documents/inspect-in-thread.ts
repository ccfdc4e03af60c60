import { Worker } from 'node:worker_threads';
import { createLimiter } from '../models/limiter.ts';
import type { PdfInspection } from '../pdf/inspect-pdf.ts';
import { PdfError, type PdfErrorKind } from '../pdf/load-pdf.ts';

type Outcome =
  | { id: number; ok: true; inspection: PdfInspection }
  | { id: number; ok: false; kind: PdfErrorKind | null; message: string };

export interface InspectLimits {
  maxPages: number;
  /** A PDF that takes longer than this to inspect is refused as unreadable. */
  timeoutMs: number;
}

// Two inspections at a time per API process, each in a long-lived thread (starting a thread and
// loading pdf.js costs ~300 ms, so threads are reused). A thread that times out or crashes is
// thrown away and replaced on the next upload.
const THREADS = 2;
const idle: Worker[] = [];
const slots = createLimiter(THREADS);
let nextId = 1;

function newThread(): Worker {
  const worker = new Worker(new URL('./inspect-thread.ts', import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  // Idle threads must not keep the process alive at shutdown.
  worker.unref();
  return worker;
}

/**
 * Inspects an upload in a worker thread with a time and memory bound: pdf.js runs on the thread
 * that calls it, and a 2,000-page or deliberately pathological PDF must not stall every other
 * request of the API process. Throws PdfError like inspectPdf (CORRUPT for a timeout or a crash).
 */
export async function inspectInThread(bytes: Uint8Array, limits: InspectLimits): Promise<PdfInspection> {
  const release = await slots.acquire();
  const worker = idle.pop() ?? newThread();
  let healthy = false;
  try {
    const id = nextId++;
    const outcome = await new Promise<Outcome>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (message: Outcome) => {
        if (message.id !== id) return;
        cleanup();
        resolve(message);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(new PdfError('CORRUPT', 'The PDF could not be read.', { cause: error }));
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new PdfError('CORRUPT', `The PDF reader stopped (exit code ${code}).`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new PdfError('CORRUPT', `The PDF could not be read within ${Math.round(limits.timeoutMs / 1000)} s.`));
      }, limits.timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, bytes, maxPages: limits.maxPages });
    });
    healthy = true;
    if (outcome.ok) return outcome.inspection;
    if (outcome.kind) throw new PdfError(outcome.kind, outcome.message);
    throw new Error(`PDF inspection failed: ${outcome.message}`);
  } finally {
    if (healthy) idle.push(worker);
    else void worker.terminate();
    release();
  }
}
