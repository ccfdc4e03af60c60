/**
 * Item tables whose reader joined two narrow columns into one cell: a position column beside the
 * description ("Pos Bezeichnung"), a unit column beside the quantity ("Menge Einheit"). The header
 * cell made of two known labels is two columns, and the rows are cut where the second one starts.
 */
import { describe, expect, it } from 'vitest';
import { runLocalExtraction } from '../../../src/models/local/run-local-extraction.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request } from './make-layout.ts';

const ITEM_PROPS = { description: { type: 'string' }, quantity: { type: 'number' }, unit_price: { type: 'number' }, amount: { type: 'number' } } as const;

/** One cell of words at the given x positions, as a reader that joined them would deliver it. */
function joined(y: number, cells: ReadonlyArray<readonly [number, string]>, rest: ReadonlyArray<readonly [number, string]>) {
  const l = line(y, [...cells, ...rest]);
  const first = l.cells?.slice(0, cells.length) ?? [];
  const box = { x0: Math.min(...first.map((c) => c.bbox.x0)), y0: y, x1: Math.max(...first.map((c) => c.bbox.x1)), y1: y + 10 };
  const merged = { text: first.map((c) => c.text).join(' '), bbox: box, fontSize: 10 };
  return { ...l, cells: [merged, ...(l.cells?.slice(cells.length) ?? [])] };
}

describe('LOCAL item tables with joined header cells', () => {
  it('a position column joined to the description is its own column, and the position is not part of the description', () => {
    const schema: JsonSchema = { type: 'array', items: { type: 'object', properties: { position: { type: 'string' }, ...ITEM_PROPS } } };
    const pages = [page(1, [
      joined(100, [[30, 'Pos'], [60, 'Bezeichnung']], [[300, 'Menge'], [380, 'Einzelpreis'], [480, 'Betrag']]),
      joined(115, [[30, '1'], [60, 'Bürostuhl']], [[310, '2'], [380, '311,14'], [480, '622,28']]),
      joined(130, [[30, '2'], [60, 'Toner schwarz']], [[310, '1'], [380, '71,68'], [480, '71,68']]),
    ])];
    expect(runLocalExtraction(request(schema, pages, '/line_items')).value).toEqual([
      { position: '1', description: 'Bürostuhl', quantity: 2, unit_price: 311.14, amount: 622.28 },
      { position: '2', description: 'Toner schwarz', quantity: 1, unit_price: 71.68, amount: 71.68 },
    ]);
  });

  it('a position column the schema does not ask for stays out of the description', () => {
    const schema: JsonSchema = { type: 'array', items: { type: 'object', properties: { ...ITEM_PROPS } } };
    const pages = [page(1, [
      joined(100, [[30, 'Pos'], [60, 'Bezeichnung']], [[300, 'Menge'], [380, 'Einzelpreis'], [480, 'Betrag']]),
      joined(115, [[30, '1'], [60, 'Bürostuhl']], [[310, '2'], [380, '311,14'], [480, '622,28']]),
    ])];
    expect(runLocalExtraction(request(schema, pages, '/line_items')).value).toEqual([{ description: 'Bürostuhl', quantity: 2, unit_price: 311.14, amount: 622.28 }]);
  });

  it('a unit column joined to the quantity is read as the unit', () => {
    const schema: JsonSchema = { type: 'array', items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit: { type: 'string' }, amount: { type: 'number' } } } };
    const pages = [page(1, [
      joined(100, [[300, 'Menge'], [335, 'Einheit']], [[30, 'Bezeichnung'], [480, 'Betrag']]),
      joined(115, [[310, '8'], [335, 'Sack']], [[30, 'Weizenmehl'], [480, '147,20']]),
    ])];
    // Cells are delivered left to right, as a reader does.
    for (const l of pages[0]?.lines ?? []) l.cells?.sort((a, b) => a.bbox.x0 - b.bbox.x0);
    expect(runLocalExtraction(request(schema, pages, '/line_items')).value).toEqual([{ description: 'Weizenmehl', quantity: 8, unit: 'Sack', amount: 147.2 }]);
  });

  it('a label of two words that is one known label ("Unit price") stays one column', () => {
    const schema: JsonSchema = { type: 'array', items: { type: 'object', properties: { ...ITEM_PROPS } } };
    const pages = [page(1, [
      line(100, [[30, 'Description'], [300, 'Qty'], [360, 'Unit      price'], [480, 'Amount']]),
      line(115, [[30, 'Chair'], [310, '2'], [380, '10.00'], [480, '20.00']]),
    ])];
    expect(runLocalExtraction(request(schema, pages, '/line_items')).value).toEqual([{ description: 'Chair', quantity: 2, unit_price: 10, amount: 20 }]);
  });
});

describe('LOCAL item descriptions over two lines', () => {
  it('a line under an item that opens with a known label and a colon is not more of its description', () => {
    const schema: JsonSchema = { type: 'array', items: { type: 'object', properties: { ...ITEM_PROPS } } };
    const pages = [page(1, [
      line(100, [[30, 'Description'], [300, 'Qty'], [380, 'Unit price'], [480, 'Amount']]),
      line(115, [[30, 'Bamboo cutting board set'], [310, '1'], [380, '24.99'], [480, '24.99']]),
      line(127, [[30, 'Sold by: Brookfield Home Goods LLC']]),
      line(142, [[30, 'LED desk lamp with USB'], [310, '1'], [380, '31.50'], [480, '31.50']]),
      line(154, [[30, 'charging port']]),
    ])];
    expect(runLocalExtraction(request(schema, pages, '/line_items')).value).toEqual([
      { description: 'Bamboo cutting board set', quantity: 1, unit_price: 24.99, amount: 24.99 },
      { description: 'LED desk lamp with USB charging port', quantity: 1, unit_price: 31.5, amount: 31.5 },
    ]);
  });

  it('splits a quantity the reader joined to the unit cell off it when count times price is the amount', () => {
    const schema: JsonSchema = { type: 'array', items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit: { type: 'string' }, unit_price: { type: 'number' }, amount: { type: 'number' } } } };
    const pages = [page(1, [
      line(100, [[30, 'Leistung'], [280, 'Menge'], [330, 'Einheit'], [400, 'Preis'], [480, 'Betrag']]),
      line(115, [[30, 'Serverwartung'], [312, '3 Std'], [400, '88,00'], [480, '264,00']]),
      line(130, [[30, 'Lizenz'], [312, '2 Monat'], [400, '40,00'], [480, '90,00']]),
    ])];
    expect(runLocalExtraction(request(schema, pages, '/line_items')).value).toEqual([
      { description: 'Serverwartung', quantity: 3, unit: 'Std', unit_price: 88, amount: 264 },
      // The figures do not prove the count: the cell stays as printed and the quantity empty.
      { description: 'Lizenz', unit: '2 Monat', unit_price: 40, amount: 90 },
    ]);
  });
});
