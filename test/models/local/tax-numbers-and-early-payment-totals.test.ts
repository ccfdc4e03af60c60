/** Labels near the wanted one that name something else: a national tax number, the sum paid with a cash discount. */
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();
const party: JsonSchema = { type: 'object', properties: { name: { type: 'string' }, vat_id: { type: 'string' } } };

describe('tax numbers and early-payment totals', () => {
  it('a lone "Steuernummer:" in a party block is no VAT id', async () => {
    const schema: JsonSchema = { type: 'object', properties: { seller: party } };
    const pages = [page(1, [
      text(50, 100, 'Lieferant'),
      line(116, [[50, 'Name:'], [150, 'Zimmerei Larsen GmbH']]),
      line(129, [[50, 'Straße:'], [150, 'Holzweg 9']]),
      line(142, [[50, 'Steuernummer:'], [150, '17/318/40227']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ seller: { name: 'Zimmerei Larsen GmbH' } });
  });

  it('a lone "Steuernummer:" line is no VAT id, but a VAT id printed under it is', async () => {
    const schema: JsonSchema = { type: 'object', properties: { vat_id: { type: 'string' } } };
    const national = [page(1, [line(300, [[50, 'Steuernummer:'], [200, '17/318/40227']])])];
    expect((await local.extract(request(schema, national))).value).toEqual({});
    const shaped = [page(1, [line(300, [[50, 'Steuernummer:'], [200, 'DE 318 402 270']])])];
    expect((await local.extract(request(schema, shaped))).value).toEqual({ vat_id: 'DE 318 402 270' });
  });

  it('"Zahlbetrag bei Skonto" under "Rechnungsbetrag" is not the total', async () => {
    const schema: JsonSchema = { type: 'object', properties: { subtotal: { type: 'number' }, total: { type: 'number' } } };
    const pages = [page(1, [
      line(300, [[340, 'Summe netto'], [500, '500,00']]),
      line(315, [[340, '19 % MwSt'], [500, '95,00']]),
      line(330, [[340, 'Rechnungsbetrag'], [500, '595,00']]),
      line(345, [[340, '3 % Skonto bis 20.05.2024'], [500, '17,85']]),
      line(360, [[340, 'Zahlbetrag bei Skonto'], [500, '577,15']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ subtotal: 500, total: 595 });
  });
});
