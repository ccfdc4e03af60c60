/**
 * Party addresses asked for in parts when the document prints them in other national forms or on
 * one line, two addresses side by side, and totals lines whose label is introduced by a lead-in
 * word or whose rate is printed in cells of its own.
 */
import { describe, expect, it } from 'vitest';
import { runLocalExtraction } from '../../../src/models/local/run-local-extraction.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

const PARTS: JsonSchema = { type: 'object', properties: { name: { type: 'string' }, street: { type: 'string' }, postal_code: { type: 'string' }, city: { type: 'string' } } };

describe('LOCAL address parts', () => {
  it('a British postcode alone under the town gives the postcode and the town', () => {
    const pages = [page(1, [text(50, 100, 'Supplier'), text(50, 115, 'Northgate Print Ltd'), text(50, 130, '14 Mill Lane'), text(50, 145, 'Leeds'), text(50, 160, 'LS10 1AB')])];
    expect(runLocalExtraction(request({ type: 'object', properties: { seller: PARTS } }, pages)).value).toEqual({
      seller: { name: 'Northgate Print Ltd', street: '14 Mill Lane', postal_code: 'LS10 1AB', city: 'Leeds' },
    });
  });

  it('a joined "PLZ / Ort:" label gives the postcode and the town, not the second half of the label with them', () => {
    const pages = [page(1, [
      text(50, 100, 'Verkäufer'), text(300, 100, 'Rechnungsempfänger'),
      line(115, [[50, 'Firmenname:'], [130, 'Weidner Zeltbau GmbH'], [300, 'Firmenname:'], [380, 'Sportverein Blau-Weiß']]),
      line(128, [[50, 'Straße:'], [130, 'Wiesenweg 3'], [300, 'Straße:'], [380, 'Am Sportplatz 1']]),
      line(141, [[50, 'PLZ / Ort:'], [130, '34117 Kassel'], [300, 'PLZ / Ort:'], [380, '37073 Göttingen']]),
    ])];
    expect(runLocalExtraction(request({ type: 'object', properties: { seller: PARTS, buyer: PARTS } }, pages)).value).toEqual({
      seller: { name: 'Weidner Zeltbau GmbH', street: 'Wiesenweg 3', postal_code: '34117', city: 'Kassel' },
      buyer: { name: 'Sportverein Blau-Weiß', street: 'Am Sportplatz 1', postal_code: '37073', city: 'Göttingen' },
    });
  });

  it('an address printed on one line with separators is read part by part', () => {
    const pages = [page(1, [text(50, 100, 'Verkäufer'), text(50, 115, 'Schrauben Kessler KG'), text(50, 130, 'Hafenstraße 88 · 47119 Duisburg')])];
    expect(runLocalExtraction(request({ type: 'object', properties: { seller: PARTS } }, pages)).value).toEqual({
      seller: { name: 'Schrauben Kessler KG', street: 'Hafenstraße 88', postal_code: '47119', city: 'Duisburg' },
    });
  });

  it('a billing address beside a delivery address keeps its street and town, not taken for an item row', () => {
    const pages = [page(1, [
      line(100, [[50, 'Rechnungsanschrift'], [230, 'Lieferanschrift'], [400, 'Kunden-Nr.'], [480, '11820']]),
      line(115, [[50, 'Metallbau Ortmann GmbH'], [230, 'Metallbau Ortmann GmbH']]),
      line(130, [[50, 'Postfach 1120'], [230, 'Werk 2, Am Bahnhof 3'], [400, 'Datum'], [480, '16.09.2024']]),
      line(145, [[50, '58511 Lüdenscheid'], [230, '58513 Lüdenscheid']]),
    ])];
    expect(runLocalExtraction(request({ type: 'object', properties: { buyer: PARTS } }, pages)).value).toEqual({
      buyer: { name: 'Metallbau Ortmann GmbH', street: 'Postfach 1120', postal_code: '58511', city: 'Lüdenscheid' },
    });
  });
});

describe('LOCAL totals lines', () => {
  const TOTALS: JsonSchema = { type: 'object', properties: { subtotal: { type: 'number' }, tax: { type: 'number' }, total: { type: 'number' } } };

  it('a tax label after a lead-in word and its rate ("zzgl. 19% USt.") is the tax label', () => {
    const pages = [page(1, [line(300, [[340, 'Warenwert netto'], [500, '270,00 €']]), line(315, [[340, 'zzgl. 19% USt.'], [500, '51,30 €']]), line(330, [[340, 'Rechnungsbetrag'], [500, '321,30 €']])])];
    expect(runLocalExtraction(request(TOTALS, pages)).value).toEqual({ subtotal: 270, tax: 51.3, total: 321.3 });
  });

  it('a rate printed in cells of its own beside the tax label is not the tax', () => {
    const pages = [page(1, [line(300, [[340, 'Summe netto'], [500, '280,40']]), line(315, [[340, 'USt'], [380, '7 %'], [500, '10,30']]), line(330, [[340, 'USt'], [380, '19'], [395, '%'], [500, '25,31']]), line(345, [[340, 'Gesamtbetrag EUR'], [500, '316,01']])])];
    expect(runLocalExtraction(request(TOTALS, pages)).value).toEqual({ subtotal: 280.4, tax: 35.61, total: 316.01 });
  });

  it('totals lines under an item table are not items, also when their label is one word and a qualifier', () => {
    const schema: JsonSchema = { type: 'array', items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, amount: { type: 'number' } } } };
    const pages = [page(1, [
      line(100, [[30, 'Bezeichnung'], [300, 'Menge'], [480, 'Gesamt']]),
      line(115, [[30, 'Unterlegscheibe M6'], [310, '500'], [480, '15,00']]),
      line(135, [[300, 'Warenwert netto'], [480, '15,00 €']]),
      line(150, [[300, 'zzgl. 19% USt.'], [480, '2,85 €']]),
    ])];
    expect(runLocalExtraction(request(schema, pages, '/line_items')).value).toEqual([{ description: 'Unterlegscheibe M6', quantity: 500, amount: 15 }]);
  });
});
