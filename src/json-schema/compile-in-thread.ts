import vm from 'node:vm';
import type { ValidateFunction } from 'ajv';
import { createRequestThreads, type RequestThreads } from '../runtime/request-threads.ts';
import { instantiateValidator } from './standalone-validator.ts';

/**
 * Compiling a validator off the event loop: ajv's code generation, the costly part of a compile
 * (50-290 ms for a large schema on this project's 2-core machine, during which every other job of
 * the process waits), runs in a worker thread (compile-thread.ts), and so does V8's compile of the
 * generated code to bytecode: the caller's thread only reads that bytecode from V8's code cache
 * (standalone-validator.ts runs it). Should V8 refuse the cache, the code is compiled here instead,
 * and validates the same.
 *
 * The thread compiles with the same ajv instances and options as an in-process compile
 * (user-ajv.ts), and ajv's standalone module is the code an in-process compile would run, with each
 * value it refers to (formats, ajv's runtime helpers, RE2 patterns) loaded from the same modules,
 * so the validator validates exactly as one compiled here would.
 *
 * Bounded: at most `maxChars` of schema text is sent, one schema at a time, at most
 * MAX_WAITING waiting; a compile that passes `timeoutMs` or `maxOldGenerationSizeMb` ends
 * the thread (another starts on the next compile). In each of those cases, and for a schema ajv
 * cannot compile, the answer is null: the caller compiles in-process, as without a thread, and a
 * schema ajv cannot compile fails there with ajv's own error.
 *
 * Not sent: a schema with a `__proto__` key. ajv's standalone code writes the values a schema
 * holds (`const`, `enum`, ...) as JavaScript object literals, where `"__proto__": X` sets the
 * object's prototype instead of making a key, so the thread's validator would compare against
 * another value than an in-process one does (which keeps the key JSON.parse made).
 */
export interface ThreadCompiler {
  /** The validator for this schema text (compilableCopy's input), or null when it is left to the caller. */
  compile(text: string): Promise<ValidateFunction | null>;
}

interface ThreadCompilerLimits {
  maxChars?: number;
  timeoutMs?: number;
  /** The thread's old generation; compile-thread.ts renews its ajv instances at a share of it. */
  maxOldGenerationSizeMb?: number;
}

/** The most the schema check lets a schema's `$ref`s write out (check-limits.ts) is 2 MiB of JSON; the schema as written comes on top. */
const MAX_CHARS = 4_000_000;
/**
 * A stored schema was compiled once already, by the schema check (whose thread gives up after
 * 15 s); this is for one that takes longer here. A compile that passes it is done in-process at
 * the schema's first check, as before. Its clock starts once the thread is ready
 * (THREAD_START_TIMEOUT_MS): it bounds the compile, not a thread's start.
 */
const TIMEOUT_MS = 20_000;
/**
 * A thread's start (loading ajv, warming its generator: 0.3-1.6 s measured on this 2-core
 * machine, loaded), bounded on its own before each compile: a thread that is ready answers at once.
 */
const THREAD_START_TIMEOUT_MS = 20_000;
/** As the schema check's thread (check-in-thread.ts): ajv's scope keeps what it compiled, which compile-thread.ts renews by the heap it measures. */
const MAX_OLD_GENERATION_MB = 256;
/** A job of a new schema prepares one per subtree and its result schema; past this many waiting, the rest compile in-process. */
const MAX_WAITING = 256;

export function createThreadCompiler(limits: ThreadCompilerLimits = {}): ThreadCompiler {
  const maxChars = limits.maxChars ?? MAX_CHARS;
  let threads: RequestThreads | undefined;
  // Made on first use, not warmed at a worker's start: a worker that only ever sees small schemas
  // (compiled in-process) does not pay for the thread, which adds about 35 MB to the process's
  // resident memory once started, and whose heap then grows to 100-150 MB (measured), mostly what
  // its ajv keeps of the schemas compiled, until compile-thread.ts renews it.
  const pool = (): RequestThreads =>
    (threads ??= createRequestThreads({
      entry: new URL('./compile-thread.ts', import.meta.url),
      threads: 1,
      maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb ?? MAX_OLD_GENERATION_MB,
      timeoutMs: limits.timeoutMs ?? TIMEOUT_MS,
      maxWaitingPerKey: MAX_WAITING,
    }));
  const refused = new Error('too many compiles waiting');

  return {
    async compile(text) {
      if (text.length > maxChars || mayHaveProtoKey(text)) return null;
      try {
        return await pool().admitted(
          'compile',
          async (send) => {
            const ready = await send({ ready: true }, [], THREAD_START_TIMEOUT_MS);
            if (!('answer' in ready)) return null;
            const sent = await send<{ source?: string; cache?: Uint8Array; failed?: string }>({ text });
            if (!('answer' in sent) || sent.answer.source === undefined) return null;
            const { source, cache } = sent.answer;
            return instantiateValidator(new vm.Script(source, { cachedData: cache }));
          },
          () => refused,
        );
      } catch {
        // Refused, or code that would not evaluate: compiled in-process instead.
        return null;
      }
    },
  };
}

/**
 * Whether JSON text may hold a `__proto__` key: written plainly, or with any of its letters as a
 * \u escape, which JSON.parse reads as the same key. Also true for `__proto__` in a string value,
 * which merely compiles in-process.
 */
function mayHaveProtoKey(text: string): boolean {
  return text.includes('__proto__') || /\\u00(5f|70|72|6f|74)/i.test(text);
}
