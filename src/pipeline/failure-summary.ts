/**
 * The one-line account of a job that lost parts, for its errorMessage:
 * "3 of 10 field groups failed: /a, /b (rate limited); /c (timed out)".
 * One line per job, never one per subtree: paths are grouped by why they failed.
 */
import type { SubtreeErrorType } from './types.ts';

export interface SubtreeFailureRecord {
  path: string;
  errorType: SubtreeErrorType;
}

const REASONS: Record<SubtreeErrorType, string> = {
  RATE_LIMITED: 'rate limited',
  TIMEOUT: 'the model did not answer in time',
  MODEL_ERROR: 'model error',
  INVALID_OUTPUT: 'unusable model output',
  SCHEMA_VIOLATION: 'answer did not match the schema',
  ABORTED: 'aborted',
};

/** Paths listed per reason before the rest are counted instead. */
const MAX_PATHS_PER_REASON = 10;

export function describeFailures(failures: readonly SubtreeFailureRecord[], totalSubtrees: number): string | null {
  if (failures.length === 0) return null;
  const byReason = new Map<SubtreeErrorType, string[]>();
  for (const { path, errorType } of failures) {
    const paths = byReason.get(errorType) ?? [];
    paths.push(path === '' ? '/' : path);
    byReason.set(errorType, paths);
  }
  const parts = [...byReason].map(([errorType, paths]) => {
    const shown = paths.slice(0, MAX_PATHS_PER_REASON).join(', ');
    const more = paths.length > MAX_PATHS_PER_REASON ? ` and ${paths.length - MAX_PATHS_PER_REASON} more` : '';
    return `${shown}${more} (${REASONS[errorType]})`;
  });
  const groups = totalSubtrees === 1 ? 'field group' : 'field groups';
  return `${failures.length} of ${totalSubtrees} ${groups} failed: ${parts.join('; ')}`;
}
