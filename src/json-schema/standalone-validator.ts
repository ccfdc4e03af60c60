import { createRequire } from 'node:module';
import type vm from 'node:vm';
import type { ValidateFunction } from 'ajv';
import { compileUserPattern } from './re2-regexp.ts';

/**
 * Running ajv's standalone validator code (CommonJS, as ajv's `standaloneCode` writes it) as a
 * function in this thread, as ajv itself runs the code it generates in-process. The compile
 * thread makes the code (compile-thread.ts); both it and its caller (compile-in-thread.ts) run it.
 */

const requireFromHere = createRequire(import.meta.url);

/**
 * The only modules ajv's standalone code refers to for our options: its runtime helpers and
 * ajv-formats' formats, the same module instances an in-process compile refers to. Anything else
 * is refused rather than loaded.
 */
function runtimeRequire(specifier: string): unknown {
  if (/^ajv\/dist\/runtime\/[a-zA-Z0-9_]+$/.test(specifier) || specifier === 'ajv-formats/dist/formats') return requireFromHere(specifier);
  throw new Error(`standalone validator code asked for a module it may not load: ${specifier}`);
}

/**
 * The module code wrapped as one function expression of what it refers to: `compileUserPattern`
 * is the name re2-regexp.ts gives ajv for the pattern engine in generated code.
 */
export function validatorSource(moduleCode: string): string {
  return `(function (module, exports, require, compileUserPattern) {\n${moduleCode}\n})`;
}

/** The validator that a script of `validatorSource` defines. */
export function instantiateValidator(script: vm.Script): ValidateFunction {
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module, module.exports, runtimeRequire, compileUserPattern);
  return module.exports as ValidateFunction;
}
