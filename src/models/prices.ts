/**
 * What model calls cost, in USD, from their token usage.
 *
 * Gemini bills thinking tokens as output. The Pro models have two tiers chosen per CALL by that
 * call's prompt size, so exact costs need per-call usage; an aggregate TokenUsage can only be
 * priced approximately (see costUsd).
 */
import type { ModelId, TokenUsage } from '../domain/types.ts';
import { GEMINI_MODEL_NAMES } from './model-ids.ts';

/** USD per 1M tokens. */
interface PriceTier {
  input: number;
  /** Output, including thinking tokens. */
  output: number;
  /** Input served from a context cache; absent: a tenth of `input`, Gemini's discount on cached tokens. */
  cachedInput?: number;
}

export interface ModelPrice {
  /** Prices for calls whose prompt is at most `longPromptThreshold` tokens. */
  standard: PriceTier;
  /** Prices for calls with a longer prompt; absent when the model has one tier. */
  longPrompt?: { threshold: number; tier: PriceTier };
  /** Where the figures come from and how sure we are of them. */
  source: string;
}

/** Gemini bills tokens served from a context cache at this share of the input price ("90% off"). */
const CACHED_INPUT_SHARE = 0.1;

/**
 * Storage of an explicit context cache, USD per 1M tokens per hour, by model family. Sources:
 * the pricing page as quoted on discuss.ai.google.dev (2.5 Pro: "$4.50 / 1,000,000 tokens per
 * hour (storage price)", threads 92919 and 107349, 2025); Flash models $1.00, as the pricing page
 * listed for 2.5 Flash (third-party transcriptions, 2026): ESTIMATE for the 3.x models.
 */
function cacheStoragePerMillionHour(model: string): number {
  return /pro/.test(model) ? 4.5 : 1;
}

/**
 * Paid tier, standard (not batch) prices, keyed by the model id Gemini's API takes (and LOCAL).
 * Check https://ai.google.dev/gemini-api/docs/pricing before trusting these for billing: preview
 * and introductory prices in particular move. A model missing here has no known price: its cost
 * is null, never a guess.
 */
export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = Object.freeze({
  'gemini-2.5-flash': {
    standard: { input: 0.3, output: 2.5 },
    source:
      'ai.google.dev/gemini-api/docs/pricing as transcribed 2026-09-20 (api-evangelist/gemini, ' +
      'plans/gemini-plans-pricing.yml) for input; output from several third-party price lists',
  },
  'gemini-2.5-pro': {
    standard: { input: 1.25, output: 10 },
    longPrompt: { threshold: 200_000, tier: { input: 2.5, output: 15 } },
    source:
      'ai.google.dev/gemini-api/docs/pricing as transcribed 2026-09-20 for input; output and the ' +
      '>200k output tier from third-party price lists (litellm commit 93037ea, for 2.5 Pro preview)',
  },
  'gemini-3-flash-preview': {
    standard: { input: 0.5, output: 3 },
    source:
      'ai.google.dev/gemini-api/docs/pricing as quoted by factquire.com (accessed 2026-07-04): ' +
      '"$0.50 (text / image / video) … Output price (including thinking tokens) $3.00"; preview price',
  },
  'gemini-3-pro-preview': {
    standard: { input: 2, output: 12 },
    longPrompt: { threshold: 200_000, tier: { input: 4, output: 18 } },
    source:
      'ESTIMATE from third-party guides (aifreeapi.com, "verified against Google AI Studio ' +
      '2026-02-04": $2/$12 for ≤200k); the >200k tier ($4/$18) is the one listed for ' +
      'gemini-3.1-pro-preview (inference.sh, 2026-10-11); preview price',
  },
  'gemini-3.1-pro-preview': {
    standard: { input: 2, output: 12 },
    longPrompt: { threshold: 200_000, tier: { input: 4, output: 18 } },
    source:
      'third-party transcriptions of ai.google.dev/gemini-api/docs/pricing: $2/$12 for ≤200k ' +
      '(wowhow.cloud Gemini 3.5 Flash guide, 2026) and $4/$18 above (inference.sh, 2026-10-11); preview price',
  },
  'gemini-3.5-flash': {
    standard: { input: 1.5, output: 9 },
    source:
      'ESTIMATE: launch figures (2026-05-19) quoted by apidog.com and wowhow.cloud ("~$1.50 input, ' +
      '~$9.00 output per 1M, per Google\'s launch announcement"), read 2026-12-05',
  },
  'gemini-3.6-flash': {
    standard: { input: 0.75, output: 3.75 },
    source:
      'ai.google.dev/gemini-api/docs/pricing#gemini-3.6-flash as transcribed by models.dev ' +
      '(providers/google/models/gemini-3.6-flash.toml, commit 3f2765a), read 2026-12-05: introductory ' +
      'standard price through 2026-12-31; the page announces $1.50/$7.50 from 2027',
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

/** The price of a model, by ModelId or by the provider's model id; null when unknown. */
export function priceOf(model: ModelId | string): ModelPrice | null {
  const key = Object.hasOwn(GEMINI_MODEL_NAMES, model) ? GEMINI_MODEL_NAMES[model as keyof typeof GEMINI_MODEL_NAMES] : model;
  return Object.hasOwn(MODEL_PRICES, key) ? (MODEL_PRICES[key] as ModelPrice) : null;
}

/** Token counts of one HTTP call to a model. */
export interface CallUsage {
  promptTokens: number;
  outputTokens: number;
  thinkingTokens: number;
  /** Of promptTokens, those served from a context cache. */
  cachedTokens?: number;
  /** Context cache storage this call paid for: tokens × hours. */
  cacheStorageTokenHours?: number;
}

function inputCost(tier: PriceTier, call: CallUsage): number {
  const cached = Math.min(call.cachedTokens ?? 0, call.promptTokens);
  return (call.promptTokens - cached) * tier.input + cached * (tier.cachedInput ?? tier.input * CACHED_INPUT_SHARE);
}

function storageCost(model: string, call: CallUsage): number {
  return ((call.cacheStorageTokenHours ?? 0) * cacheStoragePerMillionHour(model)) / 1e6;
}

function tierFor(price: ModelPrice, promptTokens: number): PriceTier {
  if (price.longPrompt && promptTokens > price.longPrompt.threshold) return price.longPrompt.tier;
  return price.standard;
}

/** Exact cost of one call: its prompt size alone picks the tier. Null when the model's price is unknown. */
export function callCostUsd(model: ModelId | string, call: CallUsage): number | null {
  const price = priceOf(model);
  if (!price) return null;
  const tier = tierFor(price, call.promptTokens);
  return (inputCost(tier, call) + (call.outputTokens + call.thinkingTokens) * tier.output) / 1e6 + storageCost(String(model), call);
}

/**
 * Cost of several calls. Given per-call usage the result is exact. Given an aggregate
 * TokenUsage the tier is chosen by the average prompt per model call, which is exact whenever
 * the calls fall in one tier (always the case for sections within MODEL_LIMITS).
 * Null when the model's price is unknown.
 */
export function costUsd(model: ModelId | string, usage: TokenUsage | readonly CallUsage[]): number | null {
  const price = priceOf(model);
  if (!price) return null;
  if (isCallList(usage)) return usage.reduce((sum, call) => sum + (callCostUsd(model, call) ?? 0), 0);
  const averagePrompt = usage.modelCalls > 0 ? usage.promptTokens / usage.modelCalls : usage.promptTokens;
  const tier = tierFor(price, averagePrompt);
  return (inputCost(tier, usage) + (usage.outputTokens + usage.thinkingTokens) * tier.output) / 1e6 + storageCost(String(model), usage);
}

function isCallList(usage: TokenUsage | readonly CallUsage[]): usage is readonly CallUsage[] {
  return Array.isArray(usage);
}
