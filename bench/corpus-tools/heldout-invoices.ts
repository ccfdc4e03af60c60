/**
 * Held-out invoices: layouts written by hand, one per style, that the corpus in bench/corpora/original does
 * not have (SaaS receipt, utility bill, word-processor freelancer template, item-code purchase
 * invoice, hotel folio, web-shop order summary). LOCAL was NOT tuned on these; their figure is the
 * honest one. The truth is computed from the same data the source prints.
 */
import type { HeldoutDocument } from './heldout-types.ts';
import { date, esc, money, round2 } from './formats.ts';

interface Item { code?: string; description: string; more?: string; quantity: number; unit_price: number }

function items(list: Item[]): { rows: (Item & { amount: number })[]; subtotal: number } {
  const rows = list.map((i) => ({ ...i, amount: round2(i.quantity * i.unit_price) }));
  return { rows, subtotal: round2(rows.reduce((s, r) => s + r.amount, 0)) };
}

function truth(o: {
  number: string; date: string; due: string | null; currency: string;
  vendor: [string, string[]]; customer: [string, string[]]; subtotal: number; tax: number;
  rows: (Item & { amount: number })[]; total?: number;
}): Record<string, unknown> {
  return {
    invoice_number: o.number, invoice_date: o.date, due_date: o.due, currency: o.currency,
    vendor: { name: o.vendor[0], address: o.vendor[1].join(', ') },
    customer: { name: o.customer[0], address: o.customer[1].join(', ') },
    subtotal: o.subtotal, tax: o.tax, total: o.total ?? round2(o.subtotal + o.tax),
    line_items: o.rows.map((r) => ({
      description: r.more === undefined ? r.description : `${r.description} ${r.more}`,
      quantity: r.quantity, unit_price: r.unit_price, amount: r.amount,
    })),
  };
}

const us = (n: number): string => money(n, 'us');

function saasReceipt(): HeldoutDocument {
  const vendor: [string, string[]] = ['Cirrus Metrics, Inc.', ['548 Market Street, PMB 90210', 'San Francisco, California 94104', 'United States']];
  const customer: [string, string[]] = ['Harbor & Pine Studio LLC', ['77 Water Street', 'Portland, ME 04101']];
  const { rows, subtotal } = items([
    { description: 'Growth plan (per seat)', more: 'Mar 4 – Apr 4, 2025', quantity: 12, unit_price: 29 },
    { description: 'Additional event volume (1M events)', more: 'Mar 4 – Apr 4, 2025', quantity: 3, unit_price: 45 },
    { description: 'Priority support add-on', quantity: 1, unit_price: 99 },
  ]);
  const tax = round2(subtotal * 0.055);
  const total = round2(subtotal + tax);
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; color: #1a1f36; margin: 30px 40px; }
h1 { font-size: 16pt; font-weight: 600; margin: 0 0 18px 0; }
.muted { color: #697386; }
table.kv td { padding: 1px 12px 1px 0; }
.cols { width: 100%; margin-top: 22px; } .cols td { vertical-align: top; width: 33%; }
.due { font-size: 14pt; font-weight: 600; margin-top: 24px; }
table.lines { width: 100%; border-collapse: collapse; margin-top: 24px; }
table.lines th { font-weight: normal; color: #697386; text-align: left; border-bottom: 1px solid #e3e8ee; padding: 6px 0; }
table.lines td { padding: 8px 0; border-bottom: 1px solid #e3e8ee; vertical-align: top; }
.r { text-align: right; }
table.sum { width: 50%; margin-left: 50%; border-collapse: collapse; } table.sum td { padding: 5px 0; border-bottom: 1px solid #e3e8ee; }
</style></head><body>
<table style="width:100%"><tr><td><h1>Invoice</h1></td><td class="r" style="font-size:13pt;font-weight:600">${esc(vendor[0])}</td></tr></table>
<table class="kv">
<tr><td class="muted">Invoice number</td><td>7C1E04B2-0019</td></tr>
<tr><td class="muted">Date of issue</td><td>March 4, 2025</td></tr>
<tr><td class="muted">Date due</td><td>April 3, 2025</td></tr>
</table>
<table class="cols"><tr>
<td><b>${esc(vendor[0])}</b><br/>${vendor[1].map(esc).join('<br/>')}<br/>billing@cirrusmetrics.example</td>
<td><b>Bill to</b><br/>${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}<br/>accounts@harborpine.example</td>
<td></td></tr></table>
<div class="due">$${us(total)} USD due April 3, 2025</div>
<div class="muted" style="margin-top:6px">Pay online &nbsp; https://pay.cirrusmetrics.example/i/7C1E04B2</div>
<table class="lines"><tr><th style="width:55%">Description</th><th class="r">Qty</th><th class="r">Unit price</th><th class="r">Amount</th></tr>
${rows.map((r) => `<tr><td>${esc(r.description)}${r.more === undefined ? '' : `<br/><span class="muted">${esc(r.more)}</span>`}</td><td class="r">${r.quantity}</td><td class="r">$${us(r.unit_price)}</td><td class="r">$${us(r.amount)}</td></tr>`).join('\n')}
</table>
<table class="sum">
<tr><td>Subtotal</td><td class="r">$${us(subtotal)}</td></tr>
<tr><td>Sales tax (5.5% on $${us(subtotal)})</td><td class="r">$${us(tax)}</td></tr>
<tr><td>Total</td><td class="r">$${us(total)}</td></tr>
<tr><td><b>Amount due</b></td><td class="r"><b>$${us(total)} USD</b></td></tr>
</table>
<p class="muted" style="margin-top:40px">Questions? Contact Cirrus Metrics at billing@cirrusmetrics.example. &nbsp; 7C1E04B2-0019 · $${us(total)} due April 3, 2025 · Page 1 of 1</p>
</body></html>`;
  return {
    id: 'invoice-h1-saas-receipt', tool: 'wkhtmltopdf', ext: 'html', source: html, schema: 'invoice.schema.json',
    expected: truth({ number: '7C1E04B2-0019', date: '2025-03-04', due: '2025-04-03', currency: 'USD', vendor, customer, subtotal, tax, rows }),
  };
}

function utilityBill(): HeldoutDocument {
  const vendor: [string, string[]] = ['Northwold Energy Ltd', ['Riverside House, 2 Quay Street', 'Leeds LS1 4DY']];
  const customer: [string, string[]] = ['Mrs Aisha Rahman', ['Flat 3, 41 Beech Grove', 'Harrogate HG2 0LR']];
  const { rows, subtotal } = items([
    { description: 'Electricity day rate', quantity: 412, unit_price: 0.2487 },
    { description: 'Electricity night rate', quantity: 138, unit_price: 0.1342 },
    { description: 'Standing charge (31 days)', quantity: 31, unit_price: 0.5322 },
    { description: 'Gas', more: 'Meter G4 118822, 1,245 kWh', quantity: 1245, unit_price: 0.0624 },
  ].map((i) => ({ ...i, unit_price: i.unit_price })));
  // Line amounts of a utility bill are rounded per line; the truth uses the printed amounts.
  const tax = round2(subtotal * 0.05);
  const d = (iso: string): string => date(iso, 'short-dmy');
  const lo = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Sans', Arial; font-size: 9.5pt; }
.brand { font-size: 20pt; color: #0a6b3d; font-weight: bold; }
td { vertical-align: top; }
.small { font-size: 8pt; color: #444; }
th { background: #dfeee6; text-align: left; }
</style></head><body>
<table width="100%"><tr><td width="60%"><span class="brand">${esc(vendor[0])}</span><br/><span class="small">${vendor[1].map(esc).join(', ')} · VAT reg no. GB 214 7789 02</span></td>
<td><b>Your energy bill</b><br/>Bill number: NE-88410273<br/>Bill date: ${d('2025-02-07')}<br/>Account number: 4400 1187 2290<br/>Billing period: ${d('2025-01-01')} to ${d('2025-01-31')}</td></tr></table>
<p>&nbsp;</p>
<table width="100%"><tr><td width="60%">${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}</td>
<td><b>Amount to pay</b><br/><span style="font-size:16pt">£${money(round2(subtotal + tax), 'us')}</span><br/>Please pay by ${d('2025-02-21')}</td></tr></table>
<p>&nbsp;</p>
<p><b>Your charges this period</b></p>
<table width="100%" cellpadding="3"><tr><th>Charge</th><th align="right">Units (kWh / days)</th><th align="right">Rate (£)</th><th align="right">Cost (£)</th></tr>
${rows.map((r) => `<tr><td>${esc(r.description)}${r.more === undefined ? '' : `<br/><span class="small">${esc(r.more)}</span>`}</td><td align="right">${money(r.quantity, 'us').replace(/\.00$/, '')}</td><td align="right">${r.unit_price.toFixed(4)}</td><td align="right">${money(r.amount, 'us')}</td></tr>`).join('\n')}
<tr><td colspan="3">Total charges before VAT</td><td align="right">${money(subtotal, 'us')}</td></tr>
<tr><td colspan="3">VAT at 5%</td><td align="right">${money(tax, 'us')}</td></tr>
<tr><td colspan="3"><b>Total charges this period</b></td><td align="right"><b>${money(round2(subtotal + tax), 'us')}</b></td></tr>
</table>
<p class="small">Payment is due by ${d('2025-02-21')}. We will collect this amount by Direct Debit. Emergency line 0800 111 999.</p>
</body></html>`;
  return {
    id: 'invoice-h2-utility-bill', tool: 'lo-html', ext: 'html', source: lo, schema: 'invoice.schema.json',
    expected: truth({ number: 'NE-88410273', date: '2025-02-07', due: '2025-02-21', currency: 'GBP', vendor, customer, subtotal, tax, rows }),
  };
}

function freelancer(): HeldoutDocument {
  const vendor: [string, string[]] = ['Lena Vogt Design', ['Keizersgracht 112-3', '1015 CW Amsterdam', 'Netherlands']];
  const customer: [string, string[]] = ['Brightwater Media B.V.', ['Attn: Finance Department', 'Stationsplein 45', '3013 AK Rotterdam']];
  const { rows, subtotal } = items([
    { description: 'Brand identity – logo concepts', quantity: 14, unit_price: 75 },
    { description: 'Style guide (24 pages)', quantity: 1, unit_price: 1150 },
    { description: 'Social media templates', more: 'Instagram, LinkedIn, 12 variants', quantity: 6, unit_price: 85 },
    { description: 'Revisions', quantity: 3.5, unit_price: 75 },
  ]);
  const tax = round2(subtotal * 0.21);
  const eu = (n: number): string => money(n, 'de');
  const d = (iso: string): string => date(iso, 'de-num').replace(/\./g, '-');
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Serif', 'Times New Roman'; font-size: 11pt; }
h1 { font-family: 'Liberation Sans'; font-size: 26pt; letter-spacing: 4px; color: #333; }
td { vertical-align: top; }
</style></head><body>
<h1>INVOICE</h1>
<table width="100%"><tr>
<td width="50%"><b>From:</b><br/>${esc(vendor[0])}<br/>${vendor[1].map(esc).join('<br/>')}<br/>KvK 81234567<br/>BTW-nr NL002345678B01</td>
<td width="50%"><b>To:</b><br/>${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}</td></tr></table>
<p>&nbsp;</p>
<table><tr><td>Invoice No:</td><td>&nbsp; 2025/017</td></tr>
<tr><td>Date:</td><td>&nbsp; ${d('2025-04-30')}</td></tr>
<tr><td>Payment due:</td><td>&nbsp; ${d('2025-05-14')}</td></tr>
<tr><td>Your reference:</td><td>&nbsp; PO-BW-3391</td></tr></table>
<p>All amounts in EUR.</p>
<table width="100%" border="1" cellspacing="0" cellpadding="4">
<tr><td><b>Description</b></td><td align="right"><b>Hours / Qty</b></td><td align="right"><b>Rate</b></td><td align="right"><b>Total</b></td></tr>
${rows.map((r) => `<tr><td>${esc(r.description)}${r.more === undefined ? '' : `<br/><i>${esc(r.more)}</i>`}</td><td align="right">${String(r.quantity).replace('.', ',')}</td><td align="right">${eu(r.unit_price)}</td><td align="right">${eu(r.amount)}</td></tr>`).join('\n')}
</table>
<table width="100%"><tr><td width="60%"></td><td>
<table width="100%"><tr><td>Subtotal</td><td align="right">${eu(subtotal)}</td></tr>
<tr><td>BTW 21%</td><td align="right">${eu(tax)}</td></tr>
<tr><td><b>TOTAL DUE</b></td><td align="right"><b>${eu(round2(subtotal + tax))}</b></td></tr></table></td></tr></table>
<p>&nbsp;</p>
<p>Please transfer the total to IBAN NL91 ABNA 0417 1643 00 (L. Vogt) within 14 days, quoting invoice 2025/017.<br/>Thank you for your business!</p>
</body></html>`;
  return {
    id: 'invoice-h3-freelancer-word', tool: 'lo-html', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: truth({ number: '2025/017', date: '2025-04-30', due: '2025-05-14', currency: 'EUR', vendor, customer, subtotal, tax, rows }),
  };
}

function itemCodes(): HeldoutDocument {
  const vendor: [string, string[]] = ['Great Lakes Fastener Supply Co.', ['1840 Industrial Pkwy', 'Toledo, OH 43612']];
  const customer: [string, string[]] = ['Kessler Machine Works', ['Accounts Payable', '902 Foundry Rd', 'Fort Wayne, IN 46803']];
  const { rows, subtotal } = items([
    { code: 'HX-0516-SS', description: 'Hex bolt 5/16-18 x 1" stainless', quantity: 500, unit_price: 0.184 },
    { code: 'WS-0516-ZP', description: 'Flat washer 5/16 zinc plated', quantity: 500, unit_price: 0.032 },
    { code: 'NL-0516-NY', description: 'Nylon insert lock nut 5/16-18', quantity: 250, unit_price: 0.091 },
    { code: 'SC-1024-BO', description: 'Socket cap screw #10-24 x 3/4 black oxide', quantity: 1000, unit_price: 0.067 },
    { code: 'AN-0375-TH', description: 'Threaded rod anchor 3/8"', quantity: 40, unit_price: 2.35 },
    { code: 'FRT', description: 'Freight - LTL', quantity: 1, unit_price: 64.5 },
  ]);
  const tax = round2(subtotal * 0.07);
  const d = (iso: string): string => date(iso, 'us-num');
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Mono', monospace; font-size: 8.5pt; margin: 24px; }
table { border-collapse: collapse; } td, th { padding: 2px 5px; }
.g th { border-top: 2px solid #000; border-bottom: 1px solid #000; text-align: left; }
.r { text-align: right; }
</style></head><body>
<table style="width:100%"><tr><td style="width:60%"><span style="font-size:13pt;font-weight:bold">${esc(vendor[0].toUpperCase())}</span><br/>${vendor[1].map(esc).join('<br/>')}<br/>Phone (419) 555-0142</td>
<td><table style="border:1px solid #000"><tr><td colspan="2" style="font-weight:bold;text-align:center;border-bottom:1px solid #000">INVOICE</td></tr>
<tr><td>Invoice #</td><td class="r">0418827</td></tr><tr><td>Invoice Date</td><td class="r">${d('2025-01-15')}</td></tr>
<tr><td>Cust PO #</td><td class="r">KMW-55102</td></tr><tr><td>Terms</td><td class="r">Net 30</td></tr><tr><td>Due Date</td><td class="r">${d('2025-02-14')}</td></tr></table></td></tr></table>
<br/>
<table style="width:100%"><tr><td style="width:50%;vertical-align:top"><b>SOLD TO:</b><br/>${esc(customer[0].toUpperCase())}<br/>${customer[1].map((l) => esc(l.toUpperCase())).join('<br/>')}</td>
<td style="vertical-align:top"><b>SHIP TO:</b><br/>KESSLER MACHINE WORKS<br/>DOCK 4<br/>910 FOUNDRY RD<br/>FORT WAYNE, IN 46803</td></tr></table>
<br/>
<table class="g" style="width:100%"><tr><th>ITEM #</th><th>DESCRIPTION</th><th>UOM</th><th class="r">QTY SHIP</th><th class="r">UNIT PRICE</th><th class="r">EXT PRICE</th></tr>
${rows.map((r) => `<tr><td>${esc(r.code ?? '')}</td><td>${esc(r.description)}</td><td>EA</td><td class="r">${r.quantity}</td><td class="r">${r.unit_price.toFixed(3)}</td><td class="r">${money(r.amount, 'us')}</td></tr>`).join('\n')}
</table>
<br/>
<table style="margin-left:auto"><tr><td>MERCHANDISE</td><td class="r">${money(subtotal, 'us')}</td></tr>
<tr><td>SALES TAX 7.000%</td><td class="r">${money(tax, 'us')}</td></tr>
<tr><td><b>INVOICE TOTAL USD</b></td><td class="r"><b>${money(round2(subtotal + tax), 'us')}</b></td></tr></table>
<p>Remit to: ${esc(vendor[0])}, PO Box 7731, Toledo OH 43607. A 1.5% monthly service charge applies to past-due balances.</p>
</body></html>`;
  return {
    id: 'invoice-h4-item-codes', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: truth({ number: '0418827', date: '2025-01-15', due: '2025-02-14', currency: 'USD', vendor, customer, subtotal, tax, rows }),
  };
}

function hotelFolio(): HeldoutDocument {
  const vendor: [string, string[]] = ['Hotel Alpenrose Innsbruck', ['Maria-Theresien-Strasse 18', '6020 Innsbruck', 'Austria']];
  const customer: [string, string[]] = ['Mr. Daniel Okoro', ['Okoro Consulting Ltd', '14 Canal Walk', 'Manchester M1 3LE']];
  const { rows, subtotal } = items([
    { description: 'Superior double room', quantity: 3, unit_price: 168 },
    { description: 'Breakfast buffet', quantity: 3, unit_price: 24 },
    { description: 'Restaurant Zirbe', quantity: 1, unit_price: 86.4 },
    { description: 'Garage parking', quantity: 3, unit_price: 18 },
  ]);
  const tax = round2(subtotal * 0.1);
  const de = (n: number): string => money(n, 'de');
  const d = (iso: string): string => date(iso, 'de-num');
  const tr = (s: string): string => s.replace(/-/g, '\\-');
  const ms = `.nr PS 10
.nr VS 12
.nr LL 6.5i
.nr PO 1i
.ds LH
.ds CH
.ds RH
.ds CF ${tr(vendor[0])} \\(bu ${tr(vendor[1].join(', '))} \\(bu UID ATU 12345678
.LP
.ce 3
\\s+4\\fB${tr(vendor[0])}\\fP\\s0
${tr(vendor[1][0]!)}
${tr(vendor[1].slice(1).join(', '))}
.sp 2
.TS
tab(|);
l l l l.
${tr(customer[0])}|\\0\\0\\0\\0|Folio No.|F\\-2025\\-04471
${tr(customer[1][0]!)}||Room|312
${tr(customer[1][1]!)}||Arrival|${d('2025-03-10')}
${tr(customer[1][2]!)}||Departure|${d('2025-03-13')}
||Printed|${d('2025-03-13')}
.TE
.sp
.ce
\\fBGUEST FOLIO\\fP
.sp
.TS
tab(|);
l l r r r.
\\fBDate\\fP|\\fBText\\fP|\\fBQty\\fP|\\fBPrice\\fP|\\fBAmount EUR\\fP
_
${rows.map((r) => `${d('2025-03-13')}|${tr(r.description)}|${r.quantity}|${de(r.unit_price)}|${de(r.amount)}`).join('\n')}
_
||||
|Net total|||${de(subtotal)}
|VAT 10%|||${de(tax)}
|\\fBBalance due\\fP|||\\fB${de(round2(subtotal + tax))}\\fP
.TE
.sp 2
.LP
Payment: Visa ****4417. Thank you for staying with us, we look forward to welcoming you again.
`;
  return {
    id: 'invoice-h5-hotel-folio', tool: 'groff', ext: 'ms', source: ms, schema: 'invoice.schema.json',
    expected: truth({ number: 'F-2025-04471', date: '2025-03-13', due: null, currency: 'EUR', vendor, customer, subtotal, tax, rows }),
  };
}

function orderSummary(): HeldoutDocument {
  const vendor: [string, string[]] = ['Brookfield Home Goods LLC', ['2100 Commerce Blvd, Suite 400', 'Reno, NV 89502']];
  const customer: [string, string[]] = ['Priya Natarajan', ['1187 Alder Court', 'Boulder, CO 80304']];
  const { rows, subtotal } = items([
    { description: 'Stainless steel French press, 34 oz', quantity: 1, unit_price: 32.99 },
    { description: 'Bamboo cutting board set (3-piece)', quantity: 2, unit_price: 24.5 },
    { description: 'LED desk lamp with USB charging port', quantity: 1, unit_price: 45.99 },
    { description: 'Cotton dish towels, 12 pack', quantity: 3, unit_price: 12.99 },
  ]);
  const tax = round2(subtotal * 0.0825);
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: Arial, 'Liberation Sans'; font-size: 9pt; margin: 30px; }
.box { border: 1px solid #ccc; border-radius: 4px; padding: 8px 12px; margin-top: 10px; }
td { vertical-align: top; } .r { text-align: right; }
h2 { font-size: 14pt; margin: 4px 0; }
</style></head><body>
<h2>Final Details for Order #113-7730412-5521806</h2>
<p>Order Placed: December 2, 2024<br/>Invoice number: US-INV-2024-8830142<br/>Invoice date: December 3, 2024<br/>Order Total: $${us(round2(subtotal + tax))}</p>
<div class="box"><b>Shipped on December 3, 2024</b>
<table style="width:100%;margin-top:6px"><tr><th style="text-align:left">Items Ordered</th><th class="r">Qty</th><th class="r">Price</th><th class="r">Item total</th></tr>
${rows.map((r) => `<tr><td>${esc(r.description)}<br/><span style="font-size:8pt">Sold by: ${esc(vendor[0])}</span></td><td class="r">${r.quantity}</td><td class="r">$${us(r.unit_price)}</td><td class="r">$${us(r.amount)}</td></tr>`).join('\n')}
</table></div>
<div class="box"><table style="width:100%"><tr>
<td style="width:50%"><b>Shipping Address:</b><br/>${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}<br/>United States</td>
<td><b>Seller:</b><br/>${esc(vendor[0])}<br/>${vendor[1].map(esc).join('<br/>')}</td></tr></table></div>
<div class="box"><b>Payment information</b>
<table style="width:100%"><tr><td style="width:50%">Payment Method:<br/>Visa ending in 0932<br/><br/>Billing address<br/>${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}</td>
<td><table style="width:100%">
<tr><td>Item(s) Subtotal:</td><td class="r">$${us(subtotal)}</td></tr>
<tr><td>Shipping &amp; Handling:</td><td class="r">$0.00</td></tr>
<tr><td>Total before tax:</td><td class="r">$${us(subtotal)}</td></tr>
<tr><td>Estimated tax to be collected:</td><td class="r">$${us(tax)}</td></tr>
<tr><td><b>Grand Total:</b></td><td class="r"><b>$${us(round2(subtotal + tax))}</b></td></tr></table></td></tr></table></div>
<p style="font-size:8pt">To view the status of your order, return to Order Summary. Conditions of Use | Privacy Notice</p>
</body></html>`;
  return {
    id: 'invoice-h6-order-summary', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: truth({ number: 'US-INV-2024-8830142', date: '2024-12-03', due: null, currency: 'USD', vendor, customer, subtotal, tax, rows }),
  };
}

export const HELDOUT_INVOICES: (() => HeldoutDocument)[] = [saasReceipt, utilityBill, freelancer, itemCodes, hotelFolio, orderSummary];
