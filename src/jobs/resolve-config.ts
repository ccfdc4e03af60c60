import { appError } from '../errors.ts';
import { PageSelectionError, parseTargetPages } from '../pipeline/page-selection.ts';
import type { ExtractConfig, ExtractionTarget, ModelId } from '../domain/types.ts';
import { DOCUMENT_INPUTS, EXTRACTION_TARGETS, MODEL_IDS, type DocumentInput } from '../domain/choices.ts';
import { DEFAULT_GEMINI_MODEL_NAME, GEMINI_MODEL_NAME_PATTERN, isGeminiModel, readsPdf } from '../models/model-ids.ts';

const MODELS: readonly ModelId[] = MODEL_IDS;
const TARGETS: readonly ExtractionTarget[] = EXTRACTION_TARGETS;

export interface ModelAvailability {
  geminiConfigured: boolean;
  /** GEMINI_DEFAULT_MODEL: the Gemini model id used for model GEMINI without a modelName. */
  geminiDefaultModel?: string | undefined;
  /** OPENAI_BASE_URL is set. */
  openaiConfigured?: boolean;
  /** OPENAI_DEFAULT_MODEL: the model id used when a job gives no modelName. */
  openaiDefaultModel?: string | null;
  /**
   * A Gemini model named by the config is resolved even without a key (an estimate may price one
   * this server cannot run, to decide whether to get a key). The default model still follows what
   * is configured, so that an estimate without a model is the estimate of the job that would run.
   */
  allowUnconfiguredGemini?: boolean;
}

/**
 * The contract's ExtractConfigInput, checked and with every default filled in. The model default
 * depends on the deployment: Gemini 2.5 Flash when a key is configured, else the OpenAI-compatible
 * server when one is, LOCAL otherwise.
 */
export function resolveConfig(
  input: Partial<Record<keyof ExtractConfig, unknown>> | null,
  context: ModelAvailability & { pageCount: number },
): ExtractConfig {
  const given = input ?? {};
  const fallbackModel: ModelId = context.geminiConfigured ? 'GEMINI_2_5_FLASH' : context.openaiConfigured ? 'OPENAI_COMPATIBLE' : 'LOCAL';
  const model = (given.model ?? fallbackModel) as ModelId;
  if (!MODELS.includes(model)) throw bad(`model ${String(model)} is not one of ${MODELS.join(', ')}`);
  if (model !== 'LOCAL' && model !== 'OPENAI_COMPATIBLE' && !context.geminiConfigured && context.allowUnconfiguredGemini !== true) {
    throw bad(
      `model ${model} needs a Gemini API key, and this server has none configured (set GEMINI_API_KEY). ` +
        'Use model LOCAL, the offline extractor, or ask the operator to configure a key.',
    );
  }
  const config: ExtractConfig = {
    model,
    modelName:
      model === 'OPENAI_COMPATIBLE'
        ? openAiModelName(given.modelName, context)
        : resolveModelName(model, given.modelName, context.geminiDefaultModel ?? DEFAULT_GEMINI_MODEL_NAME),
    maxNumConcurrentRequests: intIn(given.maxNumConcurrentRequests, 5, 1, 20, 'maxNumConcurrentRequests'),
    validateResponseSchema: bool(given.validateResponseSchema, true),
    perKeyAttribution: bool(given.perKeyAttribution, false),
    temperature: numberOrNull(given.temperature, 0, 2, 'temperature'),
    seed: given.seed == null ? null : intIn(given.seed, 0, -2_147_483_648, 2_147_483_647, 'seed'),
    enableThinking: bool(given.enableThinking, true),
    nMaxRetries: intIn(given.nMaxRetries, 3, 0, 10, 'nMaxRetries'),
    additionalInstructions: stringOrNull(given.additionalInstructions, 10_000, 'additionalInstructions'),
    enableAgenticArrayExtraction: bool(given.enableAgenticArrayExtraction, false),
    extractionTarget: (given.extractionTarget ?? 'PER_DOC') as ExtractionTarget,
    targetPages: stringOrNull(given.targetPages, 1000, 'targetPages'),
    maxPages: given.maxPages == null ? null : intIn(given.maxPages, 1, 1, 100_000, 'maxPages'),
    documentInput: documentInputOf(given.documentInput),
  };
  if (config.documentInput === 'PDF' && !readsPdf(model)) {
    throw bad(`documentInput PDF needs a model that reads PDF pages (a Gemini model); ${model} reads text. Use TEXT or AUTO.`);
  }
  if (!TARGETS.includes(config.extractionTarget)) throw bad(`extractionTarget must be one of ${TARGETS.join(', ')}`);
  if (config.targetPages !== null) {
    try {
      parseTargetPages(config.targetPages, context.pageCount);
    } catch (error) {
      // Its messages already start with "targetPages".
      if (error instanceof PageSelectionError) throw bad(error.message);
      throw error;
    }
  }
  return config;
}

function documentInputOf(value: unknown): DocumentInput {
  if (value == null) return 'AUTO';
  if (!DOCUMENT_INPUTS.includes(value as DocumentInput)) throw bad(`documentInput must be one of ${DOCUMENT_INPUTS.join(', ')}`);
  return value as DocumentInput;
}

function openAiModelName(value: unknown, context: ModelAvailability): string {
  if (!context.openaiConfigured) {
    throw bad(
      'model OPENAI_COMPATIBLE needs an OpenAI-compatible server, and this server has none configured ' +
        '(the operator sets OPENAI_BASE_URL, e.g. http://127.0.0.1:11434/v1 for Ollama). Use model LOCAL, the offline extractor.',
    );
  }
  const name = stringOrNull(value, 200, 'modelName') ?? context.openaiDefaultModel ?? null;
  if (name === null) {
    throw bad('model OPENAI_COMPATIBLE needs modelName, the server\'s model id (e.g. "qwen2.5:7b-instruct"), since no OPENAI_DEFAULT_MODEL is configured');
  }
  return name;
}

/**
 * GEMINI runs the model the job names, or the deployment's default, which is written into the
 * job's config so that the job says which model it ran. The fixed enum models name their own
 * model, so a modelName beside them is refused rather than silently ignored.
 */
function resolveModelName(model: ModelId, given: unknown, fallback: string): string | null {
  const name = stringOrNull(given, 200, 'modelName');
  if (model === 'GEMINI') {
    const id = (name ?? fallback).replace(/^models\//, '');
    if (!GEMINI_MODEL_NAME_PATTERN.test(id)) {
      throw bad(`modelName must be a Gemini model id such as "gemini-3.6-flash" (lower-case letters, digits, dots and dashes), got ${JSON.stringify(name)}`);
    }
    return id;
  }
  if (name !== null && (isGeminiModel(model) || model === 'LOCAL')) {
    throw bad(`modelName is only for model GEMINI (and providers addressed by their own model id); model ${model} names its model itself`);
  }
  return name;
}

function bad(message: string) {
  return appError('BAD_USER_INPUT', message);
}

function intIn(value: unknown, fallback: number, min: number, max: number, name: string): number {
  if (value == null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw bad(`${name} must be a whole number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function numberOrNull(value: unknown, min: number, max: number, name: string): number | null {
  if (value == null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw bad(`${name} must be from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function stringOrNull(value: unknown, maxLength: number, name: string): string | null {
  if (value == null) return null;
  const text = String(value).trim();
  if (text.length > maxLength) throw bad(`${name} is longer than ${maxLength} characters`);
  return text === '' ? null : text;
}
