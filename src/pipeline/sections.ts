/**
 * Pages as the text models read, and the split of a long document into sections that fit a
 * model's token budget. Sections always end on a page boundary: page numbers in answers and
 * attributions then refer to whole pages.
 */
import { TOKENS_PER_PDF_PAGE } from '../models/model-ids.ts';
import type { PageLayout, Section } from '../domain/types.ts';

const SCANNED_PAGE_NOTE = '(scanned page: no text layer)';
export const PDF_PAGE_NOTE = '(this page is attached as a PDF page: read it there)';

function pageMarker(page: number): string {
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

function pageBlock(page: PageLayout, asPdf: boolean): string {
  const body = !page.hasTextLayer ? SCANNED_PAGE_NOTE : asPdf ? PDF_PAGE_NOTE : pageText(page);
  return `${pageMarker(page.page)}\n${body}`;
}


/**
 * Greedy split in page order: a section takes pages while their text (or, for pages sent as PDF,
 * their image tokens) fits `tokenBudget`. A page that alone exceeds the budget becomes a section
 * of its own (pages are never split).
 */
export function buildSections(pages: PageLayout[], tokenBudget: number, pdfPages: ReadonlySet<number> = new Set()): Section[] {
  const sections: Section[] = [];
  let current: { pages: PageLayout[]; blocks: string[]; tokens: number } | null = null;
  const flush = (): void => {
    if (!current) return;
    sections.push({
      pages: current.pages,
      text: current.blocks.join('\n\n'),
      imagePages: current.pages.filter((p) => !p.hasTextLayer).map((p) => p.page),
      pdfPages: current.pages.filter((p) => !p.hasTextLayer || pdfPages.has(p.page)).map((p) => p.page),
    });
    current = null;
  };
  for (const page of pages) {
    const asPdf = !page.hasTextLayer || pdfPages.has(page.page);
    const block = pageBlock(page, asPdf);
    // +1 token for the blank line that joins blocks.
    const tokens = estimateTokens(block) + 1 + (asPdf ? TOKENS_PER_PDF_PAGE : 0);
    if (current && current.tokens + tokens > tokenBudget) flush();
    if (!current) current = { pages: [], blocks: [], tokens: 0 };
    current.pages.push(page);
    current.blocks.push(block);
    current.tokens += tokens;
  }
  flush();
  return sections;
}
