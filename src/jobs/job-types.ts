import type { ExtractionEstimate } from './estimate-extraction.ts';
import type { JobStatus } from '../domain/choices.ts';
import type { ExtractConfig, JobEventPayload, JobProgress, TokenUsage } from '../domain/types.ts';

export type { JobEventPayload, JobProgress };

export type { JobStatus };

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
  /**
   * Set by the worker, once, when an event could not be delivered for good (a refused target, or
   * every retry failed): the warning the API adds to the job's metadata.warnings.
   */
  undelivered?: string;
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

/** One entry of a job's log: the payload (domain/types.ts) with its place and time. */
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
