import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The environment of the threads the service starts (PDF readers, pdf-in-thread.ts; LOCAL's
 * extraction, models/local/local-in-thread.ts): this process's, with V8's code cache on disk
 * (Node's own default place for it, unless the user set NODE_COMPILE_CACHE). Set in the thread's
 * environment, not enabled by the thread itself, so it covers the thread's entry module too: a
 * thread whose TypeScript modules all come from the cache never loads Node's TypeScript stripper
 * (a WebAssembly module), about 15 MB of each thread's resident memory. pdf.js (3.4 MB of source)
 * starts in about half the CPU time; a LOCAL thread's first answer took 208-247 ms of CPU instead of
 * 692-827 ms (its ~60 modules no longer stripped and compiled afresh in every new thread).
 * The PDF reader child processes (pdf-in-child.ts) get the same folder.
 */
export const THREAD_ENV = { ...process.env, NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE || path.join(tmpdir(), 'node-compile-cache') };
