/**
 * Layouts of client boxes and totals as LaTeX invoice classes print them: text overprinted on
 * itself, dot leaders between two labelled values of one row, a box heading centred over rows that
 * start left of it, and tax rates in parentheses inside a totals row.
 */
import { describe, expect, it } from 'vitest';
import type { JsonSchema, Line } from '../../../src/domain/types.ts';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { line, page, request, spanAt, text } from './make-layout.ts';

const local = createLocalProvider();

const schema: JsonSchema = {
  type: 'object',
  properties: { buyer: { type: 'object', properties: { name: { type: 'string' }, street: { type: 'string' } } } },
};

/** A line whose every piece is printed twice at the same place, as a box drawn with its contents twice does. */
function overprinted(y: number, pieces: readonly (readonly [number, string])[]): Line {
  const once = line(y, pieces);
  const spans = pieces.flatMap(([x, t]) => [spanAt(t, x, y), spanAt(t, x, y)]);
  if (once.cells === undefined) return { ...once, text: spans.map((s) => s.text).join(''), spans };
  return { ...once, spans, cells: once.cells.map((c) => ({ ...c, text: `${c.text}${c.text}` })) };
}

describe('client boxes of LaTeX invoice classes', () => {
  it('reads text printed twice over itself once, in a single run and in cells', async () => {
    const pages = [page(1, [
      overprinted(60, [[50, 'Datos del cliente']]),
      overprinted(76, [[50, 'Nombre:'], [150, 'Jacinto de Ayala']]),
      overprinted(90, [[50, 'Dirección: Calle Real 12']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ buyer: { name: 'Jacinto de Ayala', street: 'Calle Real 12' } });
  });

  it('ends a value at the dot leader that leads to the next label of its row', async () => {
    const pages = [page(1, [
      text(50, 60, 'Datos del cliente'),
      text(50, 76, 'Nombre: Jacinto de Ayala . . . . . . . . . . C.I.: V-987.654.321'),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ buyer: { name: 'Jacinto de Ayala' } });
  });

  it('keeps an ellipsis inside a value: three dots are not a leader', async () => {
    const pages = [page(1, [text(50, 60, 'Datos del cliente'), text(50, 76, 'Nombre: Taller ... y Hermanos')])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ buyer: { name: 'Taller ... y Hermanos' } });
  });

  it('ends a labelled value where the next cell of its row starts with a label of its own', async () => {
    const pages = [page(1, [
      text(50, 60, 'Datos del cliente'),
      line(76, [[50, 'Nombre: Jacinto de Ayala'], [300, 'C.I.: V-987.654.321']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ buyer: { name: 'Jacinto de Ayala' } });
  });

  it('reads the rows under a heading centred over them, not the text under the heading beside it', async () => {
    const pages = [page(1, [
      line(60, [[90, 'Datos del cliente'], [330, 'Resumen del servicio']]),
      line(76, [[50, 'Nombre: Jacinto de Ayala y San Vicente']]),
      line(90, [[50, 'Dirección: Calle Real 12'], [300, 'Este es el resumen']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ buyer: { name: 'Jacinto de Ayala y San Vicente', street: 'Calle Real 12' } });
  });

  it('never takes the rate in parentheses of a tax label for the tax amount ("IVA G (16 %): Bs. 224,00")', async () => {
    const pages = [page(1, [text(50, 60, 'BI G (16 %): Bs. 1.400,00     IVA G (16 %): Bs. 224,00')])];
    const res = await local.extract(request({ type: 'object', properties: { tax: { type: 'number' } } }, pages));
    expect((res.value as { tax?: number | null }).tax ?? null).not.toBe(16);
  });
});
