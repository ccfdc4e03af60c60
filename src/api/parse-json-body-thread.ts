/**
 * Worker-thread entry of plugins/use-large-json-body.ts: parses one request body per message.
 * The bytes arrive transferred (not copied); what goes back is the body without its unusable
 * schemas (or the bytes themselves, given back, when they are not a JSON object), so at most 100,000 JSON values per schema argument are copied to the API thread.
 */
import { parentPort } from 'node:worker_threads';
import { parseJsonBody } from './parse-json-body.ts';

parentPort!.on('message', ({ id, bytes }: { id: number; bytes: Uint8Array }) => {
  const result = parseJsonBody(bytes);
  // Yoga's own parser reports what is not a JSON object, from the same bytes.
  if (result.kind === 'not-an-object') parentPort!.postMessage({ id, result, bytes }, [bytes.buffer as ArrayBuffer]);
  else parentPort!.postMessage({ id, result });
});
