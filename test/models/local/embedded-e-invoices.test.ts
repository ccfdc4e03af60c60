/**
 * LOCAL on hybrid e-invoices: the print is read as always, and the embedded CII XML (ZUGFeRD 1
 * and 2, Factur-X) checks and completes that reading, the printed text staying the evidence.
 * PDFs drawn with pdf-lib and read by the real layout reader (test/fixtures/e-invoice-pdf.ts).
 */
import { describe, expect, it } from 'vitest';
import { applyInvoiceTerms } from '../../../src/models/local/e-invoice-fields.ts';
import { readInvoiceTerms } from '../../../src/models/local/e-invoice-terms.ts';
import { buildLineViews } from '../../../src/models/local/layout-words.ts';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { DEFAULT_HINTS } from '../../../src/models/local/parse-number.ts';
import { ROOT } from '../../../src/models/local/extract-object.ts';
import { readLayout } from '../../../src/pdf/read-layout.ts';
import { runExtraction } from '../../../src/pipeline/run-extraction.ts';
import { LOCAL_CONFIG } from '../../../bench/corpus-tools/score-extraction.ts';
import type { DocumentLayout, FieldEvidence, JsonSchema, ModelRequest } from '../../../src/domain/types.ts';
import { FACTS, hybridInvoicePdf, printedLines, ublXml, zugferd1Xml, zugferd2Xml } from '../../fixtures/e-invoice-pdf.ts';
import { request } from './make-layout.ts';

const local = createLocalProvider();

const ITEMS: JsonSchema = {
  type: 'array',
  items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit: { type: ['string', 'null'] }, unit_price: { type: 'number' }, amount: { type: 'number' } } },
};

const INVOICE: JsonSchema = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string' },
    invoice_date: { type: 'string', format: 'date' },
    due_date: { type: 'string', format: 'date' },
    currency: { type: 'string', enum: ['EUR', 'USD'] },
    seller: {
      type: 'object',
      properties: { name: { type: 'string' }, vat_id: { type: 'string' }, address: { type: 'object', properties: { street: { type: 'string' }, postal_code: { type: 'string' }, city: { type: 'string' } } } },
    },
    buyer: { type: 'object', properties: { name: { type: 'string' } } },
    subtotal: { type: 'number' },
    tax: { type: 'number' },
    total: { type: 'number' },
    iban: { type: 'string' },
    items: ITEMS,
  },
};

const PRINTED = {
  invoice_number: 'RE-2018-0042',
  invoice_date: '2018-03-05',
  due_date: '2018-04-04',
  currency: 'EUR',
  seller: { name: 'Lieferant GmbH', vat_id: 'DE123456789', address: { street: 'Lieferweg 7', postal_code: '80331', city: 'München' } },
  buyer: { name: 'Kunde AG' },
  subtotal: 120,
  tax: 22.8,
  total: 142.8,
  items: [
    { description: 'Schrauben M6 verzinkt', quantity: 10, unit: null, unit_price: 2.5, amount: 25 },
    { description: 'Montage vor Ort', quantity: 2, unit: null, unit_price: 47.5, amount: 95 },
  ],
};

async function layoutOf(xml: string | null, lines = printedLines()): Promise<DocumentLayout> {
  return readLayout(await hybridInvoicePdf(lines, xml === null ? [] : [{ name: 'factur-x.xml', content: xml }]));
}

/** What the pipeline asks LOCAL for a whole-document reading: the section carries the e-invoice. */
function withEInvoice(schema: JsonSchema, layout: DocumentLayout, pointer = ''): ModelRequest {
  const r = request(schema, layout.pages, pointer);
  return { ...r, section: { ...r.section, ...(layout.eInvoice ? { eInvoice: layout.eInvoice } : {}) } };
}

const at = (evidence: FieldEvidence[], pointer: string) => evidence.find((e) => e.pointer === pointer);

describe('LOCAL with an embedded e-invoice', () => {
  it('keeps what the print shows with its printed evidence, and takes the IBAN it does not print from the ZUGFeRD 2 XML at a low confidence, with no place', async () => {
    const layout = await layoutOf(zugferd2Xml());
    const plain = await local.extract(request(INVOICE, layout.pages));
    const res = await local.extract(withEInvoice(INVOICE, layout));
    expect(res.value).toEqual({ ...PRINTED, iban: FACTS.iban });
    expect(plain.value).not.toHaveProperty('iban');
    expect(at(res.evidence, '/seller/name')).toEqual(at(plain.evidence, '/seller/name'));
    expect(at(res.evidence, '/iban')).toEqual({ pointer: '/iban', reasoning: expect.stringContaining('BT-84') as string, confidence: 0.5 });
  });

  it('reads a ZUGFeRD 1 invoice (CrossIndustryDocument) as the same terms as its ZUGFeRD 2 twin', () => {
    expect(readInvoiceTerms(zugferd1Xml())).toEqual(readInvoiceTerms(zugferd2Xml()));
    const terms = readInvoiceTerms(zugferd1Xml());
    expect(terms?.header).toEqual(
      expect.arrayContaining([
        { bt: 'BT-2', label: 'Invoice issue date', concept: 'date', value: '2018-03-05', kind: 'date' },
        { bt: 'BT-27', label: 'Seller name', concept: 'name', entity: 'vendor', value: 'Lieferant GmbH', kind: 'text' },
        expect.objectContaining({ bt: 'BT-112', concept: 'total', value: 142.8, kind: 'number' }),
      ]),
    );
    expect(terms?.lines[1]).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ bt: 'BT-129', value: 2 }),
        expect.objectContaining({ bt: 'BT-130', value: 'HUR', kind: 'code' }),
        expect.objectContaining({ bt: 'BT-131', value: 95 }),
      ]),
    );
  });

  it('reads a UBL invoice (XRechnung) attached as xrechnung.xml as the same terms, line items included', async () => {
    const cii = readInvoiceTerms(zugferd2Xml());
    const ubl = readInvoiceTerms(ublXml());
    const facts = (terms: typeof cii) => new Set(terms?.header.map((t) => `${t.bt} ${t.entity ?? ''} ${JSON.stringify(t.value)}`));
    expect(ubl?.lines).toEqual(cii?.lines);
    expect(facts(ubl)).toEqual(facts(cii));
    const layout = await readLayout(await hybridInvoicePdf(printedLines(), [{ name: 'xrechnung.xml', content: ublXml() }]));
    expect(layout.eInvoice?.syntax).toBe('UBL');
    const res = await local.extract(withEInvoice(INVOICE, layout));
    expect(res.value).toEqual({ ...PRINTED, iban: FACTS.iban });
  });

  it('names a contact email and telephone by their own business terms: BT-43 and BT-42 for the seller, BT-58 and BT-57 for the buyer', () => {
    const contact = '<ram:DefinedTradeContact><ram:TelephoneUniversalCommunication><ram:CompleteNumber>+49 89 1</ram:CompleteNumber></ram:TelephoneUniversalCommunication><ram:EmailURIUniversalCommunication><ram:URIID>a@b.de</ram:URIID></ram:EmailURIUniversalCommunication></ram:DefinedTradeContact>';
    const cii = zugferd2Xml().replace('<ram:SellerTradeParty>', `<ram:SellerTradeParty>${contact}`).replace('<ram:BuyerTradeParty>', `<ram:BuyerTradeParty>${contact}`);
    const ublContact = '<cac:Contact><cbc:Telephone>+49 89 1</cbc:Telephone><cbc:ElectronicMail>a@b.de</cbc:ElectronicMail></cac:Contact>';
    const ubl = ublXml().replace('<cac:AccountingSupplierParty><cac:Party>', `<cac:AccountingSupplierParty><cac:Party>${ublContact}`).replace('<cac:AccountingCustomerParty><cac:Party>', `<cac:AccountingCustomerParty><cac:Party>${ublContact}`);
    for (const xml of [cii, ubl]) {
      const contacts = readInvoiceTerms(xml)?.header.filter((t) => t.concept === 'email' || t.concept === 'phone').map((t) => `${t.entity} ${t.concept} ${t.bt}`);
      expect(contacts?.sort()).toEqual(['customer email BT-58', 'customer phone BT-57', 'vendor email BT-43', 'vendor phone BT-42']);
    }
  });

  it('decodes the predefined entities and character references of the XML, and nothing else', () => {
    const xml = zugferd2Xml({ ...FACTS, seller: { ...FACTS.seller, name: 'M&#252;ller &amp; S&#xF6;hne &lt;GmbH&gt; &nbsp;' } });
    expect(readInvoiceTerms(xml)?.header.find((t) => t.bt === 'BT-27')?.value).toBe('Müller & Söhne <GmbH> &nbsp;');
  });

  it('gives a field the XML value the print shows in place of a different print reading, cited where it is printed', async () => {
    const layout = await layoutOf(zugferd2Xml());
    const terms = readInvoiceTerms(zugferd2Xml())!;
    const seller: JsonSchema = { type: 'object', properties: { name: { type: 'string' } } };
    const schema: JsonSchema = { type: 'object', properties: { seller, total: { type: 'number' } } };
    // As LOCAL once read "Name: Lieferant GmbH" under "Verkäufer": the legal form alone.
    const misread = { value: { seller: { name: 'GmbH' }, total: 142.8 }, evidence: [{ pointer: '/seller/name', quote: 'GmbH', confidence: 0.7 }] };
    const res = applyInvoiceTerms(misread, schema, { ...ROOT, name: '' }, terms, buildLineViews(layout.pages), { ...DEFAULT_HINTS, decimalComma: true, dayFirst: true });
    expect((res.value as { seller: { name: string } }).seller.name).toBe('Lieferant GmbH');
    expect(at(res.evidence, '/seller/name')).toMatchObject({ quote: 'Lieferant GmbH', page: 1, confidence: 0.9, reasoning: expect.stringContaining('BT-27') as string });
    expect(res.evidence.filter((e) => e.pointer === '/seller/name')).toHaveLength(1);
  });

  it('gives a field a term of the concept it names, never one whose alias is only its last word: tax_total the VAT total, subTotal the net sum, shipping_total nothing', async () => {
    const layout = await layoutOf(zugferd2Xml());
    const schema: JsonSchema = {
      type: 'object',
      properties: { invoice_number: { type: 'string' }, tax_total: { type: 'number' }, vat_total: { type: ['number', 'null'] }, shipping_total: { type: ['number', 'null'] }, subTotal: { type: 'number' }, total: { type: 'number' } },
    };
    const res = await local.extract(withEInvoice(schema, layout));
    expect(res.value).toMatchObject({ tax_total: 22.8, vat_total: 22.8, shipping_total: null, subTotal: 120, total: 142.8 });
    expect(res.evidence.filter((e) => e.reasoning?.includes('BT-112')).map((e) => e.pointer)).toEqual([]);
  });

  it('keeps the printed line total and the empty line tax: total_price is not the line net price, tax_amount not the line net amount', async () => {
    const layout = await layoutOf(zugferd2Xml());
    const items: JsonSchema = {
      type: 'array',
      items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit_price: { type: 'number' }, total_price: { type: 'number' }, tax_amount: { type: ['number', 'null'] } } },
    };
    const plain = await local.extract(request(items, layout.pages, '/items'));
    const res = await local.extract(withEInvoice(items, layout, '/items'));
    expect(plain.value).toMatchObject([{ total_price: 25, tax_amount: null }, { total_price: 95, tax_amount: null }]);
    expect(res.value).toEqual(plain.value);
  });

  it('ignores the lines of an XML with more than 5,000 of them: the printed items stay as the print reading has them', async () => {
    const layout = await layoutOf(zugferd2Xml());
    const withLines = (count: number) => {
      const xml = ublXml({ ...FACTS, lines: Array.from({ length: count }, (_, i) => FACTS.lines[i % FACTS.lines.length]!) });
      return { ...layout, eInvoice: { fileName: 'xrechnung.xml', syntax: 'UBL' as const, xml } };
    };
    const plain = await local.extract(request(ITEMS, layout.pages, '/items'));
    expect((await local.extract(withEInvoice(ITEMS, withLines(5_001), '/items'))).value).toEqual(plain.value);
    // At the bound the XML's lines, every one of them printed, are still the items.
    expect((await local.extract(withEInvoice(ITEMS, withLines(5_000), '/items'))).value).toHaveLength(5_000);
  });

  it('finds an identifier the XML writes unbroken where the print groups it, and gives the field its printed form', async () => {
    const layout = await layoutOf(zugferd2Xml(), [...printedLines(), { y: 380, cells: [[50, 'Bankverbindung: DE89 3704 0044 0532 0130 00']] }]);
    const terms = readInvoiceTerms(zugferd2Xml())!;
    const schema: JsonSchema = { type: 'object', properties: { iban: { type: 'string' } } };
    const res = applyInvoiceTerms({ value: {}, evidence: [] }, schema, { ...ROOT, name: '' }, terms, buildLineViews(layout.pages), DEFAULT_HINTS);
    expect(res.value).toEqual({ iban: 'DE89 3704 0044 0532 0130 00' });
    expect(at(res.evidence, '/iban')).toMatchObject({ quote: 'DE89 3704 0044 0532 0130 00', page: 1, confidence: 0.9 });
  });

  it('keeps the print reading where the XML disagrees with a value the print does not show', async () => {
    const xml = zugferd2Xml({ ...FACTS, due: '20180415', seller: { ...FACTS.seller, vatId: 'DE999999999' } });
    const layout = await layoutOf(xml);
    const plain = await local.extract(request(INVOICE, layout.pages));
    const res = await local.extract(withEInvoice(INVOICE, layout));
    expect(res.value).toMatchObject({ due_date: '2018-04-04', seller: { vat_id: 'DE123456789' }, iban: FACTS.iban });
    expect(at(res.evidence, '/due_date')).toEqual(at(plain.evidence, '/due_date'));
    expect(at(res.evidence, '/seller/vat_id')).toEqual(at(plain.evidence, '/seller/vat_id'));
  });

  it('ignores an XML whose invoice number or total the print does not show: it is not the print\'s data, and fills no field', async () => {
    const plain = await local.extract(request(INVOICE, (await layoutOf(null)).pages));
    for (const facts of [{ ...FACTS, number: 'MUSTER-0001' }, { ...FACTS, total: '999.00' }]) {
      const layout = await layoutOf(zugferd2Xml(facts));
      const res = await local.extract(withEInvoice(INVOICE, layout));
      expect(res).toEqual(plain);
      expect(res.value).not.toHaveProperty('iban');
    }
  });

  it('reads the invoice lines from the XML when the print has no table, each value cited where the print shows it', async () => {
    const withoutTable = printedLines().filter((l) => l.y < 190 || l.y >= 290);
    withoutTable.push({ y: 400, cells: [[50, 'Leistungen: Schrauben M6 verzinkt, 10 Stück; Montage vor Ort']] });
    const layout = await layoutOf(zugferd2Xml(), withoutTable);
    const plain = await local.extract(request(ITEMS, layout.pages, '/items'));
    const res = await local.extract(withEInvoice(ITEMS, layout, '/items'));
    expect(plain.value).toEqual([]);
    expect(res.value).toEqual([
      { description: 'Schrauben M6 verzinkt', quantity: 10, unit: null, unit_price: 2.5, amount: 25 },
      { description: 'Montage vor Ort', quantity: 2, unit: null, unit_price: 47.5, amount: 95 },
    ]);
    expect(at(res.evidence, '/0/description')).toMatchObject({ quote: 'Schrauben M6 verzinkt', confidence: 0.9 });
    expect(at(res.evidence, '/0/quantity')).toMatchObject({ quote: '10', confidence: 0.9 });
    expect(at(res.evidence, '/1/amount')).toEqual(expect.objectContaining({ confidence: 0.5 }));
    expect(at(res.evidence, '/1/amount')).not.toHaveProperty('quote');
  });

  it('reads the invoice from its print alone when the XML is malformed or declares a DTD', async () => {
    const layout = await layoutOf(null);
    const plain = await local.extract(request(INVOICE, layout.pages));
    const broken = zugferd2Xml().replace('</ram:Name>', '');
    const withDtd = zugferd2Xml().replace('<!-- written by hand for a test -->', '<!DOCTYPE rsm:CrossIndustryInvoice [<!ENTITY seller "Evil GmbH">]>').replace(FACTS.seller.name, '&seller;');
    for (const xml of [broken, withDtd]) {
      expect(readInvoiceTerms(xml)).toBeNull();
      const res = await local.extract(withEInvoice(INVOICE, { ...layout, eInvoice: { fileName: 'factur-x.xml', syntax: 'CII', xml } }));
      expect(res).toEqual(plain);
    }
  });

  it('gives the XML to a whole-document extraction only: PER_DOC reads the unprinted IBAN, PER_PAGE does not', async () => {
    const pdf = await hybridInvoicePdf(printedLines(), [{ name: 'zugferd-invoice.xml', content: zugferd2Xml() }]);
    const layout = await readLayout(pdf);
    const schema: JsonSchema = { type: 'object', properties: { seller: { type: 'object', properties: { name: { type: 'string' } } }, iban: { type: ['string', 'null'] } } };
    const run = (extractionTarget: 'PER_DOC' | 'PER_PAGE') =>
      runExtraction({
        layout, pdfBytes: pdf, schema, config: { ...LOCAL_CONFIG, extractionTarget }, provider: local, sectionTokenBudget: 100_000,
        emit: () => {}, signal: new AbortController().signal,
      });
    expect((await run('PER_DOC')).results).toMatchObject({ seller: { name: 'Lieferant GmbH' }, iban: FACTS.iban });
    expect((await run('PER_PAGE')).results).toMatchObject([{ seller: { name: 'Lieferant GmbH' }, iban: null }]);
  });
});
