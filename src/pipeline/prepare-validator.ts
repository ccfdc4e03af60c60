/**
 * Compiling a validator a job will need while its first model calls are out, instead of on first
 * use when that is on the critical path: the result schema is first compiled after the last
 * answer (ajv: ~100 ms for a schema of 40 lists on this project's 2-core machine), which delays
 * the job's end by as much.
 *
 * After `delayMs` (the caller starts the clock at the job's first model call): late enough that
 * the first requests are on the wire (a compile blocks the event loop), well before a model's
 * answer usually is. If the validator is needed before then, it is compiled then, as before; a
 * schema ajv cannot compile fails there too, not here.
 */
import type { JsonSchema } from '../domain/types.ts';
import type { ValueValidator } from './validate-value.ts';

/** Returns `stop`: prepares nothing if called before the delay is up (the job ended or was cancelled). */
export function prepareValidatorSoon(validator: ValueValidator, schema: () => JsonSchema, delayMs: number): () => void {
  // unref: a pending preparation must not keep a process alive that has nothing else to do.
  const timer = setTimeout(() => {
    try {
      validator.prepare(schema());
    } catch {
      // Reported where the schema is used.
    }
  }, delayMs).unref();
  return () => clearTimeout(timer);
}
