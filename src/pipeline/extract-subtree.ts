/**
 * Extracting one subtree from every section it covers, merging the answers.
 *
 * Each section answer is validated value by value against the subtree schema (when asked to).
 * When some values break it, ONE repair turn asks for just those values (their pointers, messages
 * and what was given); the repaired values replace those of the first answer at those pointers
 * only. What still breaks the schema is dropped at the smallest unit the schema allows (see
 * accept-values.ts) and reported as a violation; the rest of the answer is kept. A failed repair
 * call costs only the values it was asked for. The subtree fails (SCHEMA_VIOLATION) only when no
 * section gave anything usable.
 * Sections of an ordinary subtree are asked concurrently (the job's limiter decides how many
 * calls run); a section whose model call fails fails the subtree and cancels its other calls.
 * Turn-based arrays read their sections one after another so progress counts only grow.
 *
 * Never throws: failures come back as `error`, so the caller emits exactly one event per
 * subtree. Every call's usage is counted, failed calls included (ModelCallError carries it).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { runLimited } from '../models/limiter.ts';
import type { Limiter } from '../models/limiter.ts';
import { toError } from '../to-error.ts';
import { SUBTREE_ERROR_TYPES } from '../domain/choices.ts';
import type {
  ExtractConfig,
  JsonSchema,
  ModelProvider,
  ModelRequest,
  ModelResponse,
  Section,
  Subtree,
  SubtreeErrorType,
  TokenUsage,
  ValueProblem,
  Violation,
} from '../domain/types.ts';
import { acceptValid, mergeRepair } from './accept-values.ts';
import { evidenceAfterRepair, violationWarnings } from './violations.ts';
import { addUsage, ZERO_USAGE } from '../domain/types.ts';
import { extractArrayInTurns, maxTurns, TurnOutputError } from './array-turns.ts';
import type { Candidate, MergedValue } from './merge-results.ts';
import { evidenceMap, mergeCandidates } from './merge-results.ts';

export interface SubtreeContext {
  config: ExtractConfig;
  provider: ModelProvider;
  /** The job's concurrency limit: passed to a provider that limits its own HTTP attempts. */
  jobLimiter: Limiter;
  /** Problems of a section answer `value` for `schema`, value by value (empty when valid); null when validation is off. */
  problems: ((schema: JsonSchema, value: unknown) => ValueProblem[]) | null;
  /** Cost of one call in USD (prices are tiered per call, so never price a sum); null when the price is unknown. */
  priceCall: (usage: TokenUsage) => number | null;
  /**
   * PDF of the section's image-only pages, when there are any and the bytes are available, for
   * one answer (its call and repair): `done` once they have settled, so the job need not hold it.
   * Rejects with `signal`'s reason once it aborts (the subtree failed or the job ended).
   */
  imagePdfFor: (section: Section, signal: AbortSignal) => Promise<ImagePdf>;
  /** After every turn of a turn-based array, in order. */
  onArrayProgress: (progress: { itemsExtracted: number; turn: number; done: boolean }) => void;
  /** The job's signal: aborting it ends the subtree with ABORTED. */
  signal: AbortSignal;
  /**
   * Called as a model call (each of its attempts, for a provider that limits its own calls) holds
   * every slot it needs: the job's and the process's for such a provider (ModelRequest.onSlotsHeld),
   * the job's, taken here, for any other. Must not throw.
   */
  onSlotsHeld: () => void;
}

/** The pages one answer's calls send as PDF (see SubtreeContext.imagePdfFor). */
export interface ImagePdf {
  pdf: Uint8Array | undefined;
  done(): void;
}

interface SubtreeFailure {
  errorType: SubtreeErrorType;
  message: string;
  /** Asking again would give the same (the provider said so): no second round. */
  permanent?: boolean;
}

export interface SubtreeOutcome {
  merged: MergedValue;
  usage: TokenUsage;
  /** Null when a call's price is unknown. */
  costUsd: number | null;
  warnings: string[];
  /** Values dropped from the answers (paths into the whole result). */
  violations: Violation[];
  error: SubtreeFailure | null;
}

class SubtreeFailed extends Error {
  readonly errorType: SubtreeErrorType;
  constructor(errorType: SubtreeErrorType, message: string) {
    super(message);
    this.errorType = errorType;
  }
}

const ERROR_TYPES: ReadonlySet<string> = new Set<SubtreeErrorType>(SUBTREE_ERROR_TYPES);

/** ModelCallError (and any provider error shaped like it) carries an errorType and a usage. */
function carried(e: unknown): { errorType?: SubtreeErrorType; usage?: TokenUsage; permanent?: boolean } {
  if (typeof e !== 'object' || e === null) return {};
  const { errorType, usage, permanent } = e as { errorType?: unknown; usage?: unknown; permanent?: unknown };
  return {
    ...(permanent === true && { permanent: true }),
    errorType: typeof errorType === 'string' && ERROR_TYPES.has(errorType) ? (errorType as SubtreeErrorType) : undefined,
    usage: typeof usage === 'object' && usage !== null && 'totalTokens' in usage ? (usage as TokenUsage) : undefined,
  };
}

function classify(e: unknown, jobSignal: AbortSignal): SubtreeFailure {
  if (jobSignal.aborted) return { errorType: 'ABORTED', message: 'extraction cancelled' };
  const error = toError(e);
  if (e instanceof SubtreeFailed) return { errorType: e.errorType, message: e.message };
  if (e instanceof TurnOutputError) return { errorType: 'INVALID_OUTPUT', message: e.message };
  const { errorType, permanent } = carried(e);
  return { errorType: errorType ?? 'MODEL_ERROR', message: error.message, ...(permanent && { permanent }) };
}

/** Most values one repair request asks for. */
const MAX_REPAIR_PROBLEMS = 100;

/** A section answer after validation; `returned` counts the items the model gave (turns). */
type Answer = ModelResponse & { returned: number; usable?: boolean };

/** Adds `offset` to the first (array index) token of `pointer`. */
function shiftIndex(pointer: string, offset: number): string {
  if (offset === 0) return pointer;
  const m = /^\/(\d+)(\/.*)?$/.exec(pointer);
  return m ? `/${Number(m[1]) + offset}${m[2] ?? ''}` : pointer;
}

function pageRange(section: Section): string {
  const pages = section.pages.map((p) => p.page);
  return pages.length > 1 ? `pages ${pages[0]}-${pages[pages.length - 1]}` : `page ${pages[0]}`;
}

/** `path` (the subtree's place in the whole result) is only used in warnings. */
export async function extractSubtree(
  subtree: Subtree,
  sections: readonly Section[],
  ctx: SubtreeContext,
  path: string = subtree.pointer,
): Promise<SubtreeOutcome> {
  let usage = ZERO_USAGE;
  let costUsd: number | null = 0;
  const warnings: string[] = [];
  const violations: Violation[] = [];
  const count = (u: TokenUsage): void => {
    usage = addUsage(usage, u);
    const price = ctx.priceCall(u);
    costUsd = costUsd === null || price === null ? null : costUsd + price;
  };
  // Cancels this subtree's other calls once one section has failed; follows the job's signal.
  const local = new AbortController();
  const follow = (): void => local.abort(ctx.signal.reason);
  if (ctx.signal.aborted) follow();
  ctx.signal.addEventListener('abort', follow, { once: true });
  const { config } = ctx;

  const call = async (section: Section, extra: Pick<ModelRequest, 'repair' | 'continuation'>, imagePdf: Uint8Array | undefined): Promise<ModelResponse> => {
    const request: ModelRequest = {
      subtree,
      section,
      imagePdf,
      additionalInstructions: config.additionalInstructions ?? undefined,
      temperature: config.temperature ?? undefined,
      seed: config.seed ?? undefined,
      enableThinking: config.enableThinking,
      wantEvidence: config.perKeyAttribution,
      ...extra,
      signal: local.signal,
    };
    try {
      // A provider that limits its own calls holds the job's slot only while HTTP is in flight,
      // so a call backing off lets the job's other calls run; any other holds it throughout.
      const response = ctx.provider.limitsOwnCalls
        ? await ctx.provider.extract({ ...request, jobLimiter: ctx.jobLimiter, onSlotsHeld: ctx.onSlotsHeld })
        : await runLimited([ctx.jobLimiter], async () => {
            local.signal.throwIfAborted();
            ctx.onSlotsHeld();
            return ctx.provider.extract(request);
          }, local.signal);
      count(response.usage);
      // The answer freed its slot and a waiting call is on its way to the socket: let it get
      // there before this answer is validated, merged, attributed and written, which would
      // otherwise run first (they are synchronous or quicker to resume) and delay the next call
      // by their few milliseconds, on every call of a job that waits for slots.
      await nextTurn();
      return response;
    } catch (e) {
      const spent = carried(e).usage;
      if (spent) count(spent);
      throw e;
    }
  };

  /**
   * One section answer, validated, repaired once and stripped of what still breaks the schema.
   * `offset` is added to top-level array indices in the reported paths (items of earlier turns).
   */
  const ask = async (section: Section, continuation: ModelRequest['continuation'], offset = 0): Promise<Answer> => {
    // The pages sent as PDF are held for the answer and its repair only (a long job asks for them
    // a few at a time: run-extraction.ts).
    const pages = await ctx.imagePdfFor(section, local.signal);
    try {
      return await answer(section, continuation, offset, pages.pdf);
    } finally {
      pages.done();
    }
  };

  const answer = async (section: Section, continuation: ModelRequest['continuation'], offset: number, imagePdf: Uint8Array | undefined): Promise<Answer> => {
    const first = await call(section, { continuation }, imagePdf);
    const returned = Array.isArray(first.value) ? first.value.length : 0;
    if (first.truncated && subtree.itemsPerTurn === undefined) {
      warnings.push(`${path}: the answer on ${pageRange(section)} was cut off at the model's output limit; values after the cut are missing`);
    }
    const problemsOf = ctx.problems;
    if (!problemsOf) return { ...first, returned };
    const problems = problemsOf(subtree.schema, first.value);
    if (problems.length === 0) return { ...first, returned };

    // A repair prompt with thousands of problems helps nobody; the rest are judged without it.
    const asked = problems.slice(0, MAX_REPAIR_PROBLEMS);
    let repaired: ModelResponse | null = null;
    try {
      repaired = await call(section, { continuation, repair: { previousAnswer: first.value, problems: asked } }, imagePdf);
    } catch (e) {
      if (local.signal.aborted) throw e;
      warnings.push(`${path}: the repair request on ${pageRange(section)} failed (${toError(e).message}); the values it asked for are judged as first given`);
    }
    const pointers = asked.map((p) => p.pointer);
    const value = repaired ? mergeRepair(first.value, repaired.value, pointers) : first.value;
    const accepted = acceptValid({ schema: subtree.schema, value, problemsOf: (v) => problemsOf(subtree.schema, v) });
    const found = accepted.dropped.map((d) => ({ path: `${path}${shiftIndex(d.pointer, offset)}`, message: d.message, rejectedValue: d.rejectedValue }));
    violations.push(...found);
    warnings.push(...violationWarnings(found));
    for (const n of accepted.normalised) {
      warnings.push(`${path}${shiftIndex(n.pointer, offset)}: read ${JSON.stringify(n.from)} as ${JSON.stringify(n.to)} (${n.how}; still invalid after repair as given)`);
    }
    const evidence = evidenceAfterRepair(first.evidence, repaired?.evidence ?? [], pointers, accepted.remap);
    return { value: accepted.value, evidence, done: first.done, usage: first.usage, returned, usable: accepted.value !== null || first.value === null };
  };

  const inTurns = async (itemsPerTurn: number): Promise<Candidate[]> => {
    const candidates: Candidate[] = [];
    let turnsBefore = 0;
    let itemsBefore = 0;
    for (const [i, section] of sections.entries()) {
      const isLast = i === sections.length - 1;
      const result = await extractArrayInTurns({
        section,
        itemsPerTurn,
        ask: (continuation) => ask(section, continuation, itemsBefore + continuation.itemsSoFar),
        onTurn: ({ turn, items, finished }) =>
          ctx.onArrayProgress({ turn: turnsBefore + turn, itemsExtracted: itemsBefore + items, done: finished && isLast }),
      });
      if (result.capped) {
        warnings.push(`${path}: stopped after ${maxTurns(itemsPerTurn)} turns on ${pageRange(section)} without the model saying it was done`);
      }
      turnsBefore += result.turns;
      itemsBefore += (result.candidate.value as unknown[]).length;
      candidates.push(result.candidate);
    }
    return candidates;
  };

  const perSection = async (): Promise<Candidate[]> => {
    let failure: unknown = null;
    let unusable = 0;
    const answers = await Promise.all(
      sections.map(async (section): Promise<Candidate | null> => {
        try {
          const response = await ask(section, undefined);
          if (response.usable === false) {
            unusable++;
            return null;
          }
          return { value: response.value, evidence: evidenceMap(response.evidence), section };
        } catch (e) {
          if (failure === null) failure = e ?? new Error('unknown failure');
          local.abort();
          return null;
        }
      }),
    );
    if (failure !== null) throw failure;
    const usable = answers.filter((a): a is Candidate => a !== null);
    if (usable.length === 0 && unusable > 0) {
      const reasons = violations.filter((v) => v.path === path).map((v) => v.message);
      throw new SubtreeFailed('SCHEMA_VIOLATION', `no value of the answer${unusable > 1 ? 's' : ''} fits the schema after one repair: ${reasons.join('; ')}`);
    }
    return usable;
  };

  try {
    const candidates = subtree.itemsPerTurn ? await inTurns(subtree.itemsPerTurn) : await perSection();
    // The sources of the merged value are read only to attribute it (run-extraction.ts).
    return { merged: mergeCandidates(candidates, { sources: config.perKeyAttribution }), usage, costUsd, warnings, violations, error: null };
  } catch (e) {
    return { merged: { value: null, sources: new Map() }, usage, costUsd, warnings, violations, error: classify(e, ctx.signal) };
  } finally {
    ctx.signal.removeEventListener('abort', follow);
  }
}
