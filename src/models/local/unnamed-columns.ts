/**
 * An item table column whose header names no property ("EP", "Satz", a header in a language no
 * lexicon has) is still read when its figures prove what it is: of quantity, unit price and
 * amount, when two are read and the third is not, the one left-over number column that makes
 * quantity × unit price = amount on every row is the third. Nothing is read when no column or
 * more than one column fits, or when too few rows can be checked: a guess would be a wrong value.
 */
import { coerceScalar } from './coerce-value.ts';
import type { ItemProp } from './table-header.ts';
import { foundFrom } from './found-value.ts';
import type { LineView, Word } from './layout-words.ts';
import { quoteOf } from './layout-words.ts';
import type { ExtractContext } from './search-field.ts';
import type { TableRow } from './table-fixups.ts';

/** The cells of one row under headers that name no property, by header column. */
export type UnnamedCells = ReadonlyMap<number, { view: LineView; words: Word[]; header: string }>;


/** Rows whose product must check out before a column is taken; one row could agree by chance. */
const MIN_CHECKED_ROWS = 2;
/** quantity × unit price may differ from the printed amount by rounding to the cent (and a cent more). */
const PRODUCT_TOLERANCE_CENTS = 1;
/** A column read from its figures alone is less sure than one named by its header. */
const PROVEN_COLUMN_CONFIDENCE = 0.8;

const ROLES = ['quantity', 'unit_price', 'amount'] as const;
type Role = (typeof ROLES)[number];

function productHolds(q: number, p: number, a: number): boolean {
  return Math.abs(Math.round(q * p * 100) - Math.round(a * 100)) <= PRODUCT_TOLERANCE_CENTS;
}

/** Fills the one missing property of quantity, unit price and amount from the column its figures prove. */
export function readUnnamedColumns(ctx: ExtractContext, rows: readonly TableRow[], unnamed: readonly UnnamedCells[], props: readonly ItemProp[]): void {
  const byRole = new Map<Role, ItemProp>();
  for (const role of ROLES) {
    const p = props.find((x) => x.labels.concept?.key === role && (x.kind === 'number' || x.kind === 'integer'));
    if (p !== undefined) byRole.set(role, p);
  }
  if (byRole.size !== ROLES.length) return;
  const read = (role: Role): boolean => rows.some((r) => r.values.has((byRole.get(role) as ItemProp).name));
  const missing = ROLES.filter((r) => !read(r));
  if (missing.length !== 1) return;
  const role = missing[0] as Role;
  const prop = byRole.get(role) as ItemProp;
  const value = (row: TableRow, r: Role): number | undefined => {
    const v = row.values.get((byRole.get(r) as ItemProp).name)?.value;
    return typeof v === 'number' ? v : undefined;
  };
  const bands = new Set(unnamed.flatMap((cells) => [...cells.keys()]));
  const fitting: number[] = [];
  for (const band of bands) {
    let checked = 0;
    let fails = false;
    rows.forEach((row, i) => {
      const cell = unnamed[i]?.get(band);
      if (cell === undefined) return;
      const n = coerceScalar(quoteOf(cell.words), prop.schema, ctx.hints, role)?.value;
      if (typeof n !== 'number') {
        fails = true;
        return;
      }
      const q = role === 'quantity' ? n : value(row, 'quantity');
      const p = role === 'unit_price' ? n : value(row, 'unit_price');
      const a = role === 'amount' ? n : value(row, 'amount');
      if (q === undefined || p === undefined || a === undefined) return;
      if (productHolds(q, p, a)) checked++;
      else fails = true;
    });
    if (!fails && checked >= Math.min(MIN_CHECKED_ROWS, rows.length)) fitting.push(band);
  }
  if (fitting.length !== 1) return;
  const band = fitting[0] as number;
  rows.forEach((row, i) => {
    const cell = unnamed[i]?.get(band);
    if (cell === undefined) return;
    const coerced = coerceScalar(quoteOf(cell.words), prop.schema, ctx.hints, role);
    if (coerced === null) return;
    row.values.set(prop.name, foundFrom([cell], coerced, coerced.value, PROVEN_COLUMN_CONFIDENCE * coerced.quality,
      `table column '${cell.header}' for ${prop.name}: its header names no property, its figures make quantity × unit price = amount`));
  });
}
