/**
 * Card statements (days without a year, credits marked "CR"), wrapped cells whose first line
 * sits above the row's figures, unlabelled parties
 * (a letter's addressee, the issuer as letterhead) and contact details inside an address.
 */
import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { parseDate } from '../../../src/models/local/parse-date.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();
const TX: JsonSchema = {
  type: 'array',
  items: { type: 'object', properties: { date: { type: 'string', format: 'date' }, description: { type: 'string' }, amount: { type: 'number' } } },
};

describe('card statements, wrapped cells and letterheads', () => {
  it('a day and month without a year take the year that keeps them inside the document\'s dates', () => {
    const hints = { decimalComma: false, dayFirst: false, dateSpan: { min: '2024-12-02', max: '2025-01-01' } };
    expect(parseDate('12/28', hints)?.iso).toBe('2024-12-28');
    expect(parseDate('Jan 1', hints)?.iso).toBe('2025-01-01');
    expect(parseDate('12/28', { decimalComma: false, dayFirst: false })).toBeNull();
  });

  it('in a card statement, "CR" marks the credits: unmarked amounts are money out', async () => {
    const pages = [page(1, [
      text(50, 40, 'Opening/Closing Date 05/02/2025 - 06/01/2025'),
      line(100, [[50, 'Trans Date'], [150, 'Description'], [480, 'Amount']]),
      line(114, [[50, '05/03'], [150, 'GROCERY STORE 12'], [490, '68.36']]),
      line(128, [[50, '05/07'], [150, 'PAYMENT THANK YOU'], [470, '1,250.00 CR']]),
      line(142, [[50, '05/08'], [150, 'FUEL 7'], [490, '21.44']]),
    ])];
    const res = await local.extract(request(TX, pages, '/transactions'));
    expect(res.value).toEqual([
      { date: '2025-05-03', description: 'GROCERY STORE 12', amount: -68.36 },
      { date: '2025-05-07', description: 'PAYMENT THANK YOU', amount: 1250 },
      { date: '2025-05-08', description: 'FUEL 7', amount: -21.44 },
    ]);
  });

  it('the first line of a wrapped cell printed above the row\'s figures belongs to that row', async () => {
    const pages = [page(1, [
      line(100, [[50, 'Date'], [150, 'Description'], [480, 'Amount']]),
      line(114, [[50, '2025-06-09'], [150, 'Transfer to savings'], [480, '-15.23']]),
      text(150, 126, 'SALARY ACME CORP'),
      line(132, [[50, '2025-06-11'], [480, '3,051.66']]),
      text(150, 138, 'PAYROLL'),
    ])];
    const res = await local.extract(request(TX, pages, '/transactions'));
    expect(res.value).toEqual([
      { date: '2025-06-09', description: 'Transfer to savings', amount: -15.23 },
      { date: '2025-06-11', description: 'SALARY ACME CORP PAYROLL', amount: 3051.66 },
    ]);
  });

  it('without a "Bill to", the addressee block under the letterhead is the customer; contact details are not address', async () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        vendor: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } },
        customer: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } },
      },
    };
    const pages = [page(1, [
      line(40, [[50, 'Invoice'], [400, 'Northwold Energy Ltd']], 16),
      text(50, 70, 'Northwold Energy Ltd'),
      text(50, 82, 'Riverside House, 2 Quay Street · VAT reg no. GB 214 7789 02'),
      text(50, 94, 'billing@northwold.example'),
      text(50, 160, 'Mrs Aisha Rahman'),
      text(50, 172, 'Flat 3, 41 Beech Grove'),
      text(50, 184, 'Harrogate HG2 0LR'),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({
      vendor: { name: 'Northwold Energy Ltd', address: 'Riverside House, 2 Quay Street' },
      customer: { name: 'Mrs Aisha Rahman', address: 'Flat 3, 41 Beech Grove, Harrogate HG2 0LR' },
    });
  });

  it('an unlabelled bank name is the letterhead, even when every page repeats it', async () => {
    const schema: JsonSchema = { type: 'object', properties: { bank_name: { type: 'string' }, account_holder: { type: 'string' } } };
    const pages = [
      page(1, [text(50, 36, 'Cascade Federal Credit Union', 16), text(50, 80, 'Member Statement'), text(50, 100, 'Member name: Daniel R. Okafor')]),
      page(2, [text(50, 36, 'Cascade Federal Credit Union', 16), text(50, 80, 'Share Draft Checking - Transactions')]),
    ];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ bank_name: 'Cascade Federal Credit Union', account_holder: 'Daniel R. Okafor' });
  });
});
