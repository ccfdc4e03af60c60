/**
 * Documents whose content is one table, for the table cell-F1 measure (bench/table-f1.ts): a
 * title, a sentence of prose, the table, and a note under it. Each table is drawn in one of three
 * rulings (a full grid, horizontal rules only, or none: columns held only by alignment), with its
 * own column alignments (left, right, centred), number and date formats and language; text too
 * long for its column wraps onto further lines of the same row, and a header may be printed over
 * two lines ("Unit|price"). The truth is every cell as a
 * reader types it; the schema names each column as the header prints it (snake_case), so a
 * column's property is found by its header, never by a fixed name.
 */
import { OcrPage } from './ocr-page.ts';

type Ruling = 'grid' | 'rows' | 'none';
type ColumnKind = 'text' | 'number' | 'date';

export interface TableColumn {
  kind: ColumnKind;
  /** "Unit|price": a header printed over two lines, read as "Unit price". */
  header: string;
  align: 'left' | 'right' | 'center';
  width: number;
}

export interface TableSpec {
  id: string;
  title: string;
  prose: string;
  note: string;
  ruling: Ruling;
  scanned: boolean;
  columns: TableColumn[];
  /** Cells as printed; numbers and dates are parsed for the truth by `printed`. */
  rows: string[][];
  /** How the printed numbers and dates read: "1.234,50" and "05.03.2018" for 'de'. */
  format: 'en' | 'de';
}

export interface TableDocument {
  id: string;
  page: OcrPage;
  scanned: boolean;
  schema: Record<string, unknown>;
  expected: { rows: Array<Record<string, unknown>> };
}

/** "Unit price (EUR)" → "unit_price_eur", "Menge" → "menge". */
function propertyName(header: string): string {
  return header.replace(/\|/g, ' ').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

function numberOf(text: string, format: 'en' | 'de'): number {
  const plain = format === 'de' ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  return Number(plain.replace(/[^\d.-]/g, ''));
}

function dateOf(text: string, format: 'en' | 'de'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const [a = '', b = '', y = ''] = text.split(/[./]/);
  const [d, m] = format === 'de' ? [a, b] : [b, a];
  return `${y.length === 2 ? `20${y}` : y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

function truthCell(text: string, column: TableColumn, format: 'en' | 'de'): unknown {
  if (text === '') return null;
  if (column.kind === 'number') return numberOf(text, format);
  if (column.kind === 'date') return dateOf(text, format);
  return text;
}

const LINE_STEP = 11;
const ROW_GAP = 6;
const LEFT = 60;
const PAD = 4;
const SIZE = 9.5;
/** Helvetica's widest common advance per character at 1 pt (capitals, "m", "w" aside): a wrapped line never runs past its column. */
const CHAR_WIDTH = 0.6;

/** A cell's text broken into the lines its column holds. */
function wrap(text: string, width: number): string[] {
  const fits = Math.max(4, Math.floor((width - 2 * PAD) / (CHAR_WIDTH * SIZE)));
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= fits) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

export function drawTable(spec: TableSpec): TableDocument {
  const p = new OcrPage();
  p.label(LEFT, 60, spec.title, { size: 14, bold: true });
  p.text(LEFT, 84, spec.prose);
  const edges: number[] = [LEFT];
  for (const c of spec.columns) edges.push((edges.at(-1) ?? LEFT) + c.width);
  const right = edges.at(-1) ?? LEFT;
  const top = 120;
  const drawLine = (k: number, y: number, text: string, header: boolean): void => {
    const c = spec.columns[k] as TableColumn;
    const x0 = edges[k] ?? LEFT;
    const x1 = edges[k + 1] ?? right;
    const opts = { bold: header, label: header };
    if (c.align === 'right') p.right(x1 - PAD, y, text, opts);
    else if (c.align === 'center') p.text((x0 + x1) / 2 - (CHAR_WIDTH * SIZE * text.length) / 2, y, text, opts);
    else p.text(x0 + PAD, y, text, opts);
  };
  /** Draws a row from baseline y; returns the baseline of its last line. */
  const drawRow = (y: number, cells: readonly string[], header: boolean): number => {
    let last = y;
    cells.forEach((text, k) => {
      const c = spec.columns[k] as TableColumn;
      const lines = header ? text.split('|') : c.kind === 'text' ? wrap(text, c.width) : [text];
      lines.forEach((line, n) => {
        if (line !== '') drawLine(k, y + n * LINE_STEP, line, header);
      });
      last = Math.max(last, y + (lines.length - 1) * LINE_STEP);
    });
    return last;
  };
  let y = drawRow(top, spec.columns.map((c) => c.header), true);
  const lineUnder = (at: number): void => {
    if (spec.ruling !== 'none') p.rule(LEFT, at + 5, right, at + 5);
  };
  if (spec.ruling === 'grid') p.rule(LEFT, top - 12, right, top - 12);
  lineUnder(y);
  for (const row of spec.rows) {
    y = drawRow(y + LINE_STEP + ROW_GAP, row, false);
    lineUnder(y);
  }
  if (spec.ruling === 'grid') for (const x of edges) p.rule(x, top - 12, x, y + 5);
  p.text(LEFT, y + 34, spec.note, { size: 8 });

  const names = spec.columns.map((c) => propertyName(c.header));
  const properties: Record<string, unknown> = {};
  spec.columns.forEach((c, k) => {
    properties[names[k] as string] = c.kind === 'number' ? { type: ['number', 'null'] } : c.kind === 'date' ? { type: ['string', 'null'], format: 'date' } : { type: ['string', 'null'] };
  });
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: { rows: { type: 'array', items: { type: 'object', properties, required: names } } },
    required: ['rows'],
  };
  const expected = {
    rows: spec.rows.map((row) => Object.fromEntries(row.map((text, k) => [names[k] as string, truthCell(text, spec.columns[k] as TableColumn, spec.format)]))),
  };
  return { id: spec.id, page: p, scanned: spec.scanned, schema, expected };
}
