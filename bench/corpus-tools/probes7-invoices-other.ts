/**
 * The English, French and Dutch probes of bench/corpora/probes7 (a tuning set made before any
 * extractor change of its round), with invented companies, numbers and dates: a British invoice
 * with a two-column header and Bill To / Ship To side by side, an American one with a row of labels
 * above their values and a right-aligned totals block, a French "Fournisseur"/"Client" invoice with
 * two TVA rates on a scanned-looking text layer, and a Dutch one whose seller details sit in a
 * right-hand header column, with two BTW rates and right-aligned totals.
 */
import { grid, infoBlock } from './drawn-invoice-parts.ts';
import { OcrPage } from './ocr-page.ts';
import { probe, rightAlignedSums } from './probes7-parts.ts';
import type { SealedInvoice } from './sealed1-invoices.ts';

function britishBillToShipTo(): SealedInvoice {
  const p = new OcrPage();
  p.text(60, 50, 'Harbour Lane Ceramics Ltd', { size: 15, bold: true });
  p.text(60, 66, 'Unit 4, Quayside Works', { size: 8.5 }).text(60, 78, 'Falmouth TR11 3XA', { size: 8.5 }).text(60, 90, 'United Kingdom', { size: 8.5 });
  p.text(60, 102, 'VAT Reg. No. GB 318 4420 96', { size: 8.5 });
  p.right(545, 50, 'INVOICE', { size: 18, bold: true });
  infoBlock(p, 390, 470, 72, [['Invoice No.', 'HLC-10452'], ['Invoice Date', '3 March 2025'], ['Due Date', '2 April 2025'], ['Account No.', 'C-0217']]);
  p.label(60, 140, 'Bill To', { bold: true }).label(320, 140, 'Ship To', { bold: true });
  p.text(60, 155, 'The Linden Tea Rooms').text(60, 168, '14 Market Street').text(60, 181, 'Truro TR1 2HE').text(60, 194, 'United Kingdom');
  p.text(320, 155, 'The Linden Tea Rooms – Kitchen').text(320, 168, 'Rear of 14 Market Street').text(320, 181, 'Truro TR1 2HE');
  const end = grid(p, 232, [
    { head: 'Item', x: 60, right: false }, { head: 'Description', x: 116, right: false }, { head: 'Qty', x: 340, right: true },
    { head: 'Unit Price', x: 420, right: true }, { head: 'VAT', x: 460, right: true }, { head: 'Amount', x: 545, right: true },
  ], [
    ['MUG-12', 'Stoneware mug, sea green', '48', '£6.50', '20%', '£312.00'],
    ['PLT-27', 'Side plate 21 cm', '36', '£8.25', '20%', '£297.00'],
    ['DLV', 'Pallet delivery', '1', '£35.00', '20%', '£35.00'],
  ], true);
  const after = rightAlignedSums(p, end + 10, [['Subtotal', '£644.00'], ['VAT @ 20%', '£128.80'], ['Total due', '£772.80']]);
  p.text(60, after + 20, 'Payment terms: 30 days. Please pay by bank transfer to:', { size: 8.5 });
  p.text(60, after + 33, 'Account name: Harbour Lane Ceramics Ltd   Sort code: 30-96-21   Account no.: 50118274', { size: 8.5 });
  p.text(60, after + 46, 'IBAN: GB47 LOYD 3096 2150 1182 74   BIC: LOYDGB21F09', { size: 8.5 });
  return probe('invoice-p4-en-bill-to-ship-to-two-column-header', p, false, {
    invoice_number: 'HLC-10452', invoice_date: '2025-03-03', delivery_date: null, due_date: '2025-04-02', currency: 'GBP', buyer_reference: null,
    seller: { name: 'Harbour Lane Ceramics Ltd', street: 'Unit 4, Quayside Works', postal_code: 'TR11 3XA', city: 'Falmouth', country: 'United Kingdom', vat_id: 'GB 318 4420 96' },
    buyer: { name: 'The Linden Tea Rooms', street: '14 Market Street', postal_code: 'TR1 2HE', city: 'Truro', country: 'United Kingdom' },
    payment: { iban: 'GB47 LOYD 3096 2150 1182 74', bic: 'LOYDGB21F09' },
    net_total: 644, tax_total: 128.8, gross_total: 772.8,
    line_items: [
      { position: null, description: 'Stoneware mug, sea green', quantity: 48, unit: null, unit_price: 6.5, tax_rate: 20, net_amount: 312 },
      { position: null, description: 'Side plate 21 cm', quantity: 36, unit: null, unit_price: 8.25, tax_rate: 20, net_amount: 297 },
      { position: null, description: 'Pallet delivery', quantity: 1, unit: null, unit_price: 35, tax_rate: 20, net_amount: 35 },
    ],
  });
}

function americanLabelsAboveRightTotals(): SealedInvoice {
  const p = new OcrPage();
  p.text(60, 50, 'Northfield Analytics, Inc.', { size: 14, bold: true });
  p.text(60, 66, '2210 Cedar Ridge Blvd, Suite 300', { size: 8.5 }).text(60, 78, 'Madison, WI 53719', { size: 8.5 });
  p.right(545, 52, 'INVOICE', { size: 20, bold: true });
  const heads: Array<[number, string, string]> = [[60, 'Invoice Number', 'NA-2025-0317'], [190, 'Invoice Date', 'Apr 14, 2025'], [300, 'Due Date', 'May 14, 2025'], [410, 'Customer ID', '000482']];
  for (const [x, l, v] of heads) p.label(x, 120, l, { size: 8, bold: true }).text(x, 134, v);
  p.label(60, 170, 'BILL TO', { bold: true });
  p.text(60, 185, 'Prairie Wind Cooperative').text(60, 198, 'Attn: Accounts Payable').text(60, 211, '410 Depot Street').text(60, 224, 'Viroqua, WI 54665');
  const end = grid(p, 262, [
    { head: 'Description', x: 60, right: false }, { head: 'Hours', x: 360, right: true }, { head: 'Rate', x: 440, right: true }, { head: 'Amount', x: 545, right: true },
  ], [
    ['Data pipeline review', '12.5', '$145.00', '$1,812.50'],
    ['Dashboard build (Q1 sales)', '20', '$145.00', '$2,900.00'],
    ['Cloud hosting, April', '1', '$310.00', '$310.00'],
  ], true);
  const after = rightAlignedSums(p, end + 10, [['Subtotal', '$5,022.50'], ['Sales Tax (5.5%)', '$276.24'], ['TOTAL', '$5,298.74']]);
  p.text(60, after + 20, 'Payment due within 30 days. Make checks payable to Northfield Analytics, Inc.', { size: 8.5 });
  p.text(60, after + 33, 'ACH: Routing 075911988, Account 3301887412', { size: 8.5 });
  return probe('invoice-p5-en-labels-above-right-totals', p, false, {
    invoice_number: 'NA-2025-0317', invoice_date: '2025-04-14', delivery_date: null, due_date: '2025-05-14', currency: 'USD', buyer_reference: null,
    seller: { name: 'Northfield Analytics, Inc.', street: '2210 Cedar Ridge Blvd, Suite 300', postal_code: '53719', city: 'Madison', country: null, vat_id: null },
    buyer: { name: 'Prairie Wind Cooperative', street: '410 Depot Street', postal_code: '54665', city: 'Viroqua', country: null },
    payment: { iban: null, bic: null },
    net_total: 5022.5, tax_total: 276.24, gross_total: 5298.74,
    line_items: [
      { position: null, description: 'Data pipeline review', quantity: 12.5, unit: null, unit_price: 145, tax_rate: null, net_amount: 1812.5 },
      { position: null, description: 'Dashboard build (Q1 sales)', quantity: 20, unit: null, unit_price: 145, tax_rate: null, net_amount: 2900 },
      { position: null, description: 'Cloud hosting, April', quantity: 1, unit: null, unit_price: 310, tax_rate: null, net_amount: 310 },
    ],
  });
}

function frenchFournisseurClientOcr(): SealedInvoice {
  const p = new OcrPage();
  p.label(60, 50, 'FACTURE', { size: 16, bold: true });
  p.text(60, 72, 'Facture N° FA-2025-0142').text(60, 86, "Date de facture : 28/02/2025").text(60, 100, "Date d'échéance : 30/03/2025");
  p.label(60, 130, 'Fournisseur', { bold: true }).label(320, 130, 'Client', { bold: true });
  p.text(60, 145, 'Atelier Guérin SARL').text(60, 158, '17 rue des Tanneurs').text(60, 171, '69002 Lyon').text(60, 184, 'France');
  p.text(60, 197, 'N° TVA : FR 58 803 214 577', { size: 8.5 }).text(60, 209, 'SIRET : 803 214 577 00021', { size: 8.5 });
  p.text(320, 145, 'Librairie du Vieux Port').text(320, 158, '5 quai de Rive-Neuve').text(320, 171, '13007 Marseille').text(320, 184, 'France');
  const end = grid(p, 250, [
    { head: 'Réf.', x: 60, right: false }, { head: 'Désignation', x: 110, right: false }, { head: 'Qté', x: 330, right: true },
    { head: 'PU HT', x: 400, right: true }, { head: 'TVA', x: 450, right: true }, { head: 'Montant HT', x: 545, right: true },
  ], [
    ['ETG-80', 'Étagère chêne 80 cm', '6', '145,00', '20 %', '870,00'],
    ['LIV-03', 'Catalogue illustré', '10', '12,00', '5,5 %', '120,00'],
    ['PORT', 'Frais de port', '1', '60,00', '20 %', '60,00'],
  ], true);
  const after = rightAlignedSums(p, end + 10, [['Total HT', '1 050,00 €'], ['TVA 20 %', '186,00 €'], ['TVA 5,5 %', '6,60 €'], ['Total TTC', '1 242,60 €']]);
  p.text(60, after + 20, 'Règlement par virement à réception de facture.', { size: 8.5 });
  p.text(60, after + 33, 'IBAN : FR76 3000 4008 2100 0124 7719 285   BIC : BNPAFRPPXXX', { size: 8.5 });
  return probe('invoice-p6-fr-fournisseur-client-ocr', p, true, {
    invoice_number: 'FA-2025-0142', invoice_date: '2025-02-28', delivery_date: null, due_date: '2025-03-30', currency: 'EUR', buyer_reference: null,
    seller: { name: 'Atelier Guérin SARL', street: '17 rue des Tanneurs', postal_code: '69002', city: 'Lyon', country: 'France', vat_id: 'FR 58 803 214 577' },
    buyer: { name: 'Librairie du Vieux Port', street: '5 quai de Rive-Neuve', postal_code: '13007', city: 'Marseille', country: 'France' },
    payment: { iban: 'FR76 3000 4008 2100 0124 7719 285', bic: 'BNPAFRPPXXX' },
    net_total: 1050, tax_total: 192.6, gross_total: 1242.6,
    line_items: [
      { position: null, description: 'Étagère chêne 80 cm', quantity: 6, unit: null, unit_price: 145, tax_rate: 20, net_amount: 870 },
      { position: null, description: 'Catalogue illustré', quantity: 10, unit: null, unit_price: 12, tax_rate: 5.5, net_amount: 120 },
      { position: null, description: 'Frais de port', quantity: 1, unit: null, unit_price: 60, tax_rate: 20, net_amount: 60 },
    ],
  });
}

function dutchSellerColumnRightTotals(): SealedInvoice {
  const p = new OcrPage();
  p.text(380, 50, 'Bakkerij Groen B.V.', { size: 13, bold: true });
  const right = ['Molenstraat 22', '3511 KD Utrecht', 'KvK 81122904', 'BTW-nr. NL862114901B01', 'IBAN NL44 RABO 0318 2277 90', 'BIC RABONL2U'];
  right.forEach((l, i) => p.text(380, 64 + i * 11, l, { size: 8 }));
  p.label(60, 100, 'FACTUUR', { size: 16, bold: true });
  p.label(60, 136, 'Klant', { bold: true });
  p.text(60, 151, 'Hotel De Wolkenkrabber').text(60, 164, 'Kanaalweg 7').text(60, 177, '3526 KL Utrecht');
  infoBlock(p, 320, 410, 151, [['Factuurnummer:', '2025-00391'], ['Factuurdatum:', '11-03-2025'], ['Vervaldatum:', '25-03-2025'], ['Leverdatum:', '10-03-2025']]);
  const end = grid(p, 230, [
    { head: 'Aantal', x: 90, right: true }, { head: 'Omschrijving', x: 110, right: false }, { head: 'Prijs', x: 400, right: true },
    { head: 'BTW', x: 450, right: true }, { head: 'Bedrag', x: 545, right: true },
  ], [
    ['40', 'Croissants', '1,15', '9%', '46,00'],
    ['12', 'Appeltaart (heel)', '18,50', '9%', '222,00'],
    ['1', 'Bezorgkosten', '12,50', '21%', '12,50'],
  ], false);
  const after = rightAlignedSums(p, end + 10, [['Subtotaal', '€ 280,50'], ['BTW 9%', '€ 24,12'], ['BTW 21%', '€ 2,63'], ['Totaal', '€ 307,25']]);
  p.text(60, after + 20, 'Gelieve te betalen binnen 14 dagen onder vermelding van het factuurnummer.', { size: 8.5 });
  return probe('invoice-p7-nl-seller-column-right-totals', p, false, {
    invoice_number: '2025-00391', invoice_date: '2025-03-11', delivery_date: '2025-03-10', due_date: '2025-03-25', currency: 'EUR', buyer_reference: null,
    seller: { name: 'Bakkerij Groen B.V.', street: 'Molenstraat 22', postal_code: '3511 KD', city: 'Utrecht', country: null, vat_id: 'NL862114901B01' },
    buyer: { name: 'Hotel De Wolkenkrabber', street: 'Kanaalweg 7', postal_code: '3526 KL', city: 'Utrecht', country: null },
    payment: { iban: 'NL44 RABO 0318 2277 90', bic: 'RABONL2U' },
    net_total: 280.5, tax_total: 26.75, gross_total: 307.25,
    line_items: [
      { position: null, description: 'Croissants', quantity: 40, unit: null, unit_price: 1.15, tax_rate: 9, net_amount: 46 },
      { position: null, description: 'Appeltaart (heel)', quantity: 12, unit: null, unit_price: 18.5, tax_rate: 9, net_amount: 222 },
      { position: null, description: 'Bezorgkosten', quantity: 1, unit: null, unit_price: 12.5, tax_rate: 21, net_amount: 12.5 },
    ],
  });
}

export const PROBES7_OTHER = [britishBillToShipTo, americanLabelsAboveRightTotals, frenchFournisseurClientOcr, dutchSellerColumnRightTotals] as const;
