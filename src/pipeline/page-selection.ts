/**
 * Which pages a job reads: the contract's `targetPages` ("1,3,5-7", 1-based) and `maxPages`.
 */

export class PageSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PageSelectionError';
  }
}

const PART = /^(\d+)(?:\s*-\s*(\d+))?$/;

/** Parses "1,3,5-7" into sorted, de-duplicated 1-based page numbers, all within the document. */
export function parseTargetPages(spec: string, pageCount: number): number[] {
  const trimmed = spec.trim();
  if (trimmed === '') throw new PageSelectionError('targetPages is empty; expected e.g. "1,3,5-7".');
  const pages = new Set<number>();
  for (const rawPart of trimmed.split(',')) {
    const part = rawPart.trim();
    const match = PART.exec(part);
    if (!match) {
      throw new PageSelectionError(`targetPages: "${part}" is not a page or a range like "5-7".`);
    }
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (from < 1 || to < 1) throw new PageSelectionError(`targetPages: "${part}": pages start at 1.`);
    if (to < from) throw new PageSelectionError(`targetPages: "${part}" is a reversed range.`);
    if (to > pageCount) {
      throw new PageSelectionError(
        `targetPages: "${part}" goes beyond the last page (the document has ${pageCount} page${pageCount === 1 ? '' : 's'}).`,
      );
    }
    for (let p = from; p <= to; p++) pages.add(p);
  }
  return [...pages].sort((a, b) => a - b);
}

/**
 * The pages to read: `targetPages` if given (else all), then the first `maxPages` of those.
 * Throws PageSelectionError for a bad `targetPages` or a `maxPages` below 1.
 */
export function selectPages(pageCount: number, targetPages: string | null, maxPages: number | null): number[] {
  const pages =
    targetPages === null ? Array.from({ length: pageCount }, (_, i) => i + 1) : parseTargetPages(targetPages, pageCount);
  if (maxPages === null) return pages;
  if (!Number.isInteger(maxPages) || maxPages < 1) {
    throw new PageSelectionError(`maxPages must be a whole number of at least 1 (got ${maxPages}).`);
  }
  return pages.slice(0, maxPages);
}
