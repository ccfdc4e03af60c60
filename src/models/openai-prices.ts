/**
 * Prices of models behind an OpenAI-compatible server, in USD per 1M tokens, by model id.
 *
 * OpenAI bills cached prompt tokens (`prompt_tokens_details.cached_tokens`, part of
 * `prompt_tokens`) at a lower rate, and reasoning tokens (`completion_tokens_details.reasoning_tokens`,
 * part of `completion_tokens`) as output. A self-hosted server costs nothing per token, so a
 * deployment pointed at one (no api.openai.com in OPENAI_BASE_URL) prices every model at 0 unless
 * OPENAI_PRICES says otherwise. Against OpenAI itself an unknown model has no price: its cost is
 * null (never a guess) and the job says so in a warning.
 */
import type { TokenUsage } from '../domain/types.ts';
import { isPlainObject } from '../json-schema/json-object.ts';

export interface OpenAiPrice {
  input: number;
  cachedInput: number;
  output: number;
}

interface OpenAiPriceEntry extends OpenAiPrice {
  source: string;
}

const LISTS =
  'platform.openai.com/docs/pricing as transcribed by deploybase.ai/articles/openai-pricing ("Data from OpenAI ' +
  'pricing page, March 2026") and tokenmath.io ("Checked Jun 21, 2026") for input and output';
const CACHED = 'cached input from the same pricing page as remembered (not re-checked, 2026-12-05)';

/** Standard (not batch) prices of OpenAI's own models; check the pricing page before billing anyone. */
const OPENAI_MODEL_PRICES: Readonly<Record<string, OpenAiPriceEntry>> = Object.freeze({
  'gpt-4.1': { input: 2, cachedInput: 0.5, output: 8, source: `${LISTS}; ${CACHED}` },
  'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6, source: `${LISTS}; ${CACHED}` },
  'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4, source: `${LISTS}; ${CACHED}` },
  'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10, source: `${LISTS}; ${CACHED}` },
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6, source: `${LISTS}; ${CACHED}` },
  'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10, source: `${LISTS}; ${CACHED}` },
  'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2, source: `${LISTS}; ${CACHED}` },
  'gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4, source: `${LISTS}; ${CACHED}` },
});

/**
 * Reads OPENAI_PRICES: a JSON object of model id → {input, cachedInput?, output} in USD per 1M
 * tokens (cachedInput defaults to input). Returns the problems instead of throwing, so config
 * can report them with all others.
 */
export function parseOpenAiPrices(raw: string): { prices: Record<string, OpenAiPrice>; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    return { prices: {}, problems: [`OPENAI_PRICES is not valid JSON (${(e as Error).message})`] };
  }
  if (!isPlainObject(json)) return { prices: {}, problems: ['OPENAI_PRICES must be a JSON object of model id → {input, cachedInput, output}'] };
  const prices: Record<string, OpenAiPrice> = {};
  const problems: string[] = [];
  for (const [model, entry] of Object.entries(json)) {
    const input = isPlainObject(entry) ? entry.input : undefined;
    const output = isPlainObject(entry) ? entry.output : undefined;
    const cachedInput = isPlainObject(entry) ? (entry.cachedInput ?? input) : undefined;
    if (![input, output, cachedInput].every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
      problems.push(`OPENAI_PRICES["${model}"] must be {"input": n, "cachedInput": n, "output": n} with n ≥ 0 (USD per 1M tokens)`);
      continue;
    }
    prices[model] = { input: input as number, cachedInput: cachedInput as number, output: output as number };
  }
  return { prices, problems };
}

/** Whether `baseUrl` is OpenAI's own API, whose models are billed. */
function isOpenAiHosted(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

/** The price of `model`: configured first, then OpenAI's list for api.openai.com, 0 for a self-hosted server; null when unknown. */
export function openAiPriceFor(
  model: string,
  context: { configured: Readonly<Record<string, OpenAiPrice>>; baseUrl: string },
): OpenAiPrice | null {
  const configured = context.configured[model];
  if (configured) return configured;
  if (!isOpenAiHosted(context.baseUrl)) return { input: 0, cachedInput: 0, output: 0 };
  return OPENAI_MODEL_PRICES[model] ?? OPENAI_MODEL_PRICES[withoutDateSuffix(model)] ?? null;
}

/** Cost of usage at `price`; null when the price is unknown. */
export function openAiCostUsd(price: OpenAiPrice | null, usage: TokenUsage): number | null {
  if (price === null) return null;
  const cached = Math.min(usage.cachedTokens ?? 0, usage.promptTokens);
  const uncached = usage.promptTokens - cached;
  return (uncached * price.input + cached * price.cachedInput + (usage.outputTokens + usage.thinkingTokens) * price.output) / 1e6;
}

/** "gpt-4.1-2025-04-14" is priced as "gpt-4.1". */
function withoutDateSuffix(model: string): string {
  return model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
}
