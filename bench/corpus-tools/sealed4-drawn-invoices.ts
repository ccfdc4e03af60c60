/**
 * The drawn half of the fourth sealed holdout set (bench/corpora/sealed4), drawn with pdf-lib
 * through ocr-page.ts, four of them with scanned-looking text layers (a run per word, wandering
 * baselines, uneven gaps, split label words). German business invoices in the styles of the
 * published ZUGFeRD / XRechnung samples, with invented data: "Lieferant"/"Rechnungsempfänger"
 * blocks side by side with "Name:"/"Straße:"/"PLZ/Ort:" rows and a Leistungszeitraum; a letterhead
 * at the right with header fields as labels above values and no due date; party blocks whose
 * labels stand above their values, with a VAT breakdown under a totals block of right-aligned
 * labels; billing beside delivery address under a centred letterhead; a workshop invoice without
 * position numbers or a due date, whose vehicle data (plate, mileage) stand beside the invoice
 * number; and an English (UK) invoice with a zero rate beside the standard one.
 *
 * Sealed: measured once before a round of extractor changes and once after; never tuned on.
 */
import { footer, grid, infoBlock } from './drawn-invoice-parts.ts';
import { OcrPage } from './ocr-page.ts';
import type { SealedInvoice } from './sealed1-invoices.ts';
import { checkedTruth, DETAILED_INVOICE_SCHEMA, type DetailedInvoiceTruth } from './detailed-invoice-truth.ts';

const doc = (id: string, p: OcrPage, scanned: boolean, truth: DetailedInvoiceTruth): SealedInvoice =>
  ({ id, page: p, scanned, schema: DETAILED_INVOICE_SCHEMA, expected: checkedTruth(id, truth) });

/** Totals whose labels are right-aligned against a column just left of the amounts. */
function rightAlignedTotals(p: OcrPage, top: number, rowsOf: Array<[string, string]>, labelRight = 455, valueRight = 545): number {
  rowsOf.forEach(([l, v], i) => {
    const bold = i === rowsOf.length - 1;
    p.right(labelRight, top + i * 14, l, { bold, label: true }).right(valueRight, top + i * 14, v, { bold });
  });
  return top + rowsOf.length * 14;
}

function deSupplierRecipientScanned(): SealedInvoice {
  const p = new OcrPage();
  p.text(60, 52, 'Gebäudereinigung Albrecht & Söhne GmbH', { size: 13, bold: true });
  p.text(60, 66, 'Meisterbetrieb der Gebäudereiniger-Innung Nordhessen', { size: 7.5 });
  p.label(60, 100, 'Rechnung', { size: 15, bold: true });
  p.text(60, 118, 'Rechnung Nr. 3318 vom 14.03.2025', { size: 10 });
  p.label(60, 148, 'Lieferant', { bold: true }).label(315, 148, 'Rechnungsempfänger', { bold: true });
  const block: Array<[string, string, string]> = [
    ['Name:', 'Gebäudereinigung Albrecht & Söhne GmbH', 'Praxisgemeinschaft Dr. Wenzel'],
    ['Straße:', 'Friedrich-Ebert-Straße 112', 'Wilhelmshöher Allee 260'],
    ['PLZ/Ort:', '34119 Kassel', '34131 Kassel'],
  ];
  block.forEach(([l, a, b], i) => {
    const y = 164 + i * 13;
    p.label(60, y, l, { size: 8.5 }).text(112, y, a, { size: 8.5 }).label(315, y, l, { size: 8.5 }).text(367, y, b, { size: 8.5 });
  });
  p.label(60, 203, 'USt-IdNr.:', { size: 8.5 }).text(112, 203, 'DE 245 118 093', { size: 8.5 });
  p.label(315, 203, 'Kunden-Nr.:', { size: 8.5 }).text(367, 203, '20-0447', { size: 8.5 });
  p.text(60, 232, 'Leistungszeitraum: 01.02.2025 bis 28.02.2025', { size: 9 });
  const end = grid(p, 262, [
    { head: 'Pos', x: 60, right: false }, { head: 'Art.-Nr.', x: 84, right: false }, { head: 'Bezeichnung', x: 132, right: false },
    { head: 'Menge', x: 338, right: true }, { head: 'Einheit', x: 345, right: false }, { head: 'Einzelpreis', x: 440, right: true },
    { head: 'Gesamt', x: 500, right: true }, { head: 'MwSt %', x: 545, right: true },
  ], [
    ['1', 'GR-100', 'Unterhaltsreinigung Praxisräume', '20', 'Einsatz', '86,00', '1.720,00', '19'],
    ['2', 'GR-210', 'Glasreinigung innen/außen', '1', 'pauschal', '240,00', '240,00', '19'],
    ['3', 'VB-015', 'Hygienepapier Handtuchrollen', '12', 'Karton', '21,75', '261,00', '19'],
  ], true);
  const after = rightAlignedTotals(p, end + 12, [['Nettobetrag', '2.221,00'], ['zzgl. 19 % USt', '421,99'], ['Rechnungsbetrag EUR', '2.642,99']]);
  p.label(60, after + 24, 'Zahlungsbedingungen', { size: 9, bold: true });
  p.text(60, after + 38, 'Zahlbar innerhalb von 30 Tagen netto bis 13.04.2025; bei Zahlung bis 24.03.2025 ziehen Sie bitte 3 % Skonto ab.', { size: 8.5 });
  footer(p, 772, [
    ['Gebäudereinigung Albrecht & Söhne GmbH', 'Friedrich-Ebert-Straße 112, 34119 Kassel', 'Geschäftsführer: Thomas Albrecht'],
    ['Kasseler Sparkasse', 'IBAN DE73 5205 0353 0001 1842 27', 'BIC HELADEF1KAS'],
    ['Amtsgericht Kassel HRB 9921', 'Tel. 0561 77 40 90', 'buchhaltung@albrecht-reinigung.de'],
  ]);
  return doc('invoice-t1-de-supplier-recipient-scanned', p, true, {
    invoice_number: '3318', invoice_date: '2025-03-14', delivery_date: null, due_date: '2025-04-13', currency: 'EUR', buyer_reference: null,
    seller: { name: 'Gebäudereinigung Albrecht & Söhne GmbH', street: 'Friedrich-Ebert-Straße 112', postal_code: '34119', city: 'Kassel', country: null, vat_id: 'DE 245 118 093' },
    buyer: { name: 'Praxisgemeinschaft Dr. Wenzel', street: 'Wilhelmshöher Allee 260', postal_code: '34131', city: 'Kassel', country: null },
    payment: { iban: 'DE73 5205 0353 0001 1842 27', bic: 'HELADEF1KAS' },
    net_total: 2221, tax_total: 421.99, gross_total: 2642.99,
    line_items: [
      { position: '1', description: 'Unterhaltsreinigung Praxisräume', quantity: 20, unit: 'Einsatz', unit_price: 86, tax_rate: 19, net_amount: 1720 },
      { position: '2', description: 'Glasreinigung innen/außen', quantity: 1, unit: 'pauschal', unit_price: 240, tax_rate: 19, net_amount: 240 },
      { position: '3', description: 'Hygienepapier Handtuchrollen', quantity: 12, unit: 'Karton', unit_price: 21.75, tax_rate: 19, net_amount: 261 },
    ],
  });
}

function deLetterheadLabelsAboveScanned(): SealedInvoice {
  const p = new OcrPage();
  p.right(545, 50, 'Tischlerei Wendland', { size: 15, bold: true });
  p.right(545, 64, 'Inh. Jörg Wendland', { size: 8 }).right(545, 75, 'Am Mühlbach 9', { size: 8 }).right(545, 86, '29439 Lüchow', { size: 8 });
  p.right(545, 97, 'Tel. 05841 97 31 40', { size: 8 });
  p.text(60, 122, 'Tischlerei Wendland · Am Mühlbach 9 · 29439 Lüchow', { size: 6.5 });
  p.rule(60, 125, 280, 125);
  p.text(60, 140, 'Ferienhof Reinecke GbR').text(60, 153, 'Dorfstraße 4').text(60, 166, '29471 Gartow');
  p.label(60, 222, 'Rechnung', { size: 14, bold: true });
  const heads: Array<[number, string, string]> = [[60, 'Rechnungsnummer', '2025-031'], [170, 'Rechnungsdatum', '07.04.2025'], [280, 'Lieferdatum', '02.04.2025'], [390, 'Kundennummer', '1190']];
  heads.forEach(([x, l, v]) => p.label(x, 244, l, { size: 7.5 }).text(x, 257, v, { size: 9.5 }));
  const end = grid(p, 292, [
    { head: 'Pos.', x: 60, right: false }, { head: 'Bezeichnung', x: 92, right: false }, { head: 'Menge', x: 352, right: true },
    { head: 'Einheit', x: 360, right: false }, { head: 'Einzelpreis', x: 470, right: true }, { head: 'Gesamt', x: 545, right: true },
  ], [
    ['1', 'Einbauschrank Eiche massiv nach Aufmaß', '1', 'Stk', '2.380,00', '2.380,00'],
    ['2', 'Montage vor Ort', '7', 'Std', '58,00', '406,00'],
    ['3', 'Anfahrt', '2', 'Fahrt', '35,00', '70,00'],
  ], false);
  p.rule(340, end, 545, end);
  const rowsOf: Array<[string, string]> = [['Summe netto', '2.856,00 €'], ['Umsatzsteuer 19 %', '542,64 €'], ['Endbetrag', '3.398,64 €']];
  rowsOf.forEach(([l, v], i) => p.label(340, end + 15 + i * 15, l, { bold: i === 2 }).right(545, end + 15 + i * 15, v, { bold: i === 2 }));
  p.text(60, end + 80, 'Zahlbar sofort nach Erhalt ohne Abzug. Vielen Dank für Ihren Auftrag!', { size: 9 });
  p.text(60, end + 96, 'Steuernummer: 24/118/04471', { size: 8.5 });
  p.text(60, end + 109, 'Bankverbindung: Sparkasse Uelzen Lüchow-Dannenberg, IBAN DE62 2585 0110 0044 7120 36, BIC NOLADE21UEL', { size: 8.5 });
  return doc('invoice-t2-de-letterhead-labels-above-scanned', p, true, {
    invoice_number: '2025-031', invoice_date: '2025-04-07', delivery_date: '2025-04-02', due_date: null, currency: 'EUR', buyer_reference: null,
    seller: { name: 'Tischlerei Wendland', street: 'Am Mühlbach 9', postal_code: '29439', city: 'Lüchow', country: null, vat_id: null },
    buyer: { name: 'Ferienhof Reinecke GbR', street: 'Dorfstraße 4', postal_code: '29471', city: 'Gartow', country: null },
    payment: { iban: 'DE62 2585 0110 0044 7120 36', bic: 'NOLADE21UEL' },
    net_total: 2856, tax_total: 542.64, gross_total: 3398.64,
    line_items: [
      { position: '1', description: 'Einbauschrank Eiche massiv nach Aufmaß', quantity: 1, unit: 'Stk', unit_price: 2380, tax_rate: null, net_amount: 2380 },
      { position: '2', description: 'Montage vor Ort', quantity: 7, unit: 'Std', unit_price: 58, tax_rate: null, net_amount: 406 },
      { position: '3', description: 'Anfahrt', quantity: 2, unit: 'Fahrt', unit_price: 35, tax_rate: null, net_amount: 70 },
    ],
  });
}

function enUkZeroRate(): SealedInvoice {
  const p = new OcrPage();
  p.text(60, 52, 'Moorland Coffee Roasters Ltd', { size: 14, bold: true });
  p.text(60, 67, '17 Station Road', { size: 8.5 }).text(60, 78, 'Pickering', { size: 8.5 }).text(60, 89, 'YO18 7AJ', { size: 8.5 }).text(60, 100, 'United Kingdom', { size: 8.5 });
  p.text(60, 114, 'VAT Reg No: GB 318 4472 06', { size: 8.5 });
  p.right(545, 52, 'TAX INVOICE', { size: 16, bold: true });
  infoBlock(p, 370, 460, 70, [['Invoice number:', '10457'], ['Invoice date:', '3 March 2025'], ['Delivery date:', '28 February 2025'], ['Payment due:', '2 April 2025']]);
  p.label(60, 150, 'Invoice to:', { bold: true });
  p.text(60, 164, 'Harbour Lane Café Ltd').text(60, 176, '5 Harbour Lane').text(60, 188, 'Whitby').text(60, 200, 'YO21 3PU').text(60, 212, 'United Kingdom');
  const end = grid(p, 250, [
    { head: 'Qty', x: 80, right: true }, { head: 'Description', x: 96, right: false }, { head: 'Unit', x: 300, right: false },
    { head: 'Unit price', x: 410, right: true }, { head: 'VAT', x: 460, right: true }, { head: 'Net', x: 545, right: true },
  ], [
    ['12', 'Espresso blend, whole bean 1 kg', 'bag', '18.40', '20%', '220.80'],
    ['2', 'Decaf Colombia, ground 1 kg', 'bag', '21.10', '20%', '42.20'],
    ['48', 'Oat drink barista 1 l', 'carton', '1.65', '0%', '79.20'],
  ], true);
  const after = rightAlignedTotals(p, end + 12, [['Net total', '£342.20'], ['VAT @ 20% on £263.00', '£52.60'], ['VAT @ 0% on £79.20', '£0.00'], ['Total VAT', '£52.60'], ['Invoice total', '£394.80']]);
  p.label(60, after + 26, 'Payment', { bold: true });
  p.text(60, after + 40, 'Please pay by bank transfer to Moorland Coffee Roasters Ltd, quoting the invoice number.', { size: 8.5 });
  p.text(60, after + 52, 'Sort code 40-11-62, account 71204458 · IBAN GB29 HBUK 4011 6271 2044 58 · BIC HBUKGB4B', { size: 8.5 });
  p.text(60, 800, 'Moorland Coffee Roasters Ltd · Registered in England and Wales No. 11827364 · Registered office: 17 Station Road, Pickering YO18 7AJ', { size: 6.5 });
  return doc('invoice-t3-en-uk-zero-rate', p, false, {
    invoice_number: '10457', invoice_date: '2025-03-03', delivery_date: '2025-02-28', due_date: '2025-04-02', currency: 'GBP', buyer_reference: null,
    seller: { name: 'Moorland Coffee Roasters Ltd', street: '17 Station Road', postal_code: 'YO18 7AJ', city: 'Pickering', country: 'United Kingdom', vat_id: 'GB 318 4472 06' },
    buyer: { name: 'Harbour Lane Café Ltd', street: '5 Harbour Lane', postal_code: 'YO21 3PU', city: 'Whitby', country: 'United Kingdom' },
    payment: { iban: 'GB29 HBUK 4011 6271 2044 58', bic: 'HBUKGB4B' },
    net_total: 342.2, tax_total: 52.6, gross_total: 394.8,
    line_items: [
      { position: null, description: 'Espresso blend, whole bean 1 kg', quantity: 12, unit: 'bag', unit_price: 18.4, tax_rate: 20, net_amount: 220.8 },
      { position: null, description: 'Decaf Colombia, ground 1 kg', quantity: 2, unit: 'bag', unit_price: 21.1, tax_rate: 20, net_amount: 42.2 },
      { position: null, description: 'Oat drink barista 1 l', quantity: 48, unit: 'carton', unit_price: 1.65, tax_rate: 0, net_amount: 79.2 },
    ],
  });
}

function dePartiesLabelsAboveVatBreakdown(): SealedInvoice {
  const p = new OcrPage();
  p.label(60, 54, 'RECHNUNG', { size: 17, bold: true });
  p.label(60, 90, 'Verkäufer', { size: 10, bold: true }).label(320, 90, 'Käufer', { size: 10, bold: true });
  const party = (x: number, fields: Array<[string, string]>): void =>
    fields.forEach(([l, v], i) => p.label(x, 106 + i * 24, l, { size: 7 }).text(x, 116 + i * 24, v, { size: 9.5 }));
  party(60, [['Name', 'Bioland-Hof Kessler'], ['Anschrift', 'Oberdorf 3'], ['PLZ / Ort', '88239 Wangen im Allgäu'], ['USt-IdNr.', 'DE 281 550 716']]);
  party(320, [['Name', 'Naturkost Rabe GmbH'], ['Anschrift', 'Schussenstraße 18'], ['PLZ / Ort', '88212 Ravensburg']]);
  const meta: Array<[number, string, string]> = [[60, 'Rechnung Nr.', '2025-0412'], [190, 'Rechnungsdatum', '15.05.2025'], [320, 'Lieferdatum', '13.05.2025'], [450, 'Fällig am', '29.05.2025']];
  meta.forEach(([x, l, v]) => p.label(x, 220, l, { size: 7 }).text(x, 230, v, { size: 9.5, bold: true }));
  p.rule(55, 238, 545, 238);
  const end = grid(p, 262, [
    { head: 'Pos', x: 60, right: false }, { head: 'Art.-Nr.', x: 84, right: false }, { head: 'Bezeichnung', x: 128, right: false },
    { head: 'Menge', x: 325, right: true }, { head: 'Einheit', x: 332, right: false }, { head: 'Einzelpreis', x: 440, right: true },
    { head: 'MwSt %', x: 485, right: true }, { head: 'Gesamt', x: 545, right: true },
  ], [
    ['1', 'K-101', 'Bergkäse 6 Monate gereift', '18,5', 'kg', '21,40', '7', '395,90'],
    ['2', 'K-204', 'Butter Süßrahm 250 g', '60', 'Stück', '2,35', '7', '141,00'],
    ['3', 'M-010', 'Heumilch 3,8 % 1 l', '96', 'Flasche', '1,28', '7', '122,88'],
    ['4', 'V-900', 'Transportkiste Holz', '4', 'Stück', '12,50', '19', '50,00'],
  ], true);
  const after = rightAlignedTotals(p, end + 12, [['Summe netto', '709,78'], ['USt 7 %', '46,18'], ['USt 19 %', '9,50'], ['Gesamtbetrag EUR', '765,46']]);
  p.label(60, after + 22, 'Aufstellung nach Steuersätzen', { size: 8.5, bold: true });
  grid(p, after + 38, [
    { head: 'Steuersatz', x: 60, right: false }, { head: 'Netto', x: 200, right: true }, { head: 'Steuer', x: 270, right: true }, { head: 'Brutto', x: 340, right: true },
  ], [['7 %', '659,78', '46,18', '705,96'], ['19 %', '50,00', '9,50', '59,50']], false);
  p.label(60, after + 100, 'Zahlungsbedingungen', { size: 8.5, bold: true });
  p.text(60, after + 113, 'Zahlbar bis 29.05.2025 ohne Abzug. Bei Zahlung innerhalb von 7 Tagen nach Rechnungsdatum 2 % Skonto.', { size: 8.5 });
  p.text(60, after + 126, 'Bankverbindung: Volksbank Allgäu-Oberschwaben eG · IBAN DE55 6506 1219 0301 4457 00 · BIC GENODES1WAN', { size: 8.5 });
  p.text(60, 800, 'Bioland-Hof Kessler · Inhaberin Sabine Kessler · Oberdorf 3 · 88239 Wangen im Allgäu · Öko-Kontrollstelle DE-ÖKO-006', { size: 6.5 });
  return doc('invoice-t4-de-parties-labels-above-vat-breakdown', p, false, {
    invoice_number: '2025-0412', invoice_date: '2025-05-15', delivery_date: '2025-05-13', due_date: '2025-05-29', currency: 'EUR', buyer_reference: null,
    seller: { name: 'Bioland-Hof Kessler', street: 'Oberdorf 3', postal_code: '88239', city: 'Wangen im Allgäu', country: null, vat_id: 'DE 281 550 716' },
    buyer: { name: 'Naturkost Rabe GmbH', street: 'Schussenstraße 18', postal_code: '88212', city: 'Ravensburg', country: null },
    payment: { iban: 'DE55 6506 1219 0301 4457 00', bic: 'GENODES1WAN' },
    net_total: 709.78, tax_total: 55.68, gross_total: 765.46,
    line_items: [
      { position: '1', description: 'Bergkäse 6 Monate gereift', quantity: 18.5, unit: 'kg', unit_price: 21.4, tax_rate: 7, net_amount: 395.9 },
      { position: '2', description: 'Butter Süßrahm 250 g', quantity: 60, unit: 'Stück', unit_price: 2.35, tax_rate: 7, net_amount: 141 },
      { position: '3', description: 'Heumilch 3,8 % 1 l', quantity: 96, unit: 'Flasche', unit_price: 1.28, tax_rate: 7, net_amount: 122.88 },
      { position: '4', description: 'Transportkiste Holz', quantity: 4, unit: 'Stück', unit_price: 12.5, tax_rate: 19, net_amount: 50 },
    ],
  });
}

function deBillingDeliveryScanned(): SealedInvoice {
  const p = new OcrPage();
  p.text(205, 50, 'Heizöl & Pellets Brandstätter GmbH', { size: 13, bold: true });
  p.text(222, 64, 'Hafenstraße 7 · 94032 Passau · Tel. 0851 49 30 20', { size: 7.5 });
  p.rule(55, 72, 545, 72);
  p.label(60, 100, 'Rechnungsempfänger:', { size: 8.5, bold: true }).label(320, 100, 'Lieferanschrift:', { size: 8.5, bold: true });
  ['Pension Alpenblick', 'Inh. Maria Huber', 'Kirchweg 12', '94078 Freyung'].forEach((l, i) => p.text(60, 115 + i * 12, l, { size: 9 }));
  ['Pension Alpenblick', 'Nebengebäude', 'Kirchweg 14', '94078 Freyung'].forEach((l, i) => p.text(320, 115 + i * 12, l, { size: 9 }));
  p.label(60, 190, 'Rechnung', { size: 14, bold: true });
  p.text(60, 208, 'Rechnung Nr. 88104 vom 21.01.2025', { size: 10 });
  infoBlock(p, 320, 410, 190, [['Kunden-Nr.:', '55-2190'], ['Lieferdatum:', '17.01.2025'], ['Fälligkeit:', '31.01.2025']]);
  const end = grid(p, 244, [
    { head: 'Pos', x: 60, right: false }, { head: 'Art.-Nr.', x: 84, right: false }, { head: 'Bezeichnung', x: 128, right: false },
    { head: 'Menge', x: 335, right: true }, { head: 'Einheit', x: 342, right: false }, { head: 'Einzelpreis', x: 460, right: true },
    { head: 'Gesamt', x: 545, right: true },
  ], [
    ['1', 'PL-6', 'Holzpellets ENplus A1 lose', '4,80', 't', '309,00', '1.483,20'],
    ['2', 'AN-1', 'Anfahrpauschale', '1', 'psch', '45,00', '45,00'],
    ['3', 'EB-2', 'Einblasgebühr', '4,80', 't', '12,00', '57,60'],
  ], true);
  const after = rightAlignedTotals(p, end + 12, [['Warenwert netto', '1.585,80 EUR'], ['19 % MwSt.', '301,30 EUR'], ['Gesamtbetrag', '1.887,10 EUR']]);
  p.text(60, after + 24, 'Der Rechnungsbetrag wird am 31.01.2025 per SEPA-Lastschrift (Mandat M-2231) von Ihrem Konto abgebucht.', { size: 8.5 });
  footer(p, 772, [
    ['Heizöl & Pellets Brandstätter GmbH', 'Geschäftsführer: Alois Brandstätter', 'Amtsgericht Passau HRB 6120'],
    ['USt-IdNr.: DE 131 877 420', 'Gläubiger-ID: DE41ZZZ00000881204'],
    ['Sparkasse Passau', 'IBAN DE21 7405 0000 0031 1022 45', 'BIC BYLADEM1PAS'],
  ]);
  return doc('invoice-t5-de-billing-delivery-scanned', p, true, {
    invoice_number: '88104', invoice_date: '2025-01-21', delivery_date: '2025-01-17', due_date: '2025-01-31', currency: 'EUR', buyer_reference: null,
    seller: { name: 'Heizöl & Pellets Brandstätter GmbH', street: 'Hafenstraße 7', postal_code: '94032', city: 'Passau', country: null, vat_id: 'DE 131 877 420' },
    buyer: { name: 'Pension Alpenblick', street: 'Kirchweg 12', postal_code: '94078', city: 'Freyung', country: null },
    payment: { iban: 'DE21 7405 0000 0031 1022 45', bic: 'BYLADEM1PAS' },
    net_total: 1585.8, tax_total: 301.3, gross_total: 1887.1,
    line_items: [
      { position: '1', description: 'Holzpellets ENplus A1 lose', quantity: 4.8, unit: 't', unit_price: 309, tax_rate: null, net_amount: 1483.2 },
      { position: '2', description: 'Anfahrpauschale', quantity: 1, unit: 'psch', unit_price: 45, tax_rate: null, net_amount: 45 },
      { position: '3', description: 'Einblasgebühr', quantity: 4.8, unit: 't', unit_price: 12, tax_rate: null, net_amount: 57.6 },
    ],
  });
}

function deWorkshopNoPositionsScanned(): SealedInvoice {
  const p = new OcrPage();
  p.text(60, 50, 'Kfz-Meisterbetrieb Yilmaz', { size: 14, bold: true });
  p.text(60, 63, 'Inspektion · Reparatur · Reifenservice', { size: 7.5 });
  p.text(60, 116, 'Kfz-Meisterbetrieb Yilmaz · Rheinallee 212 · 55120 Mainz', { size: 6.5 });
  p.rule(60, 119, 280, 119);
  p.text(60, 134, 'Herrn').text(60, 147, 'Dr. Konstantin Bauer').text(60, 160, 'Gonsenheimer Straße 9').text(60, 173, '55122 Mainz');
  p.label(340, 100, 'Rechnung', { size: 14, bold: true });
  infoBlock(p, 340, 430, 118, [
    ['Rechnungs-Nr.:', '2411-087'], ['Datum:', '19.11.2024'], ['Auftrags-Nr.:', 'W-5519'], ['Kennzeichen:', 'MZ-KB 318'], ['Fahrzeug:', 'VW Golf VIII'], ['km-Stand:', '48.210'],
  ]);
  p.text(60, 218, 'Sehr geehrter Herr Dr. Bauer, für die Arbeiten an Ihrem Fahrzeug berechnen wir:', { size: 9 });
  const end = grid(p, 244, [
    { head: 'Art.-Nr.', x: 60, right: false }, { head: 'Bezeichnung', x: 118, right: false }, { head: 'Menge', x: 338, right: true },
    { head: 'Einheit', x: 346, right: false }, { head: 'Einzelpreis', x: 460, right: true }, { head: 'Betrag', x: 545, right: true },
  ], [
    ['OF-5W30', 'Motoröl 5W-30', '4,5', 'l', '14,80', '66,60'],
    ['FI-0113', 'Ölfilter', '1', 'Stk', '12,90', '12,90'],
    ['BR-2207', 'Bremsbeläge vorne (Satz)', '1', 'Satz', '79,00', '79,00'],
    ['AW-100', 'Arbeitslohn Inspektion', '2,2', 'Std', '89,00', '195,80'],
  ], true);
  const after = rightAlignedTotals(p, end + 12, [['Netto', '354,30'], ['MwSt. 19 %', '67,32'], ['Gesamt EUR', '421,62']]);
  p.text(60, after + 24, 'Zahlungsziel: 14 Tage ohne Abzug. Bitte geben Sie bei Zahlung die Rechnungsnummer an.', { size: 8.5 });
  footer(p, 780, [
    ['Kfz-Meisterbetrieb Yilmaz', 'Inhaber: Murat Yilmaz', 'Rheinallee 212, 55120 Mainz'],
    ['Mainzer Volksbank', 'IBAN DE80 5519 0000 0421 7730 19', 'BIC MVBMDE55'],
    ['USt-IdNr.: DE 318 990 412', 'Tel. 06131 62 77 40'],
  ]);
  return doc('invoice-t6-de-workshop-no-positions-scanned', p, true, {
    invoice_number: '2411-087', invoice_date: '2024-11-19', delivery_date: null, due_date: null, currency: 'EUR', buyer_reference: null,
    seller: { name: 'Kfz-Meisterbetrieb Yilmaz', street: 'Rheinallee 212', postal_code: '55120', city: 'Mainz', country: null, vat_id: 'DE 318 990 412' },
    buyer: { name: 'Dr. Konstantin Bauer', street: 'Gonsenheimer Straße 9', postal_code: '55122', city: 'Mainz', country: null },
    payment: { iban: 'DE80 5519 0000 0421 7730 19', bic: 'MVBMDE55' },
    net_total: 354.3, tax_total: 67.32, gross_total: 421.62,
    line_items: [
      { position: null, description: 'Motoröl 5W-30', quantity: 4.5, unit: 'l', unit_price: 14.8, tax_rate: null, net_amount: 66.6 },
      { position: null, description: 'Ölfilter', quantity: 1, unit: 'Stk', unit_price: 12.9, tax_rate: null, net_amount: 12.9 },
      { position: null, description: 'Bremsbeläge vorne (Satz)', quantity: 1, unit: 'Satz', unit_price: 79, tax_rate: null, net_amount: 79 },
      { position: null, description: 'Arbeitslohn Inspektion', quantity: 2.2, unit: 'Std', unit_price: 89, tax_rate: null, net_amount: 195.8 },
    ],
  });
}

export const SEALED4_DRAWN_INVOICES = [
  deSupplierRecipientScanned, deLetterheadLabelsAboveScanned, enUkZeroRate, dePartiesLabelsAboveVatBreakdown, deBillingDeliveryScanned,
  deWorkshopNoPositionsScanned,
] as const;
