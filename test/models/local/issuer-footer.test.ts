/**
 * The issuer's VAT id and contact details printed in the page footer, away from its block, and
 * VAT ids printed in groups of digits.
 */
import { describe, expect, it } from 'vitest';
import { runLocalExtraction } from '../../../src/models/local/run-local-extraction.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

const PARTY: JsonSchema = { type: 'object', properties: { name: { type: 'string' }, vat_id: { type: 'string' } } };
const SCHEMA: JsonSchema = { type: 'object', properties: { seller: PARTY, buyer: PARTY } };

function lines(footer: ReadonlyArray<readonly [number, string]>) {
  return [page(1, [
    text(50, 100, 'Verkäufer'), text(50, 115, 'Schrauben Kessler KG'), text(50, 130, 'Hafenstraße 88'),
    text(300, 100, 'Käufer'), text(300, 115, 'Metallbau Ortmann GmbH'), text(300, 130, 'Am Bahnhof 3'),
    line(780, footer),
  ])];
}

describe('LOCAL issuer details in the page footer', () => {
  it("the issuer's VAT id printed in groups of digits in a footer column is the issuer's, not the buyer's", () => {
    const res = runLocalExtraction(request(SCHEMA, lines([[50, 'Sitz Duisburg, HRA 8812'], [250, 'USt-IdNr. DE 120 556 731'], [420, 'IBAN DE61 3506 0386 0101 2233 44']])));
    expect(res.value).toEqual({ seller: { name: 'Schrauben Kessler KG', vat_id: 'DE 120 556 731' }, buyer: { name: 'Metallbau Ortmann GmbH' } });
  });

  it('an IBAN in the footer is never taken for a VAT id', () => {
    const res = runLocalExtraction(request(SCHEMA, lines([[50, 'Volksbank Rhein-Ruhr'], [250, 'IBAN DE61 3506 0386 0101 2233 44']])));
    expect((res.value as { seller: Record<string, unknown> }).seller['vat_id'] ?? null).toBeNull();
  });
});

describe('LOCAL on a letterhead over a headed issuer block', () => {
  it('reads the issuer\'s VAT id from a letterhead that repeats the name of the block under "Supplier"', () => {
    const pages = [page(1, [
      text(57, 40, 'Cloverfield Print Ltd', 13), line(56, [[57, 'VAT No. IE 3312045LH'], [468, 'INVOICE']]),
      line(97, [[67, 'Supplier'], [236, 'Customer']]),
      line(109, [[67, 'Cloverfield Print Ltd'], [236, 'Ballymore Community Centre']]),
      line(121, [[67, '12 Patrick Street'], [236, 'Main Street']]),
    ])];
    const res = runLocalExtraction(request(SCHEMA, pages)).value as { seller?: { vat_id?: string }; buyer?: { vat_id?: string } };
    expect(res.seller?.vat_id).toBe('IE 3312045LH');
    expect(res.buyer?.vat_id).toBeUndefined();
  });

  it('takes no VAT id from the top of the page when the letterhead names someone else', () => {
    const pages = [page(1, [
      text(57, 40, 'Print Brokers Ltd', 13), line(56, [[57, 'VAT No. IE 9912045KH'], [468, 'INVOICE']]),
      line(97, [[67, 'Supplier'], [236, 'Customer']]),
      line(109, [[67, 'Cloverfield Print Ltd'], [236, 'Ballymore Community Centre']]),
      line(121, [[67, '12 Patrick Street'], [236, 'Main Street']]),
    ])];
    const res = runLocalExtraction(request(SCHEMA, pages)).value as { seller?: { vat_id?: string } };
    expect(res.seller?.vat_id).toBeUndefined();
  });
});
