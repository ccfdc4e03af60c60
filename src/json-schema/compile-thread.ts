/**
 * Worker-thread entry of compile-in-thread.ts: generates a validator's code for one schema (its
 * JSON text) at a time, with the same ajv instances and options as a value validator compiles with
 * in-process (user-ajv.ts), and answers with ajv's standalone module code for it and V8's code
 * cache of that code, or with why it could not. Only code and cache cross back: the caller
 * evaluates the code (compile-in-thread.ts).
 *
 * The cache is made after running the validator once: V8 compiles a function's bytecode on its
 * first call, which for a large schema's one big validate function took as long again as parsing
 * it (30-160 ms for a pydantic-style schema of 40 models); with the cache, the caller's thread
 * reads that bytecode instead of compiling it.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { parentPort, resourceLimits } from 'node:worker_threads';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { toError } from '../to-error.ts';
import { instantiateValidator, validatorSource } from './standalone-validator.ts';
import { compilableCopy, createUserAjvs } from './user-ajv.ts';

// CommonJS, as in user-ajv.ts.
const standaloneCode = standaloneModule.default;

/**
 * ajv's code-generation scope keeps a reference to every schema it compiled, removeSchema or not,
 * and with `code.source` each one's generated code as well: measured at about 235 MB of heap per
 * million characters of schema text compiled (pydantic-style models, Node 24), so that this
 * thread's 256 MB of old generation (compile-in-thread.ts) filled after about 1.2 M characters,
 * slowed each compile tenfold, then ran out. Fresh instances, then, once the heap in use passes
 * this share of the thread's old-generation limit after a compile (100 MB of the 256 MB): the old
 * ones are garbage from then on. A share of the limit the thread was given, not a fixed size, so
 * that the two cannot drift apart, and a thread given less memory renews sooner. The heap in use
 * counts garbage not yet collected too, so this may renew early, at the cost of a meta-schema
 * compile (tens of ms, on this thread, after the answer is sent).
 */
const FRESH_AJVS_ABOVE_SHARE_OF_LIMIT = 0.39;
const FRESH_AJVS_ABOVE_HEAP_BYTES = FRESH_AJVS_ABOVE_SHARE_OF_LIMIT * (resourceLimits.maxOldGenerationSizeMb ?? 256) * 1024 * 1024;

let ajvs = createUserAjvs({ source: true });

function renewAjvsIfHeapIsFull(): void {
  if (v8.getHeapStatistics().used_heap_size > FRESH_AJVS_ABOVE_HEAP_BYTES) ajvs = createUserAjvs({ source: true });
}

function standaloneFor(text: string): { source: string; cache: Uint8Array } {
  const { copy, draft } = compilableCopy(text);
  const ajv = draft === 'draft-07' ? ajvs.ajv07 : ajvs.ajv2020;
  let source: string;
  try {
    source = validatorSource(standaloneCode(ajv, ajv.compile(copy)));
  } finally {
    ajv.removeSchema(copy);
  }
  const script = new vm.Script(source);
  const validate = instantiateValidator(script);
  // Compiles the validate function (and what a check of these values reaches) for the cache.
  validate({});
  validate(null);
  return { source, cache: script.createCachedData() };
}

// The generator's first run, and the 2020-12 meta-schema's compile, as the thread starts rather than for its first schema.
standaloneFor(JSON.stringify({ type: 'object', properties: { a: { type: 'string', format: 'date', pattern: '^[0-9]' }, b: { anyOf: [{ type: 'number' }, { type: 'null' }] } } }));

parentPort!.on('message', ({ id, text }: { id: number; text?: string }) => {
  // Asked whether the thread is ready (compile-in-thread.ts): it is, once it reads messages.
  if (text === undefined) {
    parentPort!.postMessage({ id });
    return;
  }
  try {
    parentPort!.postMessage({ id, ...standaloneFor(text) });
  } catch (e) {
    parentPort!.postMessage({ id, failed: toError(e).message });
  } finally {
    renewAjvsIfHeapIsFull();
  }
});
