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
import { readsPdf } from '../models/model-ids.ts';
import { pdfPagesFor } from './document-input.ts';
import { buildSections } from './sections.ts';
import { countLeafFields, splitResolvedSchema, type SplitResult } from './split-schema.ts';
import { resolveRefs } from '../json-schema/resolve-refs.ts';
import { isSmallSchema } from '../schemas/schema-size.ts';
import { schemaTextKey } from '../schemas/schema-text-key.ts';
import { createBoundedLru } from '../bounded-lru.ts';

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
  /**
   * The tenant whose schema this is, when the caller lets the schema's split be kept for that
   * tenant's next jobs (`schemaOnce` below); split afresh when absent.
   */
  schemaOwner?: string;
}): ExtractionPlan {
  const { layout, config, sectionTokenBudget } = input;
  const pages = selectPages(layout.pageCount, config.targetPages, config.maxPages);
  const byNumber = new Map(layout.pages.map((p) => [p.page, p]));
  const pageLayouts = pages.map((n) => byNumber.get(n)).filter((p): p is PageLayout => p !== undefined);
  const schema = schemaOnce(input.schema, input.schemaOwner);
  const resolved = schema.resolved;
  const agenticArrays = config.enableAgenticArrayExtraction;
  // Only a model that reads PDFs gets pages as PDF beyond the scans (which have no text at all).
  const pdfPages = new Set(pdfPagesFor(pageLayouts, readsPdf(config.model) ? config.documentInput : 'TEXT').keys());

  switch (config.extractionTarget) {
    case 'PER_DOC': {
      // The embedded e-invoice describes the whole document, so only a whole-document reading gets it.
      const eInvoice = layout.eInvoice;
      const sections = buildSections(pageLayouts, sectionTokenBudget, pdfPages).map((s) => (eInvoice === undefined ? s : { ...s, eInvoice }));
      const { subtrees, totalFields } = schema.split(agenticArrays);
      return { pages, pageLayouts, resultSchema: resolved, subtrees: subtrees.map((subtree) => ({ path: subtree.pointer, subtree, sections })), totalFields };
    }
    case 'PER_PAGE': {
      const { subtrees, totalFields } = schema.split(agenticArrays);
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

/**
 * A schema's resolved form and its splits, kept per process for the next jobs of the same tenant
 * and schema text: a client usually starts many jobs with one schema, and resolving and splitting
 * it again was most of a job's planning (a schema of 40 lists: about 2 ms of the worker's time
 * between its fetch and its claim, and again before its first model call). Both are pure
 * functions of the schema's JSON text and the split's array mode, so a kept result is the one a
 * new run would make.
 *
 * Kept values are shared by every job that plans with them, so they are the cache's own copies,
 * frozen throughout: nothing downstream may change a schema it was given, and a change would throw
 * here rather than alter another job's plan. Keyed by tenant too (as the API's checks are,
 * schemas/checked-schemas.ts), so that no tenant's job runs faster for another's schema. A schema
 * that cannot be resolved or split is not kept: it throws each time, as before.
 *
 * Entries are charged by what they hold, not by the text they came from: the resolved schema has
 * every `$ref` written out, so a 167 KB schema (a 150 KB enum used by 499
 * properties) held 176 MB, and twelve such entries under the old 2 MB bound on input text held
 * 2.1 GB. Only small schemas are considered (schemas/schema-size.ts), a resolved schema or split
 * above MAX_KEPT_ENTRY_SIZE is not kept, and the kept total is bounded by count and size; least
 * recently used out.
 */
const MAX_KEPT_SCHEMAS = 128;
/** Size (see `keptSize`) of everything kept, summed. */
const MAX_KEPT_SIZE = 16 * 1024 * 1024;
/** An entry larger than this would push out a hundred common ones; its jobs resolve it themselves. */
const MAX_KEPT_ENTRY_SIZE = 2 * 1024 * 1024;
/** A schema text larger than this is not even resolved for keeping. */
const MAX_KEPT_ENTRY_CHARS = 256 * 1024;

interface KeptSchema {
  resolved: JsonSchema;
  /** By array mode (agentic arrays or not). */
  splits: Map<boolean, SplitResult>;
}

/** Charged by `keptSize`: the resolved schema when it is kept, and each split as it is added. */
const keptSchemas = createBoundedLru<string, KeptSchema>({ maxEntries: MAX_KEPT_SCHEMAS, maxCharge: MAX_KEPT_SIZE });

interface PlannedSchema {
  resolved: JsonSchema;
  split(agenticArrays: boolean): SplitResult;
}

function schemaOnce(schema: JsonSchema, owner: string | undefined): PlannedSchema {
  const key = owner === undefined || !isSmallSchema(schema) ? null : schemaTextKey(schema);
  if (!key || key.chars > MAX_KEPT_ENTRY_CHARS) return unkept(resolveRefs(schema));
  const id = `${owner}|${key.hash}`;
  let entry = keptSchemas.get(id);
  if (!entry) {
    // resolveRefs builds a new tree that shares nothing with the job's schema, so it is kept as is.
    const resolved = resolveRefs(schema);
    const size = keptSize(resolved, MAX_KEPT_ENTRY_SIZE);
    if (size === null) return unkept(resolved);
    entry = { resolved: deepFreeze(resolved), splits: new Map() };
    keptSchemas.set(id, entry, size);
  }
  const kept = entry;
  return {
    resolved: kept.resolved,
    split(agenticArrays) {
      const known = kept.splits.get(agenticArrays);
      if (known) return known;
      const split = splitResolvedSchema(kept.resolved, { agenticArrays });
      // Only an entry still kept grows (another job's plan may have pushed this one out meanwhile).
      const keptAs = keptSchemas.peek(id) === kept ? keptSchemas.chargeOf(id) : undefined;
      if (keptAs === undefined) return split;
      // Only what the split adds to the resolved schema (its subtrees may reuse frozen parts of it).
      const size = keptSize(split, MAX_KEPT_ENTRY_SIZE - keptAs);
      if (size === null) return split;
      kept.splits.set(agenticArrays, deepFreeze(split));
      keptSchemas.addCharge(id, size);
      return split;
    },
  };
}

function unkept(resolved: JsonSchema): PlannedSchema {
  return { resolved, split: (agenticArrays) => splitResolvedSchema(resolved, { agenticArrays }) };
}

/**
 * About the bytes a value holds beyond what is already kept (frozen): the characters of its
 * strings and keys plus 24 per value. null once past `limit` (stops counting there, so a huge
 * value costs no more than `limit` to measure). Measured against the heap, the
 * 167 KB schema above held 176 MB of heap for its resolved form and split, counted here as 174 MB.
 */
function keptSize(value: unknown, limit: number): number | null {
  const stack: unknown[] = [value];
  let size = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    size += 24 + (typeof v === 'string' ? v.length : 0);
    if (size > limit) return null;
    if (typeof v !== 'object' || v === null || Object.isFrozen(v)) continue;
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else {
      for (const [k, child] of Object.entries(v)) {
        size += k.length;
        stack.push(child);
      }
    }
  }
  return size;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
