/**
 * Party headings opened by lead-in words, information blocks beside a letter's address window,
 * sender lines separated by commas, legal forms cut into a cell of their own, and a label word
 * after a currency label.
 */
import { describe, expect, it } from 'vitest';
import { runLocalExtraction } from '../../../src/models/local/run-local-extraction.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { buildLineViews } from '../../../src/models/local/layout-words.ts';
import type { LineView } from '../../../src/models/local/layout-words.ts';
import { partyLineBlock } from '../../../src/models/local/party-line.ts';
import { line, page, request, text } from './make-layout.ts';

const party = { type: 'object', properties: { name: { type: 'string' }, street: { type: 'string' }, postal_code: { type: 'string' }, city: { type: 'string' } } } as const;
const parties: JsonSchema = { type: 'object', properties: { seller: party, buyer: party } };

describe('LOCAL on party headings and letters', () => {
  it('a section heading that opens with lead-in words ("Angaben zum Verkäufer") names the party of the label rows under it', () => {
    const pages = [page(1, [
      text(60, 50, 'Rechnung', 16),
      text(60, 80, 'Rechnungsdaten'), line(96, [[60, 'Rechnungsnummer:'], [200, 'RE/2025/00731']]),
      text(60, 130, 'Angaben zum Verkäufer'),
      line(146, [[60, 'Firmenname:'], [200, 'Kältetechnik Vogler GmbH']]), line(159, [[60, 'Straße:'], [200, 'Gewerbering 14']]),
      line(172, [[60, 'PLZ:'], [200, '93055']]), line(185, [[60, 'Ort:'], [200, 'Regensburg']]),
      text(60, 220, 'Angaben zum Käufer'),
      line(236, [[60, 'Firmenname:'], [200, 'Stadtwerke Kelheim']]), line(249, [[60, 'Straße:'], [200, 'Donaupark 2']]),
      line(262, [[60, 'PLZ:'], [200, '93309']]), line(275, [[60, 'Ort:'], [200, 'Kelheim']]),
    ])];
    expect(runLocalExtraction(request(parties, pages)).value).toEqual({
      seller: { name: 'Kältetechnik Vogler GmbH', street: 'Gewerbering 14', postal_code: '93055', city: 'Regensburg' },
      buyer: { name: 'Stadtwerke Kelheim', street: 'Donaupark 2', postal_code: '93309', city: 'Kelheim' },
    });
  });

  it('a party word beside a number in an information block ("Kunde | K 1187") labels that number and heads none of the rows under it', () => {
    const pages = [page(1, [
      line(120, [[400, 'Belegnummer'], [480, 'BH-77410']]),
      line(134, [[400, 'Kunde'], [480, 'K 1187']]),
      line(148, [[400, 'Bearbeiter'], [480, 'Frau Jessen']]),
    ])];
    const res = runLocalExtraction(request({ type: 'object', properties: { buyer: party } }, pages)).value as { buyer?: { name?: string } };
    expect(res.buyer?.name).toBeUndefined();
  });

  it('a sender line separated by commas that repeats the letterhead is the issuer, and the block under it the addressee', () => {
    const pages = [page(1, [
      text(57, 46, 'Bürobedarf Hansen & Söhne', 16),
      text(57, 107, 'Bürobedarf Hansen & Söhne OHG, Speicherstraße 5, 24103 Kiel', 6.5),
      line(120, [[57, 'Praxis Dr. med. Ulrike Feld'], [420, 'Belegdatum'], [490, '06.03.2025']]),
      text(57, 133, 'Holtenauer Straße 88'),
      line(146, [[57, '24105 Kiel'], [420, 'Kunde'], [490, 'K 1187']]),
      text(57, 193, 'Rechnung', 13),
    ])];
    expect(runLocalExtraction(request(parties, pages)).value).toEqual({
      seller: { name: 'Bürobedarf Hansen & Söhne OHG', street: 'Speicherstraße 5', postal_code: '24103', city: 'Kiel' },
      buyer: { name: 'Praxis Dr. med. Ulrike Feld', street: 'Holtenauer Straße 88', postal_code: '24105', city: 'Kiel' },
    });
  });

  it('a comma line without a street or a postcode and town ("Amtsgericht Kiel, HRB 1234, ...") is no sender line', () => {
    const [view] = buildLineViews([page(1, [text(57, 60, 'Amtsgericht Kiel, HRB 1234, Geschäftsführer Jan Hansen', 6.5)])]);
    expect(partyLineBlock(view as LineView)).toBeUndefined();
  });

  it('a legal form that a scanned layer cut into a cell of its own stays with the addressee\'s name, though an information block stands beside it', () => {
    const pages = [page(1, [
      text(60, 114, 'Malerbetrieb Jens Korte e.K. · Wiesenweg 3 · 49076 Osnabrück', 6.5),
      line(128, [[60, 'Hausverwaltung Lohmann'], [177, 'GmbH'], [390, 'Datum:'], [460, '12.03.2025']]),
      line(142, [[60, 'Martinistraße 70'], [390, 'Kunden-Nr.:'], [460, '2207']]),
      text(60, 156, '49080 Osnabrück'),
    ])];
    const res = runLocalExtraction(request(parties, pages)).value as { buyer?: { name?: string } };
    expect(res.buyer?.name).toBe('Hausverwaltung Lohmann GmbH');
  });

  it('a label word after a currency label in one header cell ("Währung / Betrag") is not read as the currency', () => {
    const pages = [page(1, [
      text(60, 60, 'Rechnung 2025-0088'),
      line(100, [[60, 'Konto / Zahlbar an'], [260, 'Zahlbar durch'], [420, 'Währung / Betrag']]),
      line(112, [[60, 'CH44 3199 9123 0008 8901 2'], [260, 'Gemeinde Kriens'], [420, "CHF  6'669.77"]]),
    ])];
    const res = runLocalExtraction(request({ type: 'object', properties: { currency: { type: 'string' } } }, pages)).value as { currency?: string };
    expect(res.currency).not.toBe('Betrag');
  });
});
