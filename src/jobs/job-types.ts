import type { ExtractionEstimate } from './estimate-extraction.ts';
import { ACTIVE_STATUSES, TERMINAL_STATUSES, type JobStatus } from '../domain/choices.ts';
import type { ExtractConfig, TokenUsage, Violation } from '../domain/types.ts';

export type { JobStatus };
export { ACTIVE_STATUSES, TERMINAL_STATUSES };

export function isTerminal(status: JobStatus): boolean {
  return (TERMINAL_STATUSES as readonly JobStatus[]).includes(status);
}

export interface JobProgress {
  completionPercentage: number;
  currentStep: string;
  fieldsProcessed: number;
  totalFields: number;
  subtreesCompleted: number;
  totalSubtrees: number;
}

export interface JobMetadata {
  usage: TokenUsage;
  /** Null when the model's price is unknown. */
  costUsd: number | null;
  durationMs: number | null;
  numPagesExtracted: number;
  hasAttributions: boolean;
  warnings: string[];
  /** The model that produced the results, e.g. LOCAL (not an AI model) or GEMINI_2_5_FLASH. */
  model: string;
  /**
   * Paths of the field groups (subtrees) that failed even after a second round; their values are
   * empty in the results. Absent on jobs written before it existed, which means none.
   */
  failedPaths?: string[];
  /** What estimateExtraction said of this job when it started, to set beside the actual usage and cost. */
  estimate?: ExtractionEstimate;
}

export interface WebhookConfig {
  url: string;
  events: string[];
  headers: Record<string, string>;
}

export interface JobRecord {
  id: string;
  tenantId: string;
  documentId: string;
  schemaId: string;
  status: JobStatus;
  config: ExtractConfig;
  webhook: WebhookConfig | null;
  progress: JobProgress;
  results: unknown;
  metadata: JobMetadata;
  errorMessage: string | null;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  estimatedCompletion: Date | null;
}

/** The payload of one event of a job's log; `type` is stored in its own column too. */
export type JobEventPayload =
  | { type: 'JOB_STARTED'; totalSubtrees: number; totalFields: number; startTime: string }
  | {
      type: 'SUBTREE_RESULT';
      path: string;
      extractedResult: unknown;
      attributions: unknown | null;
      usageMetadata: TokenUsage;
      fieldCount: number;
      /** Values dropped as still invalid after repair; absent in events written before it existed. */
      violations?: Violation[];
    }
  | { type: 'SUBTREE_ERROR'; path: string; errorMessage: string; errorType: string; fieldCount: number; usageMetadata: TokenUsage }
  | { type: 'ARRAY_PROGRESS'; path: string; itemsExtracted: number; turn: number; done: boolean }
  | { type: 'JOB_STATUS'; status: JobStatus; progress: JobProgress; errorMessage: string | null };

export interface JobEvent {
  jobId: string;
  seq: number;
  at: Date;
  payload: JobEventPayload;
}

export const EMPTY_PROGRESS: JobProgress = {
  completionPercentage: 0,
  currentStep: 'queued',
  fieldsProcessed: 0,
  totalFields: 0,
  subtreesCompleted: 0,
  totalSubtrees: 0,
};
