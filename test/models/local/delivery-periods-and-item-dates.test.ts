/** A delivery period and a date inside an item's row are not the document's delivery date. */
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();
const schema: JsonSchema = {
  type: 'object',
  properties: { invoice_date: { type: 'string', format: 'date' }, delivery_date: { type: 'string', format: 'date' } },
};
const head = [line(74, [[350, 'Rechnungsdatum'], [450, '06.11.2024']])];

describe('delivery periods and dates of items', () => {
  it('"Lieferung vom … bis …" is a period and gives no delivery date', async () => {
    const res = await local.extract(request(schema, [page(1, [...head, text(50, 200, 'Lieferung vom 14.10.2024 bis 25.10.2024')])]));
    expect(res.value).toEqual({ invoice_date: '2024-11-06' });
  });

  it('"Leistung vom … – …" is a period and gives no delivery date', async () => {
    const res = await local.extract(request(schema, [page(1, [...head, text(50, 200, 'Leistung vom 01.10.2024 – 31.10.2024')])]));
    expect(res.value).toEqual({ invoice_date: '2024-11-06' });
  });

  it('"Leistung am …" inside a cell of an item row gives no delivery date', async () => {
    const res = await local.extract(request(schema, [page(1, [
      ...head,
      line(200, [[50, 'Leistung'], [300, 'Menge'], [450, 'Betrag']]),
      line(214, [[50, 'Inspektion am 08.10.2024'], [300, '1'], [450, '120,00']]),
      line(228, [[50, 'Leistung am 15.10.2024 (Nachprüfung)'], [300, '1'], [450, '60,00']]),
    ])]));
    expect(res.value).toEqual({ invoice_date: '2024-11-06' });
  });

  it('a single "Lieferung am …" date on its own line is the delivery date', async () => {
    const res = await local.extract(request(schema, [page(1, [...head, text(50, 200, 'Lieferung am 25.10.2024')])]));
    expect(res.value).toEqual({ invoice_date: '2024-11-06', delivery_date: '2024-10-25' });
  });
});
