/**
 * What a job would do and cost, from its plan, without calling a model.
 *
 * The plan (pages, sections, subtrees) is exactly the one the worker will make; only the token
 * counts are estimated. Input tokens use the same rule of thumb the sections use (about four
 * characters a token) over what each call sends: the system instruction, the section's text, its
 * scanned pages as images, the task and the response schema. The range is honest about what
 * cannot be known before the run:
 * - min: every call answered at once (no repair turn), lists as short as one item per section;
 * - max: every subtree asked once more to repair a value, turn-based lists as long as the
 *   section's lines allow, and thinking up to THINKING_TOKENS_PER_CALL per call.
 * Retries after errors (429, 5xx, timeouts) are not in the range: they are rare and billed only
 * when the model answered.
 */
import { callCostUsd } from '../models/prices.ts';
import { TOKENS_PER_PDF_PAGE } from '../models/model-ids.ts';
import { planExtraction, type ExtractionPlan } from '../pipeline/plan-extraction.ts';
import { estimateTokens } from '../pipeline/sections.ts';
import { pdfPagesOf, ZERO_USAGE, type DocumentLayout, type ExtractConfig, type JsonSchema, type ModelId, type Section, type TokenUsage } from '../domain/types.ts';
import { countLeafFields } from '../pipeline/split-schema.ts';
import { unreadablePageWarnings } from '../pdf/unreadable-pages.ts';

export interface ExtractionEstimate {
  model: ModelId;
  totalSubtrees: number;
  sections: number;
  modelCalls: number;
  inputTokensMin: number;
  inputTokensMax: number;
  /** Input tokens that a context cache could serve (the repeated document prefix of each section). */
  cachedTokensMax: number;
  outputTokensMin: number;
  outputTokensMax: number;
  /** null when the model's prices are unknown. */
  costUsdMin: number | null;
  costUsdMax: number | null;
  warnings: string[];
}

/** System instruction, task wording and page markers of one call, in tokens (measured on our prompts, rounded up). */
const PROMPT_OVERHEAD_TOKENS = 250;
/** Extra instruction text of a call that asks for evidence (per-key attribution). */
const EVIDENCE_INSTRUCTION_TOKENS = 90;
/** A leaf of the answer: its key, punctuation and a short value; a null leaf is about 3. */
const OUTPUT_TOKENS_PER_LEAF = { min: 3, max: 24 };
/** Evidence entry per non-null leaf: pointer, quote, page, reasoning, confidence. */
const EVIDENCE_TOKENS_PER_LEAF = { min: 20, max: 70 };
/** Thinking is billed as output; dynamic thinking on extraction calls rarely passes this. */
const THINKING_TOKENS_PER_CALL = 1024;

interface CallShape {
  input: number;
  outputMin: number;
  outputMax: number;
}

function sectionInputTokens(section: Section): number {
  return estimateTokens(section.text) + pdfPagesOf(section).length * TOKENS_PER_PDF_PAGE;
}

/** Items a list in `section` can have at most: one a line (a list item takes at least one). */
function maxItemsIn(section: Section): number {
  return Math.max(1, section.pages.reduce((n, page) => n + page.lines.length, 0));
}

export function estimateExtraction(input: {
  layout: DocumentLayout;
  schema: JsonSchema;
  config: ExtractConfig;
  sectionTokenBudget: number;
  /** Prices a call of a provider that prices its own models (OpenAI-compatible servers); the price table otherwise. */
  priceCall?: (usage: TokenUsage) => number | null;
  /** The plan of these same inputs when the caller made it already (the worker, which runs it next). */
  plan?: ExtractionPlan;
}): ExtractionEstimate {
  const { config } = input;
  const plan = input.plan ?? planExtraction(input);
  // Pages the upload could not read: the job will name them too, so the estimate says so first.
  const warnings: string[] = unreadablePageWarnings(input.layout);
  const sections = new Set(plan.subtrees.flatMap((s) => s.sections));
  if (config.model === 'LOCAL') {
    warnings.push('LOCAL is a rule-based reader, not a language model: it makes no model calls and costs nothing.');
    return {
      model: config.model,
      totalSubtrees: plan.subtrees.length,
      sections: sections.size,
      modelCalls: 0,
      inputTokensMin: 0,
      inputTokensMax: 0,
      cachedTokensMax: 0,
      outputTokensMin: 0,
      outputTokensMax: 0,
      costUsdMin: 0,
      costUsdMax: 0,
      warnings,
    };
  }

  const evidence = config.perKeyAttribution;
  const perLeafMin = OUTPUT_TOKENS_PER_LEAF.min + (evidence ? EVIDENCE_TOKENS_PER_LEAF.min : 0);
  const perLeafMax = OUTPUT_TOKENS_PER_LEAF.max + (evidence ? EVIDENCE_TOKENS_PER_LEAF.max : 0);
  const thinking = config.enableThinking ? THINKING_TOKENS_PER_CALL : 0;
  const minCalls: CallShape[] = [];
  const maxCalls: CallShape[] = [];
  let cachedTokensMax = 0;
  const timesSectionSent = new Map<Section, number>();

  for (const { subtree, sections: subtreeSections } of plan.subtrees) {
    const fixed = PROMPT_OVERHEAD_TOKENS + (evidence ? EVIDENCE_INSTRUCTION_TOKENS : 0) + estimateTokens(JSON.stringify(subtree.schema));
    const isList = subtree.schema.type === 'array';
    const itemLeaves = isList ? Math.max(1, countLeafFields((subtree.schema.items ?? {}) as JsonSchema)) : 0;
    for (const section of subtreeSections) {
      const inputTokens = fixed + sectionInputTokens(section);
      const items = maxItemsIn(section);
      if (subtree.itemsPerTurn !== undefined) {
        const turns = Math.ceil(items / subtree.itemsPerTurn);
        minCalls.push({ input: inputTokens, outputMin: itemLeaves * perLeafMin, outputMax: itemLeaves * perLeafMin });
        for (let turn = 0; turn < turns; turn++) {
          const inTurn = Math.min(subtree.itemsPerTurn, items - turn * subtree.itemsPerTurn);
          maxCalls.push({ input: inputTokens, outputMin: 0, outputMax: inTurn * itemLeaves * perLeafMax + thinking });
        }
        timesSectionSent.set(section, (timesSectionSent.get(section) ?? 0) + turns);
      } else {
        const outputMin = (isList ? itemLeaves : subtree.fieldCount) * perLeafMin;
        const outputMax = (isList ? itemLeaves * items : subtree.fieldCount) * perLeafMax + thinking;
        minCalls.push({ input: inputTokens, outputMin, outputMax: outputMin });
        // The answer, and a repair turn that sends the section again.
        maxCalls.push({ input: inputTokens, outputMin: 0, outputMax }, { input: inputTokens + outputMax, outputMin: 0, outputMax });
        timesSectionSent.set(section, (timesSectionSent.get(section) ?? 0) + 2);
      }
    }
  }
  // Every call after the first on a section repeats its document prefix, which a cache can serve.
  for (const [section, times] of timesSectionSent) cachedTokensMax += (times - 1) * sectionInputTokens(section);

  const sum = (calls: CallShape[], pick: (c: CallShape) => number) => calls.reduce((n, c) => n + pick(c), 0);
  const costOf = (calls: CallShape[], output: (c: CallShape) => number): number | null => {
    let total = 0;
    for (const call of calls) {
      const usage: TokenUsage = { ...ZERO_USAGE, promptTokens: call.input, outputTokens: output(call), totalTokens: call.input + output(call), modelCalls: 1 };
      const cost = input.priceCall ? input.priceCall(usage) : callCostUsd(config.modelName ?? config.model, usage);
      if (cost === null || !Number.isFinite(cost)) return null;
      total += cost;
    }
    return total;
  };
  const costUsdMin = costOf(minCalls, (c) => c.outputMin);
  const costUsdMax = costOf(maxCalls, (c) => c.outputMax);
  if (costUsdMin === null || costUsdMax === null) warnings.push(`No published prices are known for ${config.modelName ?? config.model}: the cost cannot be estimated.`);
  if (config.enableThinking) {
    warnings.push(`Thinking is on: its tokens are billed as output; the maximum assumes up to ${THINKING_TOKENS_PER_CALL} per call.`);
  }
  const scanned = plan.pageLayouts.filter((p) => !p.hasTextLayer).length;
  if (scanned > 0) warnings.push(`${scanned} scanned page${scanned === 1 ? '' : 's'} (no text layer) will be sent as images.`);
  if (plan.pageLayouts.length === 0) warnings.push('No pages are selected: check targetPages and maxPages.');

  return {
    model: config.model,
    totalSubtrees: plan.subtrees.length,
    sections: sections.size,
    modelCalls: minCalls.length,
    inputTokensMin: sum(minCalls, (c) => c.input),
    inputTokensMax: sum(maxCalls, (c) => c.input),
    cachedTokensMax,
    outputTokensMin: sum(minCalls, (c) => c.outputMin),
    outputTokensMax: sum(maxCalls, (c) => c.outputMax),
    costUsdMin: costUsdMin === null ? null : round6(costUsdMin),
    costUsdMax: costUsdMax === null ? null : round6(costUsdMax),
    warnings,
  };
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
