import { Ajv } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { re2RegExp } from './re2-regexp.ts';

// ajv and ajv-formats are CommonJS: under NodeNext the default import types as the module object,
// while at run time it is the export itself, which also carries `.default`. `.default` works in both.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;

/**
 * The ajv instances for anything that sees user schemas or model output: draft 2020-12 and
 * draft-07, every error reported, formats checked. strict: false because user schemas carry x-
 * keywords and Gemini's propertyOrdering. No ajv instance that sees user input runs a
 * backtracking regular expression: patterns run on RE2, in linear time (re2-regexp.ts).
 *
 * `source`: the instances keep each validator's generated code, for ajv's standalone module
 * (the compile thread's, compile-in-thread.ts); the code generated is the same either way.
 *
 * `optimize: false` skips ajv's pass over the generated code (dropping no-op nodes, inlining
 * names): about 40% of a compile's time for a schema of 40 groups. The pass changes how fast a
 * validator runs, not what it accepts or which schemas compile, so a compile made only to see that
 * a schema compiles (the schema check, check-schema.ts) skips it; validators that check answers keep it.
 */
export function createUserAjvs(options: { source?: boolean; optimize?: boolean } = {}): { ajv2020: Ajv; ajv07: Ajv } {
  const code = { regExp: re2RegExp, source: options.source === true, optimize: options.optimize !== false };
  const ajvOptions = { strict: false, allErrors: true, logger: false as const, code };
  const ajv2020 = new Ajv2020(ajvOptions);
  const ajv07 = new Ajv(ajvOptions);
  addFormats(ajv2020);
  addFormats(ajv07);
  return { ajv2020, ajv07 };
}

/**
 * What a value validator compiles for a user schema (its JSON text), and with which draft.
 *
 * ajv keeps every compiled schema object (and its $id) until removed; compiling a private copy
 * without the root $id lets the caller remove it again and lets two schemas share an $id. A
 * draft-07 `$schema` selects draft-07; anything else is compiled as 2020-12 (the schema check has
 * refused other drafts), without the `$schema` the 2020 instance would otherwise look up.
 */
export function compilableCopy(text: string): { copy: Record<string, unknown>; draft: '2020-12' | 'draft-07' } {
  const copy = JSON.parse(text) as Record<string, unknown>;
  delete copy['$id'];
  if (typeof copy['$schema'] === 'string' && DRAFT_07.test(copy['$schema'])) return { copy, draft: 'draft-07' };
  delete copy['$schema'];
  return { copy, draft: '2020-12' };
}
