/**
 * Second fresh set, invoices: a marketplace invoice with seller and buyer VAT blocks side by side,
 * a dental bill with an insurance adjustment column, a freight invoice billed by weight, and a
 * Swiss invoice whose header is a grid of right-aligned labels with values to their right (and
 * "1'234.50" amounts). Written after LOCAL was tuned on every older corpus, to stay untuned.
 */
import { esc, money, round2 } from './formats.ts';
import type { FreshDocument, FreshItem } from './fresh-types.ts';
import { invoiceTruth } from './fresh-types.ts';

const gbp = (n: number): string => `£${money(n, 'us')}`;

function marketplace(): FreshDocument {
  const vendor: [string, string[]] = ['Kettleby Home Goods Ltd', ['14 Canal Wharf', 'Leeds LS11 5PS', 'United Kingdom']];
  const customer: [string, string[]] = ['Harriet Okafor', ['Flat 3, 22 Mill Road', 'Cambridge CB1 2AD', 'United Kingdom']];
  const items: FreshItem[] = [
    { description: 'Enamel cast-iron casserole 24cm, sage', quantity: 1, unit_price: 54.16 },
    { description: 'Linen tea towels, set of 4', quantity: 2, unit_price: 12.49 },
    { description: 'Beechwood utensil set (5 pcs)', quantity: 1, unit_price: 15.83 },
    { description: 'Shipping - tracked 48h', quantity: 1, unit_price: 3.33 },
  ].map((i) => ({ ...i, amount: round2(i.quantity * i.unit_price) }));
  const subtotal = round2(items.reduce((s, i) => s + i.amount, 0));
  const tax = round2(items.reduce((s, i) => s + round2(i.amount * 0.2), 0));
  const total = round2(subtotal + tax);
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'DejaVu Sans', sans-serif; font-size: 8pt; margin: 24px 30px; color: #111; }
h1 { font-size: 15pt; margin: 0 0 8px 0; }
.box { border: 1px solid #999; padding: 6px 8px; width: 46%; vertical-align: top; }
.k { color: #555; }
table { border-collapse: collapse; } .items td, .items th { border-bottom: 1px solid #ccc; padding: 3px 4px; }
.items th { background: #f1f1f1; text-align: left; font-weight: bold; } .r { text-align: right; }
</style></head><body>
<table style="width:100%"><tr><td><h1>Invoice</h1><span class="k">Payment reference:</span> 205-7761093-4418821</td>
<td class="r" style="vertical-align:top">Sold on <b>shopmarket.example</b> on behalf of the seller</td></tr></table>
<table style="width:100%;margin-top:8px"><tr>
<td class="box"><b>Sold by</b><br/>${esc(vendor[0])}<br/>${vendor[1].map(esc).join('<br/>')}<br/><span class="k">VAT #</span> GB 318 4470 26</td>
<td style="width:4%"></td>
<td class="box"><b>Billing address</b><br/>${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}<br/><span class="k">VAT #</span> not provided</td>
</tr></table>
<table style="width:100%;margin-top:8px"><tr>
<td class="box"><span class="k">Invoice date / Delivery date</span> 02 May 2025<br/><span class="k">Invoice #</span> GB5RK-44UT-9011<br/><span class="k">Total payable</span> ${gbp(total)}</td>
<td style="width:4%"></td>
<td class="box"><span class="k">Order date</span> 30 April 2025<br/><span class="k">Order #</span> 205-7761093-4418821<br/>Paid in full by card ending 4417</td>
</tr></table>
<table class="items" style="width:100%;margin-top:12px">
<tr><th>Description</th><th class="r">Qty</th><th class="r">Unit price<br/>(excl. VAT)</th><th class="r">VAT rate</th><th class="r">Unit price<br/>(incl. VAT)</th><th class="r">Item subtotal<br/>(excl. VAT)</th></tr>
${items.map((i) => `<tr><td>${esc(i.description)}</td><td class="r">${i.quantity}</td><td class="r">${gbp(i.unit_price!)}</td><td class="r">20%</td><td class="r">${gbp(round2(i.unit_price! * 1.2))}</td><td class="r">${gbp(i.amount)}</td></tr>`).join('\n')}
</table>
<table style="width:45%;margin:10px 0 0 auto">
<tr><td>Total excl. VAT</td><td class="r">${gbp(subtotal)}</td></tr>
<tr><td>VAT 20%</td><td class="r">${gbp(tax)}</td></tr>
<tr><td><b>Total</b></td><td class="r"><b>${gbp(total)}</b></td></tr></table>
<p style="margin-top:20px;font-size:7pt;color:#666">This invoice is issued by the marketplace on behalf of the seller named above. Returns: see shopmarket.example/returns within 30 days.</p>
</body></html>`;
  return {
    id: 'invoice-g1-marketplace-vat', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: 'GB5RK-44UT-9011', date: '2025-05-02', due: null, currency: 'GBP', vendor, customer, subtotal, tax, total, items }),
  };
}

function dentalBill(): FreshDocument {
  const vendor: [string, string[]] = ['Riverside Family Dental, P.C.', ['2200 Elm Street, Suite 140', 'Manchester, NH 03104']];
  const customer: [string, string[]] = ['Gloria Benavides', ['71 Hillcrest Avenue', 'Bedford, NH 03110']];
  const lines: { date: string; code: string; description: string; fee: number; ins: number; adj: number }[] = [
    { date: '04/14/2025', code: 'D0120', description: 'Periodic oral evaluation', fee: 68, ins: 48, adj: 20 },
    { date: '04/14/2025', code: 'D1110', description: 'Prophylaxis - adult', fee: 112, ins: 79.2, adj: 22.8 },
    { date: '04/14/2025', code: 'D0274', description: 'Bitewings - four radiographic images', fee: 86, ins: 54.4, adj: 18 },
    { date: '04/28/2025', code: 'D2392', description: 'Resin composite - two surfaces, posterior', fee: 245, ins: 122.5, adj: 40 },
  ];
  const items: FreshItem[] = lines.map((l) => ({ description: l.description, quantity: null, unit_price: null, amount: l.fee }));
  const subtotal = round2(lines.reduce((s, l) => s + l.fee, 0));
  const total = round2(lines.reduce((s, l) => s + l.fee - l.ins - l.adj, 0));
  const m = (n: number): string => money(n, 'us');
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Sans', Arial; font-size: 9pt; }
th { background: #dfe9e4; font-size: 8pt; } td { vertical-align: top; }
</style></head><body>
<table width="100%"><tr><td width="60%"><b><span style="font-size:14pt">${esc(vendor[0])}</span></b><br/>${vendor[1].map(esc).join('<br/>')}<br/>(603) 555-0182</td>
<td><b>PATIENT STATEMENT</b><br/>Statement date: 05/06/2025<br/>Statement #: RFD-250506-0931<br/>Account: 10-44871<br/>Please pay by: 06/05/2025</td></tr></table>
<p>&nbsp;</p>
<table width="100%"><tr><td width="60%">Responsible party:<br/><b>${esc(customer[0])}</b><br/>${customer[1].map(esc).join('<br/>')}</td>
<td>Insurance: Delta Dental PPO<br/>Subscriber ID: XJK448120</td></tr></table>
<p>&nbsp;</p>
<table width="100%" cellpadding="3" border="1" cellspacing="0">
<tr><th>Date</th><th>Code</th><th>Procedure</th><th>Tooth</th><th align="right">Charge</th><th align="right">Ins. paid</th><th align="right">Adjustment</th><th align="right">Patient</th></tr>
${lines.map((l, k) => `<tr><td>${l.date}</td><td>${l.code}</td><td>${esc(l.description)}</td><td>${k === 3 ? '19' : ''}</td><td align="right">${m(l.fee)}</td><td align="right">(${m(l.ins)})</td><td align="right">(${m(l.adj)})</td><td align="right">${m(round2(l.fee - l.ins - l.adj))}</td></tr>`).join('\n')}
</table>
<p>&nbsp;</p>
<table width="100%"><tr><td width="55%">We bill your insurance as a courtesy. Amounts not covered are your responsibility.</td><td><table width="100%">
<tr><td>Total charges</td><td align="right">${m(subtotal)}</td></tr>
<tr><td>Insurance payments</td><td align="right">(${m(round2(lines.reduce((s, l) => s + l.ins, 0)))})</td></tr>
<tr><td>Contractual adjustments</td><td align="right">(${m(round2(lines.reduce((s, l) => s + l.adj, 0)))})</td></tr>
<tr><td><b>Amount due from patient</b></td><td align="right"><b>$${m(total)}</b></td></tr></table></td></tr></table>
</body></html>`;
  return {
    id: 'invoice-g2-dental-insurance', tool: 'lo-html', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: 'RFD-250506-0931', date: '2025-05-06', due: '2025-06-05', currency: 'USD', vendor, customer, subtotal, tax: null, total, items }),
  };
}

function freightInvoice(): FreshDocument {
  const vendor: [string, string[]] = ['Nordhavn Freight Forwarding A/S', ['Containervej 9', '8000 Aarhus C', 'Denmark']];
  const customer: [string, string[]] = ['Baltic Timber Products OU', ['Sadama 25', '10111 Tallinn', 'Estonia']];
  const items: FreshItem[] = [
    { description: 'Road freight Aarhus - Tallinn, 6 pallets', quantity: 2840, unit_price: 0.42 },
    { description: 'Ferry surcharge Kiel - Klaipeda', quantity: 2840, unit_price: 0.06 },
    { description: 'Fuel surcharge', quantity: 2840, unit_price: 0.05 },
    { description: 'Tail-lift delivery', quantity: 1, unit_price: 85 },
  ].map((i) => ({ ...i, amount: round2(i.quantity * i.unit_price) }));
  const subtotal = round2(items.reduce((s, i) => s + i.amount, 0));
  const total = subtotal;
  const tr = (s: string): string => s.replace(/\\/g, '\\e').replace(/-/g, '\\-');
  const m = (n: number): string => tr(money(n, 'us'));
  const ms = `.nr PS 9
.nr VS 11
.nr LL 6.7i
.nr PO 0.8i
.ds LH
.ds CH
.ds RH
.ds CF CVR 29417733 \\(bu Subject to NSAB 2015
.LP
\\s+4\\fB${tr(vendor[0])}\\fP\\s0
.br
${vendor[1].map(tr).join(' \\(bu ')}
.sp
.TS
tab(|);
l l l l.
\\fBFREIGHT INVOICE\\fP||Invoice No.:|NFF\\-25\\-118402
||Invoice date:|2025\\-07\\-14
Consignee / bill to:||Payment terms:|14 days net
${tr(customer[0])}||Due date:|2025\\-07\\-28
${tr(customer[1][0]!)}||Shipment ref.:|AAR\\-TLL\\-07\\-0331
${tr(customer[1][1]!)}, ${tr(customer[1][2]!)}||Gross weight:|2,840 kg
.TE
.sp
.TS
tab(|) box;
l r r r r.
\\fBService\\fP|\\fBChargeable kg\\fP|\\fBRate EUR/kg\\fP|\\fBVAT\\fP|\\fBAmount EUR\\fP
_
${items.map((i) => `${tr(i.description)}|${i.quantity === 1 ? '1 (flat)' : tr(money(i.quantity!, 'us').replace(/\.00$/, ''))}|${i.quantity === 1 ? m(i.unit_price!) : i.unit_price!.toFixed(2)}|0%|${m(i.amount)}`).join('\n')}
.TE
.sp
.TS
tab(|);
l r.
Net amount|${m(subtotal)}
VAT 0% (reverse charge, art. 196)|0.00
\\fBAmount due EUR\\fP|\\fB${m(total)}\\fP
.TE
.sp
.LP
Please quote the invoice number with your payment. IBAN DK50 0040 0440 1162 43.
`;
  return {
    id: 'invoice-g3-freight-weight', tool: 'groff', ext: 'ms', source: ms, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: 'NFF-25-118402', date: '2025-07-14', due: '2025-07-28', currency: 'EUR', vendor, customer, subtotal, tax: 0, total, items }),
  };
}

function swissGrid(): FreshDocument {
  const vendor: [string, string[]] = ['Alpenblick Informatik GmbH', ['Bahnhofstrasse 12', '6003 Luzern']];
  const customer: [string, string[]] = ['Gemeindeverwaltung Kriens', ['Schachenstrasse 13', '6010 Kriens']];
  const items: FreshItem[] = [
    { description: 'Migration Fileserver auf M365', quantity: 14.5, unit_price: 165 },
    { description: 'Schulung Mitarbeitende (halbtags)', quantity: 2, unit_price: 690 },
    { description: 'Lizenz Backup-Software, 12 Monate', quantity: 25, unit_price: 48.6 },
  ].map((i) => ({ ...i, amount: round2(i.quantity * i.unit_price) }));
  const subtotal = round2(items.reduce((s, i) => s + i.amount, 0));
  const tax = round2(subtotal * 0.081);
  const total = round2(subtotal + tax);
  const ch = (n: number): string => money(n, 'us').replace(/,/g, "'");
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Sans', Arial; font-size: 9pt; margin: 30px 40px; }
.lab { text-align: right; color: #666; padding-right: 8px; white-space: nowrap; }
table { border-collapse: collapse; } .pos td, .pos th { padding: 4px 5px; } .pos th { border-bottom: 1.5px solid #333; text-align: left; }
.r { text-align: right; }
</style></head><body>
<table style="width:100%"><tr><td style="font-size:16pt;font-weight:bold;color:#b0002a">${esc(vendor[0])}</td><td class="r">${vendor[1].map(esc).join(' · ')}<br/>MWST CHE-114.552.908</td></tr></table>
<div style="margin:40px 0 30px 0">${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}</div>
<div style="font-size:13pt;font-weight:bold;margin-bottom:10px">Rechnung</div>
<table style="width:100%">
<tr><td class="lab">Rechnungsnummer</td><td>2025-0417</td><td class="lab">Kundennummer</td><td>K-2031</td></tr>
<tr><td class="lab">Rechnungsdatum</td><td>30.06.2025</td><td class="lab">Ihre Referenz</td><td>Frau S. Imhof</td></tr>
<tr><td class="lab">Zahlbar bis</td><td>30.07.2025</td><td class="lab">Währung</td><td>CHF</td></tr>
</table>
<table class="pos" style="width:100%;margin-top:18px">
<tr><th>Pos.</th><th>Bezeichnung</th><th class="r">Menge</th><th>Einheit</th><th class="r">Ansatz</th><th class="r">Betrag</th></tr>
${items.map((i, k) => `<tr><td>${k + 1}</td><td>${esc(i.description)}</td><td class="r">${i.quantity}</td><td>${k === 0 ? 'Std.' : 'Stk.'}</td><td class="r">${ch(i.unit_price!)}</td><td class="r">${ch(i.amount)}</td></tr>`).join('\n')}
</table>
<table style="width:50%;margin:12px 0 0 auto;border-top:1px solid #333">
<tr><td class="lab">Total exkl. MWST</td><td class="r">${ch(subtotal)}</td></tr>
<tr><td class="lab">MWST 8.1 %</td><td class="r">${ch(tax)}</td></tr>
<tr><td class="lab"><b>Rechnungsbetrag CHF</b></td><td class="r"><b>${ch(total)}</b></td></tr></table>
<p style="margin-top:28px">Zahlbar innert 30 Tagen netto. Besten Dank für Ihren Auftrag.</p>
</body></html>`;
  return {
    id: 'invoice-g4-ch-label-grid', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: '2025-0417', date: '2025-06-30', due: '2025-07-30', currency: 'CHF', vendor, customer, subtotal, tax, total, items }),
  };
}

export const FRESH2_INVOICES: (() => FreshDocument)[] = [marketplace, dentalBill, freightInvoice, swissGrid];
