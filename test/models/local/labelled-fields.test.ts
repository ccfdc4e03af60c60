import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { foldLabel, labelSimilarity } from '../../../src/models/local/normalize-label.ts';
import type { JsonSchema, PageLayout } from '../../../src/domain/types.ts';
import { line, page, request, spanAt, text } from './make-layout.ts';

const local = createLocalProvider();

async function extract(schema: JsonSchema, pages: PageLayout[]) {
  return local.extract(request(schema, pages));
}

describe('label folding', () => {
  it('camelCase, snake_case, spacing, "No." and "#" fold to the same words', () => {
    const expected = ['invoice', 'number'];
    for (const label of ['invoiceNumber', 'invoice_number', 'Invoice Number', 'INVOICE NO.', 'Invoice #', 'Invoice Nr']) {
      expect(foldLabel(label)).toEqual(expected);
    }
  });

  it('a one-letter typo in a long label still matches, a different short word does not', () => {
    expect(labelSimilarity(foldLabel('Invoce Number'), ['invoice', 'number'])).toBeGreaterThan(0.8);
    expect(labelSimilarity(['rate'], ['date'])).toBe(0);
  });

  it('counts typos word by word, so a long phrase cannot spend them all on one short word', () => {
    expect(labelSimilarity(['lieferant', 'empresa'], ['lieferant', 'express'])).toBe(0);
    expect(labelSimilarity(['invoice', 'numbr'], ['invoice', 'number'])).toBeGreaterThan(0.7);
  });

  it('takes a plural for its label ("taxes", "items") but not a short word with an "s" ("fees")', () => {
    expect(labelSimilarity(['taxes'], ['tax'])).toBeGreaterThan(0.9);
    expect(labelSimilarity(['items'], ['item'])).toBeGreaterThan(0.9);
    expect(labelSimilarity(['fees'], ['fee'])).toBe(0);
  });
});

describe('labelled fields', () => {
  it('takes the value beside its label, after a colon, from the exact span box', async () => {
    const value = spanAt('INV-2024-0042', 160, 100);
    const pages = [page(1, [{ text: 'Invoice No.: INV-2024-0042', bbox: { x0: 50, y0: 100, x1: 225, y1: 110 }, spans: [spanAt('Invoice No.:', 50, 100), value] }])];
    const res = await extract({ type: 'object', properties: { invoiceNumber: { type: 'string' } } }, pages);
    expect(res.value).toEqual({ invoiceNumber: 'INV-2024-0042' });
    expect(res.evidence).toHaveLength(1);
    expect(res.evidence[0]).toMatchObject({ pointer: '/invoiceNumber', quote: 'INV-2024-0042', page: 1, bbox: value.bbox });
    expect(res.evidence[0]?.reasoning).toContain("'Invoice No.:'");
  });

  it('reads a label that an OCR text layer split inside a word ("Belegn ummer")', async () => {
    const pages = [page(1, [line(100, [[50, 'Belegn ummer'], [160, 'A-99812'], [320, 'Belegd atum'], [420, '14.11.2022']]), line(130, [[300, 'Zwischen summe'], [450, '24,00 €']])])];
    const schema = { type: 'object', properties: { invoice_number: { type: 'string' }, invoice_date: { type: 'string', format: 'date' }, subtotal: { type: 'number' } } };
    const res = await extract(schema, pages);
    expect(res.value).toEqual({ invoice_number: 'A-99812', invoice_date: '2022-11-14', subtotal: 24 });
  });

  it('takes the value below a label that has nothing beside it', async () => {
    const pages = [page(1, [text(300, 100, 'Due Date'), text(300, 114, '14/04/2024'), text(50, 200, 'Thank you for your business')])];
    const res = await extract({ type: 'object', properties: { due_date: { type: 'string', format: 'date' } } }, pages);
    expect(res.value).toEqual({ due_date: '2024-04-14' });
    expect(res.evidence[0]?.bbox).toEqual(spanAt('14/04/2024', 300, 114).bbox);
  });

  it('reads a row of labels with their values on the row below', async () => {
    const pages = [page(1, [
      line(100, [[50, 'Invoice #'], [200, 'Date'], [350, 'Total']]),
      line(114, [[50, 'A-17'], [200, 'Mar 3, 2024'], [350, '$1,050.00']]),
    ])];
    const schema = { type: 'object', properties: { invoice_number: { type: 'string' }, date: { type: 'string', format: 'date' }, total: { type: 'number' } } };
    const res = await extract(schema, pages);
    expect(res.value).toEqual({ invoice_number: 'A-17', date: '2024-03-03', total: 1050 });
  });

  it('finds fields under synonyms, titles and typo-ed labels', async () => {
    const pages = [page(1, [
      text(50, 100, 'Bill Date: 15.03.2024'),
      text(50, 114, 'Payment due: 14.04.2024'),
      text(50, 128, 'Grand Total: 1.234,56 €'),
      text(50, 142, 'Purchse Order: PO-9'),
      text(50, 156, 'Paid: yes'),
    ])];
    const schema = {
      type: 'object',
      properties: {
        issueDate: { type: 'string', format: 'date', title: 'Invoice date' },
        due_date: { type: 'string', format: 'date' },
        total: { type: 'number' },
        purchase_order: { type: 'string' },
        is_paid: { type: 'boolean', title: 'Paid' },
      },
    };
    const res = await extract(schema, pages);
    expect(res.value).toEqual({ issueDate: '2024-03-15', due_date: '2024-04-14', total: 1234.56, purchase_order: 'PO-9', is_paid: true });
  });

  it('two labels on one line each get their own value, and "Date" is not taken from "Due Date"', async () => {
    const pages = [page(1, [text(50, 100, 'Invoice No: 778 Due Date: 2024-05-01'), text(50, 114, 'Date: 2024-04-01')])];
    const schema = { type: 'object', properties: { invoice_number: { type: 'string' }, date: { type: 'string', format: 'date' }, due_date: { type: 'string', format: 'date' } } };
    const res = await extract(schema, pages);
    expect(res.value).toEqual({ invoice_number: '778', date: '2024-04-01', due_date: '2024-05-01' });
  });

  it('the grand total wins over the subtotal and a "Total" column header', async () => {
    const pages = [page(1, [
      line(100, [[50, 'Item'], [300, 'Qty'], [450, 'Total']]),
      line(114, [[50, 'Widget'], [300, '2'], [450, '20.00']]),
      line(160, [[350, 'Subtotal'], [450, '20.00']]),
      line(174, [[350, 'Tax'], [450, '2.00']]),
      line(188, [[350, 'Total'], [450, '22.00']]),
    ])];
    const schema = { type: 'object', properties: { subtotal: { type: 'number' }, tax: { type: 'number' }, total: { type: 'number' } } };
    const res = await extract(schema, pages);
    expect(res.value).toEqual({ subtotal: 20, tax: 2, total: 22 });
  });

  it('a parenthesised qualifier belongs to the label: "VAT (10%)" and "Amount Due (USD)" take the amount after it', async () => {
    const pages = [page(1, [
      line(100, [[300, 'VAT (10%)'], [480, '110.00']]),
      line(114, [[300, 'Amount Due (USD):'], [480, '$1,210.00']]),
    ])];
    const res = await extract({ type: 'object', properties: { tax: { type: 'number' }, amount_due: { type: 'number' } } }, pages);
    expect(res.value).toEqual({ tax: 110, amount_due: 1210 });
  });

  it('a document title "INVOICE" is not a label for the invoice number, and identifiers need a digit', async () => {
    const pages = [page(1, [text(50, 30, 'INVOICE', 20), text(50, 56, 'Acme Corp'), text(50, 200, 'Invoice: see attached')])];
    const res = await extract({ type: 'object', required: ['invoice_number'], properties: { invoice_number: { type: 'string' } } }, pages);
    expect(res.value).toEqual({ invoice_number: null });
  });

  it('answers null for a field without a matching label rather than a guess, and omits optional non-nullable ones', async () => {
    const pages = [page(1, [text(50, 100, 'Invoice number: 12'), text(50, 114, 'Notes: deliver to the back door')])];
    const schema = {
      type: 'object',
      required: ['invoice_number', 'customer_vat_id'],
      properties: { invoice_number: { type: 'string' }, customer_vat_id: { type: 'string' }, weight_kg: { type: ['number', 'null'] }, color: { type: 'string' } },
    };
    const res = await extract(schema, pages);
    expect(res.value).toEqual({ invoice_number: '12', customer_vat_id: null, weight_kg: null });
  });

  it('a number field does not take text, so a label followed by words gives null', async () => {
    const pages = [page(1, [text(50, 100, 'Total: to be confirmed')])];
    const res = await extract({ type: 'object', properties: { total: { type: ['number', 'null'] } } }, pages);
    expect(res.value).toEqual({ total: null });
  });

  it('enum fields take the closest listed value', async () => {
    const pages = [page(1, [text(50, 100, 'Status: Partially Paid'), text(50, 114, 'Currency: €')])];
    const schema = {
      type: 'object',
      properties: { status: { type: 'string', enum: ['paid', 'partially_paid', 'open'] }, currency: { type: 'string', enum: ['USD', 'EUR'] } },
    };
    const res = await extract(schema, pages);
    expect(res.value).toEqual({ status: 'partially_paid', currency: 'EUR' });
  });
});

describe('parties and nested objects', () => {
  const invoiceTop = (): PageLayout[] => [page(1, [
    text(50, 40, 'Acme Tools Ltd', 14),
    text(50, 58, '1 Forge Lane'),
    text(50, 72, 'Sheffield S1 2AB'),
    line(120, [[50, 'Bill To:'], [320, 'Ship To:']]),
    line(134, [[50, 'Globex Corporation'], [320, 'Globex Warehouse']]),
    line(148, [[50, '500 Main Street'], [320, '9 Dock Road']]),
    line(162, [[50, 'Springfield, IL 62704'], [320, 'Shelbyville']]),
    text(50, 176, 'Email: ap@globex.example'),
    text(50, 230, 'Invoice Number: 5501'),
  ])];

  it('a customer block under "Bill To" gives name, address and labelled email; the other column stays out', async () => {
    const schema = {
      type: 'object',
      properties: {
        customer: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' }, email: { type: 'string', format: 'email' } } },
      },
    };
    const res = await extract(schema, invoiceTop());
    expect(res.value).toEqual({
      customer: { name: 'Globex Corporation', address: '500 Main Street, Springfield, IL 62704', email: 'ap@globex.example' },
    });
    const name = res.evidence.find((e) => e.pointer === '/customer/name');
    expect(name?.bbox).toEqual(spanAt('Globex Corporation', 50, 134).bbox);
  });

  it('flat party fields (vendor_name, customer_name) use the same blocks; the unlabelled top block is the vendor', async () => {
    const schema = { type: 'object', properties: { vendor_name: { type: 'string' }, vendor_address: { type: 'string' }, customer_name: { type: 'string' } } };
    const res = await extract(schema, invoiceTop());
    expect(res.value).toEqual({ vendor_name: 'Acme Tools Ltd', vendor_address: '1 Forge Lane, Sheffield S1 2AB', customer_name: 'Globex Corporation' });
    const vendor = res.evidence.find((e) => e.pointer === '/vendor_name');
    expect(vendor?.confidence).toBeLessThan(0.6);
  });

  it('a nested object that is not a party qualifies its labels by its name', async () => {
    const pages = [page(1, [text(50, 100, 'Shipping Total: 5.00'), text(50, 114, 'Total: 105.00')])];
    const schema = { type: 'object', properties: { shipping: { type: 'object', properties: { total: { type: 'number' } } }, total: { type: 'number' } } };
    const res = await extract(schema, pages);
    expect(res.value).toEqual({ shipping: { total: 5 }, total: 105 });
  });

  it('arrays of primitives split the list after their label', async () => {
    const pages = [page(1, [text(50, 100, 'Authors: Ada Lovelace, Alan Turing and Grace Hopper')])];
    const res = await extract({ type: 'object', properties: { authors: { type: 'array', items: { type: 'string' } } } }, pages);
    expect(res.value).toEqual({ authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper'] });
    expect(res.evidence.map((e) => e.pointer)).toEqual(['/authors/0', '/authors/1', '/authors/2']);
  });
});
