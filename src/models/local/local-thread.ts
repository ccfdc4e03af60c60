/**
 * Worker-thread entry of local-in-thread.ts: runs LOCAL's extraction for one request at a time, as
 * the caller posts them, and posts each outcome back with the request's id. The rule-based
 * extractor is synchronous (seconds on a long statement), so here it never stalls the event loop
 * of the process that also answers the API.
 */
import module from 'node:module';
import { parentPort } from 'node:worker_threads';
import type { LocalTask, LocalOutcome } from './local-in-thread.ts';

// As in pdf-thread.ts: the thread's environment turns V8's code cache on (THREAD_ENV,
// compile-cache.ts), and enabling it here too covers a thread started without it. Each new thread
// loads the extractor's ~60 modules; from the cache it answers its first request in about a third
// of the CPU time. A thread is ended, not exited, when idle: the cache is written now or never.
// Requests posted meanwhile wait in the port until the listener below is added.
module.enableCompileCache();
const { runLocalExtraction } = await import('./run-local-extraction.ts');
module.flushCompileCache();

parentPort!.on('message', (task: LocalTask) => {
  let outcome: LocalOutcome;
  try {
    outcome = { id: task.id, ok: true, ...runLocalExtraction(task) };
  } catch (error) {
    outcome = { id: task.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(outcome);
});
