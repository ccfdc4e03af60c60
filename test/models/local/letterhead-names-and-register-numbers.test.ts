/**
 * A letterhead's company name with its legal form set apart (on the line below, or cut into the
 * next cell by a scanned page's text layer), and a VAT id printed on one line with another
 * register's number after a separator.
 */
import { describe, expect, it } from 'vitest';
import { runLocalExtraction } from '../../../src/models/local/run-local-extraction.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

const schema: JsonSchema = {
  type: 'object',
  properties: { seller: { type: 'object', properties: { name: { type: 'string' }, street: { type: 'string' }, city: { type: 'string' }, vat_id: { type: 'string' } } } },
};

describe('LOCAL on letterhead names', () => {
  it('takes a legal form printed on the line under the letterhead name as part of the name', () => {
    const pages = [page(1, [
      text(60, 50, 'Tischlerei Brandauer', 14), text(60, 66, 'GmbH & Co. KG'), text(60, 80, 'Sägeweg 4, 83022 Rosenheim'),
      text(60, 200, 'Rechnung Nr. 118'),
    ])];
    expect(runLocalExtraction(request(schema, pages)).value).toMatchObject({ seller: { name: 'Tischlerei Brandauer GmbH & Co. KG' } });
  });

  it('joins a letterhead name that a text layer cut into two cells when the second ends in a legal form', () => {
    const pages = [page(1, [
      line(50, [[60, 'Kunstschmiede'], [150, 'Wallner GmbH']], 13), text(60, 66, 'Am Anger 12, 5020 Salzburg'),
      text(60, 200, 'Rechnung Nr. 118'),
    ])];
    expect(runLocalExtraction(request(schema, pages)).value).toMatchObject({ seller: { name: 'Kunstschmiede Wallner GmbH' } });
  });

  it('does not join the name with a cell of another column that happens to name a company', () => {
    const pages = [page(1, [
      line(50, [[60, 'Kunstschmiede Wallner'], [330, 'Bauhof Mertens GmbH'], [480, 'Seite 1']]), text(60, 66, 'Am Anger 12, 5020 Salzburg'),
      text(60, 200, 'Rechnung Nr. 118'),
    ])];
    expect(runLocalExtraction(request(schema, pages)).value).not.toMatchObject({ seller: { name: 'Kunstschmiede Wallner Bauhof Mertens GmbH' } });
  });
});

describe('LOCAL on a letterhead without an address over a sender line', () => {
  it('reads name and address from the sender line that repeats a letterhead of name and legal form only', () => {
    const pages = [page(1, [
      text(360, 50, 'Buchbinderei Halm', 14), text(360, 66, 'GmbH & Co. KG'),
      text(60, 118, 'Buchbinderei Halm GmbH & Co. KG · Mühlgasse 7 · 97070 Würzburg', 6.5),
      text(60, 136, 'Stadtarchiv Ochsenfurt'), text(60, 149, 'Hauptstraße 39'), text(60, 162, '97199 Ochsenfurt'),
      text(60, 230, 'Rechnung Nr. 118'),
    ])];
    expect(runLocalExtraction(request(schema, pages)).value).toMatchObject({ seller: { name: 'Buchbinderei Halm GmbH & Co. KG', street: 'Mühlgasse 7', city: 'Würzburg' } });
  });
});

describe('LOCAL on a letterhead of two columns', () => {
  it('reads the issuer\'s VAT id from the letterhead column beside its name and address', () => {
    const pages = [page(1, [
      text(60, 50, 'Dachdeckerei Voigt', 12), line(63, [[60, 'Lindenweg 2'], [340, 'Steuernummer 141/220/77015']], 8),
      line(74, [[60, '01917 Kamenz'], [340, 'USt-IdNr. DE 276 410 883']], 8), line(85, [[60, 'Tel. 03578 4412'], [340, 'IBAN DE61 8559 0000 0044 1208 19']], 8),
      text(60, 132, 'Rechnungsempfänger:'), text(60, 146, 'Gemeinde Elstra'), text(60, 159, 'Markt 1'), text(60, 172, '01920 Elstra'),
      text(60, 230, 'Rechnung Nr. 118'),
    ])];
    expect(runLocalExtraction(request(schema, pages)).value).toMatchObject({ seller: { name: 'Dachdeckerei Voigt', vat_id: 'DE 276 410 883' } });
  });
});

describe('LOCAL on VAT ids beside other register numbers', () => {
  it('ends a VAT id at the separator before the commercial register number', () => {
    const pages = [page(1, [
      text(60, 50, 'Kunstschmiede Wallner GmbH', 13), text(60, 66, 'Am Anger 12, 5020 Salzburg'), text(60, 78, 'UID: ATU66120934 · FN 301772 b'),
      text(60, 200, 'Rechnung Nr. 118'),
    ])];
    expect(runLocalExtraction(request(schema, pages)).value).toMatchObject({ seller: { vat_id: 'ATU66120934' } });
  });
});
