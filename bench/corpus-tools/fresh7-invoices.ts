/**
 * The seventh fresh set (bench/corpora/fresh7), a tuning set in the styles of the published German
 * e-invoice samples (ZUGFeRD / XRechnung), made here with invented data because no package that the
 * project can fetch ships those samples (npm: zugferd, node-zugferd, factur-x, factur-x-kit,
 * zugferd-generator, einvoicing, @e-invoice-eu/core ship no PDF; Debian ships none). Layouts: an
 * overview page of labelled rows under "Käufer"/"Verkäufer"/"Rechnungsdaten" headings with items as
 * labelled blocks; a sender line, address window and article table with a purely numeric invoice
 * number; a letter with "Lieferant"/"Rechnungsempfänger" sections stacked one above the other and
 * the invoice date in a sentence ("Nr. … vom …"). Truths written by hand (detailed schema).
 */
import { footer, grid, infoBlock, sums } from './drawn-invoice-parts.ts';
import { OcrPage } from './ocr-page.ts';
import type { SealedInvoice } from './sealed1-invoices.ts';

const SCHEMA = 'invoice-detailed.schema.json';

function overviewLabelRows(): SealedInvoice {
  const p = new OcrPage();
  p.label(60, 50, 'Rechnung', { size: 16, bold: true });
  p.label(60, 84, 'Käufer', { bold: true }).label(320, 84, 'Verkäufer', { bold: true });
  infoBlock(p, 60, 140, 100, [['Name:', 'Stadtwerke Emmerbach'], ['Straße:', 'Kanalstraße 2'], ['PLZ:', '47809'], ['Ort:', 'Emmerbach'], ['Land:', 'DE']]);
  infoBlock(p, 320, 410, 100, [['Name:', 'Pumpentechnik Rauh GmbH'], ['Straße:', 'Zechenweg 17'], ['PLZ:', '45881'], ['Ort:', 'Gelsenbruch'], ['Land:', 'DE'], ['Umsatzsteuer-ID:', 'DE319204775']]);
  p.label(60, 196, 'Rechnungsdaten', { bold: true });
  infoBlock(p, 60, 200, 212, [
    ['Rechnungsnummer:', '20931'], ['Rechnungsdatum:', '14.05.2024'], ['Rechnungsart:', '380 (Rechnung)'], ['Währung:', 'EUR'],
    ['Leistungsdatum:', '10.05.2024'], ['Käuferreferenz:', '05315000-4471-12'],
  ]);
  p.label(60, 298, 'Rechnungsbeträge', { bold: true });
  infoBlock(p, 60, 270, 314, [
    ['Summe aller Positionen netto', '612,00'], ['Gesamtbetrag ohne Umsatzsteuer', '612,00'], ['Summe Umsatzsteuer', '116,28'],
    ['Gesamtbetrag einschließlich Umsatzsteuer', '728,28'], ['Zahlbetrag', '728,28'],
  ]);
  p.label(60, 388, 'Zahlungsinformationen', { bold: true });
  infoBlock(p, 60, 200, 404, [['Fälligkeitsdatum:', '13.06.2024'], ['IBAN:', 'DE61 4305 0001 0031 2294 07'], ['BIC:', 'WELADED1BOC']]);
  p.label(60, 456, 'Positionen', { bold: true });
  const item = (top: number, n: string, rows: Array<[string, string]>): void => {
    p.label(60, top, `Position ${n}`, { bold: true });
    infoBlock(p, 60, 200, top + 15, rows);
  };
  item(472, '1', [['Bezeichnung:', 'Dichtungssatz Kreiselpumpe'], ['Menge:', '24'], ['Einheit:', 'Stück'], ['Preis pro Einheit (netto):', '18,50'], ['Umsatzsteuersatz:', '19 %'], ['Gesamtpreis (netto):', '444,00']]);
  item(574, '2', [['Bezeichnung:', 'Wartung vor Ort'], ['Menge:', '8'], ['Einheit:', 'Stunde'], ['Preis pro Einheit (netto):', '21,00'], ['Umsatzsteuersatz:', '19 %'], ['Gesamtpreis (netto):', '168,00']]);
  return {
    id: 'invoice-q1-de-overview-label-rows', page: p, scanned: false, schema: SCHEMA,
    expected: {
      invoice_number: '20931', invoice_date: '2024-05-14', delivery_date: '2024-05-10', due_date: '2024-06-13', currency: 'EUR', buyer_reference: '05315000-4471-12',
      seller: { name: 'Pumpentechnik Rauh GmbH', street: 'Zechenweg 17', postal_code: '45881', city: 'Gelsenbruch', country: 'DE', vat_id: 'DE319204775' },
      buyer: { name: 'Stadtwerke Emmerbach', street: 'Kanalstraße 2', postal_code: '47809', city: 'Emmerbach', country: 'DE' },
      payment: { iban: 'DE61 4305 0001 0031 2294 07', bic: 'WELADED1BOC' },
      net_total: 612, tax_total: 116.28, gross_total: 728.28,
      line_items: [
        { position: '1', description: 'Dichtungssatz Kreiselpumpe', quantity: 24, unit: 'Stück', unit_price: 18.5, tax_rate: 19, net_amount: 444 },
        { position: '2', description: 'Wartung vor Ort', quantity: 8, unit: 'Stunde', unit_price: 21, tax_rate: 19, net_amount: 168 },
      ],
    },
  };
}

function senderLineArticleTable(): SealedInvoice {
  const p = new OcrPage();
  p.text(360, 50, 'Holzbau Kranich KG', { size: 14, bold: true });
  p.text(60, 118, 'Holzbau Kranich KG · Sägewerkstraße 4 · 79183 Waldkirch', { size: 6.5 });
  p.rule(60, 121, 290, 121);
  p.text(60, 136, 'Gemeinde Oberried').text(60, 149, 'Bauamt').text(60, 162, 'Rathausplatz 1').text(60, 175, '79254 Oberried');
  infoBlock(p, 360, 450, 130, [['Rechnungs-Nr.', '5817'], ['Datum', '21.08.2024'], ['Kunden-Nr.', '10293'], ['Lieferdatum', '16.08.2024']]);
  p.label(60, 226, 'Rechnung', { size: 14, bold: true });
  const end = grid(p, 256, [
    { head: 'Pos.', x: 60, right: false }, { head: 'Art.-Nr.', x: 86, right: false }, { head: 'Bezeichnung', x: 140, right: false },
    { head: 'Menge', x: 330, right: true }, { head: 'Einheit', x: 338, right: false }, { head: 'Einzelpreis', x: 430, right: true },
    { head: 'MwSt.', x: 475, right: true }, { head: 'Betrag', x: 545, right: true },
  ], [
    ['1', 'KH-2040', 'Konstruktionsholz 60x120', '36', 'm', '7,80', '19%', '280,80'],
    ['2', 'LB-0311', 'Lärchenbretter 24 mm', '15', 'm²', '32,40', '19%', '486,00'],
    ['3', 'LF-0001', 'Lieferpauschale', '1', 'Stk', '45,00', '19%', '45,00'],
  ], true);
  const after = sums(p, end + 10, [['Gesamtsumme netto', '811,80'], ['zzgl. Umsatzsteuer 19%', '154,24'], ['Rechnungsbetrag EUR', '966,04']]);
  p.text(60, after + 20, 'Zahlbar ohne Abzug bis 20.09.2024.', { size: 8.5 });
  footer(p, 770, [
    ['Holzbau Kranich KG', 'Sägewerkstraße 4', '79183 Waldkirch'],
    ['Registergericht Freiburg HRA 7112', 'USt-IdNr.: DE 287 114 560'],
    ['Volksbank Breisgau', 'IBAN DE45 6809 2000 0012 8844 01', 'BIC GENODE61EMM'],
  ]);
  return {
    id: 'invoice-q2-de-sender-line-article-table', page: p, scanned: true, schema: SCHEMA,
    expected: {
      invoice_number: '5817', invoice_date: '2024-08-21', delivery_date: '2024-08-16', due_date: '2024-09-20', currency: 'EUR', buyer_reference: null,
      seller: { name: 'Holzbau Kranich KG', street: 'Sägewerkstraße 4', postal_code: '79183', city: 'Waldkirch', country: null, vat_id: 'DE 287 114 560' },
      buyer: { name: 'Gemeinde Oberried', street: 'Rathausplatz 1', postal_code: '79254', city: 'Oberried', country: null },
      payment: { iban: 'DE45 6809 2000 0012 8844 01', bic: 'GENODE61EMM' },
      net_total: 811.8, tax_total: 154.24, gross_total: 966.04,
      line_items: [
        { position: '1', description: 'Konstruktionsholz 60x120', quantity: 36, unit: 'm', unit_price: 7.8, tax_rate: 19, net_amount: 280.8 },
        { position: '2', description: 'Lärchenbretter 24 mm', quantity: 15, unit: 'm²', unit_price: 32.4, tax_rate: 19, net_amount: 486 },
        { position: '3', description: 'Lieferpauschale', quantity: 1, unit: 'Stk', unit_price: 45, tax_rate: 19, net_amount: 45 },
      ],
    },
  };
}

function letterStackedSections(): SealedInvoice {
  const p = new OcrPage();
  p.label(60, 50, 'Rechnung', { size: 15, bold: true });
  p.text(60, 72, 'Rechnung Nr. 24-0611 vom 02.09.2024', { size: 10 });
  p.label(60, 100, 'Lieferant', { bold: true });
  infoBlock(p, 60, 140, 116, [['Name:', 'Glaserei Voss e.K.'], ['Straße:', 'Fährstraße 11'], ['PLZ/Ort:', '21635 Jork'], ['USt-IdNr.:', 'DE 302 557 918']]);
  p.label(60, 178, 'Rechnungsempfänger', { bold: true });
  infoBlock(p, 60, 140, 194, [['Name:', 'Obsthof Lühe GbR'], ['Straße:', 'Deichweg 40'], ['PLZ/Ort:', '21720 Grünendeich']]);
  p.text(60, 246, 'Lieferdatum: 23.08.2024', { size: 8.5 });
  const end = grid(p, 272, [
    { head: 'Menge', x: 90, right: true }, { head: 'Einheit', x: 100, right: false }, { head: 'Beschreibung', x: 150, right: false },
    { head: 'Einzelpreis', x: 460, right: true }, { head: 'Gesamtpreis', x: 545, right: true },
  ], [
    ['4', 'Stk', 'Isolierglas 2-fach 80x120', '96,50', '386,00'],
    ['6', 'Std', 'Montage', '54,00', '324,00'],
  ], false);
  const after = sums(p, end + 10, [['Nettobetrag', '710,00 EUR'], ['Umsatzsteuer 19 %', '134,90 EUR'], ['Gesamtbetrag', '844,90 EUR']]);
  p.text(60, after + 20, 'Bitte zahlen Sie den Betrag bis zum 16.09.2024 auf unser Konto.', { size: 8.5 });
  p.text(60, after + 34, 'Bankverbindung: Sparkasse Stade-Altes Land, IBAN: DE71 2415 1005 0000 4471 12, BIC: NOLADE21STS', { size: 8 });
  return {
    id: 'invoice-q3-de-letter-stacked-sections', page: p, scanned: true, schema: SCHEMA,
    expected: {
      invoice_number: '24-0611', invoice_date: '2024-09-02', delivery_date: '2024-08-23', due_date: '2024-09-16', currency: 'EUR', buyer_reference: null,
      seller: { name: 'Glaserei Voss e.K.', street: 'Fährstraße 11', postal_code: '21635', city: 'Jork', country: null, vat_id: 'DE 302 557 918' },
      buyer: { name: 'Obsthof Lühe GbR', street: 'Deichweg 40', postal_code: '21720', city: 'Grünendeich', country: null },
      payment: { iban: 'DE71 2415 1005 0000 4471 12', bic: 'NOLADE21STS' },
      net_total: 710, tax_total: 134.9, gross_total: 844.9,
      line_items: [
        { position: null, description: 'Isolierglas 2-fach 80x120', quantity: 4, unit: 'Stk', unit_price: 96.5, tax_rate: null, net_amount: 386 },
        { position: null, description: 'Montage', quantity: 6, unit: 'Std', unit_price: 54, tax_rate: null, net_amount: 324 },
      ],
    },
  };
}

export const FRESH7_INVOICES = [overviewLabelRows, senderLineArticleTable, letterStackedSections] as const;
