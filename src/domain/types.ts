/**
 * Domain types shared by the pipeline, the models, the jobs and the API (one home, one spelling).
 *
 * Glossary
 * - document: an uploaded PDF. Its layout (pages, lines, boxes) is read once and stored.
 * - layout: per page, its size and its text lines in reading order, each with a box in PDF points.
 *   Boxes use the page's top-left corner as origin, x to the right, y downward (like a screen),
 *   so `y0 < y1` and a box can be drawn on a rendered page without flipping.
 * - schema: the user's JSON Schema (object at the root) describing the result.
 * - subtree: one unit of model work: a JSON Pointer into the result plus the sub-schema the model
 *   must produce for it. Arrays of objects are always their own subtree.
 * - section: a run of consecutive pages whose text fits a model's token budget. Long documents are
 *   extracted section by section and the answers merged.
 * - event: one entry of a job's log: what the pipeline reports while it runs (JOB_STARTED,
 *   SUBTREE_RESULT, ...) and the job's status changes (JOB_STATUS), stored and served as emitted.
 * - attribution: for one primitive of the result, where it came from (page, matched text, box),
 *   with the model's reasoning and a confidence in [0, 1].
 */

import type { DocumentInput, ExtractionTarget, JobStatus, ModelId, SubtreeErrorType } from './choices.ts';
import type { Limiter } from '../models/limiter.ts';

export type { JsonSchema } from '../json-schema/resolve-refs.ts';
import type { JsonSchema } from '../json-schema/resolve-refs.ts';

// ---------------------------------------------------------------- layout

export interface BBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Span {
  text: string;
  bbox: BBox;
  fontSize: number;
  /**
   * Degrees counter-clockwise of the text direction (90: reads bottom to top, as arXiv ids up a
   * margin). Absent means 0; layouts stored before this field existed have none.
   */
  rotation?: number;
  /** Set when the run's font is fixed-pitch: every character is equally wide. */
  monospace?: boolean;
}

export interface Line {
  /** The line's text. For table rows, cells are joined with " | ". */
  text: string;
  bbox: BBox;
  spans: Span[];
  /** Present when the line is a row of a table: one entry per column cell. */
  cells?: Span[];
}

export interface PageLayout {
  /** 1-based page number. */
  page: number;
  width: number;
  height: number;
  /** False for image-only (scanned) pages: `lines` is then empty. */
  hasTextLayer: boolean;
  lines: Line[];
  /**
   * Why the page could not be read, when pdf.js failed on it (a damaged file whose other pages
   * read): the page then has no lines and counts as image-only. Absent on every readable page.
   */
  unreadable?: string;
}

export interface DocumentLayout {
  pageCount: number;
  pages: PageLayout[];
  /**
   * The structured invoice embedded in the PDF (ZUGFeRD, Factur-X, XRechnung), when it carries
   * one. Absent on every other document and on layouts stored before this field existed.
   */
  eInvoice?: EmbeddedInvoice;
}

/**
 * An e-invoice XML file attached to the PDF, recognised by its root element (see
 * pdf/e-invoice-attachment.ts). The printed pages stay the evidence: readers use it to check and
 * complete what they read from the print, never to replace it silently.
 */
export interface EmbeddedInvoice {
  /** The attachment's file name in the PDF (factur-x.xml, zugferd-invoice.xml...). */
  fileName: string;
  /** Which syntax its root element names. */
  syntax: 'CII' | 'UBL';
  xml: string;
}

/** Pages of the document handed to a model call, as text with page markers. */
export interface Section {
  pages: PageLayout[];
  /** Text with `--- page N ---` markers, the form models read; pages sent as PDF have a note instead. */
  text: string;
  /** 1-based numbers of pages in this section that have no text layer (scans). */
  imagePages: number[];
  /**
   * 1-based numbers of pages sent to the model as PDF pages: the scans, and what documentInput
   * chose. Absent means the scans alone (`imagePages`); see `pdfPagesOf`.
   */
  pdfPages?: number[];
  /** The document's embedded e-invoice, for a section of a whole-document extraction (PER_DOC). */
  eInvoice?: EmbeddedInvoice;
}

export function pdfPagesOf(section: Section): number[] {
  return section.pdfPages ?? section.imagePages;
}

// ---------------------------------------------------------------- schema analysis

export interface Subtree {
  /** JSON Pointer of this subtree in the result ("" for the root). */
  pointer: string;
  /** The sub-schema (local $refs resolved) that the model must produce at `pointer`. */
  schema: JsonSchema;
  /** Leaf fields in this subtree. */
  fieldCount: number;
  /**
   * For arrays extracted in turns: how many items to ask for per turn. Absent for ordinary
   * subtrees.
   */
  itemsPerTurn?: number;
}

// ---------------------------------------------------------------- usage and cost

export interface TokenUsage {
  promptTokens: number;
  outputTokens: number;
  thinkingTokens: number;
  totalTokens: number;
  modelCalls: number;
  /** Prompt tokens served from the provider's cache (part of promptTokens), when it reports them. */
  cachedTokens?: number;
  /** Explicit context cache storage paid for, in tokens × hours (priced per model; not tokens sent). */
  cacheStorageTokenHours?: number;
}

export const ZERO_USAGE: TokenUsage = Object.freeze({
  promptTokens: 0,
  outputTokens: 0,
  thinkingTokens: 0,
  totalTokens: 0,
  modelCalls: 0,
});

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const cached = a.cachedTokens === undefined && b.cachedTokens === undefined ? {} : { cachedTokens: (a.cachedTokens ?? 0) + (b.cachedTokens ?? 0) };
  const stored =
    a.cacheStorageTokenHours === undefined && b.cacheStorageTokenHours === undefined
      ? {}
      : { cacheStorageTokenHours: (a.cacheStorageTokenHours ?? 0) + (b.cacheStorageTokenHours ?? 0) };
  return {
    ...cached,
    ...stored,
    promptTokens: a.promptTokens + b.promptTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    thinkingTokens: a.thinkingTokens + b.thinkingTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    modelCalls: a.modelCalls + b.modelCalls,
  };
}

// ---------------------------------------------------------------- models

export type { ModelId } from './choices.ts';

/** What a model says about one primitive value it returned. */
export interface FieldEvidence {
  /** JSON Pointer relative to the subtree's pointer, e.g. "/total" or "/0/amount". */
  pointer: string;
  reasoning?: string;
  confidence?: number;
  /** Verbatim text of the document that supports the value. */
  quote?: string;
  /** Page the model says the value came from (a hint; attributions verify it). */
  page?: number;
  /** Box when the provider knows it exactly (LOCAL does). */
  bbox?: BBox;
  /** Box on a scanned page as the vision model gives it: [ymin, xmin, ymax, xmax] on a 0-1000 grid. */
  box2d?: [number, number, number, number];
}

export interface ModelRequest {
  subtree: Subtree;
  section: Section;
  /** PDF bytes of just the section's pages sent as PDF (`section.pdfPages`), when there are any. */
  imagePdf?: Uint8Array;
  additionalInstructions?: string;
  temperature?: number;
  seed?: number;
  enableThinking: boolean;
  /** Ask the model for per-field reasoning, confidence and supporting quotes. */
  wantEvidence: boolean;
  /**
   * Set when asking again after the previous answer failed validation: only the values at
   * `problems[].pointer` (relative to the answer) are taken from the new answer, which must have
   * the same shape as the previous one.
   */
  repair?: { previousAnswer: unknown; problems: ValueProblem[] };
  /** Set for turn-based arrays: the items returned so far in earlier turns. */
  continuation?: { itemsSoFar: number; lastItems: unknown[] };
  /**
   * The job's concurrency limit. A provider with `limitsOwnCalls` holds a slot of it only while
   * an HTTP request is in flight (not while backing off); for other providers the pipeline holds
   * it around the whole call.
   */
  jobLimiter?: Limiter;
  /**
   * Given with `jobLimiter`: a provider with `limitsOwnCalls` calls it once per attempt, as soon as
   * the attempt holds all its slots, the job's and the process's (callWithRetries' `onSlotsHeld`).
   * Must not throw.
   */
  onSlotsHeld?: () => void;
  signal: AbortSignal;
}

/** One value of an answer that breaks the schema. */
export interface ValueProblem {
  /** JSON Pointer into the answer ("" for the answer itself). */
  pointer: string;
  message: string;
  /** The value found there; undefined when it is missing. */
  value: unknown;
}

/** A value the model gave that was dropped because it still broke the schema after repair. */
export interface Violation {
  /** JSON Pointer into the whole result. */
  path: string;
  message: string;
  /** The value the model gave (null when it gave none). */
  rejectedValue: unknown;
}

export interface ModelResponse {
  value: unknown;
  evidence: FieldEvidence[];
  /** For turn-based arrays: true when the model says no items remain. */
  done?: boolean;
  /**
   * True when the model hit its output limit and the answer is what came before the cut (complete
   * values only). A turn-based array then continues in another turn.
   */
  truncated?: boolean;
  usage: TokenUsage;
}

export interface ModelProvider {
  readonly id: ModelId;
  /** True when the provider takes `request.jobLimiter`'s slots itself, per HTTP attempt. */
  readonly limitsOwnCalls?: boolean;
  extract(request: ModelRequest): Promise<ModelResponse>;
  /**
   * Prices usage of this provider's model, when the price depends on more than `id` (a server's
   * own model names); null when the price is unknown. Absent: priced by `id` (models/prices.ts).
   */
  costUsd?(usage: TokenUsage): number | null;
  /** False when the model cannot read scanned pages: they are then skipped with a warning. */
  readonly readsImages?: boolean;
  /**
   * Releases what the provider holds for the job (Gemini's context caches); called once when the job's
   * run ends. `signal` aborts the release's own requests once the caller stops waiting for them.
   */
  dispose?(signal?: AbortSignal): Promise<void>;
}

// ---------------------------------------------------------------- errors and events

export type { SubtreeErrorType } from './choices.ts';

/**
 * How a value is grounded in the document:
 * - verbatim: printed exactly as extracted (whitespace aside);
 * - normalized: printed in another form (case, punctuation, markup, line breaks, hyphenation,
 *   number or date format);
 * - inferred: not printed as such (a count, a boolean, a computed total): no box;
 * - not_found: the model's quote (or a text value) is not on the pages it was read from, likely
 *   invented; its confidence is lowered;
 * - unverified: read from a scanned page, where only the model can say where it is;
 * - empty: an empty string where the document prints the field with nothing in it.
 */
export type Grounding = 'verbatim' | 'normalized' | 'inferred' | 'not_found' | 'unverified' | 'empty';

export interface AttributionLocation {
  /** 1-based page; null only when nothing points at a page (not_found, inferred). */
  page: number | null;
  /** The printed text the box covers (or the model's quote when there is no box). */
  matchedText: string;
  /** Union of `boxes`, in PDF points, top-left origin. */
  bbox: BBox | null;
  /** One box per printed line when the value runs over several lines or cells. */
  boxes?: BBox[];
  /** Degrees counter-clockwise of the text direction when it is not left to right (margin ids). */
  rotation?: number;
  grounding: Grounding;
  /** Who placed the box: `layout` (found in the text layer, checkable) or `model` (scans; never verified). */
  source: 'layout' | 'model';
  /** The value is printed in several places and nothing in the result says which one it came from. */
  ambiguous: boolean;
}

export interface AttributionInfo {
  extractedValue: unknown;
  reasoning: string;
  confidence: number;
  location: AttributionLocation | null;
}

/**
 * The events of a job's log, in one spelling from the pipeline that emits them through storage
 * (`job_events.payload`, `type` also in its own column) to the GraphQL types that serve them
 * (`JobStartedEvent`, `SubtreeResultEvent`, ...). Field names are the stored ones: events
 * already in logs must keep reading, so a field is only ever added, optional.
 */
export interface JobStartedEvent {
  type: 'JOB_STARTED';
  totalSubtrees: number;
  totalFields: number;
  /** ISO time the pipeline started planning. */
  startTime: string;
}

export interface SubtreeResultEvent {
  type: 'SUBTREE_RESULT';
  /** JSON Pointer of the subtree in the result. */
  path: string;
  extractedResult: unknown;
  /** Present with perKeyAttribution: the value with primitives wrapped as AttributionInfo. */
  attributions: unknown | null;
  usageMetadata: TokenUsage;
  fieldCount: number;
  /**
   * Values dropped because they broke the schema after repair (the rest was kept). The pipeline
   * always sets it; events stored before it existed have none, which means none were dropped.
   */
  violations?: Violation[];
}

export interface SubtreeErrorEvent {
  type: 'SUBTREE_ERROR';
  path: string;
  errorMessage: string;
  errorType: SubtreeErrorType;
  fieldCount: number;
  usageMetadata: TokenUsage;
}

export interface ArrayProgressEvent {
  type: 'ARRAY_PROGRESS';
  path: string;
  itemsExtracted: number;
  turn: number;
  done: boolean;
}

/** A job's progress as its row and its status events carry it. */
export interface JobProgress {
  completionPercentage: number;
  currentStep: string;
  fieldsProcessed: number;
  totalFields: number;
  subtreesCompleted: number;
  totalSubtrees: number;
}

/** Written only with a status change, by jobs/job-transitions.ts. */
export interface JobStatusEvent {
  type: 'JOB_STATUS';
  status: JobStatus;
  progress: JobProgress;
  errorMessage: string | null;
}

/** What the pipeline reports while it runs: every event but the status changes. */
export type PipelineEvent = JobStartedEvent | SubtreeResultEvent | SubtreeErrorEvent | ArrayProgressEvent;

/** The payload of one event of a job's log. */
export type JobEventPayload = PipelineEvent | JobStatusEvent;

// ---------------------------------------------------------------- extraction config

export type { ExtractionTarget } from './choices.ts';

/** The contract's ExtractConfig with every default filled in. */
export interface ExtractConfig {
  model: ModelId;
  /** The provider's own model id: for GEMINI and OPENAI_COMPATIBLE (set to the deployment's default when not given); null for the fixed enum models and LOCAL. */
  modelName: string | null;
  maxNumConcurrentRequests: number;
  validateResponseSchema: boolean;
  perKeyAttribution: boolean;
  temperature: number | null;
  seed: number | null;
  enableThinking: boolean;
  nMaxRetries: number;
  additionalInstructions: string | null;
  enableAgenticArrayExtraction: boolean;
  extractionTarget: ExtractionTarget;
  targetPages: string | null;
  maxPages: number | null;
  /**
   * How pages reach the model: TEXT, PDF, or AUTO (PDF for tables, scans and poor text layers).
   * Absent in jobs stored before the option existed, which read as TEXT.
   */
  documentInput?: DocumentInput;
}
