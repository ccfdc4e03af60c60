/**
 * The model catalogue: which Gemini model each ModelId names, how much document a section may
 * hold for it, and a rough latency figure for progress estimates.
 */
import type { ModelId } from '../pipeline/types.ts';

export type GeminiModelId = Exclude<ModelId, 'LOCAL' | 'OPENAI_COMPATIBLE'>;

const GEMINI_MODEL_NAMES: Record<GeminiModelId, string> = {
  GEMINI_2_5_FLASH: 'gemini-2.5-flash',
  GEMINI_2_5_PRO: 'gemini-2.5-pro',
  GEMINI_3_FLASH_PREVIEW: 'gemini-3-flash-preview',
  GEMINI_3_PRO_PREVIEW: 'gemini-3-pro-preview',
};

export function isGeminiModel(model: ModelId): model is GeminiModelId {
  return model !== 'LOCAL' && model !== 'OPENAI_COMPATIBLE';
}

/**
 * Whether the model reads PDF pages (documentInput PDF and AUTO). Gemini does; LOCAL reads the
 * layout itself; OpenAI-compatible servers take text (and images when configured), not PDFs.
 */
export function readsPdf(model: ModelId): boolean {
  return model.startsWith('GEMINI');
}

/** The model name Gemini's REST API expects in `models/{name}:generateContent`. */
export function geminiModelName(model: GeminiModelId): string {
  return GEMINI_MODEL_NAMES[model];
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
  // The local provider reads the layout itself, so sections only bound memory, not a context.
  LOCAL: { sectionTokenBudget: 1_000_000, typicalCallLatencyMs: 50 },
  // Self-hosted models often run with a 32k context (Ollama's default is smaller still, see the
  // README), so sections stay small enough to leave room for the prompt, schema and answer.
  OPENAI_COMPATIBLE: { sectionTokenBudget: 16_000, typicalCallLatencyMs: 15_000 },
});

/** Gemini bills a PDF page as an image of about this many tokens (document-processing docs). */
export const TOKENS_PER_PDF_PAGE = 258;

/**
 * Rough token count of text for budgeting sections (about 4 characters per token for Latin
 * text; Gemini's countTokens is exact but costs a round trip).
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
