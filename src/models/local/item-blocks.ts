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
 * Only two or more blocks that repeat the same labels count: one block of label rows is a
 * document's own information block, not a list of items.
 */
import { coerceScalar } from './coerce-value.ts';
import type { ItemProp } from './find-table.ts';
import { cellScore } from './label-cell-score.ts';
import { foundFrom } from './found-value.ts';
import type { Found } from './found-value.ts';
import { quoteOf } from './layout-words.ts';
import type { LineView, Segment } from './layout-words.ts';
import { foldLabel } from './normalize-label.ts';
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

interface LabelRow { view: LineView; prop: ItemProp; value: Segment[] }

function bestProp(seg: Segment, props: readonly ItemProp[]): ItemProp | undefined {
  const tokens = foldLabel(seg.text);
  if (tokens.length === 0 || tokens.length > MAX_ROW_LABEL_WORDS) return undefined;
  let best: { prop: ItemProp; score: number } | undefined;
  for (const prop of props) {
    const score = cellScore(tokens, prop.labels);
    if (score >= MIN_ROW_LABEL_SCORE && (best === undefined || score > best.score)) best = { prop, score };
  }
  return best?.prop;
}

function labelRow(view: LineView, props: readonly ItemProp[]): LabelRow | undefined {
  const [first, ...rest] = view.segments;
  if (first === undefined || rest.length === 0 || !/[:：]\s*$/.test(first.text)) return undefined;
  const prop = bestProp(first, props);
  return prop === undefined ? undefined : { view, prop, value: rest };
}

/** "Position 2", "Pos. 2": the position property's label and a number alone on a line. */
function positionLine(view: LineView, position: ItemProp | undefined): string | undefined {
  if (position === undefined || view.segments.length !== 1) return undefined;
  const m = /^(.*?)\s*(\d{1,4})\.?$/.exec(view.line.text.trim());
  if (m === null || m[1] === undefined || m[1] === '') return undefined;
  return cellScore(foldLabel(m[1]), position.labels) >= MIN_ROW_LABEL_SCORE ? m[2] : undefined;
}

export function findItemBlocks(ctx: ExtractContext, props: readonly ItemProp[]): TableRow[] {
  const position = props.find((p) => p.labels.concept?.key === 'position');
  const blocks: Map<string, Found>[] = [];
  let current: Map<string, Found> | undefined;
  let lastRow: LineView | undefined;
  const close = (): void => {
    if (current !== undefined && current.size >= MIN_BLOCK_FIELDS) blocks.push(current);
    current = undefined;
  };
  for (const view of ctx.views) {
    const pos = positionLine(view, position);
    if (pos !== undefined && position !== undefined) {
      close();
      current = new Map();
      const coerced = coerceScalar(pos, position.schema, ctx.hints, position.labels.concept?.key);
      if (coerced !== null) current.set(position.name, foundFrom([{ view, words: view.words }], coerced, coerced.value, ROW_CONFIDENCE * coerced.quality, `position line '${view.line.text.trim()}'`));
      lastRow = view;
      continue;
    }
    const row = labelRow(view, props);
    if (row === undefined) continue;
    const far = lastRow !== undefined && (lastRow.page !== view.page || view.bbox.y0 - lastRow.bbox.y1 > MAX_ROW_GAP_LINES * view.height);
    if (current === undefined || far || current.has(row.prop.name)) {
      close();
      current = new Map();
    }
    lastRow = view;
    const words = row.value.flatMap((s) => s.words);
    const coerced = coerceScalar(quoteOf(words), row.prop.schema, ctx.hints, row.prop.labels.concept?.key);
    if (coerced === null) continue;
    current.set(row.prop.name, foundFrom([{ view, words }], coerced, coerced.value, ROW_CONFIDENCE * coerced.quality, `label row '${quoteOf(view.segments[0]?.words ?? [])}' of an item block for ${row.prop.name}`));
  }
  close();
  if (blocks.length < MIN_BLOCKS) return [];
  // The blocks must repeat the same labels: every block gives a property the first one gives.
  const first = blocks[0] as Map<string, Found>;
  const shared = [...first.keys()].filter((k) => k !== position?.name && blocks.every((b) => b.has(k)));
  return shared.length >= MIN_BLOCK_FIELDS ? blocks.map((values) => ({ values })) : [];
}
