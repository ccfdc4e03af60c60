/** Text near the top that looks like a name but names no party: column headers, other documents' titles, a block already under another party's heading. */
import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();

const party = { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } };
const schema: JsonSchema = { type: 'object', properties: { seller: party, buyer: party, customer: party, total: { type: 'number' } } };

describe('words that are not party names', () => {
  it('a VAT breakdown table\'s column header ("USt-Satz | Netto | USt | Brutto") is no party\'s name', async () => {
    const pages = [page(1, [
      text(50, 60, 'Rechnung'),
      line(290, [[50, 'USt-Satz'], [150, 'Netto'], [250, 'USt'], [350, 'Brutto']]),
      line(304, [[50, '19%'], [150, '200,00'], [250, '38,00'], [350, '238,00']]),
      line(318, [[50, '7%'], [150, '40,00'], [250, '2,80'], [350, '42,80']]),
    ])];
    const res = await local.extract(request(schema, pages));
    const value = res.value as Record<string, unknown>;
    expect(value.buyer).toBeUndefined();
    expect(value.customer).toBeUndefined();
    expect(value.seller).toBeUndefined();
  });

  it('another document\'s title over its number ("Lieferschein / Nr. … vom …") is no seller', async () => {
    const pages = [page(1, [
      text(50, 60, 'Rechnung 2019-88'),
      text(50, 200, 'Lieferschein'),
      text(50, 214, 'Nr. 55012 vom 11.04.2019'),
      line(328, [[360, 'Gesamtbetrag'], [450, '59,50']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect((res.value as Record<string, unknown>).seller).toBeUndefined();
    expect(res.value).toMatchObject({ total: 59.5 });
  });

  it('a name under the customer\'s heading (with a number line between) is not also read as the seller', async () => {
    const pages = [page(1, [
      text(50, 60, 'Rechnung'),
      text(350, 100, 'Kunde:'),
      text(350, 114, 'Nummer: 30517'),
      text(350, 128, 'Storch Gartenbedarf OHG'),
      line(328, [[360, 'Gesamtbetrag'], [450, '59,50']]),
    ])];
    const res = await local.extract(request(schema, pages));
    const value = res.value as Record<string, { name?: string } | undefined>;
    expect(value.seller?.name).not.toBe('Storch Gartenbedarf OHG');
    expect(value.seller?.name === undefined || value.customer?.name === undefined || value.seller.name !== value.customer.name).toBe(true);
  });
});
