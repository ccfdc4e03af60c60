/**
 * Compiling validators a job will need while its first model calls are out, instead of on first
 * use when that is on the critical path: the result schema is first compiled after the last
 * answer (ajv: ~100 ms for a schema of 40 lists on this project's 2-core machine), which delays
 * the job's end by as much.
 *
 * One schema per event-loop turn, so that answers and other jobs' I/O run in between. The first
 * starts after `delayMs` (the caller starts the clock at the job's first model call): late enough
 * that the first requests are on the wire (a compile blocks the event loop), well before a
 * model's answer usually is. What is not prepared by the time it is needed is compiled then, as
 * before; a schema ajv cannot compile fails there too.
 */
import type { JsonSchema } from '../domain/types.ts';
import type { ValueValidator } from './validate-value.ts';

export interface PreparingValidators {
  /** Prepares nothing more (the job ended or was cancelled). */
  stop(): void;
}

/** `schemas` are made lazily, in order, each in its own turn. */
export function prepareValidatorsSoon(validator: ValueValidator, schemas: ReadonlyArray<() => JsonSchema>, delayMs: number): PreparingValidators {
  let next = 0;
  let immediate: ReturnType<typeof setImmediate> | undefined;
  const prepareOne = (): void => {
    const schema = schemas[next++];
    if (schema === undefined) return;
    try {
      validator.prepare(schema());
    } catch {
      // Reported where the schema is used.
    }
    if (next < schemas.length) immediate = setImmediate(prepareOne);
  };
  // unref: a pending preparation must not keep a process alive that has nothing else to do.
  const timer = setTimeout(prepareOne, delayMs).unref();
  return {
    stop() {
      clearTimeout(timer);
      clearImmediate(immediate);
      next = schemas.length;
    },
  };
}
