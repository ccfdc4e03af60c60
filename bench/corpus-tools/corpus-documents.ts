/**
 * The corpus: each entry is one document's ground truth and how it is printed. Data are drawn
 * from fixed seeds so re-running the generator gives the same documents.
 */
import type { Invoice, LineItem, Statement, Transaction } from './corpus-types.ts';
import { round2, seeded } from './formats.ts';
import type { HtmlInvoiceOptions, HtmlStatementOptions } from './render-html.ts';
import type { FodtInvoiceOptions, MonoStatementOptions } from './render-fodt.ts';
import type { GroffInvoiceOptions, GroffStatementOptions } from './render-groff.ts';

export type CorpusEntry =
  | { id: string; kind: 'invoice'; tool: 'wkhtmltopdf' | 'lo-html'; data: Invoice; html: HtmlInvoiceOptions }
  | { id: string; kind: 'invoice'; tool: 'lo-fodt'; data: Invoice; fodt: FodtInvoiceOptions }
  | { id: string; kind: 'invoice'; tool: 'groff'; data: Invoice; groff: GroffInvoiceOptions }
  | { id: string; kind: 'statement'; tool: 'wkhtmltopdf' | 'lo-html'; data: Statement; html: HtmlStatementOptions }
  | { id: string; kind: 'statement'; tool: 'lo-fodt'; data: Statement; mono: MonoStatementOptions }
  | { id: string; kind: 'statement'; tool: 'groff'; data: Statement; groff: GroffStatementOptions };

const PRODUCTS: [string, number, string?][] = [
  ['Ergonomic office chair, mesh back', 289, 'Colour: graphite, assembly included'],
  ['27" IPS monitor', 219.9],
  ['USB-C docking station', 149.5],
  ['Wireless keyboard and mouse set', 64.99],
  ['Cloud backup subscription (12 months)', 420, 'Plan: Business 2 TB, auto-renew off'],
  ['On-site installation', 95],
  ['Network switch 24-port, managed', 389],
  ['Cat6 patch cable 2 m', 4.2],
  ['Laser printer toner, black', 78.4],
  ['A4 copy paper, 80 g/m², box of 5 reams', 27.95],
  ['Standing desk frame, electric', 455],
  ['Desk lamp LED', 39.9],
  ['Software licence, annual', 299, 'Seats: 5, term 01/2024 to 12/2024'],
  ['Extended warranty 3 years', 120],
  ['Whiteboard 120 x 90 cm', 86.5],
  ['Shipping and handling', 25],
];

const SERVICES: [string, number, string?][] = [
  ['Requirements workshop', 140, 'Two sessions with the operations team'],
  ['Backend development', 125],
  ['Code review and QA', 110],
  ['Project management', 95],
  ['Database migration', 135, 'Including rollback rehearsal'],
  ['Training session (remote)', 90],
];

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)] as T;
}

function lineItems(seed: number, n: number, catalogue: [string, number, string?][], opts: { hours?: boolean; multiline?: boolean } = {}): LineItem[] {
  const rnd = seeded(seed);
  const out: LineItem[] = [];
  for (let i = 0; i < n; i++) {
    const [description, base, more] = catalogue[(i * 7 + Math.floor(rnd() * 3)) % catalogue.length] as [string, number, string?];
    const quantity = opts.hours === true ? Math.round((2 + rnd() * 30) * 2) / 2 : 1 + Math.floor(rnd() * (base < 50 ? 20 : 4));
    const unit_price = round2(base * (0.9 + rnd() * 0.2));
    const item: LineItem = { description, quantity, unit_price, amount: round2(quantity * unit_price) };
    if (opts.multiline === true && more !== undefined) item.more = [more];
    out.push(item);
  }
  return out;
}

const DESCRIPTIONS = ['CARD PAYMENT TESCO STORES 2041', 'Direct debit - City Power & Light', 'ATM withdrawal Main St', 'Transfer to savings', 'Amazon Marketplace', 'Coffee House Ltd', 'Monthly account fee', 'Standing order rent', 'Netflix.com', 'Fuel station Shell 118', 'Pharmacy Plus', 'Online transfer - J. Smith'];

function transactions(seed: number, n: number, start: string, opening: number, opts: { more?: boolean } = {}): Transaction[] {
  const rnd = seeded(seed);
  const out: Transaction[] = [];
  let balance = opening;
  const t0 = Date.parse(`${start}T00:00:00Z`);
  for (let i = 0; i < n; i++) {
    const day = new Date(t0 + Math.floor((i * 28) / n) * 86400000).toISOString().slice(0, 10);
    const salary = i % 13 === 4;
    const amount = salary ? round2(2800 + rnd() * 600) : -round2(3 + rnd() * (rnd() < 0.15 ? 900 : 120));
    balance = round2(balance + amount);
    const t: Transaction = { date: day, description: salary ? 'SALARY ACME CORP PAYROLL' : pick(rnd, DESCRIPTIONS), amount, balance };
    if (opts.more === true && i % 4 === 1) t.more = `Ref ${String(100000 + Math.floor(rnd() * 899999))}`;
    out.push(t);
  }
  return out;
}

const US_LABELS = { title: 'INVOICE', number: 'Invoice #', date: 'Invoice Date', due: 'Due Date', billTo: 'Bill To', subtotal: 'Subtotal', tax: 'Sales Tax (8.25%)', total: 'Total', cols: ['Description', 'Qty', 'Unit Price', 'Amount'] as [string, string, string, string] };

export const CORPUS: CorpusEntry[] = [
  {
    id: 'invoice-01-us-box', kind: 'invoice', tool: 'wkhtmltopdf',
    data: { invoice_number: 'INV-2024-0317', invoice_date: '2024-03-05', due_date: '2024-04-04', currency: 'USD', taxRate: 0.0825,
      vendor: { name: 'Brightline Office Supply Co.', address: ['1450 Commerce Parkway', 'Suite 200', 'Columbus, OH 43215'] },
      customer: { name: 'Harbor View Dental Group', address: ['88 Lakeshore Drive', 'Cleveland, OH 44114'] }, items: lineItems(11, 6, PRODUCTS) },
    html: { labels: US_LABELS, style: { money: 'us', date: 'us-long', amount: '$%', cellAmount: '$%' }, meta: 'box', borders: true, rowsPerPage: 30,
      header: 'Brightline Office Supply Co. | www.brightline-supply.com | (614) 555-0142', footer: 'Thank you for your business. Payment terms: Net 30.', font: 'Liberation Sans, Arial', vendorOnTop: true },
  },
  {
    id: 'invoice-02-de-fodt', kind: 'invoice', tool: 'lo-fodt',
    data: { invoice_number: 'RE-24-00981', invoice_date: '2024-03-15', due_date: '2024-03-29', currency: 'EUR', taxRate: 0.19,
      vendor: { name: 'Müller & Söhne GmbH', address: ['Industriestraße 12', '70565 Stuttgart'] },
      customer: { name: 'Kanzlei Weber Partner mbB', address: ['Königsallee 30', '40212 Düsseldorf'] }, items: lineItems(22, 34, PRODUCTS, { multiline: true }) },
    fodt: { labels: { title: 'RECHNUNG', number: 'Rechnungsnummer', date: 'Rechnungsdatum', due: 'Fällig am', billTo: 'Rechnungsempfänger', subtotal: 'Zwischensumme (netto)', tax: 'MwSt. 19 %', total: 'Gesamtbetrag', cols: ['Bezeichnung', 'Menge', 'Einzelpreis', 'Betrag'] },
      style: { money: 'de', date: 'de-num', amount: '% €', cellAmount: '% €' }, font: 'Liberation Sans', borders: true,
      header: 'Müller & Söhne GmbH · Industriestraße 12 · 70565 Stuttgart', footer: 'USt-IdNr. DE812345678 · IBAN DE89 3704 0044 0532 0130 00' },
  },
  {
    id: 'invoice-03-uk-labels-above', kind: 'invoice', tool: 'lo-html',
    data: { invoice_number: '10442', invoice_date: '2024-02-07', due_date: '2024-03-08', currency: 'GBP', taxRate: 0.2,
      vendor: { name: 'Penrose Digital Ltd', address: ['Unit 4, Albion Works', 'Sheffield S1 4GH', 'United Kingdom'] },
      customer: { name: 'Northgate Housing Association', address: ['2 Castle Street', 'York YO1 9RN'] }, items: lineItems(33, 5, SERVICES, { hours: true }) },
    html: { labels: { title: 'Invoice', number: 'Invoice No.', date: 'Invoice Date', due: 'Due Date', billTo: 'Invoice To', from: 'From', subtotal: 'Subtotal', tax: 'VAT (20%)', total: 'Total Due', cols: ['Description', 'Hours', 'Rate', 'Line Total'] },
      style: { money: 'us', date: 'uk-num', amount: '£%', cellAmount: '£%' }, meta: 'row', borders: false, rowsPerPage: 30,
      header: 'Penrose Digital Ltd — Registered in England No. 09876543', footer: 'VAT Reg. GB 123 4567 89', font: 'Liberation Serif, Times', vendorOnTop: false },
  },
  {
    id: 'invoice-04-groff', kind: 'invoice', tool: 'groff',
    data: { invoice_number: 'A-77120', invoice_date: '2024-01-22', due_date: '2024-02-21', currency: 'USD', taxRate: 0.07,
      vendor: { name: 'Cascade Mechanical Inc.', address: ['3310 Industrial Way', 'Tacoma, WA 98421', 'Tel. (253) 555-0199'] },
      customer: { name: 'Evergreen Property Management', address: ['500 Pine Street, Floor 3', 'Seattle, WA 98101'] }, items: lineItems(44, 7, PRODUCTS, { multiline: true }) },
    groff: { labels: { title: 'INVOICE', number: 'INVOICE NO.', date: 'DATE', due: 'DUE DATE', billTo: 'BILL TO', subtotal: 'SUBTOTAL', tax: 'TAX 7%', total: 'TOTAL DUE', cols: ['DESCRIPTION', 'QTY', 'UNIT PRICE', 'AMOUNT'] },
      style: { money: 'us', date: 'mon-d-y', amount: '$%', cellAmount: '%' }, header: 'Cascade Mechanical Inc.', footer: 'Please include the invoice number with your payment.' },
  },
  {
    id: 'invoice-05-multipage', kind: 'invoice', tool: 'wkhtmltopdf',
    data: { invoice_number: '2024-000415', invoice_date: '2024-05-02', due_date: '2024-06-01', currency: 'USD', taxRate: 0.06,
      vendor: { name: 'Summit Lab Equipment LLC', address: ['77 Research Blvd', 'Austin, TX 78758'] },
      customer: { name: 'Riverbend University, Dept. of Chemistry', address: ['1200 College Ave', 'Denton, TX 76201'] }, items: lineItems(55, 40, PRODUCTS) },
    html: { labels: { title: 'Invoice', number: 'Invoice Number', date: 'Issue Date', due: 'Payment Due', billTo: 'Billed To', from: 'Seller', subtotal: 'Subtotal', tax: 'Tax 6%', total: 'Amount Due', cols: ['Item', 'Quantity', 'Price', 'Total'] },
      style: { money: 'us', date: 'iso', amount: 'USD %', cellAmount: '%' }, meta: 'lines', borders: true, rowsPerPage: 17,
      header: 'Summit Lab Equipment LLC — Invoice 2024-000415', footer: 'Questions? billing@summitlab.example', font: 'DejaVu Sans, Verdana', vendorOnTop: false },
  },
  {
    id: 'invoice-06-fr-fodt', kind: 'invoice', tool: 'lo-fodt',
    data: { invoice_number: 'F2024-0153', invoice_date: '2024-04-10', due_date: '2024-05-10', currency: 'EUR', taxRate: 0.2,
      vendor: { name: 'Atelier Lumière SARL', address: ['14 rue des Tanneurs', '69002 Lyon'] },
      customer: { name: 'Hôtel du Parc', address: ['3 avenue Foch', '75116 Paris'] }, items: lineItems(66, 6, PRODUCTS) },
    fodt: { labels: { title: 'FACTURE', number: 'Facture n°', date: 'Date de facture', due: "Date d'échéance", billTo: 'Facturé à', subtotal: 'Total HT', tax: 'TVA 20 %', total: 'Total TTC', cols: ['Désignation', 'Qté', 'Prix unitaire', 'Montant'] },
      style: { money: 'fr', date: 'fr-long', amount: '% €', cellAmount: '% €' }, font: 'DejaVu Serif', borders: false,
      header: 'Atelier Lumière SARL — SIRET 123 456 789 00012', footer: 'Pénalités de retard : 3 fois le taux légal' },
  },
  {
    id: 'invoice-07-consulting-ca', kind: 'invoice', tool: 'wkhtmltopdf',
    data: { invoice_number: 'CX-5521', invoice_date: '2024-06-03', due_date: '2024-06-17', currency: 'CAD', taxRate: 0.13,
      vendor: { name: 'Maple Byte Consulting', address: ['220 King St W', 'Toronto, ON M5H 1K4'] },
      customer: { name: 'Lakeside Logistics Inc.', address: ['15 Harbour Road', 'Hamilton, ON L8L 1A1'] }, items: lineItems(77, 5, SERVICES, { hours: true, multiline: true }) },
    html: { labels: { title: 'INVOICE', number: 'Invoice No:', date: 'Date:', due: 'Due:', billTo: 'Client', subtotal: 'Subtotal', tax: 'HST 13%', total: 'Total (CAD)', cols: ['Service', 'Hours', 'Rate', 'Amount'] },
      style: { money: 'us', date: 'short-dmy', amount: '$%', cellAmount: '%' }, meta: 'box', borders: false, rowsPerPage: 30,
      header: 'Maple Byte Consulting · GST/HST No. 81234 5678 RT0001', footer: 'All amounts in CAD. E-transfer to pay@maplebyte.example', font: 'Liberation Sans, Arial', vendorOnTop: true },
  },
  {
    id: 'invoice-08-au-tax-invoice', kind: 'invoice', tool: 'lo-html',
    data: { invoice_number: '000873', invoice_date: '2024-07-19', due_date: '2024-08-02', currency: 'AUD', taxRate: 0.1,
      vendor: { name: 'Coastal Print & Signage Pty Ltd', address: ['9 Wharf Street', 'Fremantle WA 6160'] },
      customer: { name: 'Sunset Surf School', address: ['1 Beach Road', 'Scarborough WA 6019'] }, items: lineItems(88, 4, PRODUCTS) },
    html: { labels: { title: 'TAX INVOICE', number: 'Invoice Number', date: 'Invoice Date', due: 'Due Date', billTo: 'Bill To', subtotal: 'Subtotal (ex GST)', tax: 'GST (10%)', total: 'Balance Due', cols: ['Product', 'Quantity', 'Unit Cost', 'Total'] },
      style: { money: 'us', date: 'uk-num', amount: 'A$%', cellAmount: '%' }, meta: 'lines', borders: true, rowsPerPage: 30,
      header: 'Coastal Print & Signage Pty Ltd  ABN 12 345 678 901', footer: 'Bank: Westpac BSB 036-001 Acc 123456', font: 'Liberation Sans, Arial', vendorOnTop: true },
  },
  {
    id: 'invoice-09-groff-eur', kind: 'invoice', tool: 'groff',
    data: { invoice_number: 'NL-2024-118', invoice_date: '2024-09-30', due_date: '2024-10-30', currency: 'EUR', taxRate: 0.21,
      vendor: { name: 'Van Dijk Studio B.V.', address: ['Keizersgracht 221', '1016 DV Amsterdam', 'Netherlands'] },
      customer: { name: 'Blue Fjord AS', address: ['Bryggen 5', '5003 Bergen, Norway'] }, items: lineItems(99, 3, SERVICES, { hours: true }) },
    groff: { labels: { title: 'Invoice', number: 'Document No.', date: 'Date of issue', due: 'Due by', billTo: 'Customer', subtotal: 'Net total', tax: 'VAT 21%', total: 'Total', cols: ['Description', 'Hours', 'Rate', 'Amount'] },
      style: { money: 'us', date: 'short-dmy', amount: '€ %', cellAmount: '€ %' }, header: 'Van Dijk Studio B.V. - KvK 87654321', footer: 'IBAN NL91 ABNA 0417 1643 00' },
  },
];

const BANK_LABELS = { title: 'Account Statement', holder: 'Account Holder', account: 'Account Number', period: 'Statement Period', opening: 'Opening Balance', closing: 'Closing Balance' };

CORPUS.push(
  {
    id: 'statement-01-us-split-columns', kind: 'statement', tool: 'wkhtmltopdf',
    data: { account_holder: 'Jordan A. Rivera', holderAddress: ['412 Elm Street', 'Madison, WI 53703'], account_number: '4410-2290-7781',
      bank: { name: 'First Lakes Bank', address: ['100 Capitol Square', 'Madison, WI 53701'] }, start: '2024-03-01', end: '2024-03-31', opening_balance: 3120.55,
      transactions: transactions(101, 34, '2024-03-01', 3120.55) },
    html: { style: { money: 'us', date: 'us-num', amount: '$%', cellAmount: '%' }, font: 'Liberation Sans, Arial', borders: false, rowsPerPage: 22, split: true,
      header: 'First Lakes Bank — Member FDIC', footer: 'Questions? Call 1-800-555-0100', labels: { ...BANK_LABELS, cols: ['Date', 'Description', 'Withdrawals', 'Deposits', 'Balance'] } },
  },
  {
    id: 'statement-02-mono', kind: 'statement', tool: 'lo-fodt',
    data: { account_holder: 'Priya Natarajan', holderAddress: ['Flat 3, 27 Westgate Road', 'Leeds LS1 4PL'], account_number: '20-45-77 61234598',
      bank: { name: 'Pennine Building Society', address: ['Pennine House, Halifax HX1 2RG'] }, start: '2024-04-01', end: '2024-04-30', opening_balance: 1544.2,
      transactions: transactions(202, 52, '2024-04-01', 1544.2, { more: true }) },
    mono: { style: { money: 'us', date: 'short-dmy', amount: '%', cellAmount: '%' }, header: 'Pennine Building Society - Current Account Statement', footer: 'Pennine Building Society is authorised by the PRA',
      labels: { title: 'STATEMENT OF ACCOUNT', holder: 'Account name', account: 'Account no.', period: 'Period', opening: 'Balance brought forward', closing: 'Balance carried forward', cols: ['Date', 'Details', 'Amount', 'Balance'] } },
  },
  {
    id: 'statement-03-groff', kind: 'statement', tool: 'groff',
    data: { account_holder: 'Lena Hoffmann', holderAddress: ['Schillerstraße 8', '10625 Berlin'], account_number: 'DE44 5001 0517 5407 3249 31',
      bank: { name: 'Nordstern Direktbank', address: ['Postfach 1020', '20095 Hamburg'] }, start: '2024-05-01', end: '2024-05-31', opening_balance: 812.4,
      transactions: transactions(303, 56, '2024-05-01', 812.4) },
    groff: { style: { money: 'us', date: 'iso', amount: 'EUR %', cellAmount: '%' }, header: 'Nordstern Direktbank - Statement of account', footer: 'Nordstern Direktbank AG, Hamburg',
      labels: { title: 'Statement of Account', holder: 'Account Owner', account: 'IBAN', period: 'Statement period', opening: 'Starting balance', closing: 'Ending balance', cols: ['Posting Date', 'Description', 'Amount', 'Balance'] } },
  },
  {
    id: 'statement-04-uk-card', kind: 'statement', tool: 'lo-html',
    data: { account_holder: 'Thomas Okafor', holderAddress: ['9 Mill Lane', 'Bristol BS1 5AA'], account_number: '5412 **** **** 7765',
      bank: { name: 'Severn Card Services', address: ['PO Box 400', 'Bristol BS99 1AA'] }, start: '2024-06-05', end: '2024-07-04', opening_balance: 245.1,
      transactions: transactions(404, 18, '2024-06-05', 245.1, { more: true }) },
    html: { style: { money: 'us', date: 'short-dmy', amount: '£%', cellAmount: '£%' }, font: 'Liberation Serif, Times', borders: true, rowsPerPage: 40, split: false,
      header: 'Severn Card Services', footer: 'Severn Card Services Ltd is authorised and regulated by the FCA',
      labels: { title: 'Transaction History', holder: 'Cardholder', account: 'Card number', period: 'Billing period', opening: 'Previous balance', closing: 'New balance', cols: ['Transaction Date', 'Description', 'Amount', 'Balance'] } },
  },
  {
    id: 'statement-05-de-kontoauszug', kind: 'statement', tool: 'wkhtmltopdf',
    data: { account_holder: 'Markus Schneider', holderAddress: ['Lindenweg 4', '80331 München'], account_number: '0123456789',
      bank: { name: 'Alpenland Sparkasse', address: ['Marienplatz 1', '80331 München'] }, start: '2024-08-01', end: '2024-08-31', opening_balance: 2210,
      transactions: transactions(505, 24, '2024-08-01', 2210) },
    html: { style: { money: 'de', date: 'de-num', amount: '% EUR', cellAmount: '%' }, font: 'DejaVu Sans, Verdana', borders: true, rowsPerPage: 30, split: false,
      header: 'Alpenland Sparkasse · BIC ALPSDEMMXXX', footer: 'Bitte prüfen Sie Ihren Kontoauszug',
      labels: { title: 'Kontoauszug', holder: 'Kontoinhaber', account: 'Kontonummer', period: 'Zeitraum', opening: 'Anfangssaldo', closing: 'Endsaldo', cols: ['Datum', 'Verwendungszweck', 'Betrag', 'Saldo'] } },
  },
);
