/**
 * Fifth fresh set, invoices: a three-column header (vendor | invoice facts | customer) whose labels
 * sit above their values, a US contractor invoice with "FROM:" / "TO:" blocks, a restaurant bill
 * with a service charge and a tip line after the tax, and an Irish invoice whose VAT analysis table
 * (rate / net / VAT) sits beside the totals. Written after LOCAL was tuned on every older corpus,
 * to stay untuned.
 */
import { esc, money, round2 } from './formats.ts';
import type { FreshDocument, FreshItem } from './fresh-types.ts';
import { invoiceTruth } from './fresh-types.ts';

const priced = (rows: { description: string; quantity: number; unit_price: number }[]): FreshItem[] =>
  rows.map((i) => ({ ...i, amount: round2(i.quantity * i.unit_price) }));
const sum = (items: FreshItem[]): number => round2(items.reduce((s, i) => s + i.amount, 0));

function threeColumnLabelsAbove(): FreshDocument {
  const vendor: [string, string[]] = ['Halvorsen Print Studio AS', ['Storgata 41', '0182 Oslo', 'Norway']];
  const customer: [string, string[]] = ['Fjordline Outdoor AB', ['Kungsgatan 9', '411 19 Göteborg', 'Sweden']];
  const items = priced([
    { description: 'Catalogue design, 48 pages', quantity: 1, unit_price: 18500 },
    { description: 'Offset print run, 2000 copies', quantity: 2000, unit_price: 11.25 },
    { description: 'Proof rounds', quantity: 3, unit_price: 950 },
  ]);
  const subtotal = sum(items);
  const tax = round2(subtotal * 0.25);
  const total = round2(subtotal + tax);
  const m = (n: number): string => money(n, 'de');
  const lab = (s: string): string => `<div style="font-size:7pt;color:#666;text-transform:uppercase">${s}</div>`;
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Sans', Arial; font-size: 9pt; margin: 30px 36px; }
table { border-collapse: collapse; } .r { text-align: right; } td { vertical-align: top; }
.it th { border-bottom: 1px solid #000; padding: 4px; text-align: left; } .it td { padding: 4px; }
</style></head><body>
<div style="font-size:22pt;font-weight:bold;margin-bottom:14px">Invoice</div>
<table style="width:100%"><tr>
<td style="width:33%">${lab('Supplier')}<b>${esc(vendor[0])}</b><br/>${vendor[1].map(esc).join('<br/>')}<br/>Org.nr 923 441 870 MVA</td>
<td style="width:33%">${lab('Invoice no.')}20250917${lab('Invoice date')}17.09.2025${lab('Due date')}01.10.2025${lab('Currency')}NOK</td>
<td>${lab('Invoice to')}<b>${esc(customer[0])}</b><br/>${customer[1].map(esc).join('<br/>')}</td>
</tr></table>
<table class="it" style="width:100%;margin-top:20px">
<tr><th>Description</th><th class="r">Qty</th><th class="r">Unit price</th><th class="r">Amount</th></tr>
${items.map((i) => `<tr><td>${esc(i.description)}</td><td class="r">${i.quantity}</td><td class="r">${m(i.unit_price!)}</td><td class="r">${m(i.amount)}</td></tr>`).join('\n')}
</table>
<table style="width:100%;margin-top:14px;border-top:1px solid #000"><tr>
<td class="r">${lab('Net amount')}${m(subtotal)}</td>
<td class="r">${lab('VAT 25%')}${m(tax)}</td>
<td class="r">${lab('Total to pay (NOK)')}<b>${m(total)}</b></td></tr></table>
<p>Payment to account 1503 22 48173. Please quote the invoice number.</p>
</body></html>`;
  return {
    id: 'invoice-n1-three-col-labels-above', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: '20250917', date: '2025-09-17', due: '2025-10-01', currency: 'NOK', vendor, customer, subtotal, tax, total, items }),
  };
}

function contractorFromTo(): FreshDocument {
  const vendor: [string, string[]] = ['Ridgeback Roofing LLC', ['1420 Industrial Pkwy', 'Boise, ID 83709']];
  const customer: [string, string[]] = ['Maple Court HOA', ['c/o Westbrook Management', '300 W Main St, Suite 210', 'Boise, ID 83702']];
  const items = priced([
    { description: 'Tear-off existing shingles, Bldg C', quantity: 32, unit_price: 85 },
    { description: 'Architectural shingles installed (per square)', quantity: 32, unit_price: 310 },
    { description: 'Ridge vent', quantity: 64, unit_price: 9.5 },
    { description: 'Dumpster haul-away', quantity: 2, unit_price: 425 },
  ]);
  const subtotal = sum(items);
  const tax = round2(subtotal * 0.06);
  const total = round2(subtotal + tax);
  const m = (n: number): string => `$${money(n, 'us')}`;
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; margin: 34px 40px; }
table { border-collapse: collapse; } .r { text-align: right; } td { vertical-align: top; }
.it td { border: 1px solid #444; padding: 4px; } .it tr.h td { background: #eee; font-weight: bold; }
</style></head><body>
<table style="width:100%"><tr><td><b style="font-size:20pt">INVOICE</b></td>
<td class="r">Invoice No: RR-2291<br/>Date: November 3, 2025<br/>Terms: Net 30<br/>Due: December 3, 2025</td></tr></table>
<table style="width:100%;margin-top:16px"><tr>
<td style="width:50%"><b>FROM:</b><br/>${esc(vendor[0])}<br/>${vendor[1].map(esc).join('<br/>')}<br/>Lic. # RCE-41877</td>
<td><b>TO:</b><br/>${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}</td></tr></table>
<p>Job: Maple Court, Building C re-roof</p>
<table class="it" style="width:100%">
<tr class="h"><td>Description</td><td class="r">Qty</td><td class="r">Rate</td><td class="r">Amount</td></tr>
${items.map((i) => `<tr><td>${esc(i.description)}</td><td class="r">${i.quantity}</td><td class="r">${m(i.unit_price!)}</td><td class="r">${m(i.amount)}</td></tr>`).join('\n')}
<tr><td colspan="3" class="r">Subtotal</td><td class="r">${m(subtotal)}</td></tr>
<tr><td colspan="3" class="r">Idaho sales tax 6%</td><td class="r">${m(tax)}</td></tr>
<tr><td colspan="3" class="r"><b>TOTAL DUE</b></td><td class="r"><b>${m(total)}</b></td></tr>
</table>
<p>Make checks payable to Ridgeback Roofing LLC. Thank you for your business!</p>
</body></html>`;
  return {
    id: 'invoice-n2-us-from-to', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: 'RR-2291', date: '2025-11-03', due: '2025-12-03', currency: 'USD', vendor, customer: [customer[0], customer[1]], subtotal, tax, total, items }),
  };
}

function restaurantTip(): FreshDocument {
  const vendor: [string, string[]] = ['Osteria Lucca', ['218 Hayes Street', 'San Francisco, CA 94102']];
  const items = priced([
    { description: 'Burrata e pomodori', quantity: 1, unit_price: 19 },
    { description: 'Tagliatelle al ragù', quantity: 2, unit_price: 28 },
    { description: 'Branzino alla griglia', quantity: 1, unit_price: 36 },
    { description: 'Chianti Classico (btl)', quantity: 1, unit_price: 64 },
  ]);
  const subtotal = sum(items);
  const tax = round2(subtotal * 0.08625);
  const service = round2(subtotal * 0.04);
  const tip = 30;
  const total = round2(subtotal + tax + service + tip);
  const m = (n: number): string => money(n, 'us');
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'DejaVu Sans Mono', monospace; font-size: 9pt; margin: 30px; width: 300px; }
table { border-collapse: collapse; width: 100%; } .r { text-align: right; }
</style></head><body>
<div style="text-align:center"><b style="font-size:13pt">${esc(vendor[0])}</b><br/>${vendor[1].map(esc).join('<br/>')}<br/>(415) 555-0142</div>
<p>Check #4471 &nbsp; Table 12 &nbsp; Guests 3<br/>Server: Marco<br/>10/18/2025 8:42 PM</p>
<table>
${items.map((i) => `<tr><td>${i.quantity}</td><td>${esc(i.description)}</td><td class="r">${m(i.amount)}</td></tr>`).join('\n')}
</table>
<hr/>
<table>
<tr><td>Food &amp; Bev Subtotal</td><td class="r">${m(subtotal)}</td></tr>
<tr><td>Sales Tax 8.625%</td><td class="r">${m(tax)}</td></tr>
<tr><td>SF Health Mandate 4%</td><td class="r">${m(service)}</td></tr>
<tr><td>Tip</td><td class="r">${m(tip)}</td></tr>
<tr><td><b>Total</b></td><td class="r"><b>${m(total)}</b></td></tr>
<tr><td>VISA xxxx1187</td><td class="r">${m(total)}</td></tr>
</table>
<p style="text-align:center">Grazie! Come back soon.</p>
</body></html>`;
  return {
    id: 'invoice-n3-restaurant-tip', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: '4471', date: '2025-10-18', due: null, currency: 'USD', vendor, customer: [null, null], subtotal, tax, total,
      items: items.map((i) => ({ ...i, unit_price: null })) }),
  };
}

function irishVatAnalysis(): FreshDocument {
  const vendor: [string, string[]] = ['Corrib Office Supplies Ltd', ['Unit 7, Oranmore Business Park', 'Oranmore, Co. Galway', 'H91 X2F4']];
  const customer: [string, string[]] = ['Shannon Physio Clinic', ['14 O\'Connell Street', 'Limerick V94 K7P2']];
  const std = priced([
    { description: 'Ergonomic office chair', quantity: 2, unit_price: 289 },
    { description: 'Printer toner cartridge', quantity: 4, unit_price: 72.5 },
  ]);
  const zero = priced([{ description: 'Appointment books (printed)', quantity: 10, unit_price: 8.4 }]);
  const items = [...std, ...zero];
  const netStd = sum(std);
  const netZero = sum(zero);
  const subtotal = round2(netStd + netZero);
  const tax = round2(netStd * 0.23);
  const total = round2(subtotal + tax);
  const m = (n: number): string => `€${money(n, 'us')}`;
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Sans', Arial; font-size: 9pt; margin: 30px 36px; }
table { border-collapse: collapse; } .r { text-align: right; } td { vertical-align: top; }
.it th { background: #0a5; color: #fff; padding: 4px; } .it td { padding: 4px; border-bottom: 1px solid #ccc; }
.va td, .va th { border: 1px solid #999; padding: 3px 6px; font-size: 8pt; }
</style></head><body>
<table style="width:100%"><tr><td><b style="font-size:16pt">${esc(vendor[0])}</b><br/>${vendor[1].map(esc).join('<br/>')}<br/>VAT No. IE 6388047V</td>
<td class="r"><b style="font-size:18pt">INVOICE</b><br/>Invoice: COS-11820<br/>Date: 28/10/2025<br/>Account: SHA001</td></tr></table>
<p><b>Invoice Address:</b><br/>${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}</p>
<table class="it" style="width:100%">
<tr><th style="text-align:left">Description</th><th class="r">Qty</th><th class="r">Unit Price</th><th class="r">VAT %</th><th class="r">Net</th></tr>
${std.map((i) => `<tr><td>${esc(i.description)}</td><td class="r">${i.quantity}</td><td class="r">${m(i.unit_price!)}</td><td class="r">23</td><td class="r">${m(i.amount)}</td></tr>`).join('\n')}
${zero.map((i) => `<tr><td>${esc(i.description)}</td><td class="r">${i.quantity}</td><td class="r">${m(i.unit_price!)}</td><td class="r">0</td><td class="r">${m(i.amount)}</td></tr>`).join('\n')}
</table>
<table style="width:100%;margin-top:12px"><tr>
<td style="width:55%"><table class="va"><tr><th>VAT Rate</th><th>Net</th><th>VAT</th></tr>
<tr><td>23%</td><td class="r">${m(netStd)}</td><td class="r">${m(tax)}</td></tr>
<tr><td>0%</td><td class="r">${m(netZero)}</td><td class="r">${m(0)}</td></tr></table></td>
<td><table style="width:100%"><tr><td>Total Net</td><td class="r">${m(subtotal)}</td></tr>
<tr><td>Total VAT</td><td class="r">${m(tax)}</td></tr>
<tr><td><b>Invoice Total</b></td><td class="r"><b>${m(total)}</b></td></tr></table></td></tr></table>
<p>Terms: 30 days from invoice date. IBAN IE29 AIBK 9311 5212 3456 78</p>
</body></html>`;
  return {
    id: 'invoice-n4-ie-vat-analysis', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: 'COS-11820', date: '2025-10-28', due: null, currency: 'EUR', vendor, customer, subtotal, tax, total, items }),
  };
}

export const FRESH5_INVOICES: (() => FreshDocument)[] = [threeColumnLabelsAbove, contractorFromTo, restaurantTip, irishVatAnalysis];
