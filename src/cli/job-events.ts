// The JSON of `jobProgress` events as the CLI selects them (see operations.ts), keyed on
// __typename: the wire shape of the server's job events (domain/types.ts), with the fields
// spelled as there, built from those types where GraphQL serves them unchanged.

import { TERMINAL_STATUSES as TERMINAL, type JobStatus } from '../domain/choices.ts';
import type { ArrayProgressEvent, JobProgress, JobStartedEvent, SubtreeErrorEvent, SubtreeResultEvent, TokenUsage } from '../domain/types.ts';

const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set(TERMINAL);

/** The `usage { ... }` fields the CLI selects (operations.ts). */
export type UsageJson = Pick<TokenUsage, 'promptTokens' | 'outputTokens' | 'thinkingTokens' | 'totalTokens' | 'modelCalls'>;

interface EventBase {
  seq: number;
  jobId: string;
  /** ISO time. */
  at: string;
}

export type JobEventJson =
  | (EventBase & { __typename: 'JobStartedEvent' } & Pick<JobStartedEvent, 'totalSubtrees' | 'startTime'>)
  | (EventBase & { __typename: 'SubtreeResultEvent'; usageMetadata: UsageJson } & Pick<SubtreeResultEvent, 'path' | 'extractedResult' | 'attributions'>)
  // errorType is a String in the schema: a newer server may send a type this CLI does not know.
  | (EventBase & { __typename: 'SubtreeErrorEvent'; errorMessage: string | null; errorType: string } & Pick<SubtreeErrorEvent, 'path'>)
  | (EventBase & { __typename: 'ArrayProgressEvent' } & Omit<ArrayProgressEvent, 'type'>)
  | (EventBase & { __typename: 'JobStatusEvent'; status: JobStatus; errorMessage: string | null; progress: JobProgress });

export function isTerminalEvent(event: JobEventJson): boolean {
  return event.__typename === 'JobStatusEvent' && TERMINAL_STATUSES.has(event.status);
}
