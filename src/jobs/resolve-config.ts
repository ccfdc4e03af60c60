import { appError } from '../errors.ts';
import { PageSelectionError, parseTargetPages } from '../pipeline/page-selection.ts';
import type { ExtractConfig, ExtractionTarget, ModelId } from '../pipeline/types.ts';

const MODELS: readonly ModelId[] = ['GEMINI_2_5_FLASH', 'GEMINI_2_5_PRO', 'GEMINI_3_FLASH_PREVIEW', 'GEMINI_3_PRO_PREVIEW', 'LOCAL'];
const TARGETS: readonly ExtractionTarget[] = ['PER_DOC', 'PER_PAGE', 'PER_TABLE_ROW'];

/**
 * The contract's ExtractConfigInput, checked and with every default filled in. The model default
 * depends on the deployment: Gemini 2.5 Flash when a key is configured, LOCAL otherwise.
 */
export function resolveConfig(
  input: Partial<Record<keyof ExtractConfig, unknown>> | null,
  context: { geminiConfigured: boolean; pageCount: number },
): ExtractConfig {
  const given = input ?? {};
  const model = (given.model ?? (context.geminiConfigured ? 'GEMINI_2_5_FLASH' : 'LOCAL')) as ModelId;
  if (!MODELS.includes(model)) throw bad(`model ${String(model)} is not one of ${MODELS.join(', ')}`);
  if (model !== 'LOCAL' && !context.geminiConfigured) {
    throw bad(
      `model ${model} needs a Gemini API key, and this server has none configured (set GEMINI_API_KEY). ` +
        'Use model LOCAL, the offline extractor, or ask the operator to configure a key.',
    );
  }
  const config: ExtractConfig = {
    model,
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
  };
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
