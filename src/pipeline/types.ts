/**
 * Domain types of the extraction pipeline.
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
 * - event: what the pipeline reports while it runs; the job runner persists and streams them.
 * - attribution: for one primitive of the result, where it came from (page, matched text, box),
 *   with the model's reasoning and a confidence in [0, 1].
 */

import type { Limiter } from '../models/limiter.ts';

export type JsonSchema = Record<string, unknown>;

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
}

export interface DocumentLayout {
  pageCount: number;
  pages: PageLayout[];
}

/** Pages of the document handed to a model call, as text with page markers. */
export interface Section {
  pages: PageLayout[];
  /** Text with `--- page N ---` markers, the form models read. */
  text: string;
  /** 1-based numbers of pages in this section that have no text layer (scans). */
  imagePages: number[];
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
}

export const ZERO_USAGE: TokenUsage = Object.freeze({
  promptTokens: 0,
  outputTokens: 0,
  thinkingTokens: 0,
  totalTokens: 0,
  modelCalls: 0,
});

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    thinkingTokens: a.thinkingTokens + b.thinkingTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    modelCalls: a.modelCalls + b.modelCalls,
  };
}

// ---------------------------------------------------------------- models

export type ModelId =
  | 'GEMINI_2_5_FLASH'
  | 'GEMINI_2_5_PRO'
  | 'GEMINI_3_FLASH_PREVIEW'
  | 'GEMINI_3_PRO_PREVIEW'
  | 'LOCAL';

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
}

export interface ModelRequest {
  subtree: Subtree;
  section: Section;
  /** PDF bytes of just the image-only pages of the section, when there are any. */
  imagePdf?: Uint8Array;
  additionalInstructions?: string;
  temperature?: number;
  seed?: number;
  enableThinking: boolean;
  /** Ask the model for per-field reasoning, confidence and supporting quotes. */
  wantEvidence: boolean;
  /** Set when asking again after the previous answer failed validation. */
  repair?: { previousAnswer: unknown; problems: string[] };
  /** Set for turn-based arrays: the items returned so far in earlier turns. */
  continuation?: { itemsSoFar: number; lastItems: unknown[] };
  /**
   * The job's concurrency limit. A provider with `limitsOwnCalls` holds a slot of it only while
   * an HTTP request is in flight (not while backing off); for other providers the pipeline holds
   * it around the whole call.
   */
  jobLimiter?: Limiter;
  signal: AbortSignal;
}

export interface ModelResponse {
  value: unknown;
  evidence: FieldEvidence[];
  /** For turn-based arrays: true when the model says no items remain. */
  done?: boolean;
  usage: TokenUsage;
}

export interface ModelProvider {
  readonly id: ModelId;
  /** True when the provider takes `request.jobLimiter`'s slots itself, per HTTP attempt. */
  readonly limitsOwnCalls?: boolean;
  extract(request: ModelRequest): Promise<ModelResponse>;
}

// ---------------------------------------------------------------- errors and events

export type SubtreeErrorType =
  | 'MODEL_ERROR'
  | 'RATE_LIMITED'
  | 'TIMEOUT'
  | 'SCHEMA_VIOLATION'
  | 'INVALID_OUTPUT'
  | 'ABORTED';

export interface AttributionLocation {
  page: number;
  matchedText: string;
  bbox: BBox | null;
}

export interface AttributionInfo {
  extractedValue: unknown;
  reasoning: string;
  confidence: number;
  location: AttributionLocation | null;
}

export type PipelineEvent =
  | { type: 'started'; totalSubtrees: number; totalFields: number }
  | {
      type: 'subtree_result';
      path: string;
      value: unknown;
      /** Present with perKeyAttribution: the value with primitives wrapped as AttributionInfo. */
      attributions: unknown | null;
      fieldCount: number;
      usage: TokenUsage;
    }
  | {
      type: 'subtree_error';
      path: string;
      errorType: SubtreeErrorType;
      message: string;
      fieldCount: number;
      usage: TokenUsage;
    }
  | { type: 'array_progress'; path: string; itemsExtracted: number; turn: number; done: boolean };

// ---------------------------------------------------------------- extraction config

export type ExtractionTarget = 'PER_DOC' | 'PER_PAGE' | 'PER_TABLE_ROW';

/** The contract's ExtractConfig with every default filled in. */
export interface ExtractConfig {
  model: ModelId;
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
}
