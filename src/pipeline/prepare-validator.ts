/**
 * Compiling the validators a job will need while its first model calls are out, instead of on
 * first use when that is on the critical path: the result schema is first compiled after the last
 * answer (ajv: ~100 ms for a schema of 40 lists on this project's 2-core machine), which delays
 * the job's end by as much, and a subtree's answer schema at its first answer.
 *
 * The large compiles run in the validator's compile thread (compile-in-thread.ts), not on the event
 * loop, where they held every other job of the process meanwhile. They start after `delayMs`
 * (the caller starts the clock once the job's first model call holds its slots): what is left on
 * this thread (writing the schema out as JSON, reading the compiled code) waits until the first
 * requests are on the wire. A small schema is compiled in-process, as before (validate-value.ts says which).
 * Schemas are prepared in the order given (the one needed first, first). A schema the thread does
 * not compile in time, or cannot compile, is compiled where it is used, as before.
 */
import type { JsonSchema } from '../domain/types.ts';
import type { ValueValidator } from './validate-value.ts';

/**
 * Returns `stop`: prepares nothing if called before the delay is up (the job ended or was
 * cancelled), and nothing more after. One schema per turn of the event loop, each after the last
 * is prepared, so that the small ones compiled in-process do not add up to one long stall.
 */
export function prepareValidatorSoon(validator: ValueValidator, schemas: () => JsonSchema[], delayMs: number): () => void {
  let stopped = false;
  const prepareInTurns = async (): Promise<void> => {
    try {
      for (const schema of schemas()) {
        if (stopped) return;
        await validator.prepare(schema);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch {
      // Preparing is only ahead of time: a schema that could not be made or prepared is compiled
      // where it is used, which reports what fails. Nothing may escape from here, where it would
      // be an unhandled rejection, which ends the worker.
    }
  };
  // unref: a pending preparation must not keep a process alive that has nothing else to do.
  const timer = setTimeout(() => void prepareInTurns(), delayMs).unref();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
