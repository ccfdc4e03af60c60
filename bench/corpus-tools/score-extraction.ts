/**
 * Field-by-field scoring of an extraction against a corpus document's ground truth, shared by
 * bench/local-accuracy.ts (the one printer) and test/models/local/corpus-accuracy.test.ts (the
 * one accuracy test), both driven by bench/corpora/manifest.json.
 *
 * Every leaf of the truth counts once: correct, wrong, or missing (null/absent in the result).
 * Leaves of array items beyond the truth's length count as extra. Arrays of objects are aligned by
 * index, so a dropped row shifts later rows and shows up as wrong. Accuracy is
 * correct / (truth leaves + extra leaves).
 *
 * Normalisation: strings trimmed, case-folded, whitespace collapsed, and a line break or a comma
 * between address lines treated alike ("A\nB" = "A, B"); numbers equal within 0.005.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalProvider } from '../../src/models/local/local-provider.ts';
import { MODEL_LIMITS } from '../../src/models/model-ids.ts';
import { readLayout } from '../../src/pdf/read-layout.ts';
import { runExtraction } from '../../src/pipeline/run-extraction.ts';
import type { ExtractConfig, JsonSchema } from '../../src/domain/types.ts';

export type Outcome = 'correct' | 'wrong' | 'missing' | 'extra';

export interface LeafResult {
  /** Path with array indices replaced by [], e.g. "line_items[].amount". */
  field: string;
  /** Concrete path, e.g. "line_items/3/amount". */
  path: string;
  type: 'string' | 'date' | 'number';
  outcome: Outcome;
  expected: unknown;
  actual: unknown;
}

export interface DocumentScore {
  id: string;
  leaves: LeafResult[];
  counts: Record<Outcome, number>;
  accuracy: number;
}

/** bench/corpora/: one folder per set, the schemas the truths name, and manifest.json. */
export const CORPORA_DIR = join(import.meta.dirname, '..', 'corpora');
const SCHEMAS_DIR = join(CORPORA_DIR, 'schemas');

type SetRole = 'tuning' | 'sealed';
/** What a set measures: every leaf of the truth (fields), or the cells of one table (cells, bench/table-f1.ts). */
type SetMeasure = 'fields' | 'cells';

/** A set's entry in bench/corpora/manifest.json. */
export interface CorpusSet {
  name: string;
  role: SetRole;
  measure: SetMeasure;
  /** How the documents were made (generator and styles). */
  made: string;
  /** The first measurement, before any extractor change for this set; null until measured. */
  untuned: Measurement | null;
  /** A sealed set's measurement at the end of the round it was made for. */
  afterRound?: Measurement;
  /**
   * The script that puts the set's PDFs in place, for documents no one here made: their PDFs are
   * not committed (see bench/corpus-tools/fetch-thirdparty.ts).
   */
  fetch?: string;
}

/** accuracy is the field accuracy of a 'fields' set and the cell F1 of a 'cells' set. */
interface Measurement {
  accuracy: number;
  /** Leaf counts of a 'fields' set. */
  correct?: number; wrong?: number; missing?: number; extra?: number; leaves?: number;
  /** Cell counts of a 'cells' set (bench/corpus-tools/score-cells.ts). */
  precision?: number; recall?: number; right?: number; extracted?: number; truth?: number;
  measured: string;
}

export function readManifest(): CorpusSet[] {
  const raw = JSON.parse(readFileSync(join(CORPORA_DIR, 'manifest.json'), 'utf8')) as { sets: Record<string, Omit<CorpusSet, 'name' | 'measure'> & { measure?: SetMeasure }> };
  return Object.entries(raw.sets).map(([name, set]) => {
    if (set.role !== 'tuning' && set.role !== 'sealed') throw new Error(`manifest: set ${name} has role ${String(set.role)}`);
    const measure = set.measure ?? 'fields';
    if (measure !== 'fields' && measure !== 'cells') throw new Error(`manifest: set ${name} has measure ${String(measure)}`);
    return { name, ...set, measure };
  });
}

export function setDir(name: string): string {
  return join(CORPORA_DIR, name);
}

/** A fetched set whose PDFs are not (all) in place: it cannot be scored until its fetch script ran. */
export function unfetched(set: CorpusSet): boolean {
  return set.fetch !== undefined && corpusIds(setDir(set.name)).some((id) => !existsSync(join(setDir(set.name), id, 'document.pdf')));
}

/** The contract's defaults (see jobs/resolve-config.ts) with model LOCAL. */
export const LOCAL_CONFIG: ExtractConfig = {
  model: 'LOCAL',
  modelName: null,
  maxNumConcurrentRequests: 5,
  validateResponseSchema: true,
  perKeyAttribution: false,
  temperature: null,
  seed: null,
  enableThinking: true,
  nMaxRetries: 3,
  additionalInstructions: null,
  enableAgenticArrayExtraction: false,
  extractionTarget: 'PER_DOC',
  targetPages: null,
  maxPages: null,
};

function normString(s: string): string {
  return s.replace(/\s*[\n,]\s*/g, ', ').replace(/\s+/g, ' ').trim().toLowerCase();
}

function leafType(schema: JsonSchema | undefined): LeafResult['type'] {
  if (schema === undefined) return 'string';
  const t = schema['type'];
  if (t === 'number' || t === 'integer') return 'number';
  return schema['format'] === 'date' ? 'date' : 'string';
}

function childSchema(schema: JsonSchema | undefined, key: string | number): JsonSchema | undefined {
  if (schema === undefined) return undefined;
  if (typeof key === 'number') return schema['items'] as JsonSchema | undefined;
  return (schema['properties'] as Record<string, JsonSchema> | undefined)?.[key];
}

/** Two leaf values agree under the normalisation above. */
export function same(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'number') return typeof actual === 'number' && Math.abs(expected - actual) <= 0.005;
  if (typeof expected === 'string') return typeof actual === 'string' && normString(expected) === normString(actual);
  return expected === actual;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scoreValue(expected: unknown, actual: unknown, schema: JsonSchema): LeafResult[] {
  const out: LeafResult[] = [];
  const walk = (exp: unknown, act: unknown, sch: JsonSchema | undefined, path: string[], field: string[], extra: boolean): void => {
    if (Array.isArray(exp) || (extra && Array.isArray(act))) {
      const e = Array.isArray(exp) ? exp : [];
      const a = Array.isArray(act) ? act : [];
      for (let i = 0; i < Math.max(e.length, a.length); i++) {
        walk(e[i], a[i], childSchema(sch, i), [...path, String(i)], [...field.slice(0, -1), `${field.at(-1) ?? ''}[]`], extra || i >= e.length);
      }
      return;
    }
    if (isRecord(exp) || (extra && isRecord(act))) {
      const keys = isRecord(exp) ? Object.keys(exp) : Object.keys((sch?.['properties'] as object | undefined) ?? (act as object));
      for (const k of keys) {
        walk(isRecord(exp) ? exp[k] : undefined, isRecord(act) ? act[k] : undefined, childSchema(sch, k), [...path, k], [...field, k], extra);
      }
      return;
    }
    const common = { field: field.join('.'), path: path.join('/'), type: leafType(sch), expected: exp, actual: act ?? null };
    if (extra) {
      if (act !== null && act !== undefined) out.push({ ...common, outcome: 'extra' });
      return;
    }
    // A null truth means the document does not state the value: null is right, anything else invented.
    const absent = act === null || act === undefined;
    const outcome: Outcome = exp === null ? (absent ? 'correct' : 'wrong') : absent ? 'missing' : same(exp, act) ? 'correct' : 'wrong';
    out.push({ ...common, outcome });
  };
  walk(expected, actual, schema, [], [], false);
  return out;
}

export function countOutcomes(leaves: readonly LeafResult[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { correct: 0, wrong: 0, missing: 0, extra: 0 };
  for (const l of leaves) counts[l.outcome]++;
  return counts;
}

export function accuracyOf(counts: Record<Outcome, number>): number {
  const total = counts.correct + counts.wrong + counts.missing + counts.extra;
  return total === 0 ? 1 : counts.correct / total;
}

export function corpusIds(corpusDir: string): string[] {
  return readdirSync(corpusDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/**
 * A document's truth and the path of its schema: a name in bench/corpora/schemas/, or "./name"
 * for a schema of the document's own (a table's columns).
 */
export function readTruth(dir: string): { schemaPath: string; expected: unknown } {
  const { schema, expected } = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { schema: string; expected: unknown };
  return { schemaPath: schema.startsWith('./') ? join(dir, schema) : join(SCHEMAS_DIR, schema), expected };
}

/** readLayout → runExtraction with the LOCAL provider; the document's truth and LOCAL's result. */
export async function extractDocument(dir: string): Promise<{ schema: JsonSchema; expected: unknown; result: unknown }> {
  const { schemaPath, expected } = readTruth(dir);
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as JsonSchema;
  const pdfBytes = new Uint8Array(readFileSync(join(dir, 'document.pdf')));
  const layout = await readLayout(pdfBytes);
  const outcome = await runExtraction({
    layout, pdfBytes, schema, config: LOCAL_CONFIG, provider: createLocalProvider(), sectionTokenBudget: MODEL_LIMITS.LOCAL.sectionTokenBudget,
    emit: () => {}, signal: new AbortController().signal,
  });
  return { schema, expected, result: outcome.results };
}

/** A document of a 'fields' set, scored leaf by leaf against expected.json. */
export async function scoreDocument(id: string, corpusDir: string): Promise<DocumentScore & { result: unknown }> {
  const { schema, expected, result } = await extractDocument(join(corpusDir, id));
  const leaves = scoreValue(expected, result, schema);
  const counts = countOutcomes(leaves);
  return { id, leaves, counts, accuracy: accuracyOf(counts), result };
}
