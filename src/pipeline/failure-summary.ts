/**
 * The one-line account of a job that lost parts, for its errorMessage:
 * "3 of 10 field groups failed: /a, /b (rate limited); /c (timed out)".
 * One line per job, never one per subtree: paths are grouped by why they failed.
 */
import type { SubtreeErrorType } from '../domain/types.ts';

export interface SubtreeFailureRecord {
  path: string;
  errorType: SubtreeErrorType;
  message?: string;
}

/** The cause in a subtree's message, without the attempt count that differs from one to another. */
function causeOf(message: string | undefined): string | null {
  const cause = message?.replace(/ \(after \d+ attempts?[^)]*\)$/, '').trim();
  return cause ? cause : null;
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
  // Grouped by reason; the cause is given once per group, so the same text never repeats.
  const byReason = new Map<SubtreeErrorType, { paths: string[]; cause: string | null }>();
  for (const { path, errorType, message } of failures) {
    const group = byReason.get(errorType) ?? { paths: [], cause: causeOf(message) };
    group.paths.push(path === '' ? '/' : path);
    byReason.set(errorType, group);
  }
  const parts = [...byReason].map(([errorType, { paths, cause }]) => {
    const shown = paths.slice(0, MAX_PATHS_PER_REASON).join(', ');
    const more = paths.length > MAX_PATHS_PER_REASON ? ` and ${paths.length - MAX_PATHS_PER_REASON} more` : '';
    return `${shown}${more} (${REASONS[errorType]}${cause ? `: ${cause}` : ''})`;
  });
  const groups = totalSubtrees === 1 ? 'field group' : 'field groups';
  return `${failures.length} of ${totalSubtrees} ${groups} failed: ${parts.join('; ')}`;
}

/** Pages listed before the rest are counted instead. */
const MAX_PAGES_NAMED = 10;

/**
 * The account of a document's unreadable pages for a job's errorMessage (their reasons are in its
 * warnings): "page 7 could not be read; nothing was extracted from it".
 */
export function describeUnreadablePages(pages: readonly number[]): string | null {
  if (pages.length === 0) return null;
  const shown = pages.slice(0, MAX_PAGES_NAMED).join(', ');
  const more = pages.length > MAX_PAGES_NAMED ? ` and ${pages.length - MAX_PAGES_NAMED} more` : '';
  return pages.length === 1
    ? `page ${shown} could not be read; nothing was extracted from it`
    : `pages ${shown}${more} could not be read; nothing was extracted from them`;
}
