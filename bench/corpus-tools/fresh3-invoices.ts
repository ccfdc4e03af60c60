/**
 * Third fresh set, invoices: a Japanese-style bilingual invoice (yyyy/mm/dd dates, yen without
 * decimals, the amount billed and the totals block on the LEFT above the items), an invoice printed
 * from an accounting package with two rows per item (code + description, then qty/price/amount),
 * and a subscription invoice with proration lines and negative credit lines. No CJK font is
 * installed, so the "bilingual" labels are romanised. Written after LOCAL was tuned on every older
 * corpus, to stay untuned.
 */
import { esc, money, round2 } from './formats.ts';
import type { FreshDocument, FreshItem } from './fresh-types.ts';
import { invoiceTruth } from './fresh-types.ts';

const yen = (n: number): string => `¥${Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

function japanese(): FreshDocument {
  const vendor: [string, string[]] = ['Sakura Print Works Co., Ltd.', ['3-14-2 Kanda Jimbocho', 'Chiyoda-ku, Tokyo 101-0051', 'Japan']];
  const customer: [string, string[]] = ['Nordlicht Design GK', ['5-7-1 Minami-Aoyama', 'Minato-ku, Tokyo 107-0062']];
  const items: FreshItem[] = [
    { description: 'Business cards, 2-sided colour (box of 100)', quantity: 6, unit_price: 2800 },
    { description: 'A4 leaflet, coated 135gsm', quantity: 2000, unit_price: 18 },
    { description: 'Design adjustment fee', quantity: 1, unit_price: 15000 },
    { description: 'Delivery (Tokyo 23 wards)', quantity: 1, unit_price: 1200 },
  ].map((i) => ({ ...i, amount: round2(i.quantity * i.unit_price) }));
  const subtotal = items.reduce((s, i) => s + i.amount, 0);
  const tax = Math.floor(subtotal * 0.1);
  const total = subtotal + tax;
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'DejaVu Sans', sans-serif; font-size: 8.5pt; margin: 28px 34px; }
h1 { text-align: center; font-size: 16pt; letter-spacing: 6px; margin: 0 0 14px 0; }
table { border-collapse: collapse; } .r { text-align: right; } .g td { border: 1px solid #444; padding: 3px 6px; }
.g th { border: 1px solid #444; background: #e8e8e8; padding: 3px 6px; font-weight: normal; }
.big { font-size: 13pt; font-weight: bold; border-bottom: 2px solid #000; }
</style></head><body>
<h1>SEIKYUSHO / INVOICE</h1>
<table style="width:100%"><tr>
<td style="width:55%;vertical-align:top"><span style="font-size:12pt">${esc(customer[0])} onchu</span><br/>${customer[1].map(esc).join('<br/>')}<br/><br/>
We hereby invoice you as follows. / Kaki no tori go-seikyu moushiagemasu.<br/><br/>
<table class="g" style="width:92%">
<tr><th>Go-seikyu kingaku / Amount billed</th><td class="r big">${yen(total)}</td></tr>
<tr><th>Shokei / Subtotal</th><td class="r">${yen(subtotal)}</td></tr>
<tr><th>Shohizei 10% / Consumption tax</th><td class="r">${yen(tax)}</td></tr>
<tr><th>Shiharai kigen / Payment due</th><td class="r">2025/07/31</td></tr>
</table></td>
<td style="vertical-align:top">
<table><tr><td>Seikyu bango / Invoice No.</td><td>SPW-2506-0142</td></tr>
<tr><td>Hakko-bi / Issue date</td><td>2025/06/30</td></tr>
<tr><td>Registration No.</td><td>T4010001088812</td></tr></table><br/>
<b>${esc(vendor[0])}</b><br/>${vendor[1].map(esc).join('<br/>')}<br/>TEL 03-5283-0192</td></tr></table>
<table class="g" style="width:100%;margin-top:16px">
<tr><th style="width:6%">No.</th><th>Hinmei / Description</th><th class="r">Suryo / Qty</th><th class="r">Tanka / Unit price</th><th class="r">Kingaku / Amount</th></tr>
${items.map((i, k) => `<tr><td>${k + 1}</td><td>${esc(i.description)}</td><td class="r">${i.quantity!.toLocaleString('en-US')}</td><td class="r">${yen(i.unit_price!)}</td><td class="r">${yen(i.amount)}</td></tr>`).join('\n')}
<tr><td></td><td></td><td></td><td></td><td></td></tr>
</table>
<p style="margin-top:14px">Furikomisaki / Bank transfer: Mizuho Bank, Kanda Branch, Ordinary 1234567, Sakura Print Works Co., Ltd. Transfer fees are borne by the customer.</p>
</body></html>`;
  return {
    id: 'invoice-k1-jp-bilingual', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: 'SPW-2506-0142', date: '2025-06-30', due: '2025-07-31', currency: 'JPY', vendor, customer, subtotal, tax, total, items }),
  };
}

function twoRowItems(): FreshDocument {
  const vendor: [string, string[]] = ['Hartwell Electrical Supplies Ltd', ['Unit 9, Brookside Trading Estate', 'Stockport SK4 2QZ']];
  const customer: [string, string[]] = ['Dunmore Building Services', ['71 Wellington Road', 'Sale M33 6GH']];
  const raw: (FreshItem & { code: string; uom: string })[] = [
    { code: 'CAB-T&E-2.5', uom: 'ROLL', description: '2.5mm Twin & Earth cable 100m grey', quantity: 4, unit_price: 61.9, amount: 0 },
    { code: 'MCB-B32', uom: 'EA', description: 'MCB Type B 32A single pole', quantity: 12, unit_price: 4.35, amount: 0 },
    { code: 'RCBO-B16-30', uom: 'EA', description: 'RCBO Type B 16A 30mA', quantity: 6, unit_price: 17.8, amount: 0 },
    { code: 'BOX-35-1G', uom: 'PK10', description: 'Metal back box 1 gang 35mm', quantity: 3, unit_price: 6.2, amount: 0 },
    { code: 'LED-DL-6W', uom: 'EA', description: 'Fire-rated LED downlight 6W 4000K', quantity: 20, unit_price: 8.75, amount: 0 },
  ];
  const items = raw.map((i) => ({ ...i, amount: round2(i.quantity! * i.unit_price!) }));
  const subtotal = round2(items.reduce((s, i) => s + i.amount, 0));
  const tax = round2(subtotal * 0.2);
  const total = round2(subtotal + tax);
  const m = (n: number): string => money(n, 'us');
  const ms = `.nr PS 9
.nr VS 11
.nr LL 6.7i
.nr PO 0.7i
.ds LH
.ds CH
.ds RH
.LP
.TS
tab(|);
lb r.
\\s+3${vendor[0]}\\s0|\\s+3SALES INVOICE\\s0
${vendor[1][0]}|Invoice No: SI-0088412
${vendor[1][1]}|Tax Date: 12/08/2025
VAT Reg: GB 771 2290 14|Account: DUN001
|Terms: 30 days net
.TE
.sp
.TS
tab(|);
l l.
Invoice To:|Deliver To:
${customer[0]}|Site: Oakfield School Annexe
${customer[1][0]}|Brook Lane
${customer[1][1]}|Altrincham WA14 1XY
.TE
.sp
.TS
tab(|);
l l r r r.
_
\\fBProduct Code|Description\\fP||||
\\fB|Quantity|Unit Price|Disc%|Net Amount\\fP
_
${items.map((i) => `${i.code}|${i.description}|||\n|${i.quantity} ${i.uom}|${m(i.unit_price!)}|0.00|${m(i.amount)}`).join('\n.sp 0.3\n')}
_
.TE
.sp
.TS
tab(|);
l r.
Total Net Amount|${m(subtotal)}
Total VAT Amount (20%)|${m(tax)}
\\fBINVOICE TOTAL GBP\\fP|\\fB${m(total)}\\fP
.TE
.sp
Payment due by 11/09/2025. Please quote the invoice number with your remittance.
`;
  return {
    id: 'invoice-k2-two-row-items', tool: 'groff', ext: 'ms', source: ms, schema: 'invoice.schema.json',
    expected: invoiceTruth({
      number: 'SI-0088412', date: '2025-08-12', due: '2025-09-11', currency: 'GBP', vendor, customer, subtotal, tax, total,
      items: items.map((i) => ({ description: i.description, quantity: i.quantity, unit_price: i.unit_price, amount: i.amount })),
    }),
  };
}

function subscription(): FreshDocument {
  const vendor: [string, string[]] = ['Lumenary Analytics, Inc.', ['600 Congress Ave, Floor 14', 'Austin, TX 78701', 'United States']];
  const customer: [string, string[]] = ['Brightwater Outfitters', ['1180 Harbor Way', 'Portland, ME 04101']];
  const items: FreshItem[] = [
    { description: 'Growth plan (Sep 1 - Sep 30, 2025)', quantity: 1, unit_price: 499, amount: 499 },
    { description: 'Additional seats (Sep 1 - Sep 30, 2025)', quantity: 8, unit_price: 25, amount: 200 },
    { description: 'Unused time on Starter plan after Aug 18, 2025', quantity: 1, unit_price: -62.1, amount: -62.1 },
    { description: 'Remaining time on Growth plan after Aug 18, 2025', quantity: 1, unit_price: 213.87, amount: 213.87 },
    { description: 'Promotional credit (FALL25)', quantity: 1, unit_price: -50, amount: -50 },
  ];
  const subtotal = round2(items.reduce((s, i) => s + i.amount, 0));
  const tax = round2(subtotal * 0.055);
  const total = round2(subtotal + tax);
  const usd = (n: number): string => (n < 0 ? `-$${money(-n, 'us')}` : `$${money(n, 'us')}`);
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Sans', Arial; font-size: 9.5pt; color: #222; }
td { vertical-align: top; } th { color: #777; font-weight: normal; font-size: 8pt; border-bottom: 1px solid #ddd; }
</style></head><body>
<p><span style="font-size:18pt"><b>Invoice</b></span></p>
<table>
<tr><td width="130">Invoice number</td><td>7F3A2C-0019</td></tr>
<tr><td>Date of issue</td><td>September 1, 2025</td></tr>
<tr><td>Date due</td><td>September 15, 2025</td></tr></table>
<p>&nbsp;</p>
<table width="100%"><tr>
<td width="50%"><b>${esc(vendor[0])}</b><br/>${vendor[1].map(esc).join('<br/>')}<br/>billing@lumenary.example</td>
<td><b>Bill to</b><br/>${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}<br/>ap@brightwater.example</td></tr></table>
<p>&nbsp;</p>
<p><span style="font-size:13pt"><b>${usd(total)} USD due September 15, 2025</b></span></p>
<table width="100%" cellpadding="3">
<tr><th align="left">Description</th><th align="right">Qty</th><th align="right">Unit price</th><th align="right">Amount</th></tr>
${items.map((i) => `<tr><td>${esc(i.description)}</td><td align="right">${i.quantity}</td><td align="right">${usd(i.unit_price!)}</td><td align="right">${usd(i.amount)}</td></tr>`).join('\n')}
</table>
<table width="55%" align="right" cellpadding="3">
<tr><td>Subtotal</td><td align="right">${usd(subtotal)}</td></tr>
<tr><td>Sales tax (5.5%)</td><td align="right">${usd(tax)}</td></tr>
<tr><td>Total</td><td align="right">${usd(total)}</td></tr>
<tr><td><b>Amount due</b></td><td align="right"><b>${usd(total)} USD</b></td></tr></table>
<p>&nbsp;</p><p>&nbsp;</p>
<p style="font-size:8pt">Plan changed from Starter to Growth on Aug 18, 2025; prorated adjustments are shown above.</p>
</body></html>`;
  return {
    id: 'invoice-k3-subscription-proration', tool: 'lo-html', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: '7F3A2C-0019', date: '2025-09-01', due: '2025-09-15', currency: 'USD', vendor, customer, subtotal, tax, total, items }),
  };
}

export const FRESH3_INVOICES: (() => FreshDocument)[] = [japanese, twoRowItems, subscription];
