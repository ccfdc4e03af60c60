/**
 * The first sealed holdout set (bench/corpora/sealed1): invoices in a style none of the tuning
 * sets has, drawn with pdf-lib through ocr-page.ts. Scanned-looking OCR text layers (one run per
 * word, wandering baselines, uneven gaps, split label words), two-column headers, totals blocks
 * whose labels are right-aligned against their amounts, German/French/Spanish/Italian/English
 * labels with section headings naming the parties, invoice numbers that look like numbers, and
 * dates inside sentences ("vom 05.03.2018").
 *
 * Sealed: measured once before a round of extractor changes and once after; never tuned on.
 */
import { OcrPage } from './ocr-page.ts';

interface SealedItem { description: string; quantity: number; unit_price: number }

export interface SealedInvoice {
  id: string;
  page: OcrPage;
  scanned: boolean;
  expected: Record<string, unknown>;
  /** The schema the truth follows, in bench/corpora/schemas/ (invoice.schema.json when absent). */
  schema?: string;
}

export interface Truth {
  invoice_number: string;
  invoice_date: string;
  due_date: string | null;
  currency: string;
  vendor: { name: string; address: string[] };
  customer: { name: string; address: string[] };
  items: SealedItem[];
  taxRate: number;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function amounts(t: Truth): { lines: number[]; subtotal: number; tax: number; total: number } {
  const lines = t.items.map((i) => round2(i.quantity * i.unit_price));
  const subtotal = round2(lines.reduce((s, a) => s + a, 0));
  const tax = round2(subtotal * t.taxRate);
  return { lines, subtotal, tax, total: round2(subtotal + tax) };
}

export function truthOf(t: Truth): Record<string, unknown> {
  const a = amounts(t);
  return {
    invoice_number: t.invoice_number,
    invoice_date: t.invoice_date,
    due_date: t.due_date,
    currency: t.currency,
    vendor: { name: t.vendor.name, address: t.vendor.address.join(', ') },
    customer: { name: t.customer.name, address: t.customer.address.join(', ') },
    subtotal: a.subtotal,
    tax: a.tax,
    total: a.total,
    line_items: t.items.map((i, n) => ({ description: i.description, quantity: i.quantity, unit_price: i.unit_price, amount: a.lines[n] })),
  };
}

/** 1234.5 → "1.234,50" (sep "." dec ","), "1,234.50", "1 234,50"… */
function money(n: number, group: string, decimal: string): string {
  const [int = '0', frac = '00'] = Math.abs(n).toFixed(2).split('.');
  return `${n < 0 ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, group)}${decimal}${frac}`;
}
export const de = (n: number): string => money(n, '.', ',');
const fr = (n: number): string => money(n, ' ', ',');
export const en = (n: number): string => money(n, ',', '.');
const qty = (n: number, decimal: string): string => (Number.isInteger(n) ? String(n) : String(n).replace('.', decimal));

interface TableSpec {
  top: number;
  heads: [string, string, string, string];
  /** Right edges of quantity, unit price and amount; description starts at 60. */
  cols: [number, number, number];
  fmt: (n: number) => string;
  decimal: string;
  ruled: boolean;
  position?: string;
}

/** Items table; returns the y under its last row. */
export function table(p: OcrPage, t: Truth, spec: TableSpec): number {
  const a = amounts(t);
  const descX = spec.position === undefined ? 60 : 90;
  if (spec.position !== undefined) p.label(60, spec.top, spec.position, { bold: true });
  p.label(descX, spec.top, spec.heads[0], { bold: true });
  spec.heads.slice(1).forEach((h, i) => p.right(spec.cols[i] ?? 0, spec.top, h, { bold: true, label: true }));
  if (spec.ruled) p.rule(55, spec.top + 4, 545, spec.top + 4);
  let y = spec.top + 18;
  t.items.forEach((item, n) => {
    if (spec.position !== undefined) p.text(60, y, String(n + 1));
    p.text(descX, y, item.description);
    p.right(spec.cols[0], y, qty(item.quantity, spec.decimal));
    p.right(spec.cols[1], y, spec.fmt(item.unit_price));
    p.right(spec.cols[2], y, spec.fmt(a.lines[n] ?? 0));
    if (spec.ruled) p.rule(55, y + 5, 545, y + 5);
    y += 16;
  });
  return y;
}

/** Totals at the right: labels right-aligned against a gutter, amounts right-aligned at the margin. */
export function totals(p: OcrPage, top: number, rows: Array<[string, string]>, labelRight = 440, valueRight = 545): void {
  rows.forEach(([label, value], i) => {
    const last = i === rows.length - 1;
    p.right(labelRight, top + i * 15, label, { bold: last, label: true });
    p.right(valueRight, top + i * 15, value, { bold: last });
  });
}

function deVerkaeufer(): SealedInvoice {
  const t: Truth = {
    invoice_number: '2018047', invoice_date: '2018-03-05', due_date: '2018-03-19', currency: 'EUR',
    vendor: { name: 'Kessler Haustechnik GmbH', address: ['Lindenstraße 14', '34117 Kassel'] },
    customer: { name: 'Wohnbau Nordhessen eG', address: ['Am Weinberg 3', '34131 Kassel'] },
    items: [
      { description: 'Wartung Gasbrennwertkessel', quantity: 1, unit_price: 189 },
      { description: 'Austausch Umwälzpumpe', quantity: 1, unit_price: 246.5 },
      { description: 'Arbeitszeit Monteur', quantity: 3.5, unit_price: 58 },
    ],
    taxRate: 0.19,
  };
  const a = amounts(t);
  const p = new OcrPage();
  p.label(60, 70, 'Verkäufer', { bold: true }).label(320, 70, 'Käufer', { bold: true });
  p.label(60, 86, 'Name:').text(110, 86, t.vendor.name).label(320, 86, 'Name:').text(370, 86, t.customer.name);
  p.label(60, 100, 'Anschrift:').text(110, 100, t.vendor.address[0] ?? '').label(320, 100, 'Anschrift:').text(370, 100, t.customer.address[0] ?? '');
  p.text(110, 114, t.vendor.address[1] ?? '').text(370, 114, t.customer.address[1] ?? '');
  p.label(60, 160, 'Rechnung Nr.', { size: 13, bold: true }).text(150, 160, `${t.invoice_number} vom 05.03.2018`, { size: 13, bold: true });
  p.label(60, 180, 'Zahlbar ohne Abzug bis zum').text(190, 180, '19.03.2018');
  p.label(60, 194, 'Währung:').text(110, 194, 'EUR');
  const end = table(p, t, { top: 230, heads: ['Bezeichnung', 'Menge', 'Einzelpreis', 'Gesamtpreis'], cols: [370, 450, 545], fmt: de, decimal: ',', ruled: true, position: 'Pos.' });
  totals(p, end + 16, [['Nettobetrag', `${de(a.subtotal)} €`], ['zzgl. 19 % MwSt.', `${de(a.tax)} €`], ['Rechnungsbetrag', `${de(a.total)} €`]]);
  p.text(60, 780, 'Kessler Haustechnik GmbH · Amtsgericht Kassel HRB 4711 · USt-IdNr. DE 298 473 001', { size: 7 });
  return { id: 'invoice-s1-de-parties-in-sections', page: p, scanned: true, expected: truthOf(t) };
}

function enTwoColumnHeader(): SealedInvoice {
  const t: Truth = {
    invoice_number: '100234', invoice_date: '2019-03-07', due_date: '2019-04-06', currency: 'USD',
    vendor: { name: 'Harbor Point Analytics LLC', address: ['2200 Western Ave, Suite 410', 'Seattle, WA 98121'] },
    customer: { name: 'Cascade Outdoor Supply Inc.', address: ['88 Ridge Road', 'Bend, OR 97701'] },
    items: [
      { description: 'Data pipeline audit', quantity: 12, unit_price: 145 },
      { description: 'Dashboard build (fixed fee)', quantity: 1, unit_price: 2400 },
      { description: 'Training session, remote', quantity: 2, unit_price: 375 },
    ],
    taxRate: 0,
  };
  const a = amounts(t);
  const p = new OcrPage();
  p.text(60, 60, t.vendor.name, { size: 14, bold: true }).label(380, 60, 'INVOICE', { size: 16, bold: true });
  p.text(60, 78, t.vendor.address[0] ?? '').label(380, 84, 'Invoice No.').right(545, 84, t.invoice_number);
  p.text(60, 92, t.vendor.address[1] ?? '').label(380, 98, 'Invoice Date').right(545, 98, 'March 7, 2019');
  p.label(380, 112, 'Payment Due').right(545, 112, 'April 6, 2019');
  p.label(380, 126, 'Amount Due').right(545, 126, `$${en(a.total)}`);
  p.label(60, 150, 'Bill to', { bold: true });
  p.text(60, 164, t.customer.name).text(60, 178, t.customer.address[0] ?? '').text(60, 192, t.customer.address[1] ?? '');
  const end = table(p, t, { top: 230, heads: ['Service', 'Hours/Qty', 'Rate', 'Line Total'], cols: [360, 450, 545], fmt: en, decimal: '.', ruled: false });
  totals(p, end + 16, [['Subtotal', `$${en(a.subtotal)}`], ['Sales tax (0%)', `$${en(a.tax)}`], ['Total (USD)', `$${en(a.total)}`]]);
  p.text(60, 760, 'Thank you for your business. Please include the invoice number with your payment.', { size: 8 });
  return { id: 'invoice-s2-en-two-column-header', page: p, scanned: true, expected: truthOf(t) };
}

function frFournisseur(): SealedInvoice {
  const t: Truth = {
    invoice_number: '20190312', invoice_date: '2019-03-12', due_date: '2019-04-11', currency: 'EUR',
    vendor: { name: 'Atelier Lumière SARL', address: ['17 rue des Tanneurs', '69002 Lyon'] },
    customer: { name: 'Hôtel des Célestins', address: ['4 place des Célestins', '69002 Lyon'] },
    items: [
      { description: 'Luminaire suspendu laiton', quantity: 6, unit_price: 212 },
      { description: 'Pose et raccordement', quantity: 6, unit_price: 45 },
    ],
    taxRate: 0.2,
  };
  const a = amounts(t);
  const p = new OcrPage();
  p.label(60, 64, 'Fournisseur', { bold: true }).label(330, 64, 'Client', { bold: true });
  p.text(60, 80, t.vendor.name).text(330, 80, t.customer.name);
  p.text(60, 94, t.vendor.address[0] ?? '').text(330, 94, t.customer.address[0] ?? '');
  p.text(60, 108, t.vendor.address[1] ?? '').text(330, 108, t.customer.address[1] ?? '');
  p.label(60, 150, 'FACTURE', { size: 15, bold: true });
  p.label(60, 172, 'Numéro de facture').label(200, 172, 'Date de facture').label(330, 172, 'Date d\'échéance').label(460, 172, 'Devise');
  p.text(60, 186, t.invoice_number).text(200, 186, '12/03/2019').text(330, 186, '11/04/2019').text(460, 186, 'EUR');
  const end = table(p, t, { top: 230, heads: ['Désignation', 'Qté', 'Prix unitaire HT', 'Montant HT'], cols: [340, 450, 545], fmt: fr, decimal: ',', ruled: true });
  totals(p, end + 16, [['Total HT', `${fr(a.subtotal)} €`], ['TVA 20 %', `${fr(a.tax)} €`], ['Total TTC', `${fr(a.total)} €`]]);
  p.text(60, 770, 'SIRET 812 473 000 00019 · TVA intracommunautaire FR 47 812473000', { size: 7 });
  return { id: 'invoice-s3-fr-labels-above-grid', page: p, scanned: true, expected: truthOf(t) };
}

function esProveedor(): SealedInvoice {
  const t: Truth = {
    invoice_number: '000473', invoice_date: '2018-03-05', due_date: '2018-04-04', currency: 'EUR',
    vendor: { name: 'Suministros Levante S.L.', address: ['Calle de Colón 22', '46004 Valencia'] },
    customer: { name: 'Clínica Dental Ruzafa', address: ['Calle Sueca 61', '46006 Valencia'] },
    items: [
      { description: 'Guantes de nitrilo (caja 100)', quantity: 20, unit_price: 7.9 },
      { description: 'Mascarillas quirúrgicas (caja 50)', quantity: 15, unit_price: 4.25 },
      { description: 'Desinfectante de superficies 5 l', quantity: 4, unit_price: 23.6 },
    ],
    taxRate: 0.21,
  };
  const a = amounts(t);
  const p = new OcrPage();
  p.label(60, 60, 'FACTURA', { size: 16, bold: true });
  p.label(60, 80, 'Factura nº').text(115, 80, `${t.invoice_number} de fecha 05/03/2018`);
  p.label(60, 94, 'Vencimiento:').text(125, 94, '04/04/2018');
  p.label(60, 130, 'Datos del proveedor', { bold: true }).label(320, 130, 'Datos del cliente', { bold: true });
  p.label(60, 146, 'Razón social:').text(130, 146, t.vendor.name).label(320, 146, 'Razón social:').text(390, 146, t.customer.name);
  p.label(60, 160, 'Dirección:').text(130, 160, t.vendor.address.join(', ')).label(320, 160, 'Dirección:').text(390, 160, t.customer.address.join(', '));
  p.label(60, 174, 'CIF:').text(130, 174, 'B46847300').label(320, 174, 'NIF:').text(390, 174, 'B97047311');
  const end = table(p, t, { top: 220, heads: ['Concepto', 'Cantidad', 'Precio', 'Importe'], cols: [380, 460, 545], fmt: de, decimal: ',', ruled: true });
  totals(p, end + 16, [['Base imponible', `${de(a.subtotal)} €`], ['IVA 21%', `${de(a.tax)} €`], ['Total factura', `${de(a.total)} €`]]);
  return { id: 'invoice-s4-es-sentence-date', page: p, scanned: true, expected: truthOf(t) };
}

function itFornitore(): SealedInvoice {
  const t: Truth = {
    invoice_number: '473', invoice_date: '2020-10-02', due_date: '2020-11-01', currency: 'EUR',
    vendor: { name: 'Tipografia Bernardi S.r.l.', address: ['Via Emilia 118', '40026 Imola (BO)'] },
    customer: { name: 'Cantina Colli Imolesi', address: ['Via Montanara 9', '40026 Imola (BO)'] },
    items: [
      { description: 'Etichette vino stampa a caldo', quantity: 5000, unit_price: 0.12 },
      { description: 'Impianto stampa', quantity: 1, unit_price: 85 },
    ],
    taxRate: 0.22,
  };
  const a = amounts(t);
  const p = new OcrPage();
  p.label(330, 60, 'Fornitore', { bold: true });
  p.text(330, 76, t.vendor.name).text(330, 90, t.vendor.address[0] ?? '').text(330, 104, t.vendor.address[1] ?? '');
  p.label(60, 60, 'Spett.le', { bold: true });
  p.text(60, 76, t.customer.name).text(60, 90, t.customer.address[0] ?? '').text(60, 104, t.customer.address[1] ?? '');
  p.label(60, 150, 'Fattura n.', { size: 13, bold: true }).text(130, 150, `${t.invoice_number} del 02/10/2020`, { size: 13, bold: true });
  p.label(60, 170, 'Scadenza pagamento:').text(170, 170, '01/11/2020');
  const end = table(p, t, { top: 210, heads: ['Descrizione', 'Quantità', 'Prezzo unitario', 'Importo'], cols: [360, 450, 545], fmt: de, decimal: ',', ruled: false });
  totals(p, end + 16, [['Imponibile', `€ ${de(a.subtotal)}`], ['IVA 22%', `€ ${de(a.tax)}`], ['Totale documento', `€ ${de(a.total)}`]]);
  return { id: 'invoice-s5-it-vendor-right', page: p, scanned: false, expected: truthOf(t) };
}

function deLieferant(): SealedInvoice {
  const t: Truth = {
    invoice_number: '47300', invoice_date: '2021-04-12', due_date: null, currency: 'EUR',
    vendor: { name: 'Lieferant Nord GmbH', address: ['Hafenweg 2', '20457 Hamburg'] },
    customer: { name: 'Bäckerei Stolz KG', address: ['Mühlenkamp 31', '22303 Hamburg'] },
    items: [
      { description: 'Weizenmehl Type 550, 25 kg', quantity: 12, unit_price: 16.4 },
      { description: 'Roggenmehl Type 1150, 25 kg', quantity: 6, unit_price: 18.9 },
    ],
    taxRate: 0.07,
  };
  const a = amounts(t);
  const p = new OcrPage();
  p.label(60, 60, 'Lieferant', { bold: true }).label(320, 60, 'Rechnungsempfänger', { bold: true });
  p.text(60, 76, t.vendor.name).text(320, 76, t.customer.name);
  p.text(60, 90, t.vendor.address[0] ?? '').text(320, 90, t.customer.address[0] ?? '');
  p.text(60, 104, t.vendor.address[1] ?? '').text(320, 104, t.customer.address[1] ?? '');
  p.label(60, 140, 'Rechnungsnummer:').text(160, 140, t.invoice_number).label(320, 140, 'Datum:').text(380, 140, '12. April 2021');
  const end = table(p, t, { top: 180, heads: ['Artikel', 'Anzahl', 'Preis', 'Betrag'], cols: [380, 460, 545], fmt: de, decimal: ',', ruled: false });
  totals(p, end + 16, [['Summe netto', de(a.subtotal)], ['USt 7 %', de(a.tax)], ['Gesamt EUR', de(a.total)]]);
  p.text(60, 740, 'Zahlbar sofort ohne Abzug. Es gelten unsere Lieferbedingungen.', { size: 8 });
  return { id: 'invoice-s6-de-no-due-date', page: p, scanned: true, expected: truthOf(t) };
}

function ukSupplier(): SealedInvoice {
  const t: Truth = {
    invoice_number: '88412', invoice_date: '2022-06-14', due_date: '2022-07-14', currency: 'GBP',
    vendor: { name: 'Greenway Facilities Ltd', address: ['Unit 7, Mill Lane Estate', 'Leeds LS12 4HB'] },
    customer: { name: 'Harrogate Grammar Trust', address: ['Arthurs Avenue', 'Harrogate HG2 0DZ'] },
    items: [
      { description: 'Grounds maintenance, June', quantity: 1, unit_price: 1450 },
      { description: 'Hedge cutting (per metre)', quantity: 120, unit_price: 1.85 },
      { description: 'Green waste removal', quantity: 3, unit_price: 65 },
    ],
    taxRate: 0.2,
  };
  const a = amounts(t);
  const p = new OcrPage();
  p.label(60, 60, 'VAT INVOICE', { size: 15, bold: true });
  p.label(60, 90, 'Supplier', { bold: true }).label(230, 90, 'Customer', { bold: true }).label(400, 90, 'Invoice details', { bold: true });
  p.text(60, 106, t.vendor.name).text(230, 106, t.customer.name).label(400, 106, 'Invoice number').right(545, 106, t.invoice_number);
  p.text(60, 120, t.vendor.address[0] ?? '').text(230, 120, t.customer.address[0] ?? '').label(400, 120, 'Tax point').right(545, 120, '14/06/2022');
  p.text(60, 134, t.vendor.address[1] ?? '').text(230, 134, t.customer.address[1] ?? '').label(400, 134, 'Payment due').right(545, 134, '14/07/2022');
  const end = table(p, t, { top: 180, heads: ['Description', 'Qty', 'Unit price', 'Net'], cols: [360, 450, 545], fmt: en, decimal: '.', ruled: true });
  totals(p, end + 16, [['Total net', `£${en(a.subtotal)}`], ['VAT @ 20%', `£${en(a.tax)}`], ['Total due', `£${en(a.total)}`]]);
  p.text(60, 770, 'VAT reg. no. GB 473 1881 20 · Company no. 08841273', { size: 7 });
  return { id: 'invoice-s7-uk-three-column-header', page: p, scanned: true, expected: truthOf(t) };
}

function frClientFirst(): SealedInvoice {
  const t: Truth = {
    invoice_number: '2024117', invoice_date: '2024-01-17', due_date: '2024-02-16', currency: 'EUR',
    vendor: { name: 'Boulangerie Marchand', address: ['3 avenue Jean Jaurès', '33000 Bordeaux'] },
    customer: { name: 'Comité des fêtes de Talence', address: ['Place Alcala de Henares', '33400 Talence'] },
    items: [
      { description: 'Galettes des rois (8 parts)', quantity: 25, unit_price: 18.5 },
      { description: 'Livraison', quantity: 1, unit_price: 15 },
    ],
    taxRate: 0.055,
  };
  const a = amounts(t);
  const p = new OcrPage();
  p.label(60, 60, 'Facturé à', { bold: true });
  p.text(60, 76, t.customer.name).text(60, 90, t.customer.address[0] ?? '').text(60, 104, t.customer.address[1] ?? '');
  p.label(330, 60, 'Émetteur', { bold: true });
  p.text(330, 76, t.vendor.name).text(330, 90, t.vendor.address[0] ?? '').text(330, 104, t.vendor.address[1] ?? '');
  p.label(60, 150, 'Facture n°', { size: 13, bold: true }).text(140, 150, t.invoice_number, { size: 13, bold: true });
  p.label(60, 168, 'Émise le 17 janvier 2024, payable au plus tard le 16 février 2024.');
  const end = table(p, t, { top: 210, heads: ['Article', 'Quantité', 'P.U. HT', 'Total HT'], cols: [380, 460, 545], fmt: fr, decimal: ',', ruled: false });
  totals(p, end + 16, [['Montant HT', fr(a.subtotal)], ['TVA 5,5 %', fr(a.tax)], ['Net à payer (EUR)', fr(a.total)]]);
  return { id: 'invoice-s8-fr-dates-in-prose', page: p, scanned: true, expected: truthOf(t) };
}

export const SEALED1_INVOICES: ReadonlyArray<() => SealedInvoice> = [
  deVerkaeufer, enTwoColumnHeader, frFournisseur, esProveedor, itFornitore, deLieferant, ukSupplier, frClientFirst,
];
