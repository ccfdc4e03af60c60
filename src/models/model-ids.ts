/**
 * The model catalogue: which Gemini model each ModelId names, how much document a section may
 * hold for it, and a rough latency figure for progress estimates.
 */
import type { ModelId } from '../domain/types.ts';

export type GeminiModelId = 'GEMINI_2_5_FLASH' | 'GEMINI_2_5_PRO' | 'GEMINI_3_FLASH_PREVIEW' | 'GEMINI_3_PRO_PREVIEW' | 'GEMINI';

/** The fixed enum models and the Gemini model ids they stand for (GEMINI takes any id). */
export const GEMINI_MODEL_NAMES: Readonly<Record<Exclude<GeminiModelId, 'GEMINI'>, string>> = Object.freeze({
  GEMINI_2_5_FLASH: 'gemini-2.5-flash',
  GEMINI_2_5_PRO: 'gemini-2.5-pro',
  GEMINI_3_FLASH_PREVIEW: 'gemini-3-flash-preview',
  GEMINI_3_PRO_PREVIEW: 'gemini-3-pro-preview',
});

/** Used for GEMINI when neither the job nor GEMINI_DEFAULT_MODEL names a model: a stable Flash model. */
export const DEFAULT_GEMINI_MODEL_NAME = 'gemini-3.6-flash';

export function isGeminiModel(model: ModelId): model is GeminiModelId {
  return model === 'GEMINI' || Object.hasOwn(GEMINI_MODEL_NAMES, model);
}

/**
 * Whether the model reads PDF pages (documentInput PDF and AUTO). Gemini does; LOCAL reads the
 * layout itself; OpenAI-compatible servers take text (and images when configured), not PDFs.
 */
export function readsPdf(model: ModelId): boolean {
  return isGeminiModel(model);
}

/** A Gemini model id as the REST API takes it: letters, digits, dots, dashes (e.g. "gemini-3.6-flash"). */
export const GEMINI_MODEL_NAME_PATTERN = /^[a-z0-9][a-z0-9.\-]{0,99}$/;

/**
 * The model name Gemini's REST API expects in `models/{name}:generateContent`: fixed for the
 * enum models, `modelName` for GEMINI.
 */
export function geminiModelName(model: GeminiModelId, modelName?: string | null): string {
  if (model === 'GEMINI') {
    if (!modelName) throw new RangeError('model GEMINI needs a modelName');
    return modelName;
  }
  return GEMINI_MODEL_NAMES[model];
}

/**
 * How a model takes its thinking settings: Gemini 2.x takes a token budget (`thinkingBudget`),
 * Gemini 3 and later a level (`thinkingLevel`); sending the other one is a 400 INVALID_ARGUMENT.
 * An id we cannot read ("gemini-exp-1206", a tuned model) is treated as current, i.e. by level.
 */
export type ThinkingStyle = 'budget' | 'level';

export function thinkingStyleOf(modelName: string): ThinkingStyle {
  const version = /^gemini-(\d+)(?:\.\d+)?-/.exec(modelName)?.[1];
  return version !== undefined && Number(version) < 3 ? 'budget' : 'level';
}

/** Pro models cannot turn thinking off; Flash and Flash-Lite can (2.x) or go down to MINIMAL (3.x). */
export function isProModel(modelName: string): boolean {
  return /-pro(?:-|$)/.test(modelName);
}

export interface ModelLimits {
  /**
   * Most tokens of document text (plus scanned pages) one section may hold. All Gemini models
   * take 1M tokens, but we stay well under 200k so that the prompt scaffolding, schema and
   * previous answers still fit and the Pro models stay in their cheaper (≤200k) price tier.
   */
  sectionTokenBudget: number;
  /**
   * ESTIMATE, not a measurement: typical wall time of one extraction call, used only to
   * predict a job's completion time. Thinking models on long sections take far longer.
   */
  typicalCallLatencyMs: number;
}

export const MODEL_LIMITS: Readonly<Record<ModelId, ModelLimits>> = Object.freeze({
  GEMINI_2_5_FLASH: { sectionTokenBudget: 150_000, typicalCallLatencyMs: 8_000 },
  GEMINI_2_5_PRO: { sectionTokenBudget: 150_000, typicalCallLatencyMs: 25_000 },
  GEMINI_3_FLASH_PREVIEW: { sectionTokenBudget: 150_000, typicalCallLatencyMs: 10_000 },
  GEMINI_3_PRO_PREVIEW: { sectionTokenBudget: 150_000, typicalCallLatencyMs: 30_000 },
  // Any Gemini model: every current one takes 1M tokens; latency as for the Flash models.
  GEMINI: { sectionTokenBudget: 150_000, typicalCallLatencyMs: 10_000 },
  // The local provider reads the layout itself, so sections only bound memory, not a context.
  LOCAL: { sectionTokenBudget: 1_000_000, typicalCallLatencyMs: 50 },
  // Self-hosted models often run with a 32k context (Ollama's default is smaller still, see the
  // README), so sections stay small enough to leave room for the prompt, schema and answer.
  OPENAI_COMPATIBLE: { sectionTokenBudget: 16_000, typicalCallLatencyMs: 15_000 },
});

/** Gemini bills a PDF page as an image of about this many tokens (document-processing docs). */
export const TOKENS_PER_PDF_PAGE = 258;

