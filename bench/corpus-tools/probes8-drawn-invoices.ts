/**
 * The drawn half of bench/corpora/probes8 (a tuning set made before any extractor change of its
 * round), pdf-lib through ocr-page.ts, with invented companies, numbers and dates, in styles the
 * earlier sets do not have: an overview page in the manner of the XRechnung visualisation whose
 * party sections are headed "Angaben zum Verkäufer"/"Angaben zum Käufer" with "Firmenname:",
 * "PLZ:", "Ort:", "Ländercode:" rows; a Factur-X style facture with unlabelled "Vendeur"/"Acheteur"
 * blocks, "Facture n° … du …", three lines of legal notes carrying amounts; an English e-invoice
 * with "Seller"/"Buyer" sections of label rows, ISO dates and a Swedish bank giro beside the IBAN;
 * a German tradesman's letter whose subject line carries the order date, with a § 35a labour-cost
 * sentence and no due date; a Swiss invoice with apostrophe thousands, CHF, a row of labels above
 * values and a payment part of labels above values. Two of the five on scanned-looking text layers.
 */
import { footer, grid, infoBlock, sums } from './drawn-invoice-parts.ts';
import { OcrPage } from './ocr-page.ts';
import { probe, rightAlignedSums } from './probes7-parts.ts';
import type { SealedInvoice } from './sealed1-invoices.ts';

/** A bold section heading over label rows (label column at 60, values at valueX). */
function section(p: OcrPage, top: number, heading: string, rows: Array<[string, string]>, valueX = 200): number {
  p.label(60, top, heading, { bold: true, size: 10.5 });
  p.rule(60, top + 4, 545, top + 4);
  infoBlock(p, 60, valueX, top + 18, rows, 13);
  return top + 18 + rows.length * 13 + 10;
}

function deOverviewSections(): SealedInvoice {
  const p = new OcrPage();
  p.label(60, 50, 'Rechnung', { size: 16, bold: true });
  let y = section(p, 80, 'Rechnungsdaten', [
    ['Rechnungsnummer:', 'RE/2025/00731'], ['Rechnungsdatum:', '05.03.2025'], ['Liefer-/Leistungsdatum:', '27.02.2025'],
    ['Fälligkeitsdatum:', '04.04.2025'], ['Währung:', 'EUR'], ['Leitweg-ID:', '04011000-12345-67'],
  ]);
  y = section(p, y, 'Angaben zum Verkäufer', [
    ['Firmenname:', 'Kältetechnik Vogler GmbH'], ['Straße / Hausnummer:', 'Gewerbering 14'], ['PLZ:', '93055'], ['Ort:', 'Regensburg'],
    ['Ländercode:', 'DE'], ['Umsatzsteuer-ID:', 'DE 287 553 014'],
  ]);
  y = section(p, y, 'Angaben zum Käufer', [
    ['Firmenname:', 'Stadtwerke Kelheim'], ['Straße / Hausnummer:', 'Donaupark 2'], ['PLZ:', '93309'], ['Ort:', 'Kelheim'], ['Ländercode:', 'DE'],
  ]);
  p.label(60, y, 'Positionen', { bold: true, size: 10.5 });
  const end = grid(p, y + 18, [
    { head: 'Pos.', x: 60, right: false }, { head: 'Bezeichnung', x: 88, right: false }, { head: 'Menge', x: 300, right: true },
    { head: 'Einheit', x: 308, right: false }, { head: 'Preis', x: 400, right: true }, { head: 'USt-Satz', x: 455, right: true },
    { head: 'Nettobetrag', x: 545, right: true },
  ], [
    ['1', 'Wartung Kälteanlage Serverraum', '1', 'Stk', '640,00', '19 %', '640,00'],
    ['2', 'Kältemittel R32', '3,5', 'kg', '58,00', '19 %', '203,00'],
    ['3', 'Anfahrtspauschale', '1', 'Stk', '45,00', '19 %', '45,00'],
  ], true);
  const after = sums(p, end + 6, [['Summe Nettobeträge', '888,00'], ['Summe Umsatzsteuer', '168,72'], ['Gesamtbetrag', '1.056,72']], 320);
  section(p, after + 14, 'Zahlungsinformationen', [['Kontoinhaber:', 'Kältetechnik Vogler GmbH'], ['IBAN:', 'DE71 7505 0000 0026 4411 85'], ['BIC:', 'BYLADEM1RBG']]);
  return probe('invoice-q1-de-overview-angaben-sections', p, false, {
    invoice_number: 'RE/2025/00731', invoice_date: '2025-03-05', delivery_date: '2025-02-27', due_date: '2025-04-04', currency: 'EUR', buyer_reference: '04011000-12345-67',
    seller: { name: 'Kältetechnik Vogler GmbH', street: 'Gewerbering 14', postal_code: '93055', city: 'Regensburg', country: 'DE', vat_id: 'DE 287 553 014' },
    buyer: { name: 'Stadtwerke Kelheim', street: 'Donaupark 2', postal_code: '93309', city: 'Kelheim', country: 'DE' },
    payment: { iban: 'DE71 7505 0000 0026 4411 85', bic: 'BYLADEM1RBG' },
    net_total: 888, tax_total: 168.72, gross_total: 1056.72,
    line_items: [
      { position: '1', description: 'Wartung Kälteanlage Serverraum', quantity: 1, unit: 'Stk', unit_price: 640, tax_rate: 19, net_amount: 640 },
      { position: '2', description: 'Kältemittel R32', quantity: 3.5, unit: 'kg', unit_price: 58, tax_rate: 19, net_amount: 203 },
      { position: '3', description: 'Anfahrtspauschale', quantity: 1, unit: 'Stk', unit_price: 45, tax_rate: 19, net_amount: 45 },
    ],
  });
}

function frVendeurAcheteurOcr(): SealedInvoice {
  const p = new OcrPage();
  p.text(60, 50, 'Brûlerie du Canal', { size: 15, bold: true });
  p.text(60, 64, 'Torréfacteur artisanal depuis 1998', { size: 8 });
  p.right(545, 50, 'FACTURE', { size: 18, bold: true });
  p.label(60, 104, 'Vendeur', { bold: true }).label(320, 104, 'Acheteur', { bold: true });
  p.text(60, 119, 'Brûlerie du Canal SARL').text(60, 132, '27 quai de Valmy').text(60, 145, '75010 Paris').text(60, 158, 'France');
  p.text(60, 171, 'N° TVA intracommunautaire : FR 42 812 445 901', { size: 8.5 });
  p.text(320, 119, 'Hôtel Les Tilleuls').text(320, 132, '8 rue des Écoles').text(320, 145, '69002 Lyon').text(320, 158, 'France');
  p.text(60, 204, 'Facture n° FA-2025-0219 du 14/02/2025', { bold: true });
  infoBlock(p, 60, 170, 222, [['Date de livraison :', '10/02/2025'], ["Date d'échéance :", '16/03/2025'], ['Client n° :', 'C-00318']]);
  const end = grid(p, 278, [
    { head: 'N°', x: 60, right: false }, { head: 'Désignation', x: 80, right: false }, { head: 'Qté', x: 300, right: true },
    { head: 'Unité', x: 308, right: false }, { head: 'PU HT', x: 395, right: true }, { head: 'TVA', x: 445, right: true },
    { head: 'Montant HT', x: 545, right: true },
  ], [
    ['1', 'Café en grains bio 1 kg', '24', 'kg', '18,40', '5,5 %', '441,60'],
    ['2', 'Moulin électrique pro', '1', 'pce', '289,00', '20 %', '289,00'],
    ['3', 'Tasses porcelaine (lot de 6)', '5', 'lot', '32,50', '20 %', '162,50'],
  ], true);
  const after = sums(p, end + 8, [['Total HT', '893,10 €'], ['TVA 5,5 % sur 441,60', '24,29 €'], ['TVA 20 % sur 451,50', '90,30 €'], ['Total TTC', '1 007,69 €']], 320);
  p.text(60, after + 20, 'Coordonnées bancaires : IBAN FR76 3000 4008 2800 0123 4567 890 – BIC BNPAFRPPXXX', { size: 8.5 });
  p.text(60, after + 40, "Pénalités de retard : trois fois le taux d'intérêt légal. Pas d'escompte pour paiement anticipé.", { size: 7.5 });
  p.text(60, after + 50, 'Indemnité forfaitaire pour frais de recouvrement : 40,00 €.', { size: 7.5 });
  footer(p, 790, [['Brûlerie du Canal SARL au capital de 8 000 €'], ['RCS Paris 812 445 901'], ['contact@bruleriecanal.example']]);
  return probe('invoice-q2-fr-vendeur-acheteur-ocr', p, true, {
    invoice_number: 'FA-2025-0219', invoice_date: '2025-02-14', delivery_date: '2025-02-10', due_date: '2025-03-16', currency: 'EUR', buyer_reference: null,
    seller: { name: 'Brûlerie du Canal SARL', street: '27 quai de Valmy', postal_code: '75010', city: 'Paris', country: 'France', vat_id: 'FR 42 812 445 901' },
    buyer: { name: 'Hôtel Les Tilleuls', street: '8 rue des Écoles', postal_code: '69002', city: 'Lyon', country: 'France' },
    payment: { iban: 'FR76 3000 4008 2800 0123 4567 890', bic: 'BNPAFRPPXXX' },
    net_total: 893.1, tax_total: 114.59, gross_total: 1007.69,
    line_items: [
      { position: '1', description: 'Café en grains bio 1 kg', quantity: 24, unit: 'kg', unit_price: 18.4, tax_rate: 5.5, net_amount: 441.6 },
      { position: '2', description: 'Moulin électrique pro', quantity: 1, unit: 'pce', unit_price: 289, tax_rate: 20, net_amount: 289 },
      { position: '3', description: 'Tasses porcelaine (lot de 6)', quantity: 5, unit: 'lot', unit_price: 32.5, tax_rate: 20, net_amount: 162.5 },
    ],
  });
}

function enSellerBuyerSectionsOcr(): SealedInvoice {
  const p = new OcrPage();
  p.label(60, 50, 'Invoice', { size: 16, bold: true });
  let y = section(p, 80, 'Invoice details', [
    ['Invoice number', '2025-000417'], ['Issue date', '2025-03-05'], ['Actual delivery date', '2025-02-28'],
    ['Payment due date', '2025-04-04'], ['Invoice currency', 'SEK'], ['Buyer reference', 'PO 77120'],
  ], 190);
  y = section(p, y, 'Seller', [
    ['Name', 'Lindqvist Marine Supply AB'], ['Address line', 'Hamngatan 9'], ['Post code', '411 04'], ['City', 'Göteborg'],
    ['Country', 'SE'], ['VAT identifier', 'SE556677889901'],
  ], 190);
  y = section(p, y, 'Buyer', [['Name', 'Kungsholmen Båtklubb'], ['Address line', 'Norr Mälarstrand 64'], ['Post code', '112 35'], ['City', 'Stockholm'], ['Country', 'SE']], 190);
  const end = grid(p, y + 6, [
    { head: 'Line', x: 60, right: false }, { head: 'Item', x: 90, right: false }, { head: 'Quantity', x: 300, right: true },
    { head: 'Unit', x: 308, right: false }, { head: 'Net price', x: 400, right: true }, { head: 'VAT %', x: 450, right: true },
    { head: 'Line total', x: 545, right: true },
  ], [
    ['1', 'Mooring rope 24 mm', '200', 'm', '4.35', '25', '870.00'],
    ['2', 'Stainless shackle M12', '40', 'pcs', '11.20', '25', '448.00'],
    ['3', 'Fender 60x20 cm', '6', 'pcs', '39.90', '25', '239.40'],
  ], true);
  const after = rightAlignedSums(p, end + 8, [['Sum of line net amounts', '1,557.40'], ['Total VAT amount (25 %)', '389.35'], ['Amount due for payment', '1,946.75']]);
  section(p, after + 14, 'Payment instructions', [['Bankgiro', '5050-1055'], ['IBAN', 'SE45 5000 0000 0583 9825 7466'], ['BIC', 'ESSESESS']], 190);
  return probe('invoice-q3-en-seller-buyer-sections-ocr', p, true, {
    invoice_number: '2025-000417', invoice_date: '2025-03-05', delivery_date: '2025-02-28', due_date: '2025-04-04', currency: 'SEK', buyer_reference: 'PO 77120',
    seller: { name: 'Lindqvist Marine Supply AB', street: 'Hamngatan 9', postal_code: '411 04', city: 'Göteborg', country: 'SE', vat_id: 'SE556677889901' },
    buyer: { name: 'Kungsholmen Båtklubb', street: 'Norr Mälarstrand 64', postal_code: '112 35', city: 'Stockholm', country: 'SE' },
    payment: { iban: 'SE45 5000 0000 0583 9825 7466', bic: 'ESSESESS' },
    net_total: 1557.4, tax_total: 389.35, gross_total: 1946.75,
    line_items: [
      { position: '1', description: 'Mooring rope 24 mm', quantity: 200, unit: 'm', unit_price: 4.35, tax_rate: 25, net_amount: 870 },
      { position: '2', description: 'Stainless shackle M12', quantity: 40, unit: 'pcs', unit_price: 11.2, tax_rate: 25, net_amount: 448 },
      { position: '3', description: 'Fender 60x20 cm', quantity: 6, unit: 'pcs', unit_price: 39.9, tax_rate: 25, net_amount: 239.4 },
    ],
  });
}

function deTradesmanLetter(): SealedInvoice {
  const p = new OcrPage();
  p.right(545, 50, 'Malerbetrieb Jens Korte e.K.', { size: 13, bold: true });
  p.right(545, 64, 'Wiesenweg 3 · 49076 Osnabrück', { size: 8 }).right(545, 74, 'Tel. 0541 778 120', { size: 8 });
  p.text(60, 120, 'Malerbetrieb Jens Korte e.K. · Wiesenweg 3 · 49076 Osnabrück', { size: 6.5 });
  p.text(60, 136, 'Hausverwaltung Lohmann GmbH').text(60, 149, 'Martinistraße 70').text(60, 162, '49080 Osnabrück');
  infoBlock(p, 390, 460, 136, [['Datum:', '12.03.2025'], ['Kunden-Nr.:', '2207'], ['Objekt:', 'Lotter Str. 19']]);
  p.text(60, 214, 'Rechnung Nr. 20250312 zu Ihrem Auftrag vom 14.02.2025', { bold: true });
  p.text(60, 236, 'Sehr geehrte Damen und Herren,', { size: 9 });
  p.text(60, 249, 'für die im Zeitraum 24.02.2025 bis 07.03.2025 ausgeführten Arbeiten erlauben wir uns zu berechnen:', { size: 9 });
  const end = grid(p, 276, [
    { head: 'Menge', x: 95, right: true }, { head: 'Einheit', x: 104, right: false }, { head: 'Leistung', x: 150, right: false },
    { head: 'Einzelpreis', x: 450, right: true }, { head: 'Gesamt', x: 545, right: true },
  ], [
    ['38,5', 'm²', 'Wandflächen streichen, zweifach', '9,80', '377,30'],
    ['24', 'Std', 'Malerarbeiten Treppenhaus', '47,50', '1.140,00'],
    ['1', 'psch', 'Abdeckmaterial', '65,00', '65,00'],
  ], false);
  const after = sums(p, end + 8, [['Summe netto', '1.582,30 €'], ['zzgl. 19 % MwSt.', '300,64 €'], ['Rechnungsbetrag', '1.882,94 €']]);
  p.text(60, after + 20, 'Zahlbar innerhalb von 14 Tagen nach Erhalt der Rechnung ohne Abzug.', { size: 8.5 });
  p.text(60, after + 33, 'Arbeitskosten nach § 35a EStG: 1.140,00 € (darin enthaltene MwSt. 216,60 €).', { size: 8.5 });
  p.text(60, after + 53, 'Mit freundlichen Grüßen', { size: 9 }).text(60, after + 66, 'Jens Korte', { size: 9 });
  footer(p, 780, [
    ['Malerbetrieb Jens Korte e.K.', 'Amtsgericht Osnabrück HRA 20417'],
    ['USt-IdNr. DE 301 227 845', 'Steuer-Nr. 66/123/04577'],
    ['Sparkasse Osnabrück', 'IBAN DE44 2655 0105 0000 7731 90', 'BIC NOLADE22XXX'],
  ]);
  return probe('invoice-q4-de-tradesman-letter-ocr', p, true, {
    invoice_number: '20250312', invoice_date: '2025-03-12', delivery_date: null, due_date: null, currency: 'EUR', buyer_reference: null,
    seller: { name: 'Malerbetrieb Jens Korte e.K.', street: 'Wiesenweg 3', postal_code: '49076', city: 'Osnabrück', country: null, vat_id: 'DE 301 227 845' },
    buyer: { name: 'Hausverwaltung Lohmann GmbH', street: 'Martinistraße 70', postal_code: '49080', city: 'Osnabrück', country: null },
    payment: { iban: 'DE44 2655 0105 0000 7731 90', bic: 'NOLADE22XXX' },
    net_total: 1582.3, tax_total: 300.64, gross_total: 1882.94,
    line_items: [
      { position: null, description: 'Wandflächen streichen, zweifach', quantity: 38.5, unit: 'm²', unit_price: 9.8, tax_rate: null, net_amount: 377.3 },
      { position: null, description: 'Malerarbeiten Treppenhaus', quantity: 24, unit: 'Std', unit_price: 47.5, tax_rate: null, net_amount: 1140 },
      { position: null, description: 'Abdeckmaterial', quantity: 1, unit: 'psch', unit_price: 65, tax_rate: null, net_amount: 65 },
    ],
  });
}

function chApostropheThousands(): SealedInvoice {
  const p = new OcrPage();
  p.text(60, 50, 'Schreinerei Imhof AG', { size: 14, bold: true });
  p.text(60, 65, 'Bahnhofstrasse 22', { size: 8.5 }).text(60, 76, '6003 Luzern', { size: 8.5 }).text(60, 87, 'MWST-Nr.: CHE-114.902.338', { size: 8.5 });
  p.text(340, 130, 'Gemeinde Kriens').text(340, 143, 'Bauamt').text(340, 156, 'Schachenstrasse 13').text(340, 169, '6010 Kriens');
  p.label(60, 214, 'Rechnung 2025-0088', { size: 14, bold: true });
  const heads: Array<[number, string, string]> = [[60, 'Rechnungsdatum', '05.03.2025'], [170, 'Zahlbar bis', '04.04.2025'], [270, 'Ihre Referenz', 'BA-2025-17'], [380, 'Kunden-Nr.', '3301']];
  for (const [x, l, v] of heads) p.label(x, 238, l, { size: 8, bold: true }).text(x, 251, v);
  const end = grid(p, 286, [
    { head: 'Pos.', x: 60, right: false }, { head: 'Beschreibung', x: 88, right: false }, { head: 'Menge', x: 290, right: true },
    { head: 'Einheit', x: 298, right: false }, { head: 'Preis CHF', x: 400, right: true }, { head: 'MWST', x: 445, right: true },
    { head: 'Betrag CHF', x: 545, right: true },
  ], [
    ['1', 'Einbauschrank Eiche massiv', '1', 'Stk', "4'850.00", '8.1%', "4'850.00"],
    ['2', 'Montage', '12', 'h', '95.00', '8.1%', "1'140.00"],
    ['3', 'Entsorgung Altmobiliar', '1', 'psch', '180.00', '8.1%', '180.00'],
  ], true);
  const after = rightAlignedSums(p, end + 8, [['Total exkl. MWST', "6'170.00"], ['MWST 8.1%', '499.77'], ['Total CHF', "6'669.77"]]);
  p.rule(60, after + 30, 545, after + 30);
  p.label(60, after + 48, 'Zahlteil', { bold: true, size: 11 });
  const slip: Array<[number, string, string[]]> = [
    [60, 'Konto / Zahlbar an', ['CH44 3199 9123 0008 8901 2', 'Schreinerei Imhof AG', 'Bahnhofstrasse 22', '6003 Luzern']],
    [260, 'Zahlbar durch', ['Gemeinde Kriens', 'Schachenstrasse 13', '6010 Kriens']],
    [420, 'Währung / Betrag', ["CHF  6'669.77"]],
  ];
  for (const [x, l, lines] of slip) {
    p.label(x, after + 68, l, { size: 7.5, bold: true });
    lines.forEach((line, i) => p.text(x, after + 80 + i * 11, line, { size: 8.5 }));
  }
  return probe('invoice-q5-ch-apostrophe-thousands-payment-part', p, false, {
    invoice_number: '2025-0088', invoice_date: '2025-03-05', delivery_date: null, due_date: '2025-04-04', currency: 'CHF', buyer_reference: 'BA-2025-17',
    seller: { name: 'Schreinerei Imhof AG', street: 'Bahnhofstrasse 22', postal_code: '6003', city: 'Luzern', country: null, vat_id: 'CHE-114.902.338' },
    buyer: { name: 'Gemeinde Kriens', street: 'Schachenstrasse 13', postal_code: '6010', city: 'Kriens', country: null },
    payment: { iban: 'CH44 3199 9123 0008 8901 2', bic: null },
    net_total: 6170, tax_total: 499.77, gross_total: 6669.77,
    line_items: [
      { position: '1', description: 'Einbauschrank Eiche massiv', quantity: 1, unit: 'Stk', unit_price: 4850, tax_rate: 8.1, net_amount: 4850 },
      { position: '2', description: 'Montage', quantity: 12, unit: 'h', unit_price: 95, tax_rate: 8.1, net_amount: 1140 },
      { position: '3', description: 'Entsorgung Altmobiliar', quantity: 1, unit: 'psch', unit_price: 180, tax_rate: 8.1, net_amount: 180 },
    ],
  });
}

export const PROBES8_DRAWN: ReadonlyArray<() => SealedInvoice> = [deOverviewSections, frVendeurAcheteurOcr, enSellerBuyerSectionsOcr, deTradesmanLetter, chApostropheThousands];
