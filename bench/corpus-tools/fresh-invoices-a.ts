/**
 * Fresh invoices, part one: a telecom bill with charge sections and blank qty/rate cells, an
 * Italian catering invoice whose prices include VAT (net and VAT are "di cui" lines under the
 * total), and a ruled groff grid with list price and discount columns. Written after LOCAL was
 * tuned on bench/corpora/original and bench/corpora/heldout, in styles neither has.
 */
import { esc, money, round2 } from './formats.ts';
import type { FreshDocument, FreshItem } from './fresh-types.ts';
import { freshDate, invoiceTruth } from './fresh-types.ts';

const us = (n: number): string => (n < 0 ? `-$${money(-n, 'us')}` : `$${money(n, 'us')}`);

function telecomBill(): FreshDocument {
  const vendor: [string, string[]] = ['Bluecrest Communications LLC', ['800 Tower Parkway', 'Overland Park, KS 66210']];
  const customer: [string, string[]] = ['Marcus Delaney', ['5128 Ridgeview Lane', 'Lexington, KY 40509']];
  const sections: [string, FreshItem[]][] = [
    ['Monthly charges (Jun 19 - Jul 18)', [
      { description: 'Unlimited Plus plan - (859) 555-0143', quantity: null, unit_price: null, amount: 65 },
      { description: 'Unlimited Plus plan - (859) 555-0178', quantity: null, unit_price: null, amount: 65 },
      { description: 'Multi-line discount', quantity: null, unit_price: null, amount: -20 },
      { description: 'Device payment 14 of 24 - Pixel 9', quantity: null, unit_price: null, amount: 29.17 },
    ]],
    ['Usage charges (May 19 - Jun 18)', [
      { description: 'International calling (minutes)', quantity: 42, unit_price: 0.25, amount: 10.5 },
      { description: 'Data overage (GB)', quantity: 2, unit_price: 15, amount: 30 },
    ]],
    ['One-time charges', [
      { description: 'Activation fee - line 2', quantity: null, unit_price: null, amount: 35 },
    ]],
  ];
  const items = sections.flatMap(([, i]) => i);
  const subtotal = round2(items.reduce((s, i) => s + i.amount, 0));
  const taxes: [string, number][] = [['Federal Universal Service Fund', 3.12], ['Kentucky sales & excise tax', 13.05], ['911 service fee', 1.4]];
  const tax = round2(taxes.reduce((s, [, a]) => s + a, 0));
  const total = round2(subtotal + tax);
  const d = (iso: string): string => freshDate(iso, 'us-short');
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'DejaVu Sans', sans-serif; font-size: 8.5pt; margin: 26px 34px; color: #222; }
.logo { font-size: 18pt; font-weight: bold; color: #0b5cab; }
.panel { background: #eef4fb; padding: 8px 12px; }
h3 { background: #0b5cab; color: #fff; font-size: 9pt; padding: 3px 6px; margin: 14px 0 4px 0; }
table { border-collapse: collapse; } td { padding: 2px 4px; vertical-align: top; } .r { text-align: right; }
.sec td { border-bottom: 1px solid #d5dde6; }
</style></head><body>
<table style="width:100%"><tr><td style="width:55%"><span class="logo">bluecrest</span><br/>${esc(vendor[0])}<br/>${vendor[1].map(esc).join('<br/>')}</td>
<td class="panel"><table style="width:100%">
<tr><td>Account number</td><td class="r">2207 5581 903</td></tr>
<tr><td>Bill number</td><td class="r">B-25-0619-4471</td></tr>
<tr><td>Bill date</td><td class="r">${d('2025-06-19')}</td></tr>
<tr><td>Page</td><td class="r">1 of 1</td></tr></table></td></tr></table>
<p style="margin-top:18px">${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}</p>
<table style="width:100%;margin-top:10px"><tr><td style="width:50%">
<b>Your account summary</b>
<table style="width:90%">
<tr><td>Previous balance</td><td class="r">${us(187.3)}</td></tr>
<tr><td>Payment received 6/02/25 - thank you</td><td class="r">${us(-187.3)}</td></tr>
<tr><td>Balance forward</td><td class="r">$0.00</td></tr>
<tr><td>Plans, devices &amp; usage</td><td class="r">${us(subtotal)}</td></tr>
<tr><td>Taxes, fees &amp; surcharges</td><td class="r">${us(tax)}</td></tr>
<tr><td><b>Total amount due</b></td><td class="r"><b>${us(total)}</b></td></tr></table></td>
<td class="panel"><span style="font-size:13pt;font-weight:bold">${us(total)}</span><br/>due by ${d('2025-07-10')}<br/><br/>AutoPay is off. Pay at bluecrest.example/pay or call 611 from your phone.</td></tr></table>
${sections.map(([title, list]) => `<h3>${esc(title)}</h3>
<table class="sec" style="width:100%"><tr><td style="width:60%"><i>Description</i></td><td class="r"><i>Qty</i></td><td class="r"><i>Rate</i></td><td class="r"><i>Charge</i></td></tr>
${list.map((i) => `<tr><td>${esc(i.description)}</td><td class="r">${i.quantity ?? ''}</td><td class="r">${i.unit_price === null ? '' : us(i.unit_price)}</td><td class="r">${us(i.amount)}</td></tr>`).join('\n')}
<tr><td colspan="3"><b>Total ${esc(title.replace(/ \(.*\)$/, '').toLowerCase())}</b></td><td class="r"><b>${us(round2(list.reduce((s, i) => s + i.amount, 0)))}</b></td></tr></table>`).join('\n')}
<h3>Taxes, fees &amp; surcharges</h3>
<table class="sec" style="width:100%">
${taxes.map(([n, a]) => `<tr><td style="width:80%">${esc(n)}</td><td class="r">${us(a)}</td></tr>`).join('\n')}
<tr><td><b>Total taxes, fees &amp; surcharges</b></td><td class="r"><b>${us(tax)}</b></td></tr></table>
<p style="margin-top:16px;font-size:7.5pt;color:#555">Charges for partial months are prorated. Usage is billed one cycle in arrears. Questions about your bill: 1-800-555-0199.</p>
</body></html>`;
  return {
    id: 'invoice-f1-telecom-bill', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: 'B-25-0619-4471', date: '2025-06-19', due: '2025-07-10', currency: 'USD', vendor, customer, subtotal, tax, total, items }),
  };
}

function italianCatering(): FreshDocument {
  const vendor: [string, string[]] = ['Trattoria Il Glicine s.n.c.', ['Via Santo Stefano 41', '40125 Bologna (BO)']];
  const customer: [string, string[]] = ['Studio Legale Marchetti Associati', ['Piazza Galvani 3', '40124 Bologna (BO)']];
  const items: FreshItem[] = [
    { description: 'Menù degustazione pranzo di lavoro', quantity: 18, unit_price: 45 },
    { description: 'Sangiovese Superiore DOC 0,75 l', quantity: 6, unit_price: 22 },
    { description: 'Acqua minerale 0,75 l', quantity: 12, unit_price: 3 },
    { description: 'Servizio catering a domicilio', quantity: 1, unit_price: 120 },
  ].map((i) => ({ ...i, amount: round2(i.quantity * i.unit_price) }));
  const total = round2(items.reduce((s, i) => s + i.amount, 0));
  // Prices include 10% IVA: the invoice states the net part and the IVA part of the total.
  const subtotal = round2(total / 1.1);
  const tax = round2(total - subtotal);
  const it = (n: number): string => money(n, 'de');
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Serif', serif; font-size: 10.5pt; }
.nome { font-family: 'Liberation Sans'; font-size: 17pt; font-style: italic; color: #5b2a86; }
td { vertical-align: top; }
th { border-top: 1px solid #5b2a86; border-bottom: 1px solid #5b2a86; font-weight: normal; font-style: italic; }
</style></head><body>
<p align="center"><span class="nome">${esc(vendor[0])}</span><br/>${vendor[1].map(esc).join('<br/>')}<br/>P.IVA 03456780375 · Tel. 051 123456</p>
<p>&nbsp;</p>
<table width="100%"><tr><td width="55%">
<b>FATTURA N. 112/2025</b><br/>Data documento: ${freshDate('2025-05-12', 'it-long')}<br/>Scadenza pagamento: 11/06/2025<br/>Pagamento: bonifico bancario</td>
<td>Spett.le<br/><b>${esc(customer[0])}</b><br/>${customer[1].map(esc).join('<br/>')}<br/>C.F./P.IVA 02987650374</td></tr></table>
<p>&nbsp;</p>
<p>Oggetto: pranzo di lavoro del 9 maggio 2025, 18 coperti.</p>
<table width="100%" cellpadding="3"><tr><th align="left">Descrizione</th><th align="right">Q.tà</th><th align="right">Prezzo unit. (IVA incl.)</th><th align="right">Importo €</th></tr>
${items.map((i) => `<tr><td>${esc(i.description)}</td><td align="right">${i.quantity}</td><td align="right">${it(i.unit_price!)}</td><td align="right">${it(i.amount)}</td></tr>`).join('\n')}
</table>
<p>&nbsp;</p>
<table width="100%"><tr><td width="50%"></td><td><table width="100%">
<tr><td><b>Totale documento (IVA inclusa)</b></td><td align="right"><b>€ ${it(total)}</b></td></tr>
<tr><td>di cui imponibile</td><td align="right">€ ${it(subtotal)}</td></tr>
<tr><td>di cui IVA 10%</td><td align="right">€ ${it(tax)}</td></tr></table></td></tr></table>
<p>&nbsp;</p>
<p style="font-size:9pt">Coordinate bancarie: IBAN IT60 X054 2811 1010 0000 0123 456 – Emilbanca. Grazie per averci scelto!</p>
</body></html>`;
  return {
    id: 'invoice-f2-it-catering', tool: 'lo-html', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: '112/2025', date: '2025-05-12', due: '2025-06-11', currency: 'EUR', vendor, customer, subtotal, tax, total, items }),
  };
}

function ruledGrid(): FreshDocument {
  const vendor: [string, string[]] = ['Shannon Electrical Wholesale Ltd', ['Unit 7, Raheen Business Park', 'Limerick V94 X2K1', 'Ireland']];
  const customer: [string, string[]] = ['Daly & Sons Electrical Contractors', ['Main Street', 'Ennis, Co. Clare V95 R6P4']];
  const list: { code: string; description: string; quantity: number; unit_price: number; disc: number }[] = [
    { code: 'CAB-T&E-2.5', description: 'Twin & earth cable 2.5mm 100m', quantity: 4, unit_price: 89.5, disc: 15 },
    { code: 'MCB-B16', description: 'MCB type B 16A 6kA', quantity: 24, unit_price: 7.85, disc: 20 },
    { code: 'RCBO-B32', description: 'RCBO type A 32A 30mA', quantity: 6, unit_price: 38.4, disc: 20 },
    { code: 'SKT-DS13', description: 'Double switched socket 13A white', quantity: 40, unit_price: 4.2, disc: 10 },
    { code: 'LED-DL6', description: 'LED downlight 6W fire rated', quantity: 30, unit_price: 11.9, disc: 25 },
    { code: 'DEL', description: 'Delivery charge', quantity: 1, unit_price: 15, disc: 0 },
  ];
  const items: FreshItem[] = list.map((i) => ({ description: i.description, quantity: i.quantity, unit_price: i.unit_price, amount: round2(i.quantity * i.unit_price * (1 - i.disc / 100)) }));
  const subtotal = round2(items.reduce((s, i) => s + i.amount, 0));
  const tax = round2(subtotal * 0.23);
  const total = round2(subtotal + tax);
  const tr = (s: string): string => s.replace(/\\/g, '\\e').replace(/-/g, '\\-');
  const m = (n: number): string => tr(money(n, 'us'));
  const d = (iso: string): string => tr(freshDate(iso, 'd-mon-yyyy'));
  const ms = `.nr PS 9
.nr VS 11
.nr LL 6.7i
.nr PO 0.8i
.ds LH
.ds CH
.ds RH
.ds CF Registered in Ireland No. 412873 \\(bu VAT IE 6388047V
.LP
.TS
tab(|);
l r.
\\s+5\\fB${tr(vendor[0])}\\fP\\s0|\\s+3\\fBSALES INVOICE\\fP\\s0
${tr(vendor[1].join(', '))}|
.TE
.sp
.TS
tab(|) box;
l l | l l.
\\fBInvoice to\\fP||Doc. No.|SI\\-0093351
${tr(customer[0])}||Doc. Date|${d('2025-06-03')}
${tr(customer[1][0]!)}||Account|DAL014
${tr(customer[1][1]!)}||Due Date|${d('2025-07-31')}
.TE
.sp
.TS
tab(|) allbox;
c c c c c c c
n l l n n n n.
\\fBLn\\fP|\\fBProduct\\fP|\\fBDescription\\fP|\\fBQty\\fP|\\fBList Price\\fP|\\fBDisc %\\fP|\\fBNet Value\\fP
${list.map((i, k) => `${k + 1}|${tr(i.code)}|${tr(i.description)}|${i.quantity}|${m(i.unit_price)}|${i.disc}|${m(items[k]!.amount)}`).join('\n')}
.TE
.sp
.TS
tab(|) box;
l r.
Goods Net|${m(subtotal)}
VAT @ 23%|${m(tax)}
\\fBInvoice Total EUR\\fP|\\fB${m(total)}\\fP
.TE
.sp
.LP
Goods remain the property of Shannon Electrical Wholesale Ltd until paid in full. Returns within 30 days with this invoice only.
`;
  return {
    id: 'invoice-f3-ruled-discounts', tool: 'groff', ext: 'ms', source: ms, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: 'SI-0093351', date: '2025-06-03', due: '2025-07-31', currency: 'EUR', vendor, customer, subtotal, tax, total, items }),
  };
}

export const FRESH_INVOICES_A: (() => FreshDocument)[] = [telecomBill, italianCatering, ruledGrid];
