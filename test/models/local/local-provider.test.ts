import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { readLayout } from '../../../src/pdf/read-layout.ts';
import { ZERO_USAGE } from '../../../src/domain/types.ts';
import type { JsonSchema, ModelResponse, PageLayout } from '../../../src/domain/types.ts';
import { fixture } from '../../fixtures/read-fixture.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();

const INVOICE_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string' },
    invoice_date: { type: 'string', format: 'date' },
    due_date: { type: 'string', format: 'date' },
    currency: { type: 'string', enum: ['EUR', 'USD', 'GBP'] },
    seller: { type: 'object', properties: { name: { type: 'string' }, vat_id: { type: 'string' } } },
    bill_to: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } },
    subtotal: { type: 'number' },
    tax: { type: 'number' },
    total: { type: 'number' },
    iban: { type: 'string' },
  },
};

const ITEMS_SCHEMA: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { description: { type: 'string' }, quantity: { type: 'integer' }, unit_price: { type: 'number' }, amount: { type: 'number' } },
  },
};

function smallInvoice(): PageLayout[] {
  return [page(1, [
    text(50, 50, 'Invoice Number: 77'),
    text(50, 64, 'Date: 2024-02-29'),
    line(100, [[50, 'Item'], [300, 'Qty'], [450, 'Amount']]),
    line(116, [[50, 'Widget'], [305, '2'], [455, '20.00']]),
    line(150, [[300, 'Total'], [455, '20.00']]),
  ])];
}

function expectWellFormedEvidence(res: ModelResponse): void {
  for (const e of res.evidence) {
    expect(e.confidence).toBeGreaterThanOrEqual(0);
    expect(e.confidence).toBeLessThanOrEqual(1);
    expect(e.quote).not.toBe('');
    expect(e.bbox).toBeDefined();
    expect(e.bbox!.x0).toBeLessThanOrEqual(e.bbox!.x1);
    expect(e.bbox!.y0).toBeLessThanOrEqual(e.bbox!.y1);
  }
}

describe('the LOCAL provider', () => {
  it('is called LOCAL, answers in one turn and reports no model calls and no tokens', async () => {
    expect(local.id).toBe('LOCAL');
    const res = await local.extract(request({ type: 'object', properties: { invoice_number: { type: 'string' } } }, smallInvoice()));
    expect(res.done).toBe(true);
    expect(res.usage).toEqual(ZERO_USAGE);
  });

  it('a later turn of a turn-based array returns no more items', async () => {
    const req = { ...request(ITEMS_SCHEMA, smallInvoice(), '/items'), continuation: { itemsSoFar: 1, lastItems: [{}] } };
    req.subtree = { ...req.subtree, itemsPerTurn: 1 };
    const res = await local.extract(req);
    expect(res).toEqual({ value: [], evidence: [], done: true, usage: ZERO_USAGE });
  });

  it('returns every item in the first turn even when itemsPerTurn is set', async () => {
    const req = request(ITEMS_SCHEMA, smallInvoice(), '/items');
    req.subtree = { ...req.subtree, itemsPerTurn: 1 };
    const res = await local.extract(req);
    expect(res.value).toEqual([{ description: 'Widget', quantity: 2, amount: 20 }]);
    expect(res.done).toBe(true);
  });

  it('gives the same answer for the same input', async () => {
    const a = await local.extract(request(INVOICE_SCHEMA, smallInvoice()));
    const b = await local.extract(request(INVOICE_SCHEMA, smallInvoice()));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expectWellFormedEvidence(a);
  });

  it('refuses to run when the request is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(local.extract({ ...request(INVOICE_SCHEMA, smallInvoice()), signal: controller.signal })).rejects.toThrow();
  });

  it('reads a nested subtree (pointer /bill_to) as that party', async () => {
    const pages = [page(1, [text(50, 100, 'Bill to:'), text(50, 114, 'Contoso Ltd'), text(50, 128, '1 High St')])];
    const schema = { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } };
    const res = await local.extract(request(schema, pages, '/bill_to'));
    expect(res.value).toEqual({ name: 'Contoso Ltd', address: '1 High St' });
  });
});

describe('LOCAL on the fixture PDFs', () => {
  it('reads the facts, parties and totals of the two-page invoice', async () => {
    const layout = await readLayout(fixture('invoice-2p.pdf'));
    const res = await local.extract(request(INVOICE_SCHEMA, layout.pages));
    expect(res.value).toEqual({
      invoice_number: 'INV-2024-0042',
      invoice_date: '2024-03-15',
      due_date: '2024-04-14',
      currency: 'EUR',
      seller: { name: 'Northwind Office Supplies GmbH', vat_id: 'DE123456789' },
      bill_to: { name: 'Contoso Retail Ltd', address: '42 King Street, Manchester M2 4LQ, United Kingdom' },
      subtotal: 1924.31,
      tax: 365.62,
      total: 2289.93,
      iban: 'DE89 3704 0044 0532 0130 00',
    });
    expectWellFormedEvidence(res);
    expect(res.evidence.find((e) => e.pointer === '/total')).toMatchObject({ page: 2, quote: 'EUR 2,289.93' });
  });

  it('reads all 32 items of the invoice table across its two pages', async () => {
    const layout = await readLayout(fixture('invoice-2p.pdf'));
    const res = await local.extract(request(ITEMS_SCHEMA, layout.pages, '/items'));
    const items = res.value as { description: string; quantity: number; unit_price: number; amount: number }[];
    expect(items).toHaveLength(32);
    expect(items[0]).toEqual({ description: 'Copy paper A4 80g, box of 5 reams', quantity: 1, unit_price: 2.5, amount: 2.5 });
    expect(items[31]).toEqual({ description: 'Staples 24/6, box of 5000', quantity: 2, unit_price: 19.73, amount: 39.46 });
    const sum = items.reduce((s, i) => s + i.amount, 0);
    expect(Math.round(sum * 100) / 100).toBe(1924.31);
    expectWellFormedEvidence(res);
  });

  it('reads 300 statement rows over six pages and the title, authors and abstract of the paper', async () => {
    const statement = await readLayout(fixture('table-300.pdf'));
    const rowsSchema = {
      type: 'array',
      items: { type: 'object', properties: { date: { type: 'string', format: 'date' }, description: { type: 'string' }, amount: { type: 'number' }, balance: { type: 'number' } } },
    };
    const rows = (await local.extract(request(rowsSchema, statement.pages, '/transactions'))).value as { date: string; amount: number; balance: number }[];
    expect(rows).toHaveLength(300);
    expect(rows[0]).toMatchObject({ date: '2024-01-01', amount: 3250, balance: 8250 });
    expect(rows[299]).toMatchObject({ date: '2024-12-29', amount: -39.31, balance: 26480 });

    const paper = await readLayout(fixture('two-column.pdf'));
    const paperSchema = { type: 'object', properties: { title: { type: 'string' }, authors: { type: 'array', items: { type: 'string' } }, abstract: { type: 'string' } } };
    const res = await local.extract(request(paperSchema, paper.pages));
    const value = res.value as { title: string; authors: string[]; abstract: string };
    expect(value.title).toBe('Schema-Guided Extraction from Business Documents');
    expect(value.authors).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
    expect(value.abstract.startsWith('We present a method')).toBe(true);
    expect(value.abstract.endsWith('without any templates.')).toBe(true);
  });
});
