/**
 * Pages as the text models read, and the split of a long document into sections that fit a
 * model's token budget. Sections always end on a page boundary: page numbers in answers and
 * attributions then refer to whole pages.
 */
import type { PageLayout, Section } from './types.ts';

export const SCANNED_PAGE_NOTE = '(scanned page: no text layer)';

export function pageMarker(page: number): string {
  return `--- page ${page} ---`;
}

export function pageText(page: PageLayout): string {
  return page.lines.map((line) => line.text).join('\n');
}

/**
 * About four characters per token, the usual rule of thumb for English with BPE/SentencePiece
 * tokenizers (Gemini included). Digits, tables and non-Latin scripts take more tokens per
 * character, so budgets should keep some headroom; an exact count would need a model call.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function pageBlock(page: PageLayout): string {
  const body = page.hasTextLayer ? pageText(page) : SCANNED_PAGE_NOTE;
  return `${pageMarker(page.page)}\n${body}`;
}

/**
 * Greedy split in page order: a section takes pages while their text fits `tokenBudget`. A page
 * that alone exceeds the budget becomes a section of its own (pages are never split).
 */
export function buildSections(pages: PageLayout[], tokenBudget: number): Section[] {
  const sections: Section[] = [];
  let current: { pages: PageLayout[]; blocks: string[]; tokens: number } | null = null;
  const flush = (): void => {
    if (!current) return;
    sections.push({
      pages: current.pages,
      text: current.blocks.join('\n\n'),
      imagePages: current.pages.filter((p) => !p.hasTextLayer).map((p) => p.page),
    });
    current = null;
  };
  for (const page of pages) {
    const block = pageBlock(page);
    // +1 token for the blank line that joins blocks.
    const tokens = estimateTokens(block) + 1;
    if (current && current.tokens + tokens > tokenBudget) flush();
    if (!current) current = { pages: [], blocks: [], tokens: 0 };
    current.pages.push(page);
    current.blocks.push(block);
    current.tokens += tokens;
  }
  flush();
  return sections;
}
