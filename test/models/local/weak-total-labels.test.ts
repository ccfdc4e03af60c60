/** "Gesamt" and "Summe" name an item column as often as the invoice's total: weak labels of the total. */
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();
const schema: JsonSchema = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string' },
    total: { type: 'number' },
    line_items: { type: 'array', items: { type: 'object', properties: { description: { type: 'string' }, amount: { type: 'number' } } } },
  },
};

describe('weak total labels', () => {
  it('a lone "Gesamt" under the items is the total, not the item column of the same name', async () => {
    const pages = [page(1, [
      line(60, [[50, 'Rechnungsnummer:'], [200, '58213']]),
      line(120, [[50, 'Bezeichnung'], [450, 'Gesamt']]),
      line(136, [[50, 'Gartenpflege'], [450, '320,00']]),
      line(150, [[50, 'Heckenschnitt'], [450, '153,00']]),
      line(190, [[360, 'Gesamt'], [450, '473,00']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toMatchObject({ invoice_number: '58213', total: 473, line_items: [{ description: 'Gartenpflege', amount: 320 }, { description: 'Heckenschnitt', amount: 153 }] });
  });

  it('a specific total label ("Gesamtbetrag") wins over a "Summe" line above it', async () => {
    const pages = [page(1, [
      line(190, [[360, 'Summe'], [450, '473,00']]),
      line(204, [[360, 'USt 19 %'], [450, '89,87']]),
      line(218, [[360, 'Gesamtbetrag'], [450, '562,87']]),
      text(50, 260, 'Zahlbar innerhalb von 14 Tagen.'),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toMatchObject({ total: 562.87 });
  });
});
