/**
 * Writes the example PDFs in examples/<name>/document.pdf. Deterministic (fixed dates, values
 * computed from the row number), so re-running reproduces the committed files byte for byte.
 * They are deliberately unlike the test fixtures: other companies, layouts, currencies and
 * date formats, so the examples show what LOCAL does on documents it was not tuned on.
 *
 * Run: cd /work/main && node_modules/.bin/node examples/make-examples.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { money, wrap } from '../test/fixtures/pdf-drawing.ts';

const OUT = import.meta.dirname;
const FIXED_DATE = new Date(Date.UTC(2025, 4, 20, 8, 30, 0));
const A4: [number, number] = [595, 842];
const LETTER: [number, number] = [612, 792];
const GREY = rgb(0.35, 0.35, 0.35);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

async function newDoc(title: string): Promise<{ doc: PDFDocument; fonts: Fonts }> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(title);
  doc.setProducer('paperjson examples');
  doc.setCreator('examples/make-examples.ts');
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  return { doc, fonts: { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) } };
}

async function save(doc: PDFDocument, name: string): Promise<void> {
  writeFileSync(join(OUT, name, 'document.pdf'), await doc.save());
}

function text(page: PDFPage, value: string, x: number, y: number, font: PDFFont, size: number, color = rgb(0, 0, 0)): void {
  page.drawText(value, { x, y, size, font, color });
}

function right(page: PDFPage, value: string, rightX: number, y: number, font: PDFFont, size: number): void {
  page.drawText(value, { x: rightX - font.widthOfTextAtSize(value, size), y, size, font });
}

// ---------------------------------------------------------------- invoice: two pages of line items

const PRODUCTS: Array<[sku: string, description: string, unitCents: number]> = [
  ['HL-1001', 'Borosilicate beaker 250 ml, pack of 12', 3840],
  ['HL-1017', 'Nitrile gloves, size M, box of 100', 1295],
  ['HL-2040', 'Micropipette tips 200 ul, rack of 96', 875],
  ['HL-2210', 'Centrifuge tubes 50 ml, sterile, pack of 25', 1460],
  ['HL-3005', 'Digital thermometer, -50 to 300 C', 4990],
  ['HL-3120', 'Magnetic stir bar set, 8 pieces', 2275],
  ['HL-4002', 'Safety goggles, anti-fog', 1150],
  ['HL-4410', 'Lab coat, cotton, size L', 3400],
  ['HL-5003', 'Petri dishes 90 mm, pack of 20', 690],
  ['HL-5100', 'Wash bottle 500 ml, LDPE', 455],
  ['HL-6021', 'Parafilm M, 10 cm x 38 m', 3125],
];

const INVOICE_ITEMS = Array.from({ length: 30 }, (_, i) => {
  const [sku, description, unitCents] = PRODUCTS[i % PRODUCTS.length]!;
  const quantity = ((i * 7) % 9) + 1;
  return { line: i + 1, sku: `${sku}-${String.fromCharCode(65 + (i % 4))}`, description, quantity, unitCents, amountCents: quantity * unitCents };
});

async function makeInvoice(): Promise<void> {
  const { doc, fonts } = await newDoc('Invoice 2025-05-0137');
  const { regular, bold } = fonts;
  const cols = { line: 40, sku: 62, description: 130, qtyRight: 395, unitRight: 470, amountRight: 555 };
  const headerRow = (page: PDFPage, y: number) => {
    page.drawRectangle({ x: 36, y: y - 5, width: 523, height: 16, color: rgb(0.9, 0.92, 0.96) });
    text(page, 'No.', cols.line, y, bold, 8.5);
    text(page, 'Item code', cols.sku, y, bold, 8.5);
    text(page, 'Description', cols.description, y, bold, 8.5);
    right(page, 'Quantity', cols.qtyRight, y, bold, 8.5);
    right(page, 'Unit price', cols.unitRight, y, bold, 8.5);
    right(page, 'Line total', cols.amountRight, y, bold, 8.5);
  };
  const itemRow = (page: PDFPage, y: number, item: (typeof INVOICE_ITEMS)[number]) => {
    text(page, String(item.line), cols.line, y, regular, 8.5);
    text(page, item.sku, cols.sku, y, regular, 8.5);
    text(page, item.description, cols.description, y, regular, 8.5);
    right(page, String(item.quantity), cols.qtyRight, y, regular, 8.5);
    right(page, money(item.unitCents), cols.unitRight, y, regular, 8.5);
    right(page, money(item.amountCents), cols.amountRight, y, regular, 8.5);
  };

  const p1 = doc.addPage(A4);
  text(p1, 'Helios Lab Equipment Ltd', 40, 790, bold, 16);
  ['Unit 4, Riverside Business Park', 'Cambridge CB4 1YG, United Kingdom', 'VAT Reg. No. GB 284 5521 07'].forEach((line, i) =>
    text(p1, line, 40, 772 - i * 12, regular, 9, GREY),
  );
  text(p1, 'TAX INVOICE', 420, 790, bold, 14);
  const facts: Array<[string, string]> = [
    ['Invoice No.', '2025-05-0137'],
    ['Invoice Date', '20 May 2025'],
    ['Payment Due', '19 June 2025'],
    ['Customer PO', 'PO-88213'],
  ];
  facts.forEach(([label, value], i) => {
    text(p1, label, 400, 768 - i * 13, bold, 9);
    text(p1, value, 475, 768 - i * 13, regular, 9);
  });
  text(p1, 'Invoice to', 40, 700, bold, 10);
  ['Department of Chemistry', 'University of Northbridge', '17 College Road', 'Northbridge NB2 9QA'].forEach((line, i) =>
    text(p1, line, 40, 686 - i * 12, regular, 9),
  );
  text(p1, 'Ship to', 300, 700, bold, 10);
  ['Goods Inward, Building C', 'University of Northbridge', 'Northbridge NB2 9QT'].forEach((line, i) => text(p1, line, 300, 686 - i * 12, regular, 9));
  text(p1, 'All amounts in GBP', 40, 620, regular, 8.5, GREY);
  headerRow(p1, 600);
  INVOICE_ITEMS.slice(0, 22).forEach((item, i) => itemRow(p1, 582 - i * 20, item));
  text(p1, 'Continued overleaf', 40, 100, regular, 8.5, GREY);
  right(p1, 'Page 1 of 2', 555, 40, regular, 8);

  const p2 = doc.addPage(A4);
  text(p2, 'Helios Lab Equipment Ltd - Invoice 2025-05-0137 (continued)', 40, 790, bold, 10);
  headerRow(p2, 760);
  const rest = INVOICE_ITEMS.slice(22);
  rest.forEach((item, i) => itemRow(p2, 742 - i * 20, item));
  const net = INVOICE_ITEMS.reduce((sum, item) => sum + item.amountCents, 0);
  const shipping = 1800;
  const vat = Math.round((net + shipping) * 0.2);
  const top = 742 - rest.length * 20 - 24;
  const totals: Array<[string, number]> = [
    ['Net total', net],
    ['Shipping', shipping],
    ['VAT 20%', vat],
    ['Amount due', net + shipping + vat],
  ];
  totals.forEach(([label, cents], i) => {
    const font = i === totals.length - 1 ? bold : regular;
    text(p2, label, 400, top - i * 15, font, 9.5);
    right(p2, `GBP ${money(cents)}`, cols.amountRight, top - i * 15, font, 9.5);
  });
  const bankTop = top - 90;
  text(p2, 'Payment details', 40, bankTop, bold, 9.5);
  ['Bank: Northern Counties Bank plc', 'Sort code: 40-22-18   Account: 61849230', 'Reference: 2025-05-0137'].forEach((line, i) =>
    text(p2, line, 40, bankTop - 14 - i * 12, regular, 9),
  );
  right(p2, 'Page 2 of 2', 555, 40, regular, 8);
  await save(doc, 'invoice');
  console.log(`invoice: net ${money(net)} vat ${money(vat)} due ${money(net + shipping + vat)}`);
}

// ---------------------------------------------------------------- research paper: two columns

const PAPER_ABSTRACT =
  'Tidal estuaries store large amounts of carbon in their sediments, yet the rate at which this ' +
  'carbon is buried varies widely between sites. We combine 214 sediment cores from eleven estuaries ' +
  'on the North Sea coast with a simple mass balance model and show that burial rates depend mainly ' +
  'on the supply of fine mineral sediment, not on vegetation cover. Restoring sediment supply could ' +
  'double the carbon stored by managed realignment schemes within two decades.';

const LEFT_COLUMN = [
  ['1 Introduction', 'Coastal wetlands are often called blue carbon ecosystems because they bury organic carbon faster than most terrestrial soils. Estimates of this burial, however, differ by an order of magnitude between studies, which makes it hard to include estuaries in national carbon inventories. Much of the spread comes from comparing sites with very different sediment budgets. In this paper we ask which site properties explain the differences and whether management can change them.'],
  ['2 Study sites', 'We sampled eleven estuaries between the Humber and the Elbe from 2019 to 2023. Each site was visited twice, in spring and in autumn.'],
] as const;

const RIGHT_COLUMN = [
  ['3 Methods', 'Cores were taken with a gouge auger to a depth of one metre and sliced at two centimetre intervals. Organic carbon was measured by elemental analysis after acid treatment, and accretion rates were dated with lead-210 and caesium-137 profiles. A mass balance model links the supply of suspended sediment to the accretion rate and the carbon content of the deposit.'],
  ['4 Results', 'Burial rates ranged from 41 to 380 grams of carbon per square metre and year. Sediment supply explained 72 percent of the variance, vegetation cover less than 10 percent.'],
] as const;

async function makeResearchPaper(): Promise<void> {
  const { doc, fonts } = await newDoc('Sediment supply controls carbon burial in North Sea estuaries');
  const { regular, bold } = fonts;
  const page = doc.addPage(LETTER);
  const [width] = LETTER;
  const centre = (value: string, y: number, font: PDFFont, size: number) => text(page, value, (width - font.widthOfTextAtSize(value, size)) / 2, y, font, size);

  text(page, 'Journal of Coastal Biogeochemistry 38 (2025) 112-124', 54, 752, regular, 8, GREY);
  right(page, 'https://doi.org/10.5555/jcb.2025.0112', width - 54, 752, regular, 8);
  centre('Sediment supply controls carbon burial', 712, bold, 17);
  centre('in North Sea estuaries', 692, bold, 17);
  centre('Marta Kowalczyk, Jonas Berglund, Aoife Gallagher and Pieter de Vries', 668, regular, 10.5);
  centre('Institute for Coastal Research, University of Groningen, The Netherlands', 654, regular, 9);
  centre('Received 3 February 2025; accepted 28 April 2025', 640, regular, 8.5);

  text(page, 'Abstract', 54, 612, bold, 10.5);
  let y = 598;
  for (const line of wrap(PAPER_ABSTRACT, regular, 9.5, width - 108)) {
    text(page, line, 54, y, regular, 9.5);
    y -= 12;
  }
  y -= 4;
  text(page, 'Keywords:', 54, y, bold, 9);
  text(page, 'blue carbon; estuaries; sediment supply; managed realignment', 102, y, regular, 9);
  page.drawLine({ start: { x: 54, y: y - 10 }, end: { x: width - 54, y: y - 10 }, thickness: 0.5, color: GREY });

  const columnWidth = (width - 108 - 20) / 2;
  const drawColumn = (x: number, sections: ReadonlyArray<readonly [string, string]>) => {
    let lineY = y - 32;
    for (const [heading, body] of sections) {
      text(page, heading, x, lineY, bold, 10);
      lineY -= 14;
      for (const line of wrap(body, regular, 9.5, columnWidth)) {
        text(page, line, x, lineY, regular, 9.5);
        lineY -= 12;
      }
      lineY -= 10;
    }
  };
  drawColumn(54, LEFT_COLUMN);
  drawColumn(54 + columnWidth + 20, RIGHT_COLUMN);
  text(page, 'Corresponding author: m.kowalczyk@coastal-research.example', 54, 60, regular, 8, GREY);
  centre('112', 40, regular, 8);
  await save(doc, 'research-paper');
}

// ---------------------------------------------------------------- bank statement: a long table

const MERCHANTS = [
  'Safeway Store 1432',
  'Shell Oil 57442',
  'Amazon Marketplace',
  'Starbucks 10293',
  'Seattle City Light',
  'Comcast Xfinity',
  'Costco Whse 0110',
  'Uber Trip',
  'REI Co-op 0021',
  'Walgreens 3381',
  'Sound Transit ORCA',
  'Netflix.com',
];

const STATEMENT_ROWS = (() => {
  const rows: Array<{ date: string; description: string; withdrawalCents: number | null; depositCents: number | null; balanceCents: number }> = [];
  let balance = 412_530;
  for (let i = 0; i < 160; i += 1) {
    const day = 1 + Math.floor((i * 90) / 160);
    const date = new Date(Date.UTC(2025, 0, day));
    const label = `${String(date.getUTCMonth() + 1).padStart(2, '0')}/${String(date.getUTCDate()).padStart(2, '0')}/2025`;
    const isPayroll = i % 20 === 3;
    const isRent = i % 53 === 10;
    let description: string;
    let withdrawal: number | null = null;
    let deposit: number | null = null;
    if (isPayroll) {
      description = 'Direct Deposit Evergreen Analytics Payroll';
      deposit = 284_615;
    } else if (isRent) {
      description = 'Online Transfer to Cascade Property Mgmt Rent';
      withdrawal = 215_000;
    } else {
      description = `Debit Card Purchase ${MERCHANTS[(i * 5) % MERCHANTS.length]}`;
      withdrawal = ((i * 3517) % 14_000) + 325;
    }
    balance += (deposit ?? 0) - (withdrawal ?? 0);
    rows.push({ date: label, description, withdrawalCents: withdrawal, depositCents: deposit, balanceCents: balance });
  }
  return rows;
})();

async function makeBankStatement(): Promise<void> {
  const { doc, fonts } = await newDoc('Cascade Federal Credit Union statement');
  const { regular, bold } = fonts;
  const cols = { date: 40, description: 100, withdrawalRight: 410, depositRight: 480, balanceRight: 555 };
  const perPage = 40;
  const pages = Math.ceil(STATEMENT_ROWS.length / perPage);
  const opening = 412_530;
  const closing = STATEMENT_ROWS.at(-1)!.balanceCents;
  for (let p = 0; p < pages; p += 1) {
    const page = doc.addPage(A4);
    text(page, 'Cascade Federal Credit Union', 40, 795, bold, 14);
    text(page, 'PO Box 98012, Tacoma, WA 98402  -  (253) 555-0142', 40, 780, regular, 8.5, GREY);
    let top = 750;
    if (p === 0) {
      text(page, 'Member Statement', 40, 750, bold, 12);
      const facts: Array<[string, string]> = [
        ['Member name', 'Daniel R. Okafor'],
        ['Account number', '****-****-7319'],
        ['Statement period', '01/01/2025 - 03/31/2025'],
        ['Beginning balance', `$${money(opening)}`],
        ['Ending balance', `$${money(closing)}`],
      ];
      facts.forEach(([label, value], i) => {
        text(page, label, 40, 730 - i * 13, bold, 9);
        text(page, value, 150, 730 - i * 13, regular, 9);
      });
      top = 650;
    }
    text(page, 'Share Draft Checking - Transactions', 40, top, bold, 10);
    const headerY = top - 20;
    text(page, 'Date', cols.date, headerY, bold, 8.5);
    text(page, 'Description', cols.description, headerY, bold, 8.5);
    right(page, 'Withdrawals', cols.withdrawalRight, headerY, bold, 8.5);
    right(page, 'Deposits', cols.depositRight, headerY, bold, 8.5);
    right(page, 'Balance', cols.balanceRight, headerY, bold, 8.5);
    page.drawLine({ start: { x: 40, y: headerY - 4 }, end: { x: 555, y: headerY - 4 }, thickness: 0.5 });
    STATEMENT_ROWS.slice(p * perPage, (p + 1) * perPage).forEach((row, i) => {
      const y = headerY - 17 - i * 14;
      text(page, row.date, cols.date, y, regular, 8.5);
      text(page, row.description, cols.description, y, regular, 8.5);
      if (row.withdrawalCents !== null) right(page, money(row.withdrawalCents), cols.withdrawalRight, y, regular, 8.5);
      if (row.depositCents !== null) right(page, money(row.depositCents), cols.depositRight, y, regular, 8.5);
      right(page, money(row.balanceCents), cols.balanceRight, y, regular, 8.5);
    });
    right(page, `Page ${p + 1} of ${pages}`, 555, 30, regular, 8);
  }
  await save(doc, 'bank-statement');
  console.log(`bank statement: ${STATEMENT_ROWS.length} rows, ${pages} pages, closing ${money(closing)}`);
}

await makeInvoice();
await makeResearchPaper();
await makeBankStatement();
