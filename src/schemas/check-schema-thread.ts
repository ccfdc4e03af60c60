/**
 * Worker-thread entry of check-in-thread.ts: checks schemas one message at a time. checkSchema is
 * pure and bounded (100,000 JSON values), so the thread is long-lived and reused.
 */
import { parentPort } from 'node:worker_threads';
import { checkSchema, type SchemaLimits } from './check-schema.ts';

parentPort!.on('message', ({ id, schema, limits }: { id: number; schema: unknown; limits: SchemaLimits }) => {
  parentPort!.postMessage({ id, result: checkSchema(schema, limits) });
});
