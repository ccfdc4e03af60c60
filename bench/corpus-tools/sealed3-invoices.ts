/**
 * The third sealed holdout set (bench/corpora/sealed3), made before any extractor change of its
 * round, in the everyday styles of business invoices that neither the tuning sets nor sealed1/2
 * have: a sender line above the address window with an information block of label and value
 * columns at the right (DIN 5008 style), "Verkäufer"/"Käufer" blocks whose rows are labelled
 * "Name:", "Straße:", multi-rate VAT (19 % and 7 %, 20 % and 5,5 %), Pos/Menge/Einheit/Einzelpreis/
 * Gesamt item tables, amounts with thousands separators, footers of three or four columns (bank,
 * IBAN/BIC, register, managing director), customer and order numbers beside the invoice number,
 * delivery periods and cash-discount sentences that carry other dates, and scanned-looking text
 * layers.
 *
 * The truths are written out by hand, field by field, from what each page prints; the generator
 * only checks that the printed sums add up.
 *
 * Sealed: measured once before the round's changes and once at its end; never tuned on.
 */
import { footer, grid, infoBlock, sums } from './drawn-invoice-parts.ts';
import { OcrPage } from './ocr-page.ts';
import type { SealedInvoice } from './sealed1-invoices.ts';

interface Item { description: string; quantity: number; unit_price: number; amount: number }
interface Expected {
  invoice_number: string;
  invoice_date: string;
  due_date: string | null;
  currency: string;
  vendor: { name: string; address: string };
  customer: { name: string; address: string };
  subtotal: number;
  tax: number;
  total: number;
  line_items: Item[];
}

/** The printed sums must add up, or the truth (written by hand) has a typo. */
function checked(e: Expected): Record<string, unknown> {
  const cents = (n: number): number => Math.round(n * 100);
  for (const i of e.line_items) {
    if (Math.abs(cents(i.quantity * i.unit_price) - cents(i.amount)) > 1) throw new Error(`${i.description}: quantity × price ≠ amount`);
  }
  if (cents(e.line_items.reduce((s, i) => s + i.amount, 0)) !== cents(e.subtotal)) throw new Error(`${e.invoice_number}: items ≠ subtotal`);
  if (cents(e.subtotal + e.tax) !== cents(e.total)) throw new Error(`${e.invoice_number}: subtotal + tax ≠ total`);
  return { ...e };
}

function deWindowEnvelope(): SealedInvoice {
  const p = new OcrPage();
  p.text(360, 50, 'Elektro Brandl GmbH', { size: 13, bold: true });
  p.text(360, 64, 'Meisterbetrieb seit 1987', { size: 7.5 });
  p.text(60, 118, 'Elektro Brandl GmbH · Gewerbering 14 · 86899 Landsberg am Lech', { size: 6.5 });
  p.rule(60, 121, 290, 121);
  p.text(60, 136, 'Wohnbau Ammersee eG').text(60, 149, 'z. Hd. Frau Kellner').text(60, 162, 'Seestraße 3').text(60, 175, '86911 Dießen am Ammersee');
  infoBlock(p, 360, 460, 130, [
    ['Rechnungsnummer', 'RE-25-0417'],
    ['Rechnungsdatum', '18.03.2025'],
    ['Kundennummer', '20331'],
    ['Auftragsnummer', 'A-1862'],
    ['Leistungsdatum', '10.03.2025'],
    ['Ihr Ansprechpartner', 'M. Brandl'],
  ]);
  p.label(60, 236, 'Rechnung', { size: 13, bold: true });
  p.text(60, 254, 'Sehr geehrte Damen und Herren, für die ausgeführten Arbeiten berechnen wir Ihnen:', { size: 8.5 });
  const end = grid(p, 280, [
    { head: 'Pos', x: 60, right: false }, { head: 'Menge', x: 118, right: true }, { head: 'Einheit', x: 126, right: false },
    { head: 'Bezeichnung', x: 172, right: false }, { head: 'Einzelpreis', x: 470, right: true }, { head: 'Gesamt', x: 545, right: true },
  ], [
    ['1', '14', 'Stk', 'LED-Einbaustrahler 7 W', '38,90', '544,60'],
    ['2', '120', 'm', 'Installationskabel NYM-J 3x1,5', '1,85', '222,00'],
    ['3', '9,5', 'Std', 'Elektroinstallation Geselle', '62,00', '589,00'],
    ['4', '1', 'psch', 'Prüfprotokoll nach DGUV V3', '145,00', '145,00'],
  ], true);
  const after = sums(p, end + 10, [['Summe netto', '1.500,60 €'], ['zzgl. 19 % MwSt.', '285,11 €'], ['Rechnungsbetrag', '1.785,71 €']]);
  p.text(60, after + 20, 'Zahlbar innerhalb von 14 Tagen bis zum 01.04.2025 ohne Abzug.', { size: 8.5 });
  footer(p, 770, [
    ['Elektro Brandl GmbH', 'Gewerbering 14', '86899 Landsberg am Lech'],
    ['Tel. 08191 4471-0', 'info@elektro-brandl.de', 'www.elektro-brandl.de'],
    ['Sparkasse Landsberg-Dießen', 'IBAN DE12 7005 2060 0012 3456 78', 'BIC BYLADEM1LLD'],
    ['Geschäftsführer: Martin Brandl', 'Amtsgericht Augsburg HRB 21044', 'USt-IdNr. DE 213 456 789'],
  ]);
  return {
    id: 'invoice-w1-de-window-envelope', page: p, scanned: false,
    expected: checked({
      invoice_number: 'RE-25-0417', invoice_date: '2025-03-18', due_date: '2025-04-01', currency: 'EUR',
      vendor: { name: 'Elektro Brandl GmbH', address: 'Gewerbering 14, 86899 Landsberg am Lech' },
      customer: { name: 'Wohnbau Ammersee eG', address: 'Seestraße 3, 86911 Dießen am Ammersee' },
      subtotal: 1500.6, tax: 285.11, total: 1785.71,
      line_items: [
        { description: 'LED-Einbaustrahler 7 W', quantity: 14, unit_price: 38.9, amount: 544.6 },
        { description: 'Installationskabel NYM-J 3x1,5', quantity: 120, unit_price: 1.85, amount: 222 },
        { description: 'Elektroinstallation Geselle', quantity: 9.5, unit_price: 62, amount: 589 },
        { description: 'Prüfprotokoll nach DGUV V3', quantity: 1, unit_price: 145, amount: 145 },
      ],
    }),
  };
}

function deSellerBuyerRows(): SealedInvoice {
  const p = new OcrPage();
  p.label(60, 56, 'Rechnung', { size: 15, bold: true });
  p.text(60, 76, 'Rechnung Nr. 2025-00873 vom 07.02.2025', { size: 10 });
  p.label(60, 108, 'Verkäufer', { bold: true }).label(320, 108, 'Käufer', { bold: true });
  const rows: Array<[string, string, string]> = [
    ['Name:', 'Papierwerk Hollmann AG', 'Druckhaus Weser GmbH & Co. KG'],
    ['Straße:', 'Mühlenweg 8', 'Am Speicher 21'],
    ['PLZ, Ort:', '37603 Holzminden', '28217 Bremen'],
    ['USt-IdNr.:', 'DE 811 204 377', 'DE 114 908 233'],
  ];
  rows.forEach(([l, a, b], i) => {
    const y = 124 + i * 13;
    p.label(60, y, l, { size: 8.5 }).text(130, y, a, { size: 8.5 }).label(320, y, l, { size: 8.5 }).text(390, y, b, { size: 8.5 });
  });
  p.label(60, 196, 'Lieferdatum:', { size: 8.5 }).text(130, 196, '31.01.2025', { size: 8.5 });
  p.label(320, 196, 'Kunden-Nr.:', { size: 8.5 }).text(390, 196, '4711', { size: 8.5 });
  const end = grid(p, 232, [
    { head: 'Pos.', x: 60, right: false }, { head: 'Artikel', x: 90, right: false }, { head: 'Menge', x: 360, right: true },
    { head: 'Einheit', x: 368, right: false }, { head: 'Preis', x: 470, right: true }, { head: 'Betrag', x: 545, right: true },
  ], [
    ['1', 'Offsetpapier 90 g/m², 70x100', '3.200', 'Bogen', '0,42', '1.344,00'],
    ['2', 'Bilderdruck matt 135 g/m²', '1.500', 'Bogen', '0,61', '915,00'],
    ['3', 'Fachbuch Papiertechnik', '2', 'Stk', '48,00', '96,00'],
  ], false);
  const after = sums(p, end + 12, [
    ['Nettobetrag', '2.355,00'],
    ['USt 19 % auf 2.259,00', '429,21'],
    ['USt 7 % auf 96,00', '6,72'],
    ['Bruttobetrag EUR', '2.790,93'],
  ]);
  p.text(60, after + 22, 'Fällig am 09.03.2025. Bei Zahlung bis 17.02.2025 gewähren wir 2 % Skonto.', { size: 8.5 });
  footer(p, 776, [
    ['Papierwerk Hollmann AG', 'Vorstand: Dr. U. Hollmann', 'Amtsgericht Hildesheim HRB 3120'],
    ['Norddeutsche Landesbank', 'IBAN DE44 2505 0000 0152 0033 41', 'BIC NOLADE2HXXX'],
    ['Tel. 05531 9920', 'rechnung@hollmann-papier.de', 'Steuernummer 21/200/17705'],
  ]);
  return {
    id: 'invoice-w2-de-seller-buyer-rows', page: p, scanned: true,
    expected: checked({
      invoice_number: '2025-00873', invoice_date: '2025-02-07', due_date: '2025-03-09', currency: 'EUR',
      vendor: { name: 'Papierwerk Hollmann AG', address: 'Mühlenweg 8, 37603 Holzminden' },
      customer: { name: 'Druckhaus Weser GmbH & Co. KG', address: 'Am Speicher 21, 28217 Bremen' },
      subtotal: 2355, tax: 435.93, total: 2790.93,
      line_items: [
        { description: 'Offsetpapier 90 g/m², 70x100', quantity: 3200, unit_price: 0.42, amount: 1344 },
        { description: 'Bilderdruck matt 135 g/m²', quantity: 1500, unit_price: 0.61, amount: 915 },
        { description: 'Fachbuch Papiertechnik', quantity: 2, unit_price: 48, amount: 96 },
      ],
    }),
  };
}

function frTwoRates(): SealedInvoice {
  const p = new OcrPage();
  p.text(60, 52, 'Épicerie Fine Lacombe SARL', { size: 13, bold: true });
  p.text(60, 66, '12, rue des Tanneurs', { size: 8.5 }).text(60, 78, '31000 Toulouse', { size: 8.5 });
  p.label(380, 52, 'FACTURE', { size: 15, bold: true });
  infoBlock(p, 380, 465, 74, [['N° facture', 'F2025-0192'], ['Date', '24/01/2025'], ['Échéance', '23/02/2025'], ['Réf. client', 'CL-0388']]);
  p.label(320, 146, 'Adressé à', { size: 8, bold: true });
  p.text(320, 160, 'Restaurant Le Capitole').text(320, 173, '4, place du Capitole').text(320, 186, '31000 Toulouse');
  const end = grid(p, 226, [
    { head: 'Désignation', x: 60, right: false }, { head: 'Qté', x: 330, right: true }, { head: 'Unité', x: 338, right: false },
    { head: 'PU HT', x: 420, right: true }, { head: 'TVA', x: 462, right: true }, { head: 'Montant HT', x: 545, right: true },
  ], [
    ['Huile d\'olive AOP, bidon 5 L', '6', 'bidon', '64,50', '5,5 %', '387,00'],
    ['Vinaigre balsamique 50 cl', '24', 'fl.', '9,80', '5,5 %', '235,20'],
    ['Coffret cadeau gravé', '10', 'pce', '32,00', '20 %', '320,00'],
  ], true);
  const after = sums(p, end + 12, [
    ['Total HT', '942,20 €'], ['TVA 5,5 %', '34,22 €'], ['TVA 20 %', '64,00 €'], ['Total TTC', '1 040,42 €'],
  ]);
  p.text(60, after + 24, 'Paiement par virement à 30 jours. Pas d\'escompte pour paiement anticipé.', { size: 8 });
  footer(p, 780, [
    ['SARL au capital de 8 000 €', 'RCS Toulouse 812 345 678', 'SIRET 812 345 678 00021'],
    ['TVA FR 41 812345678', 'Tél. 05 61 22 33 44'],
    ['Banque Populaire Occitane', 'IBAN FR76 1780 7000 1412 3456 7890 123', 'BIC CCBPFRPPTLS'],
  ]);
  return {
    id: 'invoice-w3-fr-two-vat-rates', page: p, scanned: false,
    expected: checked({
      invoice_number: 'F2025-0192', invoice_date: '2025-01-24', due_date: '2025-02-23', currency: 'EUR',
      vendor: { name: 'Épicerie Fine Lacombe SARL', address: '12, rue des Tanneurs, 31000 Toulouse' },
      customer: { name: 'Restaurant Le Capitole', address: '4, place du Capitole, 31000 Toulouse' },
      subtotal: 942.2, tax: 98.22, total: 1040.42,
      line_items: [
        { description: 'Huile d\'olive AOP, bidon 5 L', quantity: 6, unit_price: 64.5, amount: 387 },
        { description: 'Vinaigre balsamique 50 cl', quantity: 24, unit_price: 9.8, amount: 235.2 },
        { description: 'Coffret cadeau gravé', quantity: 10, unit_price: 32, amount: 320 },
      ],
    }),
  };
}

function ukBillShip(): SealedInvoice {
  const p = new OcrPage();
  p.text(60, 54, 'Harbourside Joinery Ltd', { size: 14, bold: true });
  p.text(60, 68, 'Unit 6, Quay Trading Estate', { size: 8 }).text(60, 78, 'Bristol BS1 6UA', { size: 8 }).text(60, 88, 'VAT Reg. No. GB 284 5561 07', { size: 8 });
  p.label(545 - 120, 54, 'TAX INVOICE', { size: 15, bold: true });
  p.label(60, 124, 'Bill To', { bold: true }).label(240, 124, 'Deliver To', { bold: true });
  p.text(60, 138, 'Clifton Lettings Ltd').text(60, 151, '22 Whiteladies Road').text(60, 164, 'Bristol BS8 2LG');
  p.text(240, 138, 'Flat 3, Royal York Crescent').text(240, 151, 'Bristol BS8 4JZ');
  infoBlock(p, 410, 480, 124, [['Invoice No.', '10384'], ['Date', '02/12/2024'], ['Account', 'CLI-017'], ['PO Number', '7781'], ['Terms', '30 days'], ['Due Date', '01/01/2025']]);
  const end = grid(p, 230, [
    { head: 'Qty', x: 78, right: true }, { head: 'Description', x: 92, right: false },
    { head: 'Unit Price', x: 440, right: true }, { head: 'Net', x: 545, right: true },
  ], [
    ['3', 'Sash window refurbishment', '1,150.00', '3,450.00'],
    ['1', 'Oak front door, supplied and hung', '2,875.00', '2,875.00'],
    ['12', 'Draught seal, per metre', '6.50', '78.00'],
  ], false);
  const after = sums(p, end + 12, [['Total Net', '£6,403.00'], ['VAT @ 20%', '£1,280.60'], ['Invoice Total', '£7,683.60']]);
  p.text(60, after + 20, 'Please pay by bank transfer quoting the invoice number.', { size: 8 });
  footer(p, 782, [
    ['Registered in England No. 08812345', 'Registered office as above'],
    ['Lloyds Bank · Sort code 30-94-57', 'Account 00187766'],
    ['accounts@harbourside-joinery.co.uk', '0117 496 0321'],
  ]);
  return {
    id: 'invoice-w4-uk-bill-and-deliver', page: p, scanned: true,
    expected: checked({
      invoice_number: '10384', invoice_date: '2024-12-02', due_date: '2025-01-01', currency: 'GBP',
      vendor: { name: 'Harbourside Joinery Ltd', address: 'Unit 6, Quay Trading Estate, Bristol BS1 6UA' },
      customer: { name: 'Clifton Lettings Ltd', address: '22 Whiteladies Road, Bristol BS8 2LG' },
      subtotal: 6403, tax: 1280.6, total: 7683.6,
      line_items: [
        { description: 'Sash window refurbishment', quantity: 3, unit_price: 1150, amount: 3450 },
        { description: 'Oak front door, supplied and hung', quantity: 1, unit_price: 2875, amount: 2875 },
        { description: 'Draught seal, per metre', quantity: 12, unit_price: 6.5, amount: 78 },
      ],
    }),
  };
}

function atHeaderStrip(): SealedInvoice {
  const p = new OcrPage();
  p.text(545 - 200, 50, 'Tischlerei Gruber KG', { size: 13, bold: true });
  p.text(545 - 200, 64, 'Hauptplatz 9 · 4020 Linz', { size: 8 });
  p.text(60, 104, 'Tischlerei Gruber KG, Hauptplatz 9, 4020 Linz', { size: 6.5 });
  p.text(60, 120, 'Firma').text(60, 133, 'Kanzlei Dr. Auer & Partner').text(60, 146, 'Landstraße 45').text(60, 159, '4020 Linz');
  p.label(60, 204, 'RECHNUNG', { size: 14, bold: true });
  const heads = ['Rechnungsnr.', 'Datum', 'Kundennr.', 'UID-Nr.'];
  const values = ['2025/0063', '14.02.2025', '1208', 'ATU 5512 3309'];
  heads.forEach((h, i) => p.label(60 + i * 122, 226, h, { size: 8 }).text(60 + i * 122, 240, values[i] ?? ''));
  p.rule(55, 246, 545, 246);
  p.text(60, 262, 'Leistungszeitraum 03.02.2025 – 12.02.2025', { size: 8.5 });
  const end = grid(p, 290, [
    { head: 'Pos', x: 60, right: false }, { head: 'Leistung', x: 88, right: false }, { head: 'Menge', x: 380, right: true },
    { head: 'EP', x: 460, right: true }, { head: 'Gesamt', x: 545, right: true },
  ], [
    ['1', 'Besprechungstisch Eiche massiv', '1', '3.980,00', '3.980,00'],
    ['2', 'Aktenschrank mit Schiebetüren', '2', '1.240,00', '2.480,00'],
    ['3', 'Montage vor Ort', '6', '58,00', '348,00'],
  ], true);
  const after = sums(p, end + 12, [['Summe netto', 'EUR 6.808,00'], ['20 % USt', 'EUR 1.361,60'], ['Gesamtbetrag', 'EUR 8.169,60']]);
  p.text(60, after + 22, 'Zahlungsbedingungen: 14 Tage netto, fällig am 28.02.2025.', { size: 8.5 });
  footer(p, 784, [
    ['Tischlerei Gruber KG', 'FN 123456a, LG Linz'],
    ['Raiffeisenbank Linz', 'IBAN AT48 3400 0000 0123 4567', 'BIC RZOOAT2L'],
    ['Tel. +43 732 771204', 'office@gruber-tischlerei.at'],
  ]);
  return {
    id: 'invoice-w5-at-header-strip', page: p, scanned: true,
    expected: checked({
      invoice_number: '2025/0063', invoice_date: '2025-02-14', due_date: '2025-02-28', currency: 'EUR',
      vendor: { name: 'Tischlerei Gruber KG', address: 'Hauptplatz 9, 4020 Linz' },
      customer: { name: 'Kanzlei Dr. Auer & Partner', address: 'Landstraße 45, 4020 Linz' },
      subtotal: 6808, tax: 1361.6, total: 8169.6,
      line_items: [
        { description: 'Besprechungstisch Eiche massiv', quantity: 1, unit_price: 3980, amount: 3980 },
        { description: 'Aktenschrank mit Schiebetüren', quantity: 2, unit_price: 1240, amount: 2480 },
        { description: 'Montage vor Ort', quantity: 6, unit_price: 58, amount: 348 },
      ],
    }),
  };
}

function usSoldTo(): SealedInvoice {
  const p = new OcrPage();
  p.label(60, 54, 'INVOICE', { size: 18, bold: true });
  p.text(360, 50, 'Granite State Office Supply, Inc.', { size: 10, bold: true });
  p.text(360, 62, '410 Elm Street', { size: 8 }).text(360, 72, 'Manchester, NH 03101', { size: 8 });
  infoBlock(p, 60, 140, 96, [['Invoice #', '004518'], ['Invoice Date', 'Oct 9, 2024'], ['Customer ID', '88120'], ['Due Date', 'Nov 8, 2024']]);
  p.label(360, 96, 'SOLD TO', { bold: true });
  p.text(360, 110, 'Seacoast Family Dental').text(360, 123, '77 Lafayette Road').text(360, 136, 'Portsmouth, NH 03801');
  const end = grid(p, 190, [
    { head: 'Item', x: 60, right: false }, { head: 'Description', x: 120, right: false }, { head: 'Qty', x: 390, right: true },
    { head: 'Unit', x: 398, right: false }, { head: 'Price', x: 480, right: true }, { head: 'Ext. Price', x: 545, right: true },
  ], [
    ['PP-500', 'Copy paper, letter, 10 reams', '12', 'case', '54.99', '659.88'],
    ['TN-221', 'Toner cartridge, black', '4', 'ea', '89.50', '358.00'],
    ['CH-310', 'Ergonomic task chair', '2', 'ea', '1,249.00', '2,498.00'],
  ], true);
  const after = sums(p, end + 12, [['Subtotal', '3,515.88'], ['Sales Tax', '0.00'], ['Balance Due (USD)', '3,515.88']]);
  p.text(60, after + 20, 'New Hampshire has no sales tax. Thank you for your business!', { size: 8 });
  p.text(60, 790, 'Remit to: Granite State Office Supply, Inc. · PO Box 1120 · Manchester, NH 03105', { size: 7 });
  return {
    id: 'invoice-w6-us-sold-to', page: p, scanned: false,
    expected: checked({
      invoice_number: '004518', invoice_date: '2024-10-09', due_date: '2024-11-08', currency: 'USD',
      vendor: { name: 'Granite State Office Supply, Inc.', address: '410 Elm Street, Manchester, NH 03101' },
      customer: { name: 'Seacoast Family Dental', address: '77 Lafayette Road, Portsmouth, NH 03801' },
      subtotal: 3515.88, tax: 0, total: 3515.88,
      line_items: [
        { description: 'Copy paper, letter, 10 reams', quantity: 12, unit_price: 54.99, amount: 659.88 },
        { description: 'Toner cartridge, black', quantity: 4, unit_price: 89.5, amount: 358 },
        { description: 'Ergonomic task chair', quantity: 2, unit_price: 1249, amount: 2498 },
      ],
    }),
  };
}

function deNoDueDate(): SealedInvoice {
  const p = new OcrPage();
  p.text(60, 50, 'Ingenieurbüro Falk Wendt', { size: 12, bold: true });
  p.text(60, 64, 'Beratende Ingenieure für Tragwerksplanung', { size: 7.5 });
  p.text(60, 112, 'Ingenieurbüro Falk Wendt · Lindenallee 30 · 04109 Leipzig', { size: 6.5 });
  p.text(60, 128, 'Stadtwerke Grimma GmbH').text(60, 141, 'Abteilung Einkauf').text(60, 154, 'Lange Straße 50').text(60, 167, '04668 Grimma');
  p.right(545, 128, 'Leipzig, 22.05.2024', { size: 8.5 });
  p.label(60, 210, 'Rechnung Nr. 24-118', { size: 12, bold: true });
  p.text(60, 226, 'Projekt: Sanierung Pumpwerk Nord, Ihr Auftrag vom 04.03.2024', { size: 8.5 });
  const end = grid(p, 256, [
    { head: 'Pos', x: 60, right: false }, { head: 'Menge', x: 120, right: true }, { head: 'Einh.', x: 128, right: false },
    { head: 'Leistung', x: 165, right: false }, { head: 'Satz', x: 465, right: true }, { head: 'Betrag', x: 545, right: true },
  ], [
    ['1', '32,5', 'Std', 'Statische Berechnung', '95,00', '3.087,50'],
    ['2', '12', 'Std', 'Ortstermine und Bauüberwachung', '85,00', '1.020,00'],
    ['3', '1', 'psch', 'Nebenkosten', '150,00', '150,00'],
  ], false);
  const after = sums(p, end + 12, [['Nettosumme', '4.257,50 EUR'], ['19 % Umsatzsteuer', '808,93 EUR'], ['Gesamtsumme', '5.066,43 EUR']]);
  p.text(60, after + 22, 'Bitte überweisen Sie den Betrag unter Angabe der Rechnungsnummer.', { size: 8.5 });
  footer(p, 780, [
    ['Dipl.-Ing. Falk Wendt', 'Lindenallee 30, 04109 Leipzig'],
    ['Steuer-Nr. 231/260/04417'],
    ['Leipziger Volksbank', 'IBAN DE70 8609 5604 0300 1122 33'],
  ]);
  return {
    id: 'invoice-w7-de-letter-no-due-date', page: p, scanned: true,
    expected: checked({
      invoice_number: '24-118', invoice_date: '2024-05-22', due_date: null, currency: 'EUR',
      vendor: { name: 'Ingenieurbüro Falk Wendt', address: 'Lindenallee 30, 04109 Leipzig' },
      customer: { name: 'Stadtwerke Grimma GmbH', address: 'Lange Straße 50, 04668 Grimma' },
      subtotal: 4257.5, tax: 808.93, total: 5066.43,
      line_items: [
        { description: 'Statische Berechnung', quantity: 32.5, unit_price: 95, amount: 3087.5 },
        { description: 'Ortstermine und Bauüberwachung', quantity: 12, unit_price: 85, amount: 1020 },
        { description: 'Nebenkosten', quantity: 1, unit_price: 150, amount: 150 },
      ],
    }),
  };
}

export const SEALED3_INVOICES: ReadonlyArray<() => SealedInvoice> = [deWindowEnvelope, deSellerBuyerRows, frTwoRates, ukBillShip, atHeaderStrip, usSoldTo, deNoDueDate];
