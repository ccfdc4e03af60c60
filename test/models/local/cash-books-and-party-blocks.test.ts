/** Cash books, charge columns, bulleted address lines, stacked headers and party blocks. */
import { describe, expect, it } from 'vitest';
import { CLEAN, OcrPage, renderOcrPage } from '../../../bench/corpus-tools/ocr-page.ts';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { DEFAULT_HINTS, parseNumber } from '../../../src/models/local/parse-number.ts';
import { readLayout } from '../../../src/pdf/read-layout.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();

const TRANSACTIONS: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { date: { type: 'string', format: 'date' }, description: { type: 'string' }, amount: { type: 'number' }, balance: { type: 'number' } },
  },
};

describe('cash books, charge columns and address lines', () => {
  it('reads a German cash book: Einnahmen positive, Ausgaben negative, Bestand as balance, Anfangsbestand skipped', async () => {
    const header = line(100, [[40, 'Nr.'], [70, 'Datum'], [170, 'Buchungstext'], [330, 'Einnahmen'], [390, 'Ausgaben'], [450, 'Bestand']]);
    const rows = [
      line(116, [[70, '01.09.2025'], [130, 'Anfangsbestand'], [450, '500,00']]),
      // The text runs left of its centred header, across three header bands.
      line(132, [[40, '1'], [70, '02.09.2025'], [130, 'Briefmarken Deutsche Post Filiale'], [390, '42,50'], [450, '457,50']]),
      line(148, [[40, '2'], [70, '04.09.2025'], [130, 'Bareinzahlung'], [330, '300,00'], [450, '757,50']]),
    ];
    const res = await local.extract(request(TRANSACTIONS, [page(1, [header, ...rows])], '/transactions'));
    expect(res.value).toEqual([
      { date: '2025-09-02', description: 'Briefmarken Deutsche Post Filiale', amount: -42.5, balance: 457.5 },
      { date: '2025-09-04', description: 'Bareinzahlung', amount: 300, balance: 757.5 },
    ]);
  });

  it('takes a Charge column over numbers as the amount when a Procedure column holds the text', async () => {
    const schema: JsonSchema = { type: 'array', items: { type: 'object', properties: { description: { type: 'string' }, amount: { type: 'number' } } } };
    const header = line(100, [[40, 'Date'], [110, 'Procedure'], [330, 'Charge'], [400, 'Ins. paid']]);
    const rows = [
      line(116, [[40, '04/14/2025'], [110, 'Periodic oral evaluation'], [330, '68.00'], [400, '(48.00)']]),
      line(132, [[40, '04/14/2025'], [110, 'Prophylaxis - adult'], [330, '112.00'], [400, '(79.20)']]),
    ];
    const res = await local.extract(request(schema, [page(1, [header, ...rows])], '/items'));
    expect(res.value).toEqual([{ description: 'Periodic oral evaluation', amount: 68 }, { description: 'Prophylaxis - adult', amount: 112 }]);
  });

  it('does not read a VAT registration number hyphenated to its country code as a negative amount', () => {
    expect(parseNumber('CHE-114.552.908', DEFAULT_HINTS)).toBeNull();
    expect(parseNumber('EUR 12.50', DEFAULT_HINTS)?.value).toBe(12.5);
    expect(parseNumber('USD -12.50', DEFAULT_HINTS)?.value).toBe(-12.5);
  });

  it('keeps the parts of an address printed on one line between bullets apart with commas', async () => {
    const schema: JsonSchema = { type: 'object', properties: { vendor: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } } } };
    const lines = [text(40, 60, 'Sold by'), text(40, 76, 'Nordhavn Freight A/S'), text(40, 92, 'Containervej 9 • 8000 Aarhus C • Denmark')];
    const res = await local.extract(request(schema, [page(1, lines)]));
    expect((res.value as { vendor: { address: string } }).vendor.address).toBe('Containervej 9, 8000 Aarhus C, Denmark');
  });
});

describe('a table header printed over several lines', () => {
  it('stacks "Unit price" over "(excl. VAT)" with the centred cells between them into one header row', async () => {
    const schema: JsonSchema = {
      type: 'array',
      items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit_price: { type: 'number' }, amount: { type: 'number' } } },
    };
    const lines = [
      line(100, [[250, 'Unit price'], [330, 'Unit price'], [420, 'Item subtotal']]),
      line(105, [[40, 'Description'], [200, 'Qty']]),
      line(110, [[250, '(excl. VAT)'], [330, '(incl. VAT)'], [420, '(excl. VAT)']]),
      line(128, [[40, 'Linen tea towels'], [200, '2'], [250, '£12.49'], [330, '£14.99'], [420, '£24.98']]),
      line(144, [[40, 'Utensil set'], [200, '1'], [250, '£15.83'], [330, '£19.00'], [420, '£15.83']]),
    ];
    const res = await local.extract(request(schema, [page(1, lines)], '/items'));
    expect(res.value).toEqual([
      { description: 'Linen tea towels', quantity: 2, unit_price: 12.49, amount: 24.98 },
      { description: 'Utensil set', quantity: 1, unit_price: 15.83, amount: 15.83 },
    ]);
  });
});

describe('the issuer at the top of an invoice', () => {
  it('is the big name, not the small address printed beside it a little higher', async () => {
    // Hand-built lines do not split one printed row into two lines the way pdf.js does, so the
    // page is printed and read back.
    const top = new OcrPage()
      .text(60, 64, 'Bergsicht Informatik AG', { size: 18, bold: true })
      .text(380, 54, 'Seestrasse 40 · 8002 Zürich', { size: 8 })
      .text(380, 64, 'Tel. +41 44 000 00 00', { size: 8 })
      .text(60, 120, 'Rechnung', { size: 12 });
    const layout = await readLayout(await renderOcrPage(top, CLEAN, 1));
    const schema: JsonSchema = { type: 'object', properties: { vendor: { type: 'object', properties: { name: { type: 'string' } } } } };
    const res = await local.extract(request(schema, layout.pages));
    expect((res.value as { vendor: { name: string } }).vendor.name).toBe('Bergsicht Informatik AG');
  });
});

describe('the addressee of a statement without a label', () => {
  it('ends its address at a labelled detail printed right under it', async () => {
    const schema: JsonSchema = { type: 'object', properties: { account_holder: { type: 'string' }, account_number: { type: 'string' } } };
    const lines = [
      text(58, 32, 'GRANITE STATE COMMERCIAL BANK', 14),
      text(58, 50, 'Commercial Lending Services, PO Box 3100, Concord, NH 03302'),
      text(58, 82, 'PINE HOLLOW MILLWORK LLC'),
      text(58, 93, '480 Industrial Drive'),
      text(58, 104, 'Keene, NH 03431'),
      line(116, [[60, 'Loan number'], [161, '7700-318845-01']]),
      line(130, [[60, 'Credit limit'], [161, '$150,000.00']]),
      line(144, [[60, 'Minimum payment due'], [161, '$1,250.00']]),
      text(57, 224, 'Loan activity'),
      line(238, [[58, 'Posting date'], [127, 'Description'], [502, 'Principal balance']]),
      line(251, [[58, '03/03/2025'], [127, 'Payment - thank you'], [528, '39,000.00']]),
      line(265, [[58, '03/07/2025'], [127, 'Advance to DDA'], [528, '51,000.00']]),
    ];
    const res = await local.extract(request(schema, [page(1, lines)]));
    expect(res.value).toEqual({ account_holder: 'PINE HOLLOW MILLWORK LLC', account_number: '7700-318845-01' });
  });
});

describe('a party under a heading that ends its cell, beside a grid of labelled details', () => {
  it('reads the address lines left-aligned with the heading cell, past the labelled figures beside them', async () => {
    const schema: JsonSchema = { type: 'object', properties: { customer: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } } } };
    const lines = [
      line(136, [[58, 'Consignee / bill to:'], [184, 'Payment terms:'], [253, '14 days net']]),
      line(147, [[58, 'Baltic Timber Products OU'], [184, 'Due date:'], [253, '2025-07-28']]),
      line(158, [[58, 'Sadama 25'], [184, 'Shipment ref.:'], [253, 'AAR-TLL-07-0331']]),
      line(169, [[58, '10111 Tallinn, Estonia'], [184, 'Gross weight:'], [253, '2,840 kg']]),
    ];
    const res = await local.extract(request(schema, [page(1, lines)]));
    expect(res.value).toEqual({ customer: { name: 'Baltic Timber Products OU', address: 'Sadama 25, 10111 Tallinn, Estonia' } });
  });
});
