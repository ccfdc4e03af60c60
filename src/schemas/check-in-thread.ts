import { appError } from '../errors.ts';
import { createRequestThreads } from '../runtime/request-threads.ts';
import { checkSchema, type CheckedSchema, type SchemaCheckResult, type SchemaLimits } from './check-schema.ts';
import { checkOnce, checkOnceElsewhere, type CheckedElsewhere } from './checked-schemas.ts';
import { inTurn } from './check-turns.ts';
import { precheckedResult } from './prechecked-schema.ts';
import { isSmallOnceExpanded } from './schema-size.ts';

/**
 * Keeps heavy schema checks off the API's event loop, and bounds them per tenant.
 *
 * Twenty concurrent checks of a 4.9 MB schema held another client's `{ viewer { id } }` for up to
 * 2 s when they ran on the event loop. Now:
 * - a schema small once expanded (schema-size.ts: few JSON values, string characters and schema
 *   objects, even with its `$ref`s written out, as every realistic one is) is checked inline:
 *   Ajv compiles few schema objects, so the check stays within a few tens of ms;
 * - any other goes to a worker thread; the API thread only pays for copying it there;
 * - a valid result for a schema small as written is kept (checked-schemas.ts) wherever it was
 *   checked, and concurrent checks of one schema share one, so a repeated schema is checked once;
 * - each tenant has one heavy check running at a time and at most MAX_WAITING_PER_TENANT waiting,
 *   so one client's flood queues behind itself instead of filling the threads for everyone;
 * - a check that takes longer than TIMEOUT_MS is answered as a problem, and its thread replaced;
 * - this thread's own share of each check (the size verdict, the key, an inline check, the copy
 *   to the thread) is taken in event-loop turns (check-turns.ts), so a burst of one client's
 *   schemas does not hold another client's request for the whole burst.
 */

const TIMEOUT_MS = 15_000;
const MAX_WAITING_PER_TENANT = 20;

const threads = createRequestThreads({
  entry: new URL('./check-schema-thread.ts', import.meta.url),
  threads: 1,
  maxOldGenerationSizeMb: 256,
  timeoutMs: TIMEOUT_MS,
  maxWaitingPerKey: MAX_WAITING_PER_TENANT,
});

/**
 * Starts the check thread ahead of the first check, which would otherwise wait for it to start and
 * load its modules. A service process calls it at start; tests, which make many short-lived
 * services, let it start on first use.
 */
export function warmSchemaCheckThread(): void {
  threads.warm();
}

export async function checkSchemaOffThread(schema: unknown, limits: SchemaLimits, tenantId: string): Promise<CheckedSchema> {
  const prechecked = precheckedResult(schema, limits);
  if (prechecked) return prechecked;
  // The walks, the key and an inline check: this thread's share, in turns (the copy to the
  // thread takes a later turn of its own, once the tenant's and the thread's slots are had).
  return inTurn(() => {
    if (isSmallOnceExpanded(schema)) return checkOnce(schema, limits, tenantId, () => checkSchema(schema, limits));
    return checkOnceElsewhere(schema, limits, tenantId, (wantShape) => checkOnThread(schema, limits, tenantId, wantShape));
  });
}

function checkOnThread(schema: unknown, limits: SchemaLimits, tenantId: string, wantShape: boolean): Promise<CheckedElsewhere> {
  return threads.admitted(
    tenantId,
    async (send) => {
      let sent;
      try {
        // The copy to the thread (postMessage's structured clone, synchronous) is this thread's
        // too: taken in a turn of its own, once the slots are had.
        sent = await inTurn(() => send<CheckedElsewhere>({ schema, limits, wantShape }));
      } catch {
        // A schema that cannot be copied (a function inside, from code rather than JSON) is
        // checked inline, where checkSchema reports it properly.
        return { result: checkSchema(schema, limits) };
      }
      if ('answer' in sent) return { result: sent.answer.result, ...(sent.answer.shape && { shape: sent.answer.shape }) };
      return {
        result: unchecked(
          sent.failed === 'timeout'
            ? `the schema could not be checked within ${TIMEOUT_MS / 1000} s`
            : 'the schema could not be checked (it needs more memory than allowed)',
        ),
      };
    },
    () =>
      appError('BAD_USER_INPUT', `Too many large schema checks in progress for this tenant (at most ${MAX_WAITING_PER_TENANT} waiting); retry when they finish.`, {
        retryable: true,
      }),
  );
}

function unchecked(message: string): SchemaCheckResult {
  return { valid: false, errors: [{ path: '', message }], warnings: [], totalFields: null };
}
