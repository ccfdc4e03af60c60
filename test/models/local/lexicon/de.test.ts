import { describe, expect, it } from 'vitest';
import { DE } from '../../../../src/models/local/lexicon/de.ts';
import { conceptNamed, expectDocumentNames, expectFolded } from './lexicon-checks.ts';

describe('the German lexicon', () => {
  it('writes every phrase folded, as labels are compared', () => expectFolded(DE));

  it('names the documents its invoices and statements call themselves, in lower case', () => expectDocumentNames(DE));

  it.each([
    ['Rechnungsnummer', 'invoice_number'],
    ['Rechnungsdatum', 'date'],
    ['Zahlbar bis', 'due_date'],
    ['Verkäufer', 'vendor'],
    ['Käufer', 'customer'],
    ['Straße', 'street'],
    ['PLZ', 'postal_code'],
    ['Summe Positionen', 'subtotal'],
    ['USt-IdNr.', 'tax_id'],
    ['Einzelpreis', 'unit_price'],
    ['Gesamtbetrag ohne USt.', 'subtotal'],
    ['Gesamtbetrag inkl. USt.', 'total'],
    ['Lieferdatum', 'delivery_date'],
    ['Kundennummer', 'customer_id'],
    ['Auftrags-Nr.', 'po_number'],
    ['Pos.', 'position'],
    ['Einheit', 'unit'],
    ['Rechnungsanschrift', 'customer'],
    ['Lieferanschrift', 'ship_to'],
    ['Käuferreferenz', 'buyer_reference'],
    ['Endsumme', 'total'],
    ['Rechnungsendbetrag', 'total'],
    ['Währung', 'currency'],
    ['Summe aller Positionen netto', 'subtotal'],
    ['Gesamtsumme netto', 'subtotal'],
    ['Gesamtbetrag ohne Umsatzsteuer', 'subtotal'],
    ['Summe Umsatzsteuer', 'tax'],
    ['Umsatzsteuersatz', 'tax_rate'],
    ['Artikelname', 'description'],
    ['Lieferung vom', 'delivery_date'],
    ['Leistung am', 'delivery_date'],
    ['Artikelnummer', 'sku'],
    ['Gesamtbetrag einschließlich Umsatzsteuer', 'total'],
    ['EP', 'unit_price'],
    ['Preis pro Einheit', 'unit_price'],
    ['GP', 'amount'],
    ['Angaben zum Verkäufer', 'vendor'],
    ['Angaben zum Käufer', 'customer'],
    ['Liefer-/Leistungsdatum', 'delivery_date'],
    ['Lieferung erfolgte am', 'delivery_date'],
  ])('reads the printed label "%s" as %s', (label, concept) => {
    expect(conceptNamed(label)).toBe(concept);
  });
});
