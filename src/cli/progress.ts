import type { JobStatus } from '../domain/choices.ts';
import type { JobEventJson } from './job-events.ts';

/** What the progress display knows about a job, folded from its events. */
export interface ProgressState {
  status: JobStatus;
  totalSubtrees: number;
  subtreesDone: number;
  subtreesFailed: number;
  tokens: number;
  currentStep: string;
}

export function initialProgress(): ProgressState {
  return { status: 'PENDING', totalSubtrees: 0, subtreesDone: 0, subtreesFailed: 0, tokens: 0, currentStep: 'waiting for a worker' };
}

export function applyEvent(state: ProgressState, event: JobEventJson): ProgressState {
  switch (event.__typename) {
    case 'JobStartedEvent':
      return { ...state, status: 'PROCESSING', totalSubtrees: event.totalSubtrees, currentStep: 'extracting' };
    case 'SubtreeResultEvent':
      return {
        ...state,
        subtreesDone: state.subtreesDone + 1,
        tokens: state.tokens + event.usageMetadata.totalTokens,
        currentStep: `extracted ${event.path || '/'}`,
      };
    case 'SubtreeErrorEvent':
      return { ...state, subtreesFailed: state.subtreesFailed + 1, currentStep: `failed ${event.path || '/'} (${event.errorType})` };
    case 'ArrayProgressEvent':
      return { ...state, currentStep: `${event.path}: ${event.itemsExtracted} items (turn ${event.turn}${event.done ? ', done' : ''})` };
    case 'JobStatusEvent':
      // The status event's counters are the server's truth, e.g. after a resume that skipped
      // subtrees finished by an earlier attempt.
      return {
        ...state,
        status: event.status,
        totalSubtrees: event.progress.totalSubtrees || state.totalSubtrees,
        subtreesDone: Math.max(state.subtreesDone, event.progress.subtreesCompleted),
        currentStep: event.progress.currentStep || event.status.toLowerCase(),
      };
  }
}

/** One line: `[#####-----]  3/8 subtrees  PROCESSING  extracted /total  1,234 tokens  0:04`. */
export function renderProgressLine(state: ProgressState, options: { columns: number; elapsedMs: number }): string {
  const done = state.subtreesDone + state.subtreesFailed;
  const fraction = state.totalSubtrees > 0 ? Math.min(1, done / state.totalSubtrees) : 0;
  const barWidth = 24;
  const filled = Math.round(fraction * barWidth);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
  const counts = `${state.subtreesDone}/${state.totalSubtrees || '?'} subtrees${state.subtreesFailed ? ` (${state.subtreesFailed} failed)` : ''}`;
  const parts = [bar, counts, state.status, `${state.tokens.toLocaleString('en-US')} tokens`, formatElapsed(options.elapsedMs), state.currentStep];
  return truncate(parts.join('  '), Math.max(20, options.columns - 1));
}

/** A plain line per event, for logs and pipes (no cursor movement). */
export function describeEvent(event: JobEventJson, state: ProgressState): string {
  const prefix = `#${event.seq}`;
  switch (event.__typename) {
    case 'JobStartedEvent':
      return `${prefix} started: ${event.totalSubtrees} subtrees`;
    case 'SubtreeResultEvent':
      return `${prefix} extracted ${event.path || '/'} (${state.subtreesDone}/${state.totalSubtrees} subtrees, ${state.tokens.toLocaleString('en-US')} tokens)`;
    case 'SubtreeErrorEvent':
      return `${prefix} failed ${event.path || '/'}: ${event.errorType}: ${event.errorMessage}`;
    case 'ArrayProgressEvent':
      return `${prefix} ${event.path}: ${event.itemsExtracted} items after turn ${event.turn}${event.done ? ' (done)' : ''}`;
    case 'JobStatusEvent':
      return `${prefix} ${event.status}${event.errorMessage ? `: ${event.errorMessage}` : ''} (${Math.round(event.progress.completionPercentage)}%, ${event.progress.currentStep})`;
  }
}

function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
