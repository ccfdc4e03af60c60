/**
 * Extracting one subtree from every section it covers, merging the answers.
 *
 * Each section answer is validated against the subtree schema (when asked to) and, when invalid,
 * asked for ONCE more with the problems; a second invalid answer fails the subtree with
 * SCHEMA_VIOLATION. Sections of an ordinary subtree are asked concurrently (the job's limiter
 * decides how many calls run); the first failing section fails the subtree and cancels its other
 * calls. Turn-based arrays read their sections one after another so progress counts only grow.
 *
 * Never throws: failures come back as `error`, so the caller emits exactly one event per
 * subtree. Every call's usage is counted, failed calls included (ModelCallError carries it).
 */
import { runLimited } from '../models/limiter.ts';
import type { Limiter } from '../models/limiter.ts';
import { toError } from '../to-error.ts';
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
} from './types.ts';
import { addUsage, ZERO_USAGE } from './types.ts';
import { extractArrayInTurns, maxTurns, TurnOutputError } from './array-turns.ts';
import type { Candidate, MergedValue } from './merge-results.ts';
import { evidenceMap, mergeCandidates } from './merge-results.ts';

export interface SubtreeContext {
  config: ExtractConfig;
  provider: ModelProvider;
  /** The job's concurrency limit: passed to a provider that limits its own HTTP attempts. */
  jobLimiter: Limiter;
  /** Problems of `value` against `schema` (empty when valid); null when validation is off. */
  validate: ((schema: JsonSchema, value: unknown) => string[]) | null;
  /** Cost of one call in USD (prices are tiered per call, so never price a sum). */
  priceCall: (usage: TokenUsage) => number;
  /** PDF of the section's image-only pages, when there are any and the bytes are available. */
  imagePdfFor: (section: Section) => Promise<Uint8Array | undefined>;
  /** After every turn of a turn-based array, in order. */
  onArrayProgress: (progress: { itemsExtracted: number; turn: number; done: boolean }) => void;
  /** The job's signal: aborting it ends the subtree with ABORTED. */
  signal: AbortSignal;
}

export interface SubtreeFailure {
  errorType: SubtreeErrorType;
  message: string;
}

export interface SubtreeOutcome {
  merged: MergedValue;
  usage: TokenUsage;
  costUsd: number;
  warnings: string[];
  error: SubtreeFailure | null;
}

class SubtreeFailed extends Error {
  readonly errorType: SubtreeErrorType;
  constructor(errorType: SubtreeErrorType, message: string) {
    super(message);
    this.errorType = errorType;
  }
}

const ERROR_TYPES: ReadonlySet<string> = new Set<SubtreeErrorType>([
  'MODEL_ERROR', 'RATE_LIMITED', 'TIMEOUT', 'SCHEMA_VIOLATION', 'INVALID_OUTPUT', 'ABORTED',
]);

/** ModelCallError (and any provider error shaped like it) carries an errorType and a usage. */
function carried(e: unknown): { errorType?: SubtreeErrorType; usage?: TokenUsage } {
  if (typeof e !== 'object' || e === null) return {};
  const { errorType, usage } = e as { errorType?: unknown; usage?: unknown };
  return {
    errorType: typeof errorType === 'string' && ERROR_TYPES.has(errorType) ? (errorType as SubtreeErrorType) : undefined,
    usage: typeof usage === 'object' && usage !== null && 'totalTokens' in usage ? (usage as TokenUsage) : undefined,
  };
}

function classify(e: unknown, jobSignal: AbortSignal): SubtreeFailure {
  if (jobSignal.aborted) return { errorType: 'ABORTED', message: 'extraction cancelled' };
  const error = toError(e);
  if (e instanceof SubtreeFailed) return { errorType: e.errorType, message: e.message };
  if (e instanceof TurnOutputError) return { errorType: 'INVALID_OUTPUT', message: e.message };
  return { errorType: carried(e).errorType ?? 'MODEL_ERROR', message: error.message };
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
  let costUsd = 0;
  const warnings: string[] = [];
  const count = (u: TokenUsage): void => {
    usage = addUsage(usage, u);
    costUsd += ctx.priceCall(u);
  };
  // Cancels this subtree's other calls once one section has failed; follows the job's signal.
  const local = new AbortController();
  const follow = (): void => local.abort(ctx.signal.reason);
  if (ctx.signal.aborted) follow();
  ctx.signal.addEventListener('abort', follow, { once: true });
  const { config } = ctx;

  const call = async (section: Section, extra: Pick<ModelRequest, 'repair' | 'continuation'>): Promise<ModelResponse> => {
    const imagePdf = await ctx.imagePdfFor(section);
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
        ? await ctx.provider.extract({ ...request, jobLimiter: ctx.jobLimiter })
        : await runLimited([ctx.jobLimiter], async () => {
            local.signal.throwIfAborted();
            return ctx.provider.extract(request);
          }, local.signal);
      count(response.usage);
      return response;
    } catch (e) {
      const spent = carried(e).usage;
      if (spent) count(spent);
      throw e;
    }
  };

  const ask = async (section: Section, continuation?: ModelRequest['continuation']): Promise<ModelResponse> => {
    const first = await call(section, { continuation });
    const problems = ctx.validate?.(subtree.schema, first.value) ?? [];
    if (problems.length === 0) return first;
    const second = await call(section, { continuation, repair: { previousAnswer: first.value, problems } });
    const remaining = ctx.validate?.(subtree.schema, second.value) ?? [];
    if (remaining.length > 0) {
      throw new SubtreeFailed('SCHEMA_VIOLATION', `answer invalid after one repair: ${remaining.join('; ')}`);
    }
    return second;
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
        ask: (continuation) => ask(section, continuation),
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
    const answers = await Promise.all(
      sections.map(async (section): Promise<Candidate | null> => {
        try {
          const response = await ask(section);
          return { value: response.value, evidence: evidenceMap(response.evidence), section };
        } catch (e) {
          if (failure === null) failure = e ?? new Error('unknown failure');
          local.abort();
          return null;
        }
      }),
    );
    if (failure !== null) throw failure;
    return answers.filter((a): a is Candidate => a !== null);
  };

  try {
    const candidates = subtree.itemsPerTurn ? await inTurns(subtree.itemsPerTurn) : await perSection();
    return { merged: mergeCandidates(candidates), usage, costUsd, warnings, error: null };
  } catch (e) {
    return { merged: { value: null, sources: new Map() }, usage, costUsd, warnings, error: classify(e, ctx.signal) };
  } finally {
    ctx.signal.removeEventListener('abort', follow);
  }
}
