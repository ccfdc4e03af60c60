/**
 * Corrections to the rows of an item table once they are read: ledger lines that only state a
 * balance, a lone price column that is the line's amount, "3 x 2,40" printed in the description
 * cell, and the sign of amounts that the running balance contradicts.
 */
import type { Found } from './found-value.ts';
import { foldLabel } from './normalize-label.ts';
import { parseNumber } from './parse-number.ts';
import type { Word } from './layout-words.ts';
import type { ExtractContext } from './search-field.ts';
import { CONCEPTS } from './synonyms.ts';
import type { FieldLabels } from './field-labels.ts';

export interface TableRow {
  values: Map<string, Found>;
}

interface PropLike {
  name: string;
  kind: string;
  labels: FieldLabels;
}

/** Ledger rows that state a balance but are no transaction ("Beginning balance", "Saldo iniziale"). */
const BALANCE_ROW_PHRASES = new Set(CONCEPTS.filter((c) => c.key === 'opening_balance' || c.key === 'closing_balance').flatMap((c) => c.phrases).filter((p) => p.includes(' ') || p.endsWith('saldo') || p.endsWith('bestand')));

export function isBalanceRow(row: TableRow): boolean {
  for (const f of row.values.values()) {
    if (typeof f.value === 'string' && BALANCE_ROW_PHRASES.has(foldLabel(f.value).join(' '))) return true;
  }
  return false;
}

/** A time on its own line under a date cell ("2025-09-02" over "18:49:08"): part of the cell, nothing to add. */
export const TIME_ONLY = /^\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:am|pm|utc|[A-Z]{3,4}))?$/i;

/**
 * A lone "Price" column beside no quantity column is what each line costs (receipts: "Item | Price"),
 * so it feeds the amount when the item has one.
 */
export function priceIsAmount(columns: { prop: PropLike | null }[], props: readonly PropLike[]): void {
  const keyOf = (c: { prop: PropLike | null }): string | undefined => c.prop?.labels.concept?.key;
  if (columns.some((c) => keyOf(c) === 'amount' || keyOf(c) === 'quantity')) return;
  const amount = props.find((p) => p.labels.concept?.key === 'amount' && p.kind === 'number');
  const price = columns.find((c) => keyOf(c) === 'unit_price');
  if (amount !== undefined && price !== undefined) price.prop = amount;
}
const COUNT_TIMES_PRICE = /^(\d+(?:[.,]\d+)?)\s*[x×]\s*(\p{Sc}?\s?\d[\d.,]*)\s+(?=\p{L})/u;

/**
 * "3 x 2,40 Cerotti": a receipt prints count and price in the description cell; when they multiply
 * out to the row's amount they are the row's quantity and unit price.
 */
export function splitCountFromDescription(ctx: ExtractContext, row: TableRow, props: readonly PropLike[], amountProp: string): void {
  const key = (k: string): PropLike | undefined => props.find((p) => p.labels.concept?.key === k);
  const desc = key('description');
  const qty = key('quantity');
  const price = key('unit_price');
  const d = desc === undefined ? undefined : row.values.get(desc.name);
  const amount = row.values.get(amountProp)?.value;
  if (desc === undefined || d === undefined || typeof d.value !== 'string' || typeof amount !== 'number') return;
  const m = COUNT_TIMES_PRICE.exec(d.value);
  if (m === null) return;
  const count = parseNumber(m[1] as string, ctx.hints)?.value;
  const each = parseNumber(m[2] as string, ctx.hints)?.value;
  if (count === undefined || each === undefined || Math.abs(Math.round(count * each * 100) - Math.round(amount * 100)) > 1) return;
  row.values.set(desc.name, { ...d, value: d.value.slice(m[0].length).trim() });
  if (qty !== undefined && !row.values.has(qty.name)) row.values.set(qty.name, { ...d, value: count, reasoning: 'count printed before the description (count x price)' });
  if (price !== undefined && !row.values.has(price.name)) row.values.set(price.name, { ...d, value: each, reasoning: 'price printed before the description (count x price)' });
}

const COUNT_THEN_UNIT = /^(\d+(?:[.,]\d+)?)\s+(\p{L}[\p{L}²³.]*)$/u;

/**
 * "6 Std" under "Einheit" and nothing under "Menge": quantity and unit printed so close (the
 * quantity right-aligned against a left-aligned unit) that the reader made one cell of them. When
 * the count times the row's unit price is its amount, the count is the quantity.
 */
export function splitCountFromUnit(ctx: ExtractContext, row: TableRow, props: readonly PropLike[], amountProp: string): void {
  const key = (k: string): PropLike | undefined => props.find((p) => p.labels.concept?.key === k);
  const unit = key('unit');
  const qty = key('quantity');
  const price = key('unit_price');
  const u = unit === undefined ? undefined : row.values.get(unit.name);
  const each = price === undefined ? undefined : row.values.get(price.name)?.value;
  const amount = row.values.get(amountProp)?.value;
  if (unit === undefined || qty === undefined || u === undefined || typeof u.value !== 'string' || row.values.has(qty.name)) return;
  if (typeof each !== 'number' || typeof amount !== 'number') return;
  const m = COUNT_THEN_UNIT.exec(u.value.trim());
  const count = m === null ? undefined : parseNumber(m[1] as string, ctx.hints)?.value;
  if (m === null || count === undefined || Math.abs(Math.round(count * each * 100) - Math.round(amount * 100)) > 1) return;
  row.values.set(unit.name, { ...u, value: m[2] as string });
  row.values.set(qty.name, { ...u, value: count, reasoning: `count printed in the unit cell ('${u.value}'), proven by count × price = amount` });
}

/** A unit as printed after a count: a word of letters ("Stück", "Pack", "m²", "Std."), not a figure. */
const UNIT_WORD = /^\p{L}[\p{L}²³.]*$/u;
/** Longer words after a count are a description, not a unit. */
const MAX_UNIT_LETTERS = 10;
/** Where two boxes of one word agree, in points (the quote's box is the word's box). */
const SAME_EDGE = 0.5;

/**
 * "20 Pack", "50 Stück" in the quantity column and no unit column: the unit is the word printed
 * after the count in the same cell. Taken only when the cell holds the count and that word alone
 * and the count times the row's unit price is its amount, so a description's word is never a unit.
 */
export function unitAfterCount(ctx: ExtractContext, row: TableRow, props: readonly PropLike[], amountProp: string): void {
  const key = (k: string): PropLike | undefined => props.find((p) => p.labels.concept?.key === k);
  const unit = key('unit');
  const qty = key('quantity');
  const price = key('unit_price');
  if (unit === undefined || qty === undefined || price === undefined || row.values.has(unit.name)) return;
  const q = row.values.get(qty.name);
  const each = row.values.get(price.name)?.value;
  const amount = row.values.get(amountProp)?.value;
  if (q === undefined || typeof q.value !== 'number' || typeof each !== 'number' || typeof amount !== 'number') return;
  if (Math.abs(Math.round(q.value * each * 100) - Math.round(amount * 100)) > 1) return;
  const view = ctx.views.find((v) => v.page === q.page && v.bbox.y0 <= q.bbox.y1 && v.bbox.y1 >= q.bbox.y0);
  const seg = view?.segments.find((g) => g.words.some((w) => Math.abs(w.bbox.x1 - q.bbox.x1) < SAME_EDGE && Math.abs(w.bbox.y0 - q.bbox.y0) < SAME_EDGE));
  if (seg === undefined || seg.words.length !== 2) return;
  const [count, word] = seg.words as [Word, Word];
  if (Math.abs(count.bbox.x1 - q.bbox.x1) >= SAME_EDGE || !UNIT_WORD.test(word.text) || word.text.length > MAX_UNIT_LETTERS) return;
  row.values.set(unit.name, { ...q, value: word.text, quote: word.text, bbox: word.bbox, place: `${q.place}:unit`, reasoning: `unit printed after the count in the quantity cell ('${seg.text}')` });
}

/**
 * The running balance says which way the money went: when it moves by minus the amount on most
 * rows ("Debit" that is money in, as wallets and ledgers of the account owner print it), every
 * amount's sign is turned round.
 */
export function signByBalance(rows: readonly TableRow[], amountProp: string, balanceProp: string): void {
  let agree = 0;
  let flipped = 0;
  let prevBalance: number | undefined;
  for (const row of rows) {
    const a = row.values.get(amountProp)?.value;
    const b = row.values.get(balanceProp)?.value;
    if (typeof b !== 'number') {
      prevBalance = undefined;
      continue;
    }
    if (typeof a === 'number' && prevBalance !== undefined && a !== 0) {
      const moved = Math.round((b - prevBalance) * 100);
      if (moved === Math.round(a * 100)) agree++;
      else if (moved === -Math.round(a * 100)) flipped++;
    }
    prevBalance = b;
  }
  if (flipped < 2 || flipped <= 2 * agree) return;
  for (const row of rows) {
    const f = row.values.get(amountProp);
    if (f !== undefined && typeof f.value === 'number') f.value = -f.value;
  }
}
