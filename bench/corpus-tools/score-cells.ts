/**
 * Table cell F1 for the 'cells' sets of bench/corpora/manifest.json (bench/table-f1.ts prints it,
 * test/models/local/corpus-accuracy.test.ts holds it to its floor).
 *
 * A cell is one non-null value of one column of one row. Expected rows are paired with extracted
 * rows one to one, in order (a dropped or split row only costs its own cells, not every row after
 * it): each extracted row goes to the first unpaired expected row at or after the last pairing
 * that shares its most cells. A cell is right when its paired truth cell is the same value under
 * the leaf rules of score-extraction.ts. Precision is right / extracted cells, recall is right /
 * truth cells, F1 their harmonic mean; a set's figure pools the cells of all its documents.
 */
import { same } from './score-extraction.ts';

export interface CellCounts { right: number; extracted: number; truth: number }

type Row = Record<string, unknown>;

const filled = (row: Row): string[] => Object.keys(row).filter((k) => row[k] !== null && row[k] !== undefined && row[k] !== '');

function agreeing(truth: Row, got: Row): number {
  return filled(truth).filter((k) => same(truth[k], got[k])).length;
}

/** The rows of a table result: the first array of objects found in it. */
function rowsOf(value: unknown): Row[] {
  if (Array.isArray(value)) return value.filter((r): r is Row => typeof r === 'object' && r !== null && !Array.isArray(r));
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) {
      const rows = rowsOf(v);
      if (rows.length > 0) return rows;
    }
  }
  return [];
}

export function scoreCells(expected: unknown, actual: unknown): CellCounts {
  const truth = rowsOf(expected);
  const got = rowsOf(actual);
  const counts: CellCounts = { right: 0, extracted: got.reduce((n, r) => n + filled(r).length, 0), truth: truth.reduce((n, r) => n + filled(r).length, 0) };
  const used = new Set<number>();
  let from = 0;
  for (const row of got) {
    let best = -1;
    let bestAgree = 0;
    for (let i = from; i < truth.length; i++) {
      if (used.has(i)) continue;
      const a = agreeing(truth[i] as Row, row);
      if (a > bestAgree) {
        best = i;
        bestAgree = a;
      }
    }
    if (best < 0) continue;
    used.add(best);
    from = best + 1;
    counts.right += bestAgree;
  }
  return counts;
}

export function addCells(a: CellCounts, b: CellCounts): CellCounts {
  return { right: a.right + b.right, extracted: a.extracted + b.extracted, truth: a.truth + b.truth };
}

export function cellF1(c: CellCounts): { precision: number; recall: number; f1: number } {
  const precision = c.extracted === 0 ? (c.truth === 0 ? 1 : 0) : c.right / c.extracted;
  const recall = c.truth === 0 ? 1 : c.right / c.truth;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}
