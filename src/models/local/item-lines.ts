/**
 * Item lines printed without a header row: "Garden work   2.5 hrs × $60.00   $150.00", a receipt's
 * name on one line and "2 x 3,95   7,90 A" under it, and a bare "Materials: …   $42.10" among them.
 * Only a run in which at least two lines prove themselves (quantity × price = amount) is taken,
 * so that totals and prose with numbers in them are not read as items.
 */
import type { JsonSchema } from '../../domain/types.ts';
import type { FieldLabels } from './field-labels.ts';
import type { Found } from './found-value.ts';
import { foundFrom } from './found-value.ts';
import type { LineView, Word } from './layout-words.ts';
import { parseNumber } from './parse-number.ts';
import type { DocumentHints } from './parse-number.ts';
import type { ExtractContext } from './search-field.ts';
import { TABLE_END_PHRASES } from './synonyms.ts';
import { foldLabel } from './normalize-label.ts';

export interface LineItemProp {
  name: string;
  schema: JsonSchema;
  labels: FieldLabels;
  kind: string;
}

interface Parsed {
  description: string;
  quantity?: number;
  unitPrice?: number;
  amount: number;
  proven: boolean;
}

// "2.5 hrs × $60.00", "2 x 3,95", "3 @ 4.50": a count, an optional unit word, a times sign, a price.
const TIMES = /(?:^|\s)(\d+(?:[.,]\d+)?)\s*(?:[a-zA-Z]{1,6}\.?\s*)?[x×@*]\s*(\p{Sc}?\s?\d[\d.,]*)(?=\s|$)/u;
// The line's last figure, money-shaped (two decimals), with an optional currency and a one-letter tax code after it ("7,90 A").
const LAST_AMOUNT = /(-?\p{Sc}?\s?-?(?:\d[\d.,]*)?\d[.,]\d{2})\s*(?:\p{Sc}|[A-Z]{3})?\s*(?:[A-Z]\d?)?\s*$/u;
const END = TABLE_END_PHRASES.map((p) => foldLabel(p).join(' '));

function num(text: string, hints: DocumentHints): number | null {
  const p = parseNumber(text, hints);
  return p === null || p.percent ? null : p.value;
}

function isTotalsLine(text: string): boolean {
  const folded = foldLabel(text).join(' ');
  return END.some((p) => folded === p || folded.startsWith(`${p} `));
}

function parseLine(text: string, hints: DocumentHints): Parsed | null {
  const last = LAST_AMOUNT.exec(text);
  if (last === null || last.index === 0) return null;
  const amount = num(last[1] as string, hints);
  if (amount === null) return null;
  const before = text.slice(0, last.index).trim();
  const times = TIMES.exec(before);
  if (times !== null) {
    const quantity = num(times[1] as string, hints);
    const unitPrice = num(times[2] as string, hints);
    if (quantity === null || unitPrice === null) return null;
    const proven = Math.abs(Math.round(quantity * unitPrice * 100) - Math.round(amount * 100)) <= 1;
    return { description: before.slice(0, times.index).trim(), quantity, unitPrice, amount, proven };
  }
  // A bare "Label   $42.10": only an item inside a run of proven lines.
  if (!/[a-zA-Z]{3}/.test(before) || /\d[.,]\d{2}\b/.test(before)) return null;
  return { description: before, amount, proven: false };
}

/** Items from lines without a header; [] unless at least two lines multiply out. */
export function findItemLines(ctx: ExtractContext, props: readonly LineItemProp[]): Map<string, Found>[] {
  const byKey = (key: string): LineItemProp | undefined => props.find((p) => p.labels.concept?.key === key);
  const amountProp = byKey('amount');
  if (amountProp === undefined) return [];
  const descProp = byKey('description');
  const qtyProp = byKey('quantity');
  const priceProp = byKey('unit_price');
  const runs: { view: LineView; above?: LineView; parsed: Parsed }[][] = [];
  let run: { view: LineView; above?: LineView; parsed: Parsed }[] = [];
  const close = (): void => {
    if (run.filter((r) => r.parsed.proven).length >= 2) runs.push(run);
    run = [];
  };
  for (const view of ctx.views) {
    const text = view.words.map((w) => w.text).join(' ');
    if (isTotalsLine(text)) {
      close();
      continue;
    }
    const parsed = parseLine(text, ctx.hints);
    if (parsed === null) {
      // A receipt's item name sits on its own line above "2 x 3,95  7,90"; it does not break the run.
      if (/\d[.,]\d{2}/.test(text)) close();
      continue;
    }
    if (parsed.description === '' && parsed.proven) {
      const above = ctx.views[view.order - 1];
      if (above === undefined || above.page !== view.page || parseLine(above.words.map((w) => w.text).join(' '), ctx.hints) !== null) continue;
      parsed.description = above.words.map((w) => w.text).join(' ');
      run.push({ view, above, parsed });
      continue;
    }
    if (parsed.description === '') continue;
    run.push({ view, parsed });
  }
  close();
  const best = runs.sort((a, b) => b.length - a.length)[0];
  if (best === undefined) return [];
  return best.map(({ view, above, parsed }) => {
    const values = new Map<string, Found>();
    const at = (words: readonly Word[], line: LineView, value: string | number, why: string): Found =>
      foundFrom([{ view: line, words }], { value, matched: '', quality: 1 }, value, parsed.proven ? 0.75 : 0.6, why);
    if (descProp !== undefined) values.set(descProp.name, at(above?.words ?? view.words, above ?? view, parsed.description, `item line without a header: description of ${descProp.name}`));
    if (qtyProp !== undefined && parsed.quantity !== undefined) values.set(qtyProp.name, at(view.words, view, parsed.quantity, 'item line without a header: the count before the times sign'));
    if (priceProp !== undefined && parsed.unitPrice !== undefined) values.set(priceProp.name, at(view.words, view, parsed.unitPrice, 'item line without a header: the price after the times sign'));
    values.set(amountProp.name, at(view.words, view, parsed.amount, 'item line without a header: the last figure of the line'));
    return values;
  });
}
