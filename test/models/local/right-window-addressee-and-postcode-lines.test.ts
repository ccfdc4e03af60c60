/**
 * A letter's addressee shown through a window at the right, and party cards whose town and
 * postcode stand on lines of their own beside another column's figures.
 */
import { describe, expect, it } from 'vitest';
import { runLocalExtraction } from '../../../src/models/local/run-local-extraction.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

const party = { type: 'object', properties: { name: { type: 'string' }, street: { type: 'string' }, postal_code: { type: 'string' }, city: { type: 'string' }, country: { type: 'string' } } } as const;
const parties: JsonSchema = { type: 'object', properties: { seller: party, buyer: party } };

describe('LOCAL on window addressees and postcode lines', () => {
  it('reads an unheaded name over its address in the right half as the addressee when the left half holds none', () => {
    const pages = [page(1, [
      text(60, 40, 'Schreinerei Imhof AG', 14), text(60, 58, 'Bahnhofstrasse 22'), text(60, 70, '6003 Luzern'),
      text(340, 122, 'Gemeinde Kriens'), text(340, 135, 'Bauamt'), text(340, 148, 'Schachenstrasse 13'), text(340, 161, '6010 Kriens'),
      text(60, 203, 'Rechnung 2025-0088', 14),
    ])];
    const res = runLocalExtraction(request(parties, pages)).value as { buyer?: Record<string, string> };
    expect(res.buyer).toMatchObject({ name: 'Gemeinde Kriens', street: 'Schachenstrasse 13', postal_code: '6010', city: 'Kriens' });
  });

  it('keeps the left-hand addressee when the right half holds another block of lines', () => {
    const pages = [page(1, [
      text(60, 40, 'Malerbetrieb Korte', 14), text(60, 58, 'Wiesenweg 3'), text(60, 70, '49076 Osnabrück'),
      text(60, 122, 'Hausverwaltung Lohmann GmbH'), text(60, 135, 'Martinistraße 70'), text(60, 148, '49080 Osnabrück'),
      text(340, 122, 'Sparkasse Osnabrück'), text(340, 135, 'Filiale Neumarkt'), text(340, 148, 'Neumarkt 1'), text(340, 161, '49074 Osnabrück'),
    ])];
    const res = runLocalExtraction(request(parties, pages)).value as { buyer?: Record<string, string> };
    expect(res.buyer?.name).toBe('Hausverwaltung Lohmann GmbH');
  });

  it('does not read a block at the right that carries a phone line (a letterhead set at the right) as the addressee', () => {
    const pages = [page(1, [
      text(60, 40, 'Schreinerei Imhof AG', 14), text(60, 58, 'Bahnhofstrasse 22'), text(60, 70, '6003 Luzern'),
      text(340, 122, 'Holzhandel Studer AG'), text(340, 135, 'Industriestrasse 4'), text(340, 148, '6030 Ebikon'), text(340, 161, 'Tel. 041 440 12 12'),
      text(60, 203, 'Rechnung 2025-0088', 14),
    ])];
    const res = runLocalExtraction(request(parties, pages)).value as { buyer?: Record<string, string> };
    expect(res.buyer?.name).toBeUndefined();
  });

  it('a town over an Irish Eircode on its own line, beside another column\'s dates, gives the card its postcode and city', () => {
    const pages = [page(1, [
      line(97, [[67, 'Supplier'], [236, 'Customer']]),
      line(109, [[67, 'Cloverfield Print Ltd'], [236, 'Ballymore Community Centre']]),
      line(121, [[67, '12 Patrick Street'], [236, 'Main Street']]),
      line(133, [[67, 'Cork'], [236, 'Ballymore'], [407, 'Date of supply:'], [482, '28/02/2025']]),
      line(145, [[67, 'T12 X2C4'], [236, 'P72 KD80'], [407, 'Payment due:'], [482, '04/04/2025']]),
      line(157, [[67, 'Ireland'], [236, 'Ireland']]),
    ])];
    expect(runLocalExtraction(request(parties, pages)).value).toEqual({
      seller: { name: 'Cloverfield Print Ltd', street: '12 Patrick Street', postal_code: 'T12 X2C4', city: 'Cork', country: 'Ireland' },
      buyer: { name: 'Ballymore Community Centre', street: 'Main Street', postal_code: 'P72 KD80', city: 'Ballymore', country: 'Ireland' },
    });
  });
});
