import { THREAD_ENV } from '../../src/compile-cache.ts';

/**
 * For the Node processes tests start (the CLI, `apikey`, the service's entry points): V8's code
 * cache on disk, in the folder the service's threads and PDF readers use (THREAD_ENV, compile-cache.ts), so
 * that each of the suite's many short processes reads the compiled code of the modules it loads
 * instead of compiling it again (about 0.25 s less CPU per process here). What a process does is
 * the same with or without it.
 */
export const COMPILE_CACHE_ENV = { NODE_COMPILE_CACHE: THREAD_ENV.NODE_COMPILE_CACHE };
