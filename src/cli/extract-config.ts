import { GraphQLError } from 'graphql';
import { DOCUMENT_INPUTS, EXTRACTION_TARGETS, MODEL_IDS } from '../domain/choices.ts';
import { resolveConfig } from '../jobs/resolve-config.ts';
import { usageError } from './cli-error.ts';

/** ExtractConfigInput of the contract; fields left out take the server's defaults. */
export interface ExtractConfigInput {
  model?: string;
  maxNumConcurrentRequests?: number;
  validateResponseSchema?: boolean;
  perKeyAttribution?: boolean;
  temperature?: number;
  seed?: number;
  enableThinking?: boolean;
  nMaxRetries?: number;
  additionalInstructions?: string;
  enableAgenticArrayExtraction?: boolean;
  extractionTarget?: string;
  targetPages?: string;
  maxPages?: number;
  modelName?: string;
  documentInput?: string;
}

/** One command-line flag per field of ExtractConfigInput. */
export const EXTRACT_CONFIG_OPTIONS = {
  model: { type: 'string', short: 'm' },
  'model-name': { type: 'string' },
  'max-concurrent': { type: 'string' },
  'no-validate': { type: 'boolean' },
  attribution: { type: 'boolean' },
  temperature: { type: 'string' },
  seed: { type: 'string' },
  'no-thinking': { type: 'boolean' },
  'max-retries': { type: 'string' },
  instructions: { type: 'string' },
  'agentic-arrays': { type: 'boolean' },
  target: { type: 'string' },
  pages: { type: 'string' },
  'max-pages': { type: 'string' },
  'document-input': { type: 'string' },
} as const;

type ConfigFlags = {
  [K in keyof typeof EXTRACT_CONFIG_OPTIONS]?: (typeof EXTRACT_CONFIG_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

/**
 * Builds the config from the flags that were given. Obvious mistakes (a word where a number goes,
 * an unknown model) are refused here with the flag's name; checkExtractConfig then applies the
 * server's rules to the whole config.
 */
export function buildExtractConfig(flags: ConfigFlags): ExtractConfigInput {
  const config: ExtractConfigInput = {};
  if (flags.model !== undefined) config.model = oneOf('--model', flags.model, MODEL_IDS);
  if (flags['model-name'] !== undefined) config.modelName = flags['model-name'];
  if (flags['max-concurrent'] !== undefined) config.maxNumConcurrentRequests = integer('--max-concurrent', flags['max-concurrent']);
  if (flags['no-validate']) config.validateResponseSchema = false;
  if (flags.attribution) config.perKeyAttribution = true;
  if (flags.temperature !== undefined) config.temperature = decimal('--temperature', flags.temperature);
  if (flags.seed !== undefined) config.seed = integer('--seed', flags.seed);
  if (flags['no-thinking']) config.enableThinking = false;
  if (flags['max-retries'] !== undefined) config.nMaxRetries = integer('--max-retries', flags['max-retries']);
  if (flags.instructions !== undefined) config.additionalInstructions = flags.instructions;
  if (flags['agentic-arrays']) config.enableAgenticArrayExtraction = true;
  if (flags.target !== undefined) config.extractionTarget = oneOf('--target', flags.target, EXTRACTION_TARGETS);
  if (flags.pages !== undefined) config.targetPages = flags.pages;
  if (flags['max-pages'] !== undefined) config.maxPages = integer('--max-pages', flags['max-pages']);
  if (flags['document-input'] !== undefined) config.documentInput = oneOf('--document-input', flags['document-input'], DOCUMENT_INPUTS);
  return config;
}

/** The flag of each config field, to name it in the CLI's messages. */
const FLAG_OF: Record<string, string> = {
  model: '--model',
  maxNumConcurrentRequests: '--max-concurrent',
  temperature: '--temperature',
  seed: '--seed',
  nMaxRetries: '--max-retries',
  additionalInstructions: '--instructions',
  extractionTarget: '--target',
  targetPages: '--pages',
  maxPages: '--max-pages',
  modelName: '--model-name',
  documentInput: '--document-input',
};

/**
 * Checks the whole config with the server's own rules (ranges, page syntax) before the command
 * reads or uploads anything, so `--pages 9-3` costs no upload. What only the server can know
 * stays with it: whether a model is configured there, and the document's page count.
 */
export function checkExtractConfig(config: ExtractConfigInput): ExtractConfigInput {
  try {
    // Every model counts as configured here: only the server knows which ones it has.
    resolveConfig(config, { geminiConfigured: true, openaiConfigured: true, openaiDefaultModel: 'server-default', pageCount: Number.MAX_SAFE_INTEGER });
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    // The server's messages start with the field's name; the CLI user knows the flag.
    const field = /^[a-zA-Z]+/.exec(error.message)?.[0] ?? '';
    const flag = FLAG_OF[field];
    throw usageError(flag ? `${flag}${error.message.slice(field.length)}` : error.message);
  }
  return config;
}

/** `gemini-2.5-flash`, `Gemini_2_5_Flash` and `GEMINI_2_5_FLASH` all name the same enum value. */
function oneOf<T extends string>(flag: string, raw: string, allowed: readonly T[]): T {
  const folded = raw.trim().toUpperCase().replace(/[-. ]/g, '_');
  const match = allowed.find((value) => value === folded);
  if (!match) throw usageError(`${flag} must be one of ${allowed.join(', ')}; got "${raw}".`);
  return match;
}

function integer(flag: string, raw: string): number {
  if (!/^-?\d+$/.test(raw.trim())) throw usageError(`${flag} must be a whole number, got "${raw}".`);
  return Number(raw);
}

function decimal(flag: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw usageError(`${flag} must be a number, got "${raw}".`);
  return value;
}
