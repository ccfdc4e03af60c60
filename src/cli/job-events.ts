// The events of `jobProgress` as the CLI selects them (see operations.ts), keyed on __typename.

import type { JobStatus } from '../domain/choices.ts';

export type { JobStatus };

const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export interface Usage {
  promptTokens: number;
  outputTokens: number;
  thinkingTokens: number;
  totalTokens: number;
  modelCalls: number;
}

interface JobProgress {
  completionPercentage: number;
  currentStep: string;
  fieldsProcessed: number;
  totalFields: number;
  subtreesCompleted: number;
  totalSubtrees: number;
}

interface EventBase {
  seq: number;
  jobId: string;
  at: string;
}

export type JobEvent =
  | (EventBase & { __typename: 'JobStartedEvent'; totalSubtrees: number; startTime: string })
  | (EventBase & { __typename: 'SubtreeResultEvent'; path: string; extractedResult: unknown; attributions: unknown; usageMetadata: Usage })
  | (EventBase & { __typename: 'SubtreeErrorEvent'; path: string; errorMessage: string | null; errorType: string })
  | (EventBase & { __typename: 'ArrayProgressEvent'; path: string; itemsExtracted: number; turn: number; done: boolean })
  | (EventBase & { __typename: 'JobStatusEvent'; status: JobStatus; errorMessage: string | null; progress: JobProgress });

export function isTerminalEvent(event: JobEvent): boolean {
  return event.__typename === 'JobStatusEvent' && TERMINAL_STATUSES.has(event.status);
}
