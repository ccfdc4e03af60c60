/**
 * A party's name or address line that ran into the label of the next column, because the gap
 * between the columns was too narrow to split the line: the label is not part of the value.
 */
import { describe, expect, it } from 'vitest';
import { runLocalExtraction } from '../../../src/models/local/run-local-extraction.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

const SCHEMA: JsonSchema = { type: 'object', properties: { customer: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } } } };

describe('LOCAL values running into the next label', () => {
  it('a label of two words at the end of a name or address line is cut off', () => {
    const pages = [page(1, [text(50, 100, 'Bill To:'), text(50, 115, 'Daly & Sons Electrical Doc. Date'), text(50, 130, 'Main Street, Ennis Due Date')])];
    expect(runLocalExtraction(request(SCHEMA, pages)).value).toEqual({ customer: { name: 'Daly & Sons Electrical', address: 'Main Street, Ennis' } });
  });

  it('one known word at the end of a name is kept: alone it is too often part of the name', () => {
    const pages = [page(1, [text(50, 100, 'Bill To:'), text(50, 115, 'Harbour Total'), text(50, 130, '12 Quay Street')])];
    expect(runLocalExtraction(request(SCHEMA, pages)).value).toEqual({ customer: { name: 'Harbour Total', address: '12 Quay Street' } });
  });
});

describe('LOCAL party blocks above an item table', () => {
  it("an address under its heading stops at the item table's header row", () => {
    const pages = [page(1, [
      text(50, 100, 'Bill To'), text(50, 115, 'Lakeshore Dental'), text(50, 130, '88 Lakeshore Drive'), text(50, 145, 'Cleveland, OH 44114'),
      line(160, [[50, 'Qty'], [120, 'Unit Price'], [200, 'Amount']]),
      line(175, [[50, '2'], [120, '10.00'], [200, '20.00']]),
    ])];
    expect(runLocalExtraction(request(SCHEMA, pages)).value).toEqual({ customer: { name: 'Lakeshore Dental', address: '88 Lakeshore Drive, Cleveland, OH 44114' } });
  });

  it('a header row the reader joined into one segment of known labels is not part of the address either', () => {
    const pages = [page(1, [
      text(50, 100, 'Bill To'), text(50, 115, 'Lakeshore Dental'), text(50, 130, '88 Lakeshore Drive'), text(50, 145, 'Cleveland, OH 44114'),
      text(50, 160, 'Qty Unit Price Amount'),
    ])];
    expect(runLocalExtraction(request(SCHEMA, pages)).value).toEqual({ customer: { name: 'Lakeshore Dental', address: '88 Lakeshore Drive, Cleveland, OH 44114' } });
  });
});
