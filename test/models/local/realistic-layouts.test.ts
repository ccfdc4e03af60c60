/**
 * Layout habits of real third-party PDFs that the clean pdf-lib fixtures never show: left-aligned
 * column headers over right-aligned numbers, German and French labels, a currency known only from
 * the amounts' symbol, a period printed as one date range, a letterhead strip above the issuer's
 * block, and minus signs (U+2212) where hyphens were meant.
 */
import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();

const ITEMS: JsonSchema = {
  type: 'array',
  items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit_price: { type: 'number' }, amount: { type: 'number' } } },
};

describe('LOCAL on realistic layouts', () => {
  it('left-aligned column headers over right-aligned numbers: each number stays in its own column', async () => {
    // Each value ends far right of where its header starts, past the midpoint to the next header.
    const pages = [page(1, [
      line(100, [[30, 'Description'], [350, 'Qty'], [395, 'Unit Price'], [490, 'Amount']]),
      line(115, [[30, 'Office chair'], [384, '2'], [440, '$280.41'], [525, '$560.82']]),
      line(130, [[30, 'Patch cable'], [379, '15'], [450, '$4.49'], [530, '$67.35']]),
      line(145, [[30, 'Whiteboard'], [384, '3'], [445, '$79.64'], [525, '$238.92']]),
    ])];
    const res = await local.extract(request(ITEMS, pages, '/line_items'));
    expect(res.value).toEqual([
      { description: 'Office chair', quantity: 2, unit_price: 280.41, amount: 560.82 },
      { description: 'Patch cable', quantity: 15, unit_price: 4.49, amount: 67.35 },
      { description: 'Whiteboard', quantity: 3, unit_price: 79.64, amount: 238.92 },
    ]);
  });

  it('reads German invoice labels and table headers with decimal commas', async () => {
    const pages = [page(1, [
      text(300, 60, 'Rechnungsnummer: RE-24-00981'),
      text(300, 75, 'Rechnungsdatum: 15.03.2024'),
      text(300, 90, 'Fällig am: 29.03.2024'),
      line(150, [[50, 'Bezeichnung'], [300, 'Menge'], [380, 'Einzelpreis'], [480, 'Betrag']]),
      line(165, [[50, 'Bürostuhl'], [310, '2'], [380, '311,14 €'], [480, '622,28 €']]),
      line(180, [[50, 'Toner'], [310, '1'], [380, '1.071,68 €'], [480, '1.071,68 €']]),
      line(210, [[350, 'Gesamtbetrag'], [480, '1.693,96 €']]),
    ])];
    const schema: JsonSchema = {
      type: 'object',
      properties: { invoice_number: { type: 'string' }, invoice_date: { type: 'string', format: 'date' }, due_date: { type: 'string', format: 'date' }, total: { type: 'number' }, line_items: ITEMS },
    };
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({
      invoice_number: 'RE-24-00981', invoice_date: '2024-03-15', due_date: '2024-03-29', total: 1693.96,
      line_items: [
        { description: 'Bürostuhl', quantity: 2, unit_price: 311.14, amount: 622.28 },
        { description: 'Toner', quantity: 1, unit_price: 1071.68, amount: 1071.68 },
      ],
    });
  });

  it('reads "Facture n°" as the invoice number without the n° mark', async () => {
    const res = await local.extract(request({ type: 'object', properties: { invoice_number: { type: 'string' } } }, [page(1, [text(50, 50, 'Facture n°: F2024-0153')])]));
    expect(res.value).toEqual({ invoice_number: 'F2024-0153' });
  });

  it('takes the currency from the amounts even when the total owns the same text', async () => {
    const pages = [page(1, [line(100, [[350, 'Total'], [480, '$2,497.32']])])];
    const res = await local.extract(request({ type: 'object', properties: { currency: { type: 'string' }, total: { type: 'number' } } }, pages));
    expect(res.value).toEqual({ currency: 'USD', total: 2497.32 });
  });

  it('splits a labelled date range into the start and end of a period object', async () => {
    const pages = [page(1, [line(100, [[50, 'Statement period:'], [200, '01.08.2024 - 31.08.2024']])])];
    const schema: JsonSchema = {
      type: 'object',
      properties: { statement_period: { type: 'object', properties: { start_date: { type: 'string', format: 'date' }, end_date: { type: 'string', format: 'date' } } } },
    };
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ statement_period: { start_date: '2024-08-01', end_date: '2024-08-31' } });
  });

  it('a field named period_end takes the end of a "Period" range, a field without start or end does not', async () => {
    const pages = [page(1, [text(50, 100, 'Period: 1 Apr 2024 to 30 Apr 2024')])];
    const schema: JsonSchema = { type: 'object', properties: { period_end: { type: 'string', format: 'date' }, closing_date: { type: 'string', format: 'date' } } };
    const res = await local.extract(request(schema, pages));
    expect((res.value as Record<string, unknown>)['period_end']).toBe('2024-04-30');
    expect((res.value as Record<string, unknown>)['closing_date']).toBeUndefined();
  });

  it('skips a small-print letterhead strip at the top edge when reading the issuer block', async () => {
    const pages = [page(1, [
      text(30, 20, 'Brightline Office Supply Co. | www.brightline.example | (614) 555-0142', 7),
      text(30, 50, 'Brightline Office Supply Co.', 16),
      text(30, 70, '1450 Commerce Parkway'),
      text(30, 82, 'Columbus, OH 43215'),
      text(30, 200, 'Thank you for your business.'),
      text(30, 215, 'Payment terms: net 30 days.'),
    ])];
    const schema: JsonSchema = { type: 'object', properties: { vendor: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } } } };
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ vendor: { name: 'Brightline Office Supply Co.', address: '1450 Commerce Parkway, Columbus, OH 43215' } });
  });

  it('reads identifiers and dates set with U+2212 minus signs as hyphens', async () => {
    const pages = [page(1, [text(50, 50, 'Invoice No.: A\u221277120'), text(50, 65, 'Date: 2024\u221205\u221201')])];
    const schema: JsonSchema = { type: 'object', properties: { invoice_number: { type: 'string' }, invoice_date: { type: 'string', format: 'date' } } };
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ invoice_number: 'A-77120', invoice_date: '2024-05-01' });
  });
});
