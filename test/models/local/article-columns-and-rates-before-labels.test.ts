/** An article-number column beside the article's name, and a tax rate printed before its label. */
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { line, page, request } from './make-layout.ts';

const local = createLocalProvider();

describe('article columns', () => {
  it('the description is read under "Artikelname", not under the "Artikel-Nr." column beside it', async () => {
    const schema: JsonSchema = { type: 'object', properties: { line_items: { type: 'array', items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, amount: { type: 'number' } } } } } };
    const pages = [page(1, [
      line(200, [[50, 'Pos.'], [80, 'Artikel-Nr.'], [150, 'Artikelname'], [330, 'Menge'], [480, 'Betrag']]),
      line(215, [[50, '1'], [80, 'QX-410'], [150, 'Aktenschrank grau'], [335, '2'], [485, '318,00']]),
      line(230, [[50, '2'], [80, 'QX-077'], [150, 'Rollcontainer'], [335, '1'], [490, '96,50']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ line_items: [
      { description: 'Aktenschrank grau', quantity: 2, amount: 318 },
      { description: 'Rollcontainer', quantity: 1, amount: 96.5 },
    ] });
  });
});

describe('tax rates before their labels', () => {
  const schema: JsonSchema = { type: 'object', properties: { subtotal: { type: 'number' }, tax: { type: 'number' }, total: { type: 'number' } } };

  it.each(['19 % USt', '7% MwSt.', '19 % Umsatzsteuer'])('"%s" with its amount beside it is the tax', async (label) => {
    const pages = [page(1, [
      line(300, [[340, 'Summe netto'], [500, '410,00']]),
      line(315, [[340, label], [500, '28,70']]),
      line(330, [[340, 'Gesamtbetrag'], [500, '438,70']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ subtotal: 410, tax: 28.7, total: 438.7 });
  });
});
