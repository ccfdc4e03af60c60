/**
 * What model calls cost, in USD, from their token usage.
 *
 * Gemini bills thinking tokens as output. The Pro models have two tiers chosen per CALL by that
 * call's prompt size, so exact costs need per-call usage; an aggregate TokenUsage can only be
 * priced approximately (see costUsd).
 */
import type { ModelId, TokenUsage } from '../pipeline/types.ts';

/** USD per 1M tokens. */
export interface PriceTier {
  input: number;
  /** Output, including thinking tokens. */
  output: number;
}

export interface ModelPrice {
  /** Prices for calls whose prompt is at most `longPromptThreshold` tokens. */
  standard: PriceTier;
  /** Prices for calls with a longer prompt; absent when the model has one tier. */
  longPrompt?: { threshold: number; tier: PriceTier };
  /** Where the figures come from and how sure we are of them. */
  source: string;
}

/** When the table was compiled; each entry's `source` dates its own figures. */
export const PRICES_COMPILED_ON = '2026-11-23';

/**
 * Paid tier, standard (not batch) prices. Check https://ai.google.dev/gemini-api/docs/pricing
 * before trusting these for billing: preview prices in particular move.
 */
export const MODEL_PRICES: Readonly<Record<ModelId, ModelPrice>> = Object.freeze({
  GEMINI_2_5_FLASH: {
    standard: { input: 0.3, output: 2.5 },
    source:
      'ai.google.dev/gemini-api/docs/pricing as transcribed 2026-09-20 (api-evangelist/gemini, ' +
      'plans/gemini-plans-pricing.yml) for input; output from several third-party price lists',
  },
  GEMINI_2_5_PRO: {
    standard: { input: 1.25, output: 10 },
    longPrompt: { threshold: 200_000, tier: { input: 2.5, output: 15 } },
    source:
      'ai.google.dev/gemini-api/docs/pricing as transcribed 2026-09-20 for input; output and the ' +
      '>200k output tier from third-party price lists (litellm commit 93037ea, for 2.5 Pro preview)',
  },
  GEMINI_3_FLASH_PREVIEW: {
    standard: { input: 0.5, output: 3 },
    source:
      'ai.google.dev/gemini-api/docs/pricing as quoted by factquire.com (accessed 2026-07-04): ' +
      '"$0.50 (text / image / video) … Output price (including thinking tokens) $3.00"; preview price',
  },
  GEMINI_3_PRO_PREVIEW: {
    standard: { input: 2, output: 12 },
    longPrompt: { threshold: 200_000, tier: { input: 4, output: 18 } },
    source:
      'ESTIMATE from third-party guides (aifreeapi.com, "verified against Google AI Studio ' +
      '2026-02-04": $2/$12 for ≤200k); the >200k tier ($4/$18) is the one listed for ' +
      'gemini-3.1-pro-preview (inference.sh, 2026-10-11); preview price',
  },
  LOCAL: {
    standard: { input: 0, output: 0 },
    source: 'runs in-process, no charge',
  },
  OPENAI_COMPATIBLE: {
    standard: { input: 0, output: 0 },
    source: 'not used: the provider prices each call by the server\'s model id (models/openai-prices.ts)',
  },
});

/** Token counts of one HTTP call to a model. */
export interface CallUsage {
  promptTokens: number;
  outputTokens: number;
  thinkingTokens: number;
}

function tierFor(price: ModelPrice, promptTokens: number): PriceTier {
  if (price.longPrompt && promptTokens > price.longPrompt.threshold) return price.longPrompt.tier;
  return price.standard;
}

/** Exact cost of one call: its prompt size alone picks the tier. */
export function callCostUsd(model: ModelId, call: CallUsage): number {
  const tier = tierFor(MODEL_PRICES[model], call.promptTokens);
  return (call.promptTokens * tier.input + (call.outputTokens + call.thinkingTokens) * tier.output) / 1e6;
}

/**
 * Cost of several calls. Given per-call usage the result is exact. Given an aggregate
 * TokenUsage the tier is chosen by the average prompt per model call, which is exact whenever
 * the calls fall in one tier (always the case for sections within MODEL_LIMITS).
 */
export function costUsd(model: ModelId, usage: TokenUsage | readonly CallUsage[]): number {
  if (isCallList(usage)) return usage.reduce((sum, call) => sum + callCostUsd(model, call), 0);
  const averagePrompt = usage.modelCalls > 0 ? usage.promptTokens / usage.modelCalls : usage.promptTokens;
  const tier = tierFor(MODEL_PRICES[model], averagePrompt);
  return (usage.promptTokens * tier.input + (usage.outputTokens + usage.thinkingTokens) * tier.output) / 1e6;
}

function isCallList(usage: TokenUsage | readonly CallUsage[]): usage is readonly CallUsage[] {
  return Array.isArray(usage);
}
