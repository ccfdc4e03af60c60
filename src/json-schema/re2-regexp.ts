import { RE2JS } from 're2js';
import type { RegExpEngine, RegExpLike } from 'ajv/dist/types/index.js';
import { toError } from '../to-error.ts';

/**
 * The regular-expression engine for every ajv instance that sees a user's schema.
 *
 * ajv compiles `pattern` and `patternProperties` with the built-in backtracking `RegExp` by default:
 * `^(a+)+$` against 28 "a"s and a "!" blocks the event loop for seconds, doubling with each "a".
 * RE2 (here re2js, pure JavaScript: the native `re2` addon does not load under Node 24) matches in
 * time linear in the input, at the price of refusing lookarounds and backreferences. Those are
 * refused when a schema is checked (`compileUserPattern` throws), never silently at validation.
 *
 * JSON Schema's `pattern` is unanchored, hence `find()`, not `matches()`.
 */

class UnsupportedPatternError extends Error {
  override name = 'UnsupportedPatternError';
}

/** Compiles a user pattern for RE2 or throws `UnsupportedPatternError` saying why. */
export function compileUserPattern(pattern: string, flags = ''): RegExpLike {
  let re: RE2JS;
  try {
    re = RE2JS.compile(toRe2Syntax(pattern), flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (e) {
    const reason = toError(e).message;
    throw new UnsupportedPatternError(
      `is not a regular expression the service can run in linear time (RE2 syntax; lookarounds and backreferences are not supported): ${reason}`,
    );
  }
  // ajv keys its cache of compiled patterns on `toString()`: without it every pattern of a schema
  // would share the first one's matcher.
  const matcher: RegExpLike & { toString(): string } = { test: (s: string) => re.matcher(s).find(), toString: () => `/${pattern}/${flags}` };
  return matcher;
}

/**
 * ECMAScript's `\uXXXX` and `\u{X...}` escapes, common in JSON Schema patterns, are `\x{X...}` in
 * RE2. An escape preceded by an even run of backslashes is a real escape; an odd run means the
 * backslash itself was escaped.
 */
function toRe2Syntax(pattern: string): string {
  return pattern.replace(/(?<!\\)((?:\\\\)*)\\u(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{4}))/g, (_m, lead: string, braced?: string, four?: string) => `${lead}\\x{${braced ?? four}}`);
}

/** ajv's `code.regExp` option. `code` only matters for ajv's standalone code generation, unused here. */
export const re2RegExp: RegExpEngine = Object.assign((pattern: string, flags: string) => compileUserPattern(pattern, flags), {
  code: 'compileUserPattern',
});
