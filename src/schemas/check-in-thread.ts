import { Worker } from 'node:worker_threads';
import { appError } from '../errors.ts';
import { createLimiter, type Limiter } from '../models/limiter.ts';
import { checkSchema, type SchemaCheckResult, type SchemaLimits } from './check-schema.ts';
import { precheckedResult } from './prechecked-schema.ts';

/**
 * Keeps heavy schema checks off the API's event loop, and bounds them per tenant.
 *
 * Twenty concurrent checks of a 4.9 MB schema held another client's `{ viewer { id } }` for up to
 * 2 s when they ran on the event loop. Now:
 * - a schema of at most INLINE_NODES JSON values (every realistic one) is checked inline: the
 *   thread round trip would cost more than the check;
 * - a larger one goes to a worker thread; the API thread only pays for copying it there;
 * - each tenant has one heavy check running at a time and at most MAX_WAITING_PER_TENANT waiting,
 *   so one client's flood queues behind itself instead of filling the threads for everyone;
 * - a check that takes longer than TIMEOUT_MS is answered as a problem, and its thread replaced.
 */

const INLINE_NODES = 5_000;
const THREADS = 1;
const TIMEOUT_MS = 15_000;
const MAX_WAITING_PER_TENANT = 20;

const threadSlots = createLimiter(THREADS);
const tenantSlots = new Map<string, Limiter>();
const idle: Worker[] = [];
let nextId = 1;

export async function checkSchemaOffThread(schema: unknown, limits: SchemaLimits, tenantId: string): Promise<SchemaCheckResult> {
  const prechecked = precheckedResult(schema, limits);
  if (prechecked) return prechecked;
  if (!exceedsNodes(schema, INLINE_NODES)) return checkSchema(schema, limits);
  let perTenant = tenantSlots.get(tenantId);
  if (!perTenant) tenantSlots.set(tenantId, (perTenant = createLimiter(1)));
  if (perTenant.waiting >= MAX_WAITING_PER_TENANT) {
    throw appError('BAD_USER_INPUT', `Too many large schema checks in progress for this tenant (at most ${MAX_WAITING_PER_TENANT} waiting); retry when they finish.`);
  }
  const releaseTenant = await perTenant.acquire();
  try {
    const releaseThread = await threadSlots.acquire();
    try {
      return await runInThread(schema, limits);
    } finally {
      releaseThread();
    }
  } finally {
    releaseTenant();
    if (perTenant.inFlight === 0 && perTenant.waiting === 0) tenantSlots.delete(tenantId);
  }
}

function runInThread(schema: unknown, limits: SchemaLimits): Promise<SchemaCheckResult> {
  const worker = idle.pop() ?? newThread();
  const id = nextId++;
  return new Promise<SchemaCheckResult>((resolve) => {
    const finish = (result: SchemaCheckResult, healthy: boolean) => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onFailure);
      worker.off('exit', onFailure);
      if (healthy) idle.push(worker);
      else void worker.terminate();
      resolve(result);
    };
    const onMessage = (message: { id: number; result: SchemaCheckResult }) => {
      if (message.id === id) finish(message.result, true);
    };
    const onFailure = () => finish(unchecked('the schema could not be checked (it needs more memory than allowed)'), false);
    const timer = setTimeout(() => finish(unchecked(`the schema could not be checked within ${TIMEOUT_MS / 1000} s`), false), TIMEOUT_MS);
    worker.on('message', onMessage);
    worker.once('error', onFailure);
    worker.once('exit', onFailure);
    // A schema that cannot be copied (a function inside, from code rather than JSON) is checked
    // inline, where checkSchema reports it properly.
    try {
      worker.postMessage({ id, schema, limits });
    } catch {
      finish(checkSchema(schema, limits), true);
    }
  });
}

function newThread(): Worker {
  const worker = new Worker(new URL('./check-schema-thread.ts', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 256 } });
  worker.unref(); // idle threads must not keep the process alive at shutdown
  return worker;
}

function unchecked(message: string): SchemaCheckResult {
  return { valid: false, errors: [{ path: '', message }], warnings: [], totalFields: null };
}

/** True when `value` holds more than `max` JSON values; stops counting there (cheap for any input). */
function exceedsNodes(value: unknown, max: number): boolean {
  const stack: unknown[] = [value];
  let count = 0;
  const seen = new Set<object>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (++count > max) return true;
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      if (count + v.length > max) return true;
      for (const item of v) stack.push(item);
    } else {
      for (const key in v as Record<string, unknown>) {
        if (++count > max) return true;
        stack.push((v as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}
