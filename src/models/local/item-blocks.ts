/**
 * Items printed as blocks of labelled rows instead of as a table, as e-invoice viewers print them:
 *
 *   Position 1
 *   Bezeichnung:                 Dichtungsring
 *   Menge:                       12
 *   Preis pro Einheit (netto):   3,20
 *
 * A row is a label cell that names an item property and the value cell beside it. An item ends
 * where a property's label comes again, or at a line that names the next position ("Position 2").
 *
 * Label rows repeat for many things that are not items: a VAT breakdown per rate ("Steuersatz: /
 * Nettobetrag: / Steuerbetrag:"), an instalment plan ("Verwendungszweck: / Betrag: / Fällig am:"),
 * a party's details. So this is a fallback the table reader tries only when it finds no items
 * table header (find-table.ts), and only items that
 * - sit next to each other: a run of blocks ends at any line that is neither a label row, nor a
 *   position line, nor a value wrapped under the row above (a heading such as
 *   "Umsatzsteueraufschlüsselung" starts another run), and only the longest run is read;
 * - name what an item is or how many: a block without a description or quantity label is no item;
 * - repeat the same labels: one block of label rows is a document's own information block.
 * A tax AMOUNT label ("Umsatzsteuerbetrag:") never fills an item's tax rate.
 */
import { coerceScalar } from './coerce-value.ts';
import type { ItemProp } from './table-header.ts';
import { cellScore } from './label-cell-score.ts';
import { foundFrom } from './found-value.ts';
import type { Found } from './found-value.ts';
import { quoteOf } from './layout-words.ts';
import type { LineView, Segment } from './layout-words.ts';
import { foldLabel } from './normalize-label.ts';
import { isTaxAmountLabel, takesTaxAmount } from './tax-amount-label.ts';
import type { ExtractContext } from './search-field.ts';
import type { TableRow } from './table-fixups.ts';

/** A label cell must match an item property this well: a row label is the whole cell, not a column header's abbreviation. */
const MIN_ROW_LABEL_SCORE = 0.8;
/** A label is a few words ("Preis pro Einheit (netto)"); a longer first cell is a sentence. */
const MAX_ROW_LABEL_WORDS = 6;
/** Fewer blocks than this are an information block, not a list. */
const MIN_BLOCKS = 2;
/** Each block gives at least this many properties, so that a stray label row is not an item. */
const MIN_BLOCK_FIELDS = 2;
/** A value read beside its own label is as sure as a table cell under its header. */
const ROW_CONFIDENCE = 0.95;
/** Label rows of one block follow each other within this many line heights. */
const MAX_ROW_GAP_LINES = 3;
/** A value wrapped under its row starts this close to the value cell's left edge, in line heights. */
const WRAP_INDENT_LINES = 1;
/** Item concepts that say what an item is or how many: a block of label rows without one is no item. */
const ITEM_CONCEPTS: ReadonlySet<string> = new Set(['description', 'quantity']);
/** "Position 2", "Pos. 2", "Item 2": a word and a number alone on a line, between two blocks. */
const POSITION_LIKE = /^(\p{L}{2,12}\.?)\s*(\d{1,4})\.?$/u;

interface LabelRow { view: LineView; prop: ItemProp | undefined; value: Segment[] }

function bestProp(seg: Segment, props: readonly ItemProp[]): ItemProp | undefined {
  const tokens = foldLabel(seg.text);
  if (tokens.length === 0 || tokens.length > MAX_ROW_LABEL_WORDS) return undefined;
  const taxAmount = isTaxAmountLabel(tokens.join(' '));
  let best: { prop: ItemProp; score: number } | undefined;
  for (const prop of props) {
    if (taxAmount && !takesTaxAmount(prop.name)) continue;
    const score = cellScore(tokens, prop.labels);
    if (score >= MIN_ROW_LABEL_SCORE && (best === undefined || score > best.score)) best = { prop, score };
  }
  return best?.prop;
}

/** A line of two cells, a label ending in its colon and a value: "Menge: | 12". */
export function isLabelAndValue(view: LineView): boolean {
  const [label, value, ...more] = view.segments;
  return label !== undefined && value !== undefined && more.length === 0 && /[:：]\s*$/.test(label.text) && !/[:：]\s*$/.test(value.text);
}

/** A label cell ending in a colon and a value beside it; the label may name no item property ("Umsatzsteuerkategorie:"). */
function labelRow(view: LineView, props: readonly ItemProp[]): LabelRow | undefined {
  const [first, ...rest] = view.segments;
  if (first === undefined || rest.length === 0 || !/[:：]\s*$/.test(first.text)) return undefined;
  return { view, prop: bestProp(first, props), value: rest };
}

/** The number of a line that names a position ("Position 2", "Pos. 2"), or '' for a word and a number that may be one. */
function positionLine(view: LineView, position: ItemProp | undefined): string | undefined {
  if (view.segments.length !== 1) return undefined;
  const m = POSITION_LIKE.exec(view.line.text.trim());
  if (m === null) return undefined;
  if (position === undefined) return '';
  return cellScore(foldLabel(m[1] as string), position.labels) >= MIN_ROW_LABEL_SCORE ? (m[2] as string) : '';
}

type Block = Map<string, Found>;

function isItem(block: Block, props: readonly ItemProp[]): boolean {
  if (block.size < MIN_BLOCK_FIELDS) return false;
  return props.some((p) => block.has(p.name) && ITEM_CONCEPTS.has(p.labels.concept?.key ?? ''));
}

export function findItemBlocks(ctx: ExtractContext, props: readonly ItemProp[]): TableRow[] {
  const position = props.find((p) => p.labels.concept?.key === 'position');
  const runs: Block[][] = [];
  let run: Block[] = [];
  let current: Block | undefined;
  let lastRow: LabelRow | undefined;
  let lastView: LineView | undefined;
  const close = (): void => {
    if (current !== undefined && isItem(current, props)) run.push(current);
    current = undefined;
  };
  const endRun = (): void => {
    close();
    if (run.length > 0) runs.push(run);
    run = [];
    lastRow = undefined;
  };
  for (const view of ctx.views) {
    const far = lastView !== undefined && (lastView.page !== view.page || view.bbox.y0 - lastView.bbox.y1 > MAX_ROW_GAP_LINES * view.height);
    if (far) endRun();
    const pos = positionLine(view, position);
    if (pos !== undefined) {
      close();
      current = new Map();
      if (pos !== '' && position !== undefined) {
        const coerced = coerceScalar(pos, position.schema, ctx.hints, position.labels.concept?.key);
        if (coerced !== null) current.set(position.name, foundFrom([{ view, words: view.words }], coerced, coerced.value, ROW_CONFIDENCE * coerced.quality, `position line '${view.line.text.trim()}'`));
      }
      lastView = view;
      lastRow = undefined;
      continue;
    }
    const row = labelRow(view, props);
    if (row === undefined) {
      // A value wrapped under the row above belongs to it; any other line ends the run of blocks.
      const valueX = lastRow?.value[0]?.bbox.x0;
      if (valueX !== undefined && !far && Math.abs(view.bbox.x0 - valueX) <= WRAP_INDENT_LINES * view.height) lastView = view;
      else if (run.length > 0 || current !== undefined) endRun();
      continue;
    }
    lastView = view;
    lastRow = row;
    const prop = row.prop;
    if (prop === undefined) continue;
    if (current === undefined || current.has(prop.name)) {
      close();
      current = new Map();
    }
    const words = row.value.flatMap((s) => s.words);
    const coerced = coerceScalar(quoteOf(words), prop.schema, ctx.hints, prop.labels.concept?.key);
    if (coerced === null) continue;
    current.set(prop.name, foundFrom([{ view, words }], coerced, coerced.value, ROW_CONFIDENCE * coerced.quality, `label row '${quoteOf(view.segments[0]?.words ?? [])}' of an item block for ${prop.name}`));
  }
  endRun();
  const blocks = runs.reduce<Block[]>((best, r) => (r.length > best.length ? r : best), []);
  if (blocks.length < MIN_BLOCKS) return [];
  // The blocks must repeat the same labels: every block gives a property the first one gives.
  const first = blocks[0] as Block;
  const shared = [...first.keys()].filter((k) => k !== position?.name && blocks.every((b) => b.has(k)));
  return shared.length >= MIN_BLOCK_FIELDS ? blocks.map((values) => ({ values })) : [];
}
