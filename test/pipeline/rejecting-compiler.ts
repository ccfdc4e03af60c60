import type { ThreadCompiler } from '../../src/json-schema/compile-in-thread.ts';

/** A compile thread that is gone: each compile rejects. `calls` counts the compiles asked of it. */
export function rejectingCompiler(): ThreadCompiler & { readonly calls: number } {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    compile: () => {
      calls++;
      return Promise.reject(new Error('compile thread gone'));
    },
  };
}
