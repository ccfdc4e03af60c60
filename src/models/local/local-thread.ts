/**
 * Worker-thread entry of local-in-thread.ts: runs LOCAL's extraction for one request at a time, as
 * the caller posts them, and posts each outcome back with the request's id. The rule-based
 * extractor is synchronous (seconds on a long statement), so here it never stalls the event loop
 * of the process that also answers the API.
 */
import { parentPort } from 'node:worker_threads';
import type { LocalTask, LocalOutcome } from './local-in-thread.ts';
import { runLocalExtraction } from './local-provider.ts';

parentPort!.on('message', (task: LocalTask) => {
  let outcome: LocalOutcome;
  try {
    outcome = { id: task.id, ok: true, ...runLocalExtraction(task) };
  } catch (error) {
    outcome = { id: task.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(outcome);
});
