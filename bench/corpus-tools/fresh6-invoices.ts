/**
 * The sixth fresh set (bench/corpora/fresh6), a tuning set for schemas that ask for more than the
 * basic invoice: party addresses in parts (street, postal code, city, country), VAT ids, payment
 * IBAN/BIC, a buyer reference, delivery dates, and item positions, units and tax rates
 * (bench/corpora/schemas/invoice-detailed.schema.json). Layouts: seller and buyer blocks side by
 * side under their headings, billing beside delivery address, labels above values in a row, a
 * payment block, per-line tax rates with two rates summed. Truths written by hand.
 */
import { footer, grid, infoBlock, sums } from './drawn-invoice-parts.ts';
import { OcrPage } from './ocr-page.ts';
import type { SealedInvoice } from './sealed1-invoices.ts';

const SCHEMA = 'invoice-detailed.schema.json';

interface Party { name: string; street: string; postal_code: string; city: string; country: string | null }

function deSellerBuyerBlocks(): SealedInvoice {
  const p = new OcrPage();
  p.label(60, 56, 'Rechnung', { size: 16, bold: true });
  p.label(60, 92, 'Verkäufer', { bold: true }).label(320, 92, 'Käufer', { bold: true });
  ['Bäckerei-Bedarf Sommer GmbH', 'Industriestr. 4', '76137 Karlsruhe', 'Deutschland', 'USt-IdNr.: DE 145 339 882'].forEach((t, i) => p.text(60, 108 + i * 13, t));
  ['Café Lindenblüte', 'Marktplatz 12', '69117 Heidelberg', 'Deutschland'].forEach((t, i) => p.text(320, 108 + i * 13, t));
  infoBlock(p, 60, 170, 190, [
    ['Rechnungsnummer:', '2024-1187'], ['Rechnungsdatum:', '11.10.2024'], ['Lieferdatum:', '09.10.2024'],
    ['Fälligkeitsdatum:', '25.10.2024'], ['Käuferreferenz:', 'LB-0815'],
  ]);
  const end = grid(p, 275, [
    { head: 'Pos', x: 60, right: false }, { head: 'Bezeichnung', x: 85, right: false }, { head: 'Menge', x: 330, right: true },
    { head: 'Einheit', x: 338, right: false }, { head: 'Einzelpreis', x: 440, right: true }, { head: 'USt %', x: 485, right: true },
    { head: 'Gesamt', x: 545, right: true },
  ], [
    ['1', 'Weizenmehl Type 550, 25 kg', '8', 'Sack', '18,40', '7', '147,20'],
    ['2', 'Backpapier Rolle 50 m', '12', 'Rolle', '6,95', '19', '83,40'],
    ['3', 'Tortenring verstellbar', '2', 'Stück', '24,90', '19', '49,80'],
  ], true);
  const after = sums(p, end + 10, [['Summe netto', '280,40'], ['USt 7 %', '10,30'], ['USt 19 %', '25,31'], ['Gesamtbetrag EUR', '316,01']]);
  p.label(60, after + 24, 'Zahlungsinformationen', { bold: true });
  p.label(60, after + 38, 'IBAN:').text(110, after + 38, 'DE02 6605 0101 0022 3344 55');
  p.label(60, after + 51, 'BIC:').text(110, after + 51, 'KARSDE66XXX');
  return {
    id: 'invoice-p1-de-seller-buyer-blocks', page: p, scanned: true, schema: SCHEMA,
    expected: {
      invoice_number: '2024-1187', invoice_date: '2024-10-11', delivery_date: '2024-10-09', due_date: '2024-10-25', currency: 'EUR', buyer_reference: 'LB-0815',
      seller: { name: 'Bäckerei-Bedarf Sommer GmbH', street: 'Industriestr. 4', postal_code: '76137', city: 'Karlsruhe', country: 'Deutschland', vat_id: 'DE 145 339 882' },
      buyer: { name: 'Café Lindenblüte', street: 'Marktplatz 12', postal_code: '69117', city: 'Heidelberg', country: 'Deutschland' } satisfies Party,
      payment: { iban: 'DE02 6605 0101 0022 3344 55', bic: 'KARSDE66XXX' },
      net_total: 280.4, tax_total: 35.61, gross_total: 316.01,
      line_items: [
        { position: '1', description: 'Weizenmehl Type 550, 25 kg', quantity: 8, unit: 'Sack', unit_price: 18.4, tax_rate: 7, net_amount: 147.2 },
        { position: '2', description: 'Backpapier Rolle 50 m', quantity: 12, unit: 'Rolle', unit_price: 6.95, tax_rate: 19, net_amount: 83.4 },
        { position: '3', description: 'Tortenring verstellbar', quantity: 2, unit: 'Stück', unit_price: 24.9, tax_rate: 19, net_amount: 49.8 },
      ],
    },
  };
}

function ukSupplierCustomer(): SealedInvoice {
  const p = new OcrPage();
  p.label(545 - 70, 54, 'INVOICE', { size: 16, bold: true });
  p.label(60, 90, 'Supplier', { bold: true }).label(320, 90, 'Customer', { bold: true });
  ['Northgate Print Solutions Ltd', '14 Mill Lane', 'Leeds', 'LS10 1AB', 'United Kingdom', 'VAT No: GB 331 4470 19'].forEach((t, i) => p.text(60, 106 + i * 13, t));
  ['Harrow & Finch Architects', '3 Canal Wharf', 'Manchester', 'M1 5QS', 'United Kingdom'].forEach((t, i) => p.text(320, 106 + i * 13, t));
  const heads = ['Invoice Number', 'Invoice Date', 'Tax Point', 'Your Reference'];
  const values = ['NPS-20931', '04/11/2024', '04/11/2024', 'HF-PO-7731'];
  heads.forEach((h, i) => p.label(60 + i * 122, 200, h, { size: 8, bold: true }).text(60 + i * 122, 214, values[i] ?? ''));
  const end = grid(p, 250, [
    { head: 'Line', x: 60, right: false }, { head: 'Description', x: 90, right: false }, { head: 'Qty', x: 330, right: true },
    { head: 'UoM', x: 338, right: false }, { head: 'Unit Price', x: 440, right: true }, { head: 'VAT %', x: 485, right: true },
    { head: 'Net', x: 545, right: true },
  ], [
    ['1', 'A1 presentation boards, foam', '6', 'each', '42.50', '20', '255.00'],
    ['2', 'Large format plotting', '40', 'sheet', '3.75', '20', '150.00'],
    ['3', 'Courier delivery', '1', 'each', '18.00', '20', '18.00'],
  ], false);
  const after = sums(p, end + 10, [['Net Total', '£423.00'], ['VAT @ 20%', '£84.60'], ['Total Due GBP', '£507.60']]);
  p.text(60, after + 20, 'Payment due: 04/12/2024', { size: 9 });
  footer(p, 780, [
    ['Northgate Print Solutions Ltd', 'Company No. 07712345'],
    ['Yorkshire Bank', 'IBAN GB33 YORK 0501 1233 1200 91', 'BIC YORKGB22'],
    ['accounts@northgateprint.co.uk'],
  ]);
  return {
    id: 'invoice-p2-uk-labels-above-values', page: p, scanned: false, schema: SCHEMA,
    expected: {
      invoice_number: 'NPS-20931', invoice_date: '2024-11-04', delivery_date: null, due_date: '2024-12-04', currency: 'GBP', buyer_reference: 'HF-PO-7731',
      seller: { name: 'Northgate Print Solutions Ltd', street: '14 Mill Lane', postal_code: 'LS10 1AB', city: 'Leeds', country: 'United Kingdom', vat_id: 'GB 331 4470 19' },
      buyer: { name: 'Harrow & Finch Architects', street: '3 Canal Wharf', postal_code: 'M1 5QS', city: 'Manchester', country: 'United Kingdom' },
      payment: { iban: 'GB33 YORK 0501 1233 1200 91', bic: 'YORKGB22' },
      net_total: 423, tax_total: 84.6, gross_total: 507.6,
      line_items: [
        { position: '1', description: 'A1 presentation boards, foam', quantity: 6, unit: 'each', unit_price: 42.5, tax_rate: 20, net_amount: 255 },
        { position: '2', description: 'Large format plotting', quantity: 40, unit: 'sheet', unit_price: 3.75, tax_rate: 20, net_amount: 150 },
        { position: '3', description: 'Courier delivery', quantity: 1, unit: 'each', unit_price: 18, tax_rate: 20, net_amount: 18 },
      ],
    },
  };
}

function deBillingAndDelivery(): SealedInvoice {
  const p = new OcrPage();
  p.text(360, 50, 'Schrauben Kessler KG', { size: 13, bold: true }).text(360, 64, 'Hafenstraße 88 · 47119 Duisburg', { size: 8 });
  p.text(60, 100, 'Schrauben Kessler KG · Hafenstraße 88 · 47119 Duisburg', { size: 6.5 });
  p.label(60, 116, 'Rechnungsanschrift', { size: 8, bold: true }).label(230, 116, 'Lieferanschrift', { size: 8, bold: true });
  ['Metallbau Ortmann GmbH', 'Postfach 1120', '58511 Lüdenscheid'].forEach((t, i) => p.text(60, 130 + i * 13, t));
  ['Metallbau Ortmann GmbH', 'Werk 2, Am Bahnhof 3', '58513 Lüdenscheid'].forEach((t, i) => p.text(230, 130 + i * 13, t));
  infoBlock(p, 400, 480, 116, [['Rechnung Nr.', '24-30877'], ['Datum', '16.09.2024'], ['Kunden-Nr.', '11820'], ['Ihre Bestellung', 'B-55120']]);
  p.label(60, 196, 'Rechnung', { size: 13, bold: true });
  const end = grid(p, 222, [
    { head: 'Pos.', x: 60, right: false }, { head: 'Art.-Nr.', x: 88, right: false }, { head: 'Bezeichnung', x: 140, right: false },
    { head: 'Menge', x: 370, right: true }, { head: 'ME', x: 378, right: false }, { head: 'E-Preis', x: 465, right: true },
    { head: 'Gesamt', x: 545, right: true },
  ], [
    ['1', '10-220', 'Edelstahlschraube M6x40', '500', 'Stk', '0,12', '60,00'],
    ['2', '10-318', 'Unterlegscheibe M6', '500', 'Stk', '0,03', '15,00'],
    ['3', '44-002', 'Kabelkanal 40x60, 2 m', '25', 'Stk', '7,80', '195,00'],
  ], true);
  const after = sums(p, end + 10, [['Warenwert netto', '270,00 €'], ['zzgl. 19% USt.', '51,30 €'], ['Rechnungsbetrag', '321,30 €']]);
  p.text(60, after + 22, 'Zahlungsziel: 28 Tage, bis 14.10.2024 ohne Abzug.', { size: 8.5 });
  footer(p, 780, [
    ['Schrauben Kessler KG', 'Hafenstraße 88', '47119 Duisburg'],
    ['Sitz Duisburg, HRA 8812', 'Kompl.: Kessler Verw. GmbH'],
    ['USt-IdNr. DE 120 556 731', 'Tel. 0203 448811'],
    ['Volksbank Rhein-Ruhr', 'IBAN DE61 3506 0386 0101 2233 44', 'BIC GENODED1VRR'],
  ]);
  return {
    id: 'invoice-p3-de-billing-and-delivery-address', page: p, scanned: true, schema: SCHEMA,
    expected: {
      invoice_number: '24-30877', invoice_date: '2024-09-16', delivery_date: null, due_date: '2024-10-14', currency: 'EUR', buyer_reference: 'B-55120',
      seller: { name: 'Schrauben Kessler KG', street: 'Hafenstraße 88', postal_code: '47119', city: 'Duisburg', country: null, vat_id: 'DE 120 556 731' },
      buyer: { name: 'Metallbau Ortmann GmbH', street: 'Postfach 1120', postal_code: '58511', city: 'Lüdenscheid', country: null },
      payment: { iban: 'DE61 3506 0386 0101 2233 44', bic: 'GENODED1VRR' },
      net_total: 270, tax_total: 51.3, gross_total: 321.3,
      line_items: [
        { position: '1', description: 'Edelstahlschraube M6x40', quantity: 500, unit: 'Stk', unit_price: 0.12, tax_rate: null, net_amount: 60 },
        { position: '2', description: 'Unterlegscheibe M6', quantity: 500, unit: 'Stk', unit_price: 0.03, tax_rate: null, net_amount: 15 },
        { position: '3', description: 'Kabelkanal 40x60, 2 m', quantity: 25, unit: 'Stk', unit_price: 7.8, tax_rate: null, net_amount: 195 },
      ],
    },
  };
}

function frVendeurAcheteur(): SealedInvoice {
  const p = new OcrPage();
  p.label(60, 56, 'Facture n° FA-24-0610', { size: 14, bold: true });
  p.label(60, 90, 'Vendeur', { bold: true }).label(320, 90, 'Acheteur', { bold: true });
  ['Thermo Services Rhône SAS', '8 quai Perrache', '69002 Lyon', 'France', 'TVA : FR 58 421 889 077'].forEach((t, i) => p.text(60, 106 + i * 13, t));
  ['Résidence Les Tilleuls', '22 rue Garibaldi', '69006 Lyon', 'France'].forEach((t, i) => p.text(320, 106 + i * 13, t));
  infoBlock(p, 60, 190, 190, [['Date de facture :', '03/06/2024'], ['Date de livraison :', '31/05/2024'], ['Date d\'échéance :', '03/07/2024'], ['Référence client :', 'RT-2024-17']]);
  const end = grid(p, 262, [
    { head: 'N°', x: 60, right: false }, { head: 'Désignation', x: 80, right: false }, { head: 'Qté', x: 320, right: true },
    { head: 'Unité', x: 328, right: false }, { head: 'Prix unitaire HT', x: 450, right: true }, { head: 'TVA', x: 490, right: true },
    { head: 'Total HT', x: 545, right: true },
  ], [
    ['1', 'Maintenance chaudière annuelle', '1', 'forfait', '180,00', '10 %', '180,00'],
    ['2', 'Vanne trois voies', '1', 'pièce', '96,50', '20 %', '96,50'],
    ['3', 'Déplacement', '2', 'h', '45,00', '10 %', '90,00'],
  ], true);
  const after = sums(p, end + 10, [['Total HT', '366,50 €'], ['TVA 10 %', '27,00 €'], ['TVA 20 %', '19,30 €'], ['Total TTC', '412,80 €']]);
  p.label(60, after + 24, 'Règlement par virement', { bold: true });
  p.text(60, after + 38, 'IBAN FR76 1007 1690 0000 0020 0123 456 · BIC TRPUFRP1', { size: 8.5 });
  return {
    id: 'invoice-p4-fr-vendeur-acheteur', page: p, scanned: false, schema: SCHEMA,
    expected: {
      invoice_number: 'FA-24-0610', invoice_date: '2024-06-03', delivery_date: '2024-05-31', due_date: '2024-07-03', currency: 'EUR', buyer_reference: 'RT-2024-17',
      seller: { name: 'Thermo Services Rhône SAS', street: '8 quai Perrache', postal_code: '69002', city: 'Lyon', country: 'France', vat_id: 'FR 58 421 889 077' },
      buyer: { name: 'Résidence Les Tilleuls', street: '22 rue Garibaldi', postal_code: '69006', city: 'Lyon', country: 'France' },
      payment: { iban: 'FR76 1007 1690 0000 0020 0123 456', bic: 'TRPUFRP1' },
      net_total: 366.5, tax_total: 46.3, gross_total: 412.8,
      line_items: [
        { position: '1', description: 'Maintenance chaudière annuelle', quantity: 1, unit: 'forfait', unit_price: 180, tax_rate: 10, net_amount: 180 },
        { position: '2', description: 'Vanne trois voies', quantity: 1, unit: 'pièce', unit_price: 96.5, tax_rate: 20, net_amount: 96.5 },
        { position: '3', description: 'Déplacement', quantity: 2, unit: 'h', unit_price: 45, tax_rate: 10, net_amount: 90 },
      ],
    },
  };
}

export const FRESH6_INVOICES: ReadonlyArray<() => SealedInvoice> = [deSellerBuyerBlocks, ukSupplierCustomer, deBillingAndDelivery, frVendeurAcheteur];
