/**
 * One whole extraction of one document against one schema with one config.
 *
 * Invariants the job runner relies on:
 * - `emit` is awaited and called strictly one event at a time, in order (`emitBatch`, when given,
 *   instead gets the same sequence cut into consecutive runs): JOB_STARTED (unless the
 *   job is resuming, see `completed`), then per subtree its ARRAY_PROGRESS events and exactly
 *   one SUBTREE_RESULT or SUBTREE_ERROR, after all its sections and turns. The events are the
 *   job log's own (domain/types.ts): the runner stores them as they come. A subtree that
 *   fails gets a second round once every subtree had its first; its one event follows that.
 * - At most `config.maxNumConcurrentRequests` model calls of this job are in flight at once
 *   (the provider applies the process-wide limit on top).
 * - Subtrees in `completed` were persisted by an earlier attempt: they are not asked again, emit
 *   nothing and are merged as they were. JOB_STARTED is only emitted when `completed` is absent.
 * - Cancellation: once `signal` aborts, no call starts, in-flight calls get the signal, no event
 *   is emitted any more (queued ones are dropped), and when every call has settled the promise
 *   rejects with ExtractionAborted (carrying the usage spent so far).
 * - A failing `emit` (the runner could not persist) cancels the run the same way and the promise
 *   rejects with that error.
 * - With `holdLastEvent`, the one SUBTREE_RESULT or SUBTREE_ERROR of the subtree that ends last is
 *   not emitted but returned in `heldEvents`, after every other event was delivered: the runner
 *   stores it with the job's final status, one write fewer per job. It is still the log's last
 *   pipeline event, so the order above holds.
 * Pure: no database, queue or HTTP; the provider, events and signal come in as arguments.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createLimiter } from '../models/limiter.ts';
import { callCostUsd, costUsd as aggregateCostUsd, priceOf } from '../models/prices.ts';
import { extractPages } from '../pdf/extract-pages.ts';
import { unreadablePagesOf, unreadablePageWarnings } from '../pdf/unreadable-pages.ts';
import type {
  DocumentLayout,
  ExtractConfig,
  JsonSchema,
  ModelProvider,
  PipelineEvent,
  SubtreeErrorType,
  TokenUsage,
} from '../domain/types.ts';
import { addUsage, ZERO_USAGE } from '../domain/types.ts';
import { emptyResult, failedValue, fillMissing, placeAt } from './assemble-result.ts';
import { attributeValue } from './attribute.ts';
import { groundingWarnings } from './locate/grounding-report.ts';
import { extractSubtree } from './extract-subtree.ts';
import { createSectionCuts } from './section-cuts.ts';
import { gatedLimiter } from './gated-limiter.ts';
import { toError } from '../to-error.ts';
import { sectionAnswerSchema, withoutNullOptionals } from './lenient-schema.ts';
import { planExtraction, type ExtractionPlan, type PlannedSubtree } from './plan-extraction.ts';
import { orderLikeSchema } from './order-like-schema.ts';
import { prepareValidatorSoon } from './prepare-validator.ts';
import { createValueValidator, type ValueValidator } from './validate-value.ts';

export interface CompletedSubtree {
  path: string;
  value: unknown;
  attributions: unknown | null;
  usage: TokenUsage;
  error?: { errorType: SubtreeErrorType; message: string };
}

interface ExtractionLogger {
  warn(obj: object, msg: string): void;
}

export interface RunExtractionInput {
  layout: DocumentLayout;
  /** Needed to send image-only pages to the model; without it (or `cutPages`) they are skipped with a warning. */
  pdfBytes?: Uint8Array;
  /**
   * Cuts the given pages out as a PDF, in place of cutting them from `pdfBytes` (a caller that
   * keeps cuts across jobs). `signal` aborts once no answer of the job waits for the cut any more.
   */
  cutPages?: (pages: number[], signal: AbortSignal) => Promise<Uint8Array>;
  /** Already checked; may contain local $refs. */
  schema: JsonSchema;
  config: ExtractConfig;
  provider: ModelProvider;
  sectionTokenBudget: number;
  emit: (event: PipelineEvent) => Promise<void> | void;
  /**
   * When given, used instead of `emit`: the events that queued up while the previous delivery
   * was in flight, in order, in one call (a runner can store them in one transaction).
   */
  emitBatch?: (events: PipelineEvent[]) => Promise<void>;
  signal: AbortSignal;
  /** Keyed by subtree path. */
  completed?: ReadonlyMap<string, CompletedSubtree>;
  /** planExtraction of these same inputs when the caller made it already (to estimate the job); made here otherwise. */
  plan?: ExtractionPlan;
  /** Return the last subtree's final event in `heldEvents` instead of emitting it (see the invariants above). */
  holdLastEvent?: boolean;
  /**
   * Called once, when the subtree that ends last has its final event: no model call of this run
   * is left to send or await (what remains is merging, checks and writes). Not called when every
   * subtree was completed by an earlier attempt (no call was made). The run then waits one loop
   * turn before it merges, so that what the caller starts here goes out first (see below).
   */
  onModelDone?: () => void;
  /**
   * Called once, WHILE_WAITING_DELAY_MS after the run's first model call held all its slots (its
   * first requests are on the wire by then, their answers usually not in yet), unless the run has
   * ended before: work the caller needs only once the run ends (a job's estimate) goes here, off
   * the way to the first requests. A failure is only logged: the caller does the work itself if it
   * was not done.
   */
  whileWaiting?: () => void;
  logger?: ExtractionLogger;
}

export interface ExtractionOutcome {
  /** The merged result; with perKeyAttribution, non-null primitives are AttributionInfo. */
  results: unknown;
  usage: TokenUsage;
  /** Null when the model's price is unknown (a warning says so). */
  costUsd: number | null;
  numPagesExtracted: number;
  warnings: string[];
  /** Pages of the document that could not be read (PageLayout.unreadable): nothing was extracted from them. */
  unreadablePages: number[];
  /** Paths of the subtrees that failed in both rounds; their values are empty in `results`. */
  failedPaths: string[];
  /** Why each of `failedPaths` failed, in the same order. */
  failures: Array<{ path: string; errorType: SubtreeErrorType; message: string }>;
  totalSubtrees: number;
  totalFields: number;
  /** With `holdLastEvent`: the events not emitted, for the caller to store (empty otherwise). */
  heldEvents: PipelineEvent[];
}

/** The extraction was cancelled through its signal (or its events could not be delivered). */
export class ExtractionAborted extends Error {
  override readonly name = 'ExtractionAborted';
  readonly usage: TokenUsage;
  readonly costUsd: number | null;
  constructor(usage: TokenUsage, costUsd: number | null) {
    super('extraction aborted');
    this.usage = usage;
    this.costUsd = costUsd;
  }
}

interface SubtreeDone {
  value: unknown;
  attributions: unknown | null;
  usage: TokenUsage;
  costUsd: number | null;
  error: { errorType: SubtreeErrorType; message: string } | null;
}

interface FirstRoundBarrier {
  /** Called exactly once per subtree when its first round (or its resumption) ended. */
  ended(): void;
  /** Resolves once every subtree's first round ended. */
  allEnded: Promise<void>;
}

function firstRoundBarrier(subtrees: number): FirstRoundBarrier {
  const { promise, resolve } = Promise.withResolvers<void>();
  let remaining = subtrees;
  if (remaining === 0) resolve();
  return {
    ended() {
      if (--remaining === 0) resolve();
    },
    allEnded: promise,
  };
}

/**
 * Sequential, in-order event delivery that goes quiet once `stopped()`. With `emitBatch`, the
 * events pushed while a delivery is in flight go out together in the next one, still in order.
 */
function createEventQueue(
  emit: RunExtractionInput['emit'],
  emitBatch: RunExtractionInput['emitBatch'],
  stopped: () => boolean,
  onError: (e: Error) => void,
) {
  let tail: Promise<void> = Promise.resolve();
  let waiting: PipelineEvent[] | null = null;
  return {
    push(event: PipelineEvent): Promise<void> {
      if (emitBatch && waiting) {
        // A delivery is queued behind the one in flight and has not started: ride along.
        waiting.push(event);
        return tail;
      }
      const batch = [event];
      if (emitBatch) waiting = batch;
      tail = tail
        .then(async () => {
          if (waiting === batch) waiting = null;
          if (stopped()) return;
          if (emitBatch) await emitBatch(batch);
          else await emit(event);
        })
        .catch((e: unknown) => onError(toError(e)));
      return tail;
    },
    drain: (): Promise<void> => tail,
  };
}

/**
 * One validator for every job of the process: compiling a schema (ajv) costs milliseconds, and
 * the jobs of one schema ask for the same subtree and result schemas, which it keeps by their
 * JSON text (bounded, oldest evicted). Checks are synchronous, so jobs cannot interleave in one.
 */
let sharedValidator: ValueValidator | undefined;

/** Creates the process's validator and runs one tiny check, so that ajv's first compile happens at start (pipeline/warm-up.ts). */
export function warmUpValidator(): void {
  (sharedValidator ??= createValueValidator()).validate({ type: 'object', properties: { a: { type: 'string' } } }, { a: 'a' });
}

/**
 * Cuts a job may hold beyond its calls in flight (see cut-window.ts); half of them free start the
 * next batch, asked together so that they share a parse of the document. 16 single-page cuts of
 * a scan are about 3 MB.
 */
const CUTS_AHEAD = 16;

/** How long after a job's first model call held its slots its validators are prepared (prepare-validator.ts). */
const VALIDATOR_PREPARE_DELAY_MS = 50;

/** How long after a job's first model call held its slots its caller's `whileWaiting` runs (after the validators' preparation has begun, above). */
const WHILE_WAITING_DELAY_MS = 60;

/**
 * Each subtree's run, in plan order: those of the first wave (as many subtrees that call the model
 * as the job has slots) begun at once, the others two loop iterations later. Every subtree prepares
 * its request (prompt, response schema, the provider's request body) before it waits for a slot,
 * and begun together, the subtrees do so in lockstep, each one step per microtask round: the job's
 * first request went out only once all of them had prepared theirs, most of them for a slot 200 ms
 * away (40 subtrees at C = 5, a warm worker, from the claim's answer to the fifth request written:
 * median 4.4 → 3.3 ms of the worker's CPU, 6.8 → 3.6 ms of wall time, 9 jobs each, load 6-12).
 * Two iterations: undici writes a request on a kept-alive connection in the check phase after its
 * dispatch (client-h1.js, its idle socket check), so the first wave's requests are written first
 * (call-with-retries.ts holds its build permits back the same way). A subtree an earlier attempt
 * completed calls nothing and is no part of the wave. The others still ask for their slots in plan
 * order, after the first wave, as they did; a first wave that does not reach the model that soon (a
 * cut, an upload) only has the others prepare beside it. A run cancelled meanwhile begins them all
 * the same: each ends at once as aborted, calling nothing (the invariants above).
 */
function firstWaveFirst<T>(
  subtrees: readonly PlannedSubtree[],
  slots: number,
  completed: ReadonlyMap<string, CompletedSubtree> | undefined,
  run: (planned: PlannedSubtree) => Promise<T>,
): Array<Promise<T>> {
  let wave = 0;
  let later: Promise<void> | null = null;
  return subtrees.map((planned) => {
    if (completed?.has(planned.path) || wave < slots) {
      if (!completed?.has(planned.path)) wave++;
      return run(planned);
    }
    later ??= new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
    return later.then(() => run(planned));
  });
}

function sectionPages(planned: PlannedSubtree) {
  return planned.sections.flatMap((s) => s.pages);
}

export async function runExtraction(input: RunExtractionInput): Promise<ExtractionOutcome> {
  const { config, provider, completed } = input;
  const plan = input.plan ?? planExtraction(input);
  // A page that could not be read was accepted with the document, not read: each job says so.
  const warnings: string[] = unreadablePageWarnings(input.layout);
  const validator = (sharedValidator ??= createValueValidator());
  // GEMINI (and any provider addressed by its own model id) is priced by that id; a provider that
  // prices its own calls (an OpenAI-compatible server's models) does so itself. An unknown price
  // makes costUsd null, never a guess.
  const priceKey = config.modelName ?? config.model;
  let priceUnknown = false;
  const providerPrice = (u: TokenUsage): number | null => {
    const cost = provider.costUsd?.(u) ?? null;
    if (cost === null) priceUnknown = true;
    return cost;
  };
  const priceCall = (u: TokenUsage): number | null => (provider.costUsd ? providerPrice(u) : callCostUsd(priceKey, u));
  // Resumed work only has per-subtree totals, priced by their average call.
  const priceTotal = (u: TokenUsage): number | null => (provider.costUsd ? providerPrice(u) : aggregateCostUsd(priceKey, u));
  if (!provider.costUsd && priceOf(priceKey) === null) {
    warnings.push(`cost: no published price is known for model ${priceKey}, so costUsd is null (token counts are exact)`);
  }

  const job = new AbortController();
  const follow = (): void => job.abort(input.signal.reason);
  if (input.signal.aborted) follow();
  input.signal.addEventListener('abort', follow, { once: true });
  let emitError: Error | null = null;
  const events = createEventQueue(input.emit, input.emitBatch, () => job.signal.aborted, (e) => {
    emitError ??= e;
    input.logger?.warn({ err: e }, 'extraction event could not be emitted; cancelling the extraction');
    job.abort(e);
  });

  // The pages each answer sends as PDF, a window of them at a time (section-cuts.ts). A job ended
  // by a failed event write (job.abort above) gives up its waiting cuts as a cancelled one does.
  const bytes = input.pdfBytes;
  const imagePdfFor = createSectionCuts({
    cut: input.cutPages ?? (bytes ? (pages: number[]) => extractPages(bytes, pages) : null),
    readsImages: provider.readsImages !== false,
    places: Math.max(1, Math.floor(config.maxNumConcurrentRequests)) + CUTS_AHEAD,
    refill: CUTS_AHEAD / 2,
    signal: job.signal,
    warnings,
    logger: input.logger,
  });

  // A model call is sent only once JOB_STARTED is stored (a job whose start cannot be written,
  // cancelled or taken over, calls nothing), but each subtree prepares its first request (prompt,
  // response schema) and queues for a slot while that write is in flight, rather than after it.
  const started = completed ? Promise.resolve() : events.push({ type: 'JOB_STARTED', totalSubtrees: plan.subtrees.length, totalFields: plan.totalFields, startTime: new Date().toISOString() });
  const jobSlots = Math.max(1, Math.floor(config.maxNumConcurrentRequests));
  const jobLimiter = gatedLimiter(createLimiter(jobSlots), started);
  const totalSubtrees = plan.subtrees.length;
  // Subtrees whose final event is not yet pushed; the one that brings it to 0 is the last.
  let unfinished = totalSubtrees;
  const heldEvents: PipelineEvent[] = [];
  let handedOver = false;
  /** The caller's hand-over: its failure is its own, never the last subtree's, so it is only logged. */
  const modelDone = (): void => {
    handedOver = input.onModelDone !== undefined;
    try {
      input.onModelDone?.();
    } catch (e) {
      input.logger?.warn({ err: toError(e) }, 'onModelDone failed after the last model answer; the run goes on');
    }
  };
  /**
   * A subtree's final event: queued, or held when it is the run's last and the caller asked so.
   * Not waited for: its write is the drain's (below), and a subtree is done once its answer is in,
   * so that the result is merged and checked while the events before the last are still being
   * written, not after (a queued delivery never rejects: a failed one cancels the run instead).
   */
  const finalEvent = (event: PipelineEvent): void => {
    // Decided and pushed in one synchronous step, so every earlier subtree's event is queued first.
    if (--unfinished === 0) modelDone();
    if (unfinished === 0 && input.holdLastEvent) {
      heldEvents.push(event);
      return;
    }
    void events.push(event);
  };
  // The subtrees' answer schemas (checked at each one's first answer), then the result schema
  // (checked after the last), compiled ahead: a large one in the validator's thread rather than on
  // this event loop, where it held the process's other jobs. Counted from the job's first model call
  // holding all its slots (SubtreeContext.onSlotsHeld), not from its start: before then (JOB_STARTED,
  // cutting pages, building the request, waiting for the job's and the process's slots) every turn
  // is on the way to the first request, and even the little left on this thread would delay it.
  // Gemini's request is built by then and sent next; OpenAI takes its slots before it builds the
  // body (messages, the SDK's JSON); LOCAL holds only the job's slot, and its request may still
  // wait for one of the process's LOCAL threads.
  let stopPreparing: (() => void) | undefined;
  let waitingWork: ReturnType<typeof setTimeout> | undefined;
  // Set as the run ends: a call telling of its slots later would arm timers nobody clears.
  let finished = false;
  const schemasToPrepare = (): JsonSchema[] => [
    ...(config.validateResponseSchema ? new Set(plan.subtrees.filter((p) => !completed?.has(p.path)).map((p) => sectionAnswerSchema(p.subtree.schema))) : []),
    plan.resultSchema,
  ];
  const prepareValidatorsOnce = (): void => {
    if (finished) return;
    stopPreparing ??= prepareValidatorSoon(validator, schemasToPrepare, VALIDATOR_PREPARE_DELAY_MS);
    const whileWaiting = input.whileWaiting;
    // unref: a pending call must not keep a process alive that has nothing else to do.
    if (whileWaiting) {
      waitingWork ??= setTimeout(() => {
        try {
          whileWaiting();
        } catch (e) {
          input.logger?.warn({ err: toError(e) }, 'work meant for the wait on the model failed; the run goes on');
        }
      }, WHILE_WAITING_DELAY_MS).unref();
    }
  };

  /** One round of model work on a subtree; emits only its array progress. */
  const extractOnce = (planned: PlannedSubtree, onArrayProgress: (p: { itemsExtracted: number; turn: number; done: boolean }) => void) =>
    extractSubtree(planned.subtree, planned.sections, {
      config,
      provider,
      jobLimiter,
      problems: config.validateResponseSchema ? (schema, value) => validator.problems(sectionAnswerSchema(schema), value) : null,
      priceCall,
      imagePdfFor,
      onArrayProgress,
      signal: job.signal,
      onSlotsHeld: prepareValidatorsOnce,
    }, planned.path);

  /**
   * A failed subtree gets one more round once every other subtree has had its first, with a
   * fresh retry budget: an outage that outlasted the first budget may be over by then. A failure
   * the provider calls permanent (a refusal, a 4xx) gets none: it would only repeat. Its one
   * SUBTREE_ERROR (or result) is emitted only after that round, so the log still has exactly one
   * per subtree. Array progress of the second round continues the first's turn count and never
   * reports fewer items than were already reported.
   */
  const runOne = async (planned: PlannedSubtree, firstRound: FirstRoundBarrier): Promise<SubtreeDone> => {
    const { subtree, path } = planned;
    const previous = completed?.get(path);
    if (previous) {
      firstRound.ended();
      unfinished--;
      const attributions =
        config.perKeyAttribution && !previous.error && previous.attributions === null
          ? attributeValue({ value: previous.value, sources: new Map() }, sectionPages(planned))
          : previous.attributions;
      return { value: previous.value, attributions, usage: previous.usage, costUsd: priceTotal(previous.usage), error: previous.error ?? null };
    }
    let turns = 0;
    let itemsReported = 0;
    let turnOffset = 0;
    const onArrayProgress = (p: { itemsExtracted: number; turn: number; done: boolean }): void => {
      turns = Math.max(turns, turnOffset + p.turn);
      if (p.itemsExtracted < itemsReported && !p.done) return;
      itemsReported = Math.max(itemsReported, p.itemsExtracted);
      void events.push({ type: 'ARRAY_PROGRESS', path, ...p, turn: turnOffset + p.turn });
    };
    let outcome = await extractOnce(planned, onArrayProgress);
    firstRound.ended();
    let usage = outcome.usage;
    let cost = outcome.costUsd;
    if (outcome.error && outcome.error.errorType !== 'ABORTED' && !outcome.error.permanent) {
      await firstRound.allEnded;
      turnOffset = turns;
      if (!job.signal.aborted) {
        outcome = await extractOnce(planned, onArrayProgress);
        usage = addUsage(usage, outcome.usage);
        cost = cost === null || outcome.costUsd === null ? null : cost + outcome.costUsd;
      }
    }
    warnings.push(...outcome.warnings);
    const common = { path, fieldCount: subtree.fieldCount, usageMetadata: usage };
    if (outcome.error) {
      finalEvent({ type: 'SUBTREE_ERROR', ...common, errorType: outcome.error.errorType, errorMessage: outcome.error.message });
      return { value: null, attributions: null, usage, costUsd: cost, error: outcome.error };
    }
    const attributions = config.perKeyAttribution ? attributeValue(outcome.merged, sectionPages(planned)) : null;
    finalEvent({ type: 'SUBTREE_RESULT', ...common, extractedResult: outcome.merged.value, attributions, violations: outcome.violations });
    return { value: outcome.merged.value, attributions, usage, costUsd: cost, error: null };
  };

  /** The merged result and its checks; pure, so it may run while the last events are being written. */
  const assemble = (done: SubtreeDone[]) => {
    let results = emptyResult(plan.resultSchema);
    let attributed = emptyResult(plan.resultSchema);
    const failures: ExtractionOutcome['failures'] = [];
    plan.subtrees.forEach(({ subtree, path }, i) => {
      const d = done[i] as SubtreeDone;
      if (d.error) {
        failures.push({ path, ...d.error });
        warnings.push(`${path}: ${d.error.errorType}: ${d.error.message}`);
      }
      const value = d.error ? failedValue(subtree.schema) : d.value;
      results = placeAt(results, path, value, plan.resultSchema);
      if (config.perKeyAttribution) attributed = placeAt(attributed, path, d.error ? value : d.attributions, plan.resultSchema);
    });
    results = fillMissing(plan.resultSchema, results);
    if (config.perKeyAttribution) warnings.push(...groundingWarnings(attributed));
    for (const problem of validator.validate(plan.resultSchema, withoutNullOptionals(plan.resultSchema, results))) {
      warnings.push(`result: ${problem}`);
    }
    return { results: orderLikeSchema(config.perKeyAttribution ? fillMissing(plan.resultSchema, attributed) : results, plan.resultSchema), failures };
  };

  let done: SubtreeDone[];
  let assembled: { ok: true; value: ReturnType<typeof assemble> } | { ok: false; error: unknown } | null = null;
  try {
    const firstRound = firstRoundBarrier(plan.subtrees.length);
    done = await Promise.all(firstWaveFirst(plan.subtrees, jobSlots, completed, (planned) => runOne(planned, firstRound)));
    // What the caller started at the hand-over (a worker slot's fetch of its next job: pg-boss's
    // fetch awaits several times before its statement reaches the socket) would otherwise wait
    // for the merge below and the caller's final write, which are built in the microtasks that
    // resolve first (about 0.6 ms of a marked burst20 run under load). A loop turn runs all of
    // those microtasks first; the merge still overlaps the writes in flight.
    if (handedOver) await nextTurn();
    // When the last answer is in, the events before it are often still being written (a round
    // trip to the database, and the caller's final write waits for it): the result is merged and
    // checked meanwhile rather than after. Not for a cancelled run, which returns no result. Should
    // it throw, that is thrown only after the drain, so no caller's write overtakes these events.
    if (!job.signal.aborted) {
      try {
        assembled = { ok: true, value: assemble(done) };
      } catch (error) {
        assembled = { ok: false, error };
      }
    }
    await events.drain();
  } finally {
    finished = true;
    stopPreparing?.();
    clearTimeout(waitingWork);
    input.signal.removeEventListener('abort', follow);
  }

  const usage = done.reduce((sum, d) => addUsage(sum, d.usage), ZERO_USAGE);
  const costUsd = done.reduce<number | null>((sum, d) => (sum === null || d.costUsd === null ? null : sum + d.costUsd), 0);
  if (emitError) throw emitError;
  if (job.signal.aborted) throw new ExtractionAborted(usage, costUsd);
  if (assembled?.ok === false) throw assembled.error;
  const { results, failures } = assembled?.value ?? assemble(done);

  if (priceUnknown) {
    warnings.push(`cost: no price is known for model ${config.modelName ?? config.model}, so costUsd is null (token counts are exact; set OPENAI_PRICES)`);
  }
  return {
    results,
    usage,
    costUsd,
    numPagesExtracted: plan.pageLayouts.length,
    warnings,
    unreadablePages: unreadablePagesOf(input.layout.pages).map((p) => p.page),
    failedPaths: failures.map((f) => f.path),
    failures,
    totalSubtrees,
    totalFields: plan.totalFields,
    heldEvents,
  };
}
