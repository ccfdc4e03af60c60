/**
 * Bank statements often print money out and money in in two columns ("Withdrawals | Deposits",
 * "Debit | Credit", "Paid out | Paid in") while the schema asks for one signed amount. When the
 * header has such a pair and the item's amount property names no column of its own, both columns
 * feed that property: money out negative, money in positive.
 */
import type { JsonSchema } from '../../domain/types.ts';
import { fieldLabels } from './field-labels.ts';
import type { FieldLabels } from './field-labels.ts';

export type Sign = -1 | 1;

interface SignProp {
  name: string;
  kind: string;
  labels: FieldLabels;
}

interface SignColumn<P> {
  prop: P | null;
  score: number;
  sign?: Sign;
}

const NUMBER: JsonSchema = { type: 'number' };
const OUT_LABELS = fieldLabels('debit', NUMBER, undefined, []);
const IN_LABELS = fieldLabels('credit', NUMBER, undefined, []);
/** A header cell must name the debit or credit concept at least this well. */
const MIN_SCORE = 0.8;

/**
 * Gives the unclaimed out/in header cells to the amount property, with their signs. `score` rates a
 * header cell's tokens against a property's labels. Returns the number of columns it assigned
 * (0 unless both an out and an in column are found: one alone cannot say which sign the other
 * rows have).
 */
export function assignSignedColumns<P extends SignProp>(
  columns: SignColumn<P>[],
  tokensOf: (column: number) => readonly string[],
  props: readonly P[],
  score: (tokens: readonly string[], labels: FieldLabels) => number,
): number {
  const claimed = new Set(columns.map((c) => c.prop?.name).filter((n) => n !== undefined));
  const amount = props.find((p) => p.kind === 'number' && !claimed.has(p.name) && p.labels.concept?.key === 'amount');
  if (amount === undefined) return 0;
  const best = (labels: FieldLabels): { index: number; score: number } | undefined => {
    let out: { index: number; score: number } | undefined;
    columns.forEach((c, index) => {
      if (c.prop !== null) return;
      const s = score(tokensOf(index), labels);
      if (s >= MIN_SCORE && (out === undefined || s > out.score)) out = { index, score: s };
    });
    return out;
  };
  const debit = best(OUT_LABELS);
  const credit = best(IN_LABELS);
  if (debit === undefined || credit === undefined || debit.index === credit.index) return 0;
  for (const [pick, sign] of [[debit, -1], [credit, 1]] as const) {
    const column = columns[pick.index] as SignColumn<P>;
    column.prop = amount;
    column.score = pick.score;
    column.sign = sign;
  }
  return 2;
}

/** The column's number with the column's sign; values printed with a sign keep only their size. */
export function applySign(value: unknown, sign: Sign | undefined): unknown {
  if (sign === undefined || typeof value !== 'number') return value;
  return sign * Math.abs(value);
}

const CREDIT_MARK = /\b(?:CR|Cr)\.?$/;
const DEBIT_MARK = /\b(?:DR|Dr)\.?$/;

/**
 * One amount column whose credits carry "CR" (card statements: "1,250.00 CR") or whose debits
 * carry "DR": the unmarked rows are the other kind. Money in is positive, money out negative.
 * Returns the signed values, or null when the column does not mix marked and unmarked amounts.
 */
export function signByMarks(cells: readonly { quote: string; value: number }[]): number[] | null {
  const credit = cells.map((c) => CREDIT_MARK.test(c.quote.trim()));
  const debit = cells.map((c) => DEBIT_MARK.test(c.quote.trim()));
  const nCredit = credit.filter(Boolean).length;
  const nDebit = debit.filter(Boolean).length;
  if (nCredit > 0 && nDebit === 0 && nCredit < cells.length) return cells.map((c, i) => (credit[i] === true ? 1 : -1) * Math.abs(c.value));
  if (nDebit > 0 && nCredit === 0 && nDebit < cells.length) return cells.map((c, i) => (debit[i] === true ? -1 : 1) * Math.abs(c.value));
  if (nCredit > 0 && nDebit > 0) return cells.map((c, i) => (debit[i] === true ? -1 : credit[i] === true ? 1 : Math.sign(c.value)) * Math.abs(c.value));
  return null;
}
