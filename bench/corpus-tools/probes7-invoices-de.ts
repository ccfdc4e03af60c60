/**
 * The German-language probes of bench/corpora/probes7 (a tuning set made before any extractor
 * change of its round), in the styles of everyday German and Austrian business invoices and of the
 * published e-invoice samples, with invented companies, numbers and dates: "Verkäufer"/"Käufer" and
 * "Lieferant"/"Rechnungsempfänger" blocks of "Name:", "Straße:", "PLZ/Ort:" rows (company names that
 * contain a heading word), "Rechnung Nr. … vom …", service periods, Pos/Art.-Nr./Menge/Einheit/
 * Einzelpreis/MwSt/Gesamtpreis tables, two VAT rates, an item amount equal to a numeric invoice
 * number, a row of labels above their values, a sender only in the footer, dates inside sentences,
 * and scanned-looking text layers (some label/value pairs merged into one word).
 */
import { footer, grid, infoBlock, sums } from './drawn-invoice-parts.ts';
import { OcrPage } from './ocr-page.ts';
import { probe } from './probes7-parts.ts';
import type { SealedInvoice } from './sealed1-invoices.ts';

function verkaeuferNameRows(): SealedInvoice {
  const p = new OcrPage();
  p.label(60, 50, 'Rechnung', { size: 16, bold: true });
  p.text(60, 74, 'Rechnung Nr. R-2025-0388 vom 12.02.2025');
  p.text(60, 88, 'Leistungszeitraum: 01.01.2025 - 31.01.2025', { size: 8.5 });
  p.label(60, 116, 'Verkäufer', { bold: true }).label(320, 116, 'Käufer', { bold: true });
  infoBlock(p, 60, 120, 132, [['Name:', 'Lieferant Brenner GmbH'], ['Straße:', 'Hafenstraße 31'], ['PLZ/Ort:', '28217 Bremen'], ['Land:', 'DE'], ['USt-IdNr.:', 'DE 274 118 903']]);
  infoBlock(p, 320, 380, 132, [['Name:', 'Kunden-Service Ost AG'], ['Straße:', 'Lindenallee 8'], ['PLZ/Ort:', '04109 Leipzig'], ['Land:', 'DE']]);
  infoBlock(p, 60, 160, 210, [['Käuferreferenz:', '991-04417-55'], ['Währung:', 'EUR']]);
  const end = grid(p, 256, [
    { head: 'Pos.', x: 60, right: false }, { head: 'Art.-Nr.', x: 84, right: false }, { head: 'Bezeichnung', x: 134, right: false },
    { head: 'Menge', x: 318, right: true }, { head: 'Einheit', x: 326, right: false }, { head: 'Einzelpreis', x: 418, right: true },
    { head: 'MwSt.-%', x: 468, right: true }, { head: 'Gesamtpreis', x: 545, right: true },
  ], [
    ['1', 'TR-410', 'Trockenbauprofil CW 50', '120', 'Stk', '3,85', '19 %', '462,00'],
    ['2', 'GK-125', 'Gipskartonplatte 12,5 mm', '40', 'Stk', '8,90', '19 %', '356,00'],
    ['3', 'FB-002', 'Fachbuch Trockenbau', '2', 'Stk', '34,50', '7 %', '69,00'],
  ], true);
  const after = sums(p, end + 10, [
    ['Summe Positionen netto', '887,00'], ['Umsatzsteuer 19 % von 818,00', '155,42'], ['Umsatzsteuer 7 % von 69,00', '4,83'], ['Rechnungsbetrag brutto', '1.047,25'],
  ], 300);
  p.text(60, after + 20, 'Zahlungsbedingungen: Zahlbar bis 26.02.2025 ohne Abzug.', { size: 8.5 });
  footer(p, 770, [
    ['Lieferant Brenner GmbH', 'Hafenstraße 31', '28217 Bremen'],
    ['Geschäftsführer: Tobias Brenner', 'Amtsgericht Bremen HRB 31877'],
    ['Sparkasse Bremen', 'IBAN DE89 2905 0101 0081 4475 23', 'BIC SBREDE22XXX'],
  ]);
  return probe('invoice-p1-de-verkaeufer-name-rows', p, false, {
    invoice_number: 'R-2025-0388', invoice_date: '2025-02-12', delivery_date: null, due_date: '2025-02-26', currency: 'EUR', buyer_reference: '991-04417-55',
    seller: { name: 'Lieferant Brenner GmbH', street: 'Hafenstraße 31', postal_code: '28217', city: 'Bremen', country: 'DE', vat_id: 'DE 274 118 903' },
    buyer: { name: 'Kunden-Service Ost AG', street: 'Lindenallee 8', postal_code: '04109', city: 'Leipzig', country: 'DE' },
    payment: { iban: 'DE89 2905 0101 0081 4475 23', bic: 'SBREDE22XXX' },
    net_total: 887, tax_total: 160.25, gross_total: 1047.25,
    line_items: [
      { position: '1', description: 'Trockenbauprofil CW 50', quantity: 120, unit: 'Stk', unit_price: 3.85, tax_rate: 19, net_amount: 462 },
      { position: '2', description: 'Gipskartonplatte 12,5 mm', quantity: 40, unit: 'Stk', unit_price: 8.9, tax_rate: 19, net_amount: 356 },
      { position: '3', description: 'Fachbuch Trockenbau', quantity: 2, unit: 'Stk', unit_price: 34.5, tax_rate: 7, net_amount: 69 },
    ],
  });
}

function lieferantEmpfaengerSideBySide(): SealedInvoice {
  const p = new OcrPage();
  p.text(340, 48, 'Metallbau Quast OHG', { size: 14, bold: true });
  p.label(60, 100, 'Lieferant', { bold: true }).label(320, 100, 'Rechnungsempfänger', { bold: true });
  infoBlock(p, 60, 130, 116, [
    ['Name:', 'Metallbau Quast OHG'], ['Straße:', 'Am Hüttenwerk 6'], ['PLZ/Ort:', '57072 Siegen'], ['USt-IdNr.:', 'DE 311 640 287'], ['Steuernummer:', '342/5871/2209'],
  ]);
  infoBlock(p, 320, 390, 116, [['Name:', 'Wohnungsgenossenschaft Eiserfeld eG'], ['Straße:', 'Bergstraße 112'], ['PLZ/Ort:', '57080 Siegen']]);
  p.label(60, 200, 'Rechnung', { size: 14, bold: true });
  infoBlock(p, 60, 170, 220, [['Rechnungsnummer:', '473'], ['Rechnungsdatum:', '07.04.2025'], ['Lieferdatum:', '02.04.2025'], ['Kundennummer:', '10477']]);
  const end = grid(p, 290, [
    { head: 'Pos.', x: 60, right: false }, { head: 'Menge', x: 118, right: true }, { head: 'Einheit', x: 128, right: false },
    { head: 'Bezeichnung', x: 176, right: false }, { head: 'Einzelpreis', x: 460, right: true }, { head: 'Gesamtpreis', x: 545, right: true },
  ], [
    ['1', '2', 'Stk', 'Geländer Edelstahl 3 m', '236,50', '473,00'],
    ['2', '14,5', 'Std', 'Montagearbeiten', '62,00', '899,00'],
    ['3', '1', 'psch', 'Anfahrt', '48,00', '48,00'],
  ], true);
  const after = sums(p, end + 10, [['Nettobetrag', '1.420,00'], ['zzgl. 19 % MwSt.', '269,80'], ['Bruttobetrag EUR', '1.689,80']]);
  p.text(60, after + 20, 'Zahlbar innerhalb von 30 Tagen bis zum 07.05.2025 ohne Abzug; bei Zahlung bis 17.04.2025 2 % Skonto.', { size: 8.5 });
  p.text(60, after + 34, 'Bankverbindung: Volksbank Siegerland · IBAN DE12 4606 0040 0104 2211 70 · BIC GENODEM1SNS', { size: 8 });
  return probe('invoice-p2-de-lieferant-empfaenger-side-by-side', p, true, {
    invoice_number: '473', invoice_date: '2025-04-07', delivery_date: '2025-04-02', due_date: '2025-05-07', currency: 'EUR', buyer_reference: null,
    seller: { name: 'Metallbau Quast OHG', street: 'Am Hüttenwerk 6', postal_code: '57072', city: 'Siegen', country: null, vat_id: 'DE 311 640 287' },
    buyer: { name: 'Wohnungsgenossenschaft Eiserfeld eG', street: 'Bergstraße 112', postal_code: '57080', city: 'Siegen', country: null },
    payment: { iban: 'DE12 4606 0040 0104 2211 70', bic: 'GENODEM1SNS' },
    net_total: 1420, tax_total: 269.8, gross_total: 1689.8,
    line_items: [
      { position: '1', description: 'Geländer Edelstahl 3 m', quantity: 2, unit: 'Stk', unit_price: 236.5, tax_rate: null, net_amount: 473 },
      { position: '2', description: 'Montagearbeiten', quantity: 14.5, unit: 'Std', unit_price: 62, tax_rate: null, net_amount: 899 },
      { position: '3', description: 'Anfahrt', quantity: 1, unit: 'psch', unit_price: 48, tax_rate: null, net_amount: 48 },
    ],
  });
}

function ocrWindowEnvelope(): SealedInvoice {
  const p = new OcrPage();
  p.text(360, 50, 'Druckerei Albrecht', { size: 14, bold: true }).text(360, 66, 'GmbH & Co. KG', { size: 9 });
  p.text(60, 118, 'Druckerei Albrecht GmbH & Co. KG · Papiermühlenweg 9 · 96450 Coburg', { size: 6.5 });
  p.rule(60, 121, 290, 121);
  p.text(60, 136, 'Kinderhilfe Oberfranken e.V.').text(60, 149, 'Frau Dr. Weiß').text(60, 162, 'Ketschengasse 21').text(60, 175, '96450 Coburg');
  infoBlock(p, 360, 455, 130, [['Rechnungs-Nr.:', '2025-1147'], ['Datum:', '19.05.2025'], ['Leistungsdatum:', '14.05.2025'], ['Seite:', '1 von 1']]);
  // An OCR layer that ran label and value together into one word.
  p.text(360, 182, 'Kunden-Nr.:K-3390', { size: 8.5 });
  p.label(60, 230, 'Rechnung', { size: 14, bold: true });
  p.text(60, 252, 'Sehr geehrte Frau Dr. Weiß, für den Druck Ihres Jahresberichts berechnen wir:', { size: 9 });
  const end = grid(p, 280, [
    { head: 'Pos', x: 60, right: false }, { head: 'Bezeichnung', x: 84, right: false }, { head: 'Menge', x: 330, right: true },
    { head: 'Einzelpreis €', x: 405, right: true }, { head: 'MwSt', x: 450, right: true }, { head: 'Gesamt €', x: 545, right: true },
  ], [
    ['1', 'Jahresbericht 2024, 48 Seiten', '500', '3,12', '7 %', '1.560,00'],
    ['2', 'Flyer DIN lang, 135 g', '2000', '0,09', '19 %', '180,00'],
    ['3', 'Satz und Layout', '6', '58,00', '19 %', '348,00'],
  ], false);
  const after = sums(p, end + 10, [['Nettobetrag', '2.088,00'], ['MwSt. 7 %auf 1.560,00', '109,20'], ['MwSt. 19 % auf 528,00', '100,32'], ['Gesamtbetrag', '2.297,52']], 320);
  p.text(60, after + 20, 'Zahlbar bis 02.06.2025 ohne Abzug.', { size: 8.5 });
  footer(p, 770, [
    ['Druckerei Albrecht GmbH & Co. KG', 'Papiermühlenweg 9', '96450 Coburg'],
    ['USt-IdNr. DE 129 884 301', 'Amtsgericht Coburg HRA 4410'],
    ['Sparkasse Coburg-Lichtenfels', 'IBAN DE38 7835 0000 0040 1187 66', 'BIC BYLADEM1COB'],
  ]);
  return probe('invoice-p3-de-ocr-window-envelope', p, true, {
    invoice_number: '2025-1147', invoice_date: '2025-05-19', delivery_date: '2025-05-14', due_date: '2025-06-02', currency: 'EUR', buyer_reference: null,
    seller: { name: 'Druckerei Albrecht GmbH & Co. KG', street: 'Papiermühlenweg 9', postal_code: '96450', city: 'Coburg', country: null, vat_id: 'DE 129 884 301' },
    buyer: { name: 'Kinderhilfe Oberfranken e.V.', street: 'Ketschengasse 21', postal_code: '96450', city: 'Coburg', country: null },
    payment: { iban: 'DE38 7835 0000 0040 1187 66', bic: 'BYLADEM1COB' },
    net_total: 2088, tax_total: 209.52, gross_total: 2297.52,
    line_items: [
      { position: '1', description: 'Jahresbericht 2024, 48 Seiten', quantity: 500, unit: null, unit_price: 3.12, tax_rate: 7, net_amount: 1560 },
      { position: '2', description: 'Flyer DIN lang, 135 g', quantity: 2000, unit: null, unit_price: 0.09, tax_rate: 19, net_amount: 180 },
      { position: '3', description: 'Satz und Layout', quantity: 6, unit: null, unit_price: 58, tax_rate: 19, net_amount: 348 },
    ],
  });
}

function twoColumnHeaderLabelsAbove(): SealedInvoice {
  const p = new OcrPage();
  p.text(60, 50, 'Zimmerei Falkner', { size: 12, bold: true });
  p.text(60, 63, 'Inh. Georg Falkner', { size: 8 }).text(60, 74, 'Talstraße 48', { size: 8 }).text(60, 85, '87541 Bad Hindelang', { size: 8 }).text(60, 96, 'Tel. 08324 9981-0', { size: 8 });
  p.text(340, 63, 'Steuernummer 127/240/55018', { size: 8 }).text(340, 74, 'USt-IdNr. DE 297 331 460', { size: 8 });
  p.text(340, 85, 'Raiffeisenbank Oberallgäu', { size: 8 }).text(340, 96, 'IBAN DE02 7336 9920 0004 4187 02', { size: 8 }).text(340, 107, 'BIC GENODEF1SFO', { size: 8 });
  p.label(60, 132, 'Rechnungsempfänger:', { size: 8.5 });
  p.text(60, 146, 'Alpengasthof Hirschberg GmbH').text(60, 159, 'Oberjoch 12').text(60, 172, '87541 Bad Hindelang');
  p.label(60, 204, 'Rechnung', { size: 14, bold: true });
  const heads: Array<[number, string, string]> = [[60, 'Rechnungsnummer', '25-0077'], [170, 'Rechnungsdatum', '30.06.2025'], [280, 'Kundennummer', '4411'], [390, 'Leistungsdatum', '20.06.2025']];
  for (const [x, l, v] of heads) p.label(x, 222, l, { size: 8 }).text(x, 235, v, { size: 9 });
  const end = grid(p, 266, [
    { head: 'Pos.', x: 60, right: false }, { head: 'Menge', x: 120, right: true }, { head: 'ME', x: 130, right: false },
    { head: 'Bezeichnung', x: 164, right: false }, { head: 'EP €', x: 460, right: true }, { head: 'GP €', x: 545, right: true },
  ], [
    ['1', '18,5', 'Std', 'Zimmererarbeiten Dachstuhl', '59,00', '1.091,50'],
    ['2', '3,2', 'm³', 'Bauholz Fichte KVH', '540,00', '1.728,00'],
    ['3', '1', 'psch', 'Entsorgung Altholz', '180,00', '180,00'],
  ], true);
  const after = sums(p, end + 10, [['Summe netto', '2.999,50'], ['19 % MwSt.', '569,91'], ['Rechnungsbetrag', '3.569,41']]);
  p.text(60, after + 20, 'Zahlungsziel: 14 Tage netto, fällig am 14.07.2025.', { size: 8.5 });
  return probe('invoice-p8-de-two-column-header-labels-above', p, false, {
    invoice_number: '25-0077', invoice_date: '2025-06-30', delivery_date: '2025-06-20', due_date: '2025-07-14', currency: 'EUR', buyer_reference: null,
    seller: { name: 'Zimmerei Falkner', street: 'Talstraße 48', postal_code: '87541', city: 'Bad Hindelang', country: null, vat_id: 'DE 297 331 460' },
    buyer: { name: 'Alpengasthof Hirschberg GmbH', street: 'Oberjoch 12', postal_code: '87541', city: 'Bad Hindelang', country: null },
    payment: { iban: 'DE02 7336 9920 0004 4187 02', bic: 'GENODEF1SFO' },
    net_total: 2999.5, tax_total: 569.91, gross_total: 3569.41,
    line_items: [
      { position: '1', description: 'Zimmererarbeiten Dachstuhl', quantity: 18.5, unit: 'Std', unit_price: 59, tax_rate: null, net_amount: 1091.5 },
      { position: '2', description: 'Bauholz Fichte KVH', quantity: 3.2, unit: 'm³', unit_price: 540, tax_rate: null, net_amount: 1728 },
      { position: '3', description: 'Entsorgung Altholz', quantity: 1, unit: 'psch', unit_price: 180, tax_rate: null, net_amount: 180 },
    ],
  });
}

function austrianServicePeriodOcr(): SealedInvoice {
  const p = new OcrPage();
  p.text(60, 50, 'Softwarehaus Pichler GmbH', { size: 13, bold: true });
  p.text(60, 64, 'Mariahilfer Straße 101/3, 1060 Wien', { size: 8 }).text(60, 76, 'UID: ATU71188402 · FN 412233 k', { size: 8 });
  p.label(60, 110, 'Rechnungsadresse', { bold: true });
  p.text(60, 124, 'Tischlerei Hofbauer KG').text(60, 137, 'Hauptplatz 5').text(60, 150, '3100 St. Pölten').text(60, 163, 'Österreich');
  infoBlock(p, 340, 440, 110, [
    ['Rechnungsnummer:', 'AT-25-3301'], ['Rechnungsdatum:', '02.05.2025'], ['UID Kunde:', 'ATU55129987'], ['Leistungszeitraum:', '01.04.2025 – 30.04.2025'],
  ]);
  p.label(60, 196, 'Rechnung', { size: 14, bold: true });
  const end = grid(p, 222, [
    { head: 'Pos', x: 60, right: false }, { head: 'Leistung', x: 84, right: false }, { head: 'Menge', x: 318, right: true },
    { head: 'Einheit', x: 326, right: false }, { head: 'Preis', x: 420, right: true }, { head: 'MwSt.', x: 465, right: true }, { head: 'Betrag', x: 545, right: true },
  ], [
    ['1', 'Wartungsvertrag ERP, April', '1', 'Monat', '890,00', '20 %', '890,00'],
    ['2', 'Schulung Lagerverwaltung', '6', 'Std', '95,00', '20 %', '570,00'],
  ], true);
  const after = sums(p, end + 10, [['Summe netto', '1.460,00'], ['zzgl. 20 % USt.', '292,00'], ['Gesamtsumme EUR', '1.752,00']]);
  p.text(60, after + 20, 'Zahlungsbedingungen: zahlbar bis 16.05.2025 ohne Abzug', { size: 8.5 });
  p.text(60, after + 34, 'Bankverbindung: Erste Bank · IBAN AT61 2011 1822 1977 4100 · BIC GIBAATWWXXX', { size: 8 });
  return probe('invoice-p9-at-service-period-ocr', p, true, {
    invoice_number: 'AT-25-3301', invoice_date: '2025-05-02', delivery_date: null, due_date: '2025-05-16', currency: 'EUR', buyer_reference: null,
    seller: { name: 'Softwarehaus Pichler GmbH', street: 'Mariahilfer Straße 101/3', postal_code: '1060', city: 'Wien', country: null, vat_id: 'ATU71188402' },
    buyer: { name: 'Tischlerei Hofbauer KG', street: 'Hauptplatz 5', postal_code: '3100', city: 'St. Pölten', country: 'Österreich' },
    payment: { iban: 'AT61 2011 1822 1977 4100', bic: 'GIBAATWWXXX' },
    net_total: 1460, tax_total: 292, gross_total: 1752,
    line_items: [
      { position: '1', description: 'Wartungsvertrag ERP, April', quantity: 1, unit: 'Monat', unit_price: 890, tax_rate: 20, net_amount: 890 },
      { position: '2', description: 'Schulung Lagerverwaltung', quantity: 6, unit: 'Std', unit_price: 95, tax_rate: 20, net_amount: 570 },
    ],
  });
}

function letterDatesInSentences(): SealedInvoice {
  const p = new OcrPage();
  p.text(60, 130, 'Café Elbblick GmbH').text(60, 143, 'Övelgönne 19').text(60, 156, '22605 Hamburg');
  p.right(545, 200, 'Hamburg, 09.06.2025');
  p.text(60, 230, 'Rechnung Nr. 2025/0612', { size: 12, bold: true });
  p.text(60, 245, 'Kunden-Nr. 5530 · Ihre Bestellung vom 28.05.2025', { size: 8.5 });
  p.text(60, 268, 'Sehr geehrte Damen und Herren,').text(60, 282, 'für unsere Lieferung vom 03.06.2025 berechnen wir Ihnen:');
  const end = grid(p, 306, [
    { head: 'Menge', x: 88, right: true }, { head: 'Einheit', x: 96, right: false }, { head: 'Artikel', x: 140, right: false },
    { head: 'Einzelpreis', x: 400, right: true }, { head: 'MwSt', x: 450, right: true }, { head: 'Gesamtpreis', x: 545, right: true },
  ], [
    ['30', 'kg', 'Kaffeebohnen Espresso', '21,90', '7 %', '657,00'],
    ['2', 'Stk', 'Milchkännchen Edelstahl', '14,90', '19 %', '29,80'],
    ['1', 'Stk', 'Entkalkungsservice', '310,00', '19 %', '310,00'],
  ], false);
  const after = sums(p, end + 10, [['Warenwert netto', '996,80 €'], ['MwSt. 7 %', '45,99 €'], ['MwSt. 19 %', '64,56 €'], ['Endbetrag', '1.107,35 €']]);
  p.text(60, after + 22, 'Bitte überweisen Sie den Betrag von 1.107,35 € bis zum 23.06.2025 auf das unten genannte Konto.', { size: 8.5 });
  p.text(60, after + 40, 'Mit freundlichen Grüßen', { size: 8.5 });
  footer(p, 770, [
    ['Kaffeerösterei Strandkorb GmbH', 'Große Elbstraße 145', '22767 Hamburg'],
    ['USt-IdNr. DE 318 902 446', 'HRB 150771 Amtsgericht Hamburg'],
    ['Hamburger Sparkasse', 'IBAN DE27 2005 0550 1503 3388 41', 'BIC HASPDEHHXXX'],
  ]);
  return probe('invoice-p10-de-letter-dates-in-sentences', p, false, {
    invoice_number: '2025/0612', invoice_date: '2025-06-09', delivery_date: '2025-06-03', due_date: '2025-06-23', currency: 'EUR', buyer_reference: null,
    seller: { name: 'Kaffeerösterei Strandkorb GmbH', street: 'Große Elbstraße 145', postal_code: '22767', city: 'Hamburg', country: null, vat_id: 'DE 318 902 446' },
    buyer: { name: 'Café Elbblick GmbH', street: 'Övelgönne 19', postal_code: '22605', city: 'Hamburg', country: null },
    payment: { iban: 'DE27 2005 0550 1503 3388 41', bic: 'HASPDEHHXXX' },
    net_total: 996.8, tax_total: 110.55, gross_total: 1107.35,
    line_items: [
      { position: null, description: 'Kaffeebohnen Espresso', quantity: 30, unit: 'kg', unit_price: 21.9, tax_rate: 7, net_amount: 657 },
      { position: null, description: 'Milchkännchen Edelstahl', quantity: 2, unit: 'Stk', unit_price: 14.9, tax_rate: 19, net_amount: 29.8 },
      { position: null, description: 'Entkalkungsservice', quantity: 1, unit: 'Stk', unit_price: 310, tax_rate: 19, net_amount: 310 },
    ],
  });
}

export const PROBES7_DE = [
  verkaeuferNameRows, lieferantEmpfaengerSideBySide, ocrWindowEnvelope, twoColumnHeaderLabelsAbove, austrianServicePeriodOcr, letterDatesInSentences,
] as const;
