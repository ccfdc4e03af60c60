/**
 * Worker-thread entry of plugins/use-large-json-body.ts: parses one request body per message and
 * checks its schema arguments. The bytes arrive transferred (not copied); what goes back is the
 * body without its invalid schemas (or the bytes themselves, given back, when they are not a JSON
 * object), so only schemas within the limits are copied to the API thread.
 */
import { parentPort } from 'node:worker_threads';
import type { SchemaLimits } from '../schemas/check-schema.ts';
import { parseJsonBody } from './parse-json-body.ts';

parentPort!.on('message', ({ id, bytes, limits }: { id: number; bytes: Uint8Array; limits: SchemaLimits }) => {
  const result = parseJsonBody(bytes, limits);
  // Yoga's own parser reports what is not a JSON object, from the same bytes.
  if (result.kind === 'not-an-object') parentPort!.postMessage({ id, result, bytes }, [bytes.buffer as ArrayBuffer]);
  else parentPort!.postMessage({ id, result });
});
