/**
 * What an extraction will do, decided before any model call: which pages are read, how they are
 * cut into sections, which subtrees are asked for and over which sections.
 *
 * Extraction targets:
 * - PER_DOC: the schema split into subtrees, each asked over every section.
 * - PER_PAGE: the result is an array with one object per selected page. The schema's subtrees are
 *   repeated for every page, each over that page's own section(s); their pointers are prefixed
 *   with "/<index>", the index of the page in the selection (0-based, NOT the page number), so a
 *   subtree event for "/2/line_items" is about the third selected page. The model is asked for
 *   the unprefixed subtree ("/line_items"): it sees one page and knows nothing of the array.
 * - PER_TABLE_ROW: the schema describes ONE row; the result is the array of rows, extracted as a
 *   single turn-based array subtree at "" over every section.
 */
import type { DocumentLayout, ExtractConfig, JsonSchema, PageLayout, Section, Subtree } from '../domain/types.ts';
import { selectPages } from './page-selection.ts';
import { resolveRefs } from '../json-schema/resolve-refs.ts';
import { readsPdf } from '../models/model-ids.ts';
import { pdfPagesFor } from './document-input.ts';
import { buildSections } from './sections.ts';
import { countLeafFields, splitSchema } from './split-schema.ts';

/** Rows asked for per turn in PER_TABLE_ROW extraction. */
const TABLE_ROWS_PER_TURN = 50;

export interface PlannedSubtree {
  /** Pointer in the whole result, used in events and for merging (prefixed for PER_PAGE). */
  path: string;
  /** What the model is asked for; its pointer is relative to what the model sees (one page for PER_PAGE). */
  subtree: Subtree;
  sections: Section[];
}

export interface ExtractionPlan {
  /** Selected page numbers, in reading order. */
  pages: number[];
  /** Every page layout that is read. */
  pageLayouts: PageLayout[];
  /** Schema of the whole result (local $refs resolved). */
  resultSchema: JsonSchema;
  subtrees: PlannedSubtree[];
  totalFields: number;
}

export function planExtraction(input: {
  layout: DocumentLayout;
  schema: JsonSchema;
  config: ExtractConfig;
  sectionTokenBudget: number;
}): ExtractionPlan {
  const { layout, config, sectionTokenBudget } = input;
  const pages = selectPages(layout.pageCount, config.targetPages, config.maxPages);
  const byNumber = new Map(layout.pages.map((p) => [p.page, p]));
  const pageLayouts = pages.map((n) => byNumber.get(n)).filter((p): p is PageLayout => p !== undefined);
  const resolved = resolveRefs(input.schema);
  // Only a model that reads PDFs gets pages as PDF beyond the scans (which have no text at all).
  const pdfPages = new Set(pdfPagesFor(pageLayouts, readsPdf(config.model) ? config.documentInput : 'TEXT').keys());
  const splitOptions = { agenticArrays: config.enableAgenticArrayExtraction };

  switch (config.extractionTarget) {
    case 'PER_DOC': {
      // The embedded e-invoice describes the whole document, so only a whole-document reading gets it.
      const eInvoice = layout.eInvoice;
      const sections = buildSections(pageLayouts, sectionTokenBudget, pdfPages).map((s) => (eInvoice === undefined ? s : { ...s, eInvoice }));
      const { subtrees, totalFields } = splitSchema(resolved, splitOptions);
      return { pages, pageLayouts, resultSchema: resolved, subtrees: subtrees.map((subtree) => ({ path: subtree.pointer, subtree, sections })), totalFields };
    }
    case 'PER_PAGE': {
      const { subtrees, totalFields } = splitSchema(resolved, splitOptions);
      const planned = pageLayouts.flatMap((page, index) => {
        const sections = buildSections([page], sectionTokenBudget, pdfPages);
        return subtrees.map((subtree) => ({ path: `/${index}${subtree.pointer}`, subtree, sections }));
      });
      return {
        pages,
        pageLayouts,
        resultSchema: { type: 'array', items: resolved },
        subtrees: planned,
        totalFields: totalFields * pageLayouts.length,
      };
    }
    case 'PER_TABLE_ROW': {
      // A schema that already is an array of rows is taken as the result schema.
      const rows: JsonSchema = resolved.type === 'array' ? resolved : { type: 'array', items: resolved };
      const totalFields = countLeafFields(rows);
      const subtree: Subtree = { pointer: '', schema: rows, fieldCount: totalFields, itemsPerTurn: TABLE_ROWS_PER_TURN };
      const sections = buildSections(pageLayouts, sectionTokenBudget, pdfPages);
      return { pages, pageLayouts, resultSchema: rows, subtrees: [{ path: '', subtree, sections }], totalFields };
    }
  }
}
