import { describe, expect, it } from 'vitest';
import { describeUnreadablePages } from '../../src/pipeline/failure-summary.ts';

describe("a job's status message about the document's unreadable pages", () => {
  it('says nothing when every page was read', () => {
    expect(describeUnreadablePages([])).toBeNull();
  });

  it('names up to ten pages and counts the rest', () => {
    expect(describeUnreadablePages([3, 9])).toBe('pages 3, 9 could not be read; nothing was extracted from them');
    const many = Array.from({ length: 13 }, (_, i) => i + 1);
    expect(describeUnreadablePages(many)).toBe('pages 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 3 more could not be read; nothing was extracted from them');
  });
});
