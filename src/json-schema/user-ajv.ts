import { Ajv } from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { re2RegExp } from './re2-regexp.ts';

// ajv and ajv-formats are CommonJS: under NodeNext the default import types as the module object,
// while at run time it is the export itself, which also carries `.default`. `.default` works in both.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/**
 * The ajv instances for anything that sees user schemas or model output: draft 2020-12 and
 * draft-07, every error reported, formats checked. strict: false because user schemas carry x-
 * keywords and Gemini's propertyOrdering. No ajv instance that sees user input runs a
 * backtracking regular expression: patterns run on RE2, in linear time (re2-regexp.ts).
 */
export function createUserAjvs(): { ajv2020: Ajv; ajv07: Ajv } {
  const options = { strict: false, allErrors: true, logger: false as const, code: { regExp: re2RegExp } };
  const ajv2020 = new Ajv2020(options);
  const ajv07 = new Ajv(options);
  addFormats(ajv2020);
  addFormats(ajv07);
  return { ajv2020, ajv07 };
}
