/**
 * Arrays of objects from tables. The header is the line whose cells best name the item's
 * properties; every later cell goes to the header column its box overlaps most. The table ends
 * at a totals line or a line that does not fit the columns, and continues on later pages after a
 * repeated header, or at the top of the next page when it ran into the page footer.
 */
import type { JsonSchema } from '../../domain/types.ts';
import { fieldLabels } from './field-labels.ts';
import type { Found } from './found-value.ts';
import type { LineView } from './layout-words.ts';
import { findItemBlocks } from './item-blocks.ts';
import type { ExtractContext } from './search-field.ts';
import { propertiesOf, shapeOf } from './schema-shape.ts';
import { findItemLines } from './item-lines.ts';
import { stackedHeaders } from './stacked-header.ts';
import { signByBalance, splitCountFromDescription, splitCountFromUnit, unitAfterCount } from './table-fixups.ts';
import type { TableRow } from './table-fixups.ts';
import { signByMarks } from './signed-columns.ts';
import { readUnnamedColumns } from './unnamed-columns.ts';
import type { Header, ItemProp } from './table-header.ts';
import { headerAt, itemLabels } from './table-header.ts';
import { readRows } from './read-table-rows.ts';

export type { TableRow } from './table-fixups.ts';

/** A later line is the header repeated (next page) when it names the same columns about as well. */
const REPEAT_HEADER_SHARE = 0.8;

export function findTableRows(ctx: ExtractContext, itemSchema: JsonSchema): TableRow[] {
  const entries = propertiesOf(itemSchema);
  const plain = entries.map(([name, schema]) => fieldLabels(name, schema, undefined, []));
  const props: ItemProp[] = entries
    .map(([name, schema]) => ({ name, schema, labels: itemLabels(name, schema, plain), kind: shapeOf(schema).kind }))
    .filter((p) => p.kind !== 'object' && p.kind !== 'array');
  if (props.length === 0) return [];
  let header: Header | null = null;
  const headers: Header[] = [];
  for (let i = 0; i < ctx.views.length; i++) {
    for (const v of [ctx.views[i] as LineView, ...stackedHeaders(ctx.views, i)]) {
      const h = headerAt(v, props);
      if (h === null) continue;
      headers.push(h);
      if (header === null || h.score > header.score) header = h;
    }
  }
  if (header === null) {
    // Items printed as repeated blocks of label rows leave no header row to find; label rows
    // that follow a table (a VAT breakdown, an instalment plan) are never its items.
    const blocks = findItemBlocks(ctx, props);
    return blocks.length > 0 ? blocks : findItemLines(ctx, props).map((values) => ({ values }));
  }
  const main = header;
  const repeats = new Set(headers.filter((h) => h.signature === main.signature && h.score >= REPEAT_HEADER_SHARE * main.score).map((h) => h.view.order));
  const { rows, unnamed } = readRows(ctx, main, repeats, props);
  readUnnamedColumns(ctx, rows, unnamed, props);
  if (rows.length === 0) return findItemLines(ctx, props).map((values) => ({ values }));
  let marked = false;
  for (const prop of props) if (prop.kind === 'number' && prop.labels.concept?.key === 'amount') marked = signMarkedColumn(rows, prop.name) || marked;
  const amount = props.find((p) => p.kind === 'number' && p.labels.concept?.key === 'amount');
  if (amount !== undefined) {
    for (const row of rows) {
      splitCountFromDescription(ctx, row, props, amount.name);
      splitCountFromUnit(ctx, row, props, amount.name);
      unitAfterCount(ctx, row, props, amount.name);
    }
  }
  const balance = props.find((p) => p.kind === 'number' && p.labels.concept?.key === 'balance');
  // "600.00 CR" marks say which way money moved; a card's balance is what is owed and moves the other way.
  if (amount !== undefined && balance !== undefined && !marked) signByBalance(rows, amount.name, balance.name);
  return rows;
}

/** True when CR/DR marks in the column gave the signs. */
function signMarkedColumn(rows: TableRow[], prop: string): boolean {
  const cells = rows.map((r) => r.values.get(prop)).filter((f): f is Found => f !== undefined && typeof f.value === 'number');
  const signed = signByMarks(cells.map((f) => ({ quote: f.quote, value: f.value as number })));
  if (signed === null) return false;
  cells.forEach((f, i) => {
    f.value = signed[i];
  });
  return true;
}
