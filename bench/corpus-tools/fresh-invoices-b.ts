/**
 * Fresh invoices, part two: a handyman's invoice written as a letter (items as prose lines, no
 * tax, no subtotal, no due date), a construction progress billing (schedule of values, amounts
 * "this period", one row at 0.00, retainage held back so total ≠ subtotal + tax) and a Spanish pharmacy till
 * receipt (monospace, "2 x 3,95" lines, VAT breakdown by rate, no customer).
 */
import { esc, money, round2 } from './formats.ts';
import type { FreshDocument, FreshItem } from './fresh-types.ts';
import { freshDate, invoiceTruth } from './fresh-types.ts';

function handymanLetter(): FreshDocument {
  const vendor: [string, string[]] = ['Tom Kowalski Home Repairs', ['18 Birch Hollow Road', 'Asheville, NC 28803']];
  const customer: [string, string[]] = ['Mr. Rajesh Patel', ['402 Montford Avenue', 'Asheville, NC 28801']];
  const labour = [
    { description: 'Replace kitchen faucet and supply lines', quantity: 2.5, unit_price: 60 },
    { description: 'Rehang and plane back door', quantity: 1.5, unit_price: 60 },
    { description: 'Patch and paint hallway drywall', quantity: 4, unit_price: 60 },
  ];
  const materials = [
    { description: 'Moen single-handle faucet and braided supply lines', amount: 184.37 },
    { description: 'Joint compound, tape, primer and paint', amount: 46.8 },
  ];
  const items: FreshItem[] = [
    ...labour.map((l) => ({ ...l, amount: round2(l.quantity * l.unit_price) })),
    ...materials.map((m) => ({ description: m.description, quantity: null, unit_price: null, amount: m.amount })),
  ];
  const total = round2(items.reduce((s, i) => s + i.amount, 0));
  const us = (n: number): string => `$${money(n, 'us')}`;
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Serif', 'Times New Roman'; font-size: 12pt; }
</style></head><body>
<p><b>${esc(vendor[0])}</b><br/>${vendor[1].map(esc).join('<br/>')}<br/>(828) 555-0117 · tomk.repairs@example.com</p>
<p>&nbsp;</p>
<p>${freshDate('2025-06-12', 'en-ordinal')}</p>
<p>${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}</p>
<p><b>Re: Invoice No. 2025-31</b></p>
<p>Dear Mr. Patel,</p>
<p>Thank you for having me out to the house last week. Below is what I did and what it comes to.</p>
<p><u>Labor</u> (billed at my hourly rate)</p>
<table cellpadding="2">
${labour.map((l) => `<tr><td width="340">${esc(l.description)}</td><td>${l.quantity} hrs × ${us(l.unit_price)}</td><td align="right" width="90">${us(round2(l.quantity * l.unit_price))}</td></tr>`).join('\n')}
</table>
<p><u>Materials</u> (receipts attached)</p>
<table cellpadding="2">
${materials.map((m) => `<tr><td width="340">${esc(m.description)}</td><td></td><td align="right" width="90">${us(m.amount)}</td></tr>`).join('\n')}
</table>
<p><b>Total amount due: ${us(total)}</b></p>
<p>I'd appreciate payment within two weeks, by check made out to Tom Kowalski or by Zelle to the phone number above. Please don't hesitate to call if anything isn't right.</p>
<p>Sincerely,</p>
<p>&nbsp;</p>
<p>Tom Kowalski</p>
</body></html>`;
  return {
    id: 'invoice-f4-handyman-letter', tool: 'lo-html', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: '2025-31', date: '2025-06-12', due: null, currency: 'USD', vendor, customer, subtotal: null, tax: null, total, items }),
  };
}

function constructionProgress(): FreshDocument {
  const vendor: [string, string[]] = ['Granite Ridge Builders, Inc.', ['4700 Quarry Road', 'Boise, ID 83716']];
  const customer: [string, string[]] = ['Treasure Valley School District No. 4', ['1250 Education Way', 'Meridian, ID 83642']];
  const sov = [
    { code: '01', description: 'General conditions', value: 184000, prev: 0.5, now: 0.6 },
    { code: '03', description: 'Concrete foundations and slabs', value: 412500, prev: 1, now: 1 },
    { code: '05', description: 'Structural steel erection', value: 538200, prev: 0.7, now: 0.95 },
    { code: '07', description: 'Roofing and waterproofing', value: 226750, prev: 0, now: 0.35 },
    { code: '09', description: 'Interior framing and drywall', value: 301400, prev: 0, now: 0.12 },
    { code: '23', description: 'HVAC rough-in', value: 358900, prev: 0.1, now: 0.3 },
  ].map((r) => ({ ...r, prevAmt: round2(r.value * r.prev), toDate: round2(r.value * r.now) }));
  const items: FreshItem[] = sov.map((r) => ({
    description: r.description, quantity: null, unit_price: null, amount: round2(r.toDate - r.prevAmt),
  }));
  const subtotal = round2(items.reduce((s, i) => s + i.amount, 0));
  const retainage = round2(subtotal * 0.05);
  const total = round2(subtotal - retainage);
  const m = (n: number): string => money(n, 'us');
  const d = (iso: string): string => freshDate(iso, 'en-ordinal').replace(/(st|nd|rd|th),/, ',');
  const contract = sov.reduce((s, r) => s + r.value, 0);
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Sans', Arial; font-size: 8pt; margin: 22px; }
table.sov { width: 100%; border-collapse: collapse; } table.sov th { border: 1px solid #444; background: #e8e4d8; padding: 3px; font-size: 7.5pt; }
table.sov td { border-left: 1px solid #444; border-right: 1px solid #444; padding: 2px 4px; } table.sov tr.last td { border-bottom: 1px solid #444; }
.r { text-align: right; } td { vertical-align: top; }
</style></head><body>
<table style="width:100%"><tr><td style="width:50%"><span style="font-size:15pt;font-weight:bold">${esc(vendor[0])}</span><br/>General Contractor · ID Lic. RCE-48812<br/>${vendor[1].map(esc).join(', ')}</td>
<td class="r"><span style="font-size:13pt;font-weight:bold">PROGRESS BILLING</span><br/>Application No. 6<br/>Invoice No. GRB-2291-06<br/>Application date: ${d('2025-04-30')}<br/>Period: ${d('2025-04-01')} to ${d('2025-04-30')}</td></tr></table>
<table style="width:100%;margin-top:12px"><tr><td style="width:50%"><b>OWNER:</b><br/>${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}</td>
<td><b>PROJECT:</b><br/>Eagle Creek Elementary School – Phase II<br/>Job 2291 · Architect: Sawtooth Design Group</td></tr></table>
<table style="margin-top:10px">
<tr><td>Original contract sum</td><td class="r">$${m(contract - 21750)}</td></tr>
<tr><td>Net change by change orders</td><td class="r">$${m(21750)}</td></tr>
<tr><td>Contract sum to date</td><td class="r">$${m(contract)}</td></tr></table>
<h4 style="margin:12px 0 4px 0">SCHEDULE OF VALUES</h4>
<table class="sov"><tr><th>Item</th><th>Description of work</th><th>Scheduled value</th><th>From previous applications</th><th>Work completed this period</th><th>Total completed to date</th><th>%</th><th>Balance to finish</th></tr>
${sov.map((r, k) => `<tr${k === sov.length - 1 ? ' class="last"' : ''}><td>${r.code}</td><td>${esc(r.description)}</td><td class="r">${m(r.value)}</td><td class="r">${m(r.prevAmt)}</td><td class="r">${m(round2(r.toDate - r.prevAmt))}</td><td class="r">${m(r.toDate)}</td><td class="r">${Math.round(r.now * 100)}%</td><td class="r">${m(round2(r.value - r.toDate))}</td></tr>`).join('\n')}
</table>
<table style="width:45%;margin-left:55%;margin-top:12px">
<tr><td>Work completed this period</td><td class="r">$${m(subtotal)}</td></tr>
<tr><td>Less retainage (5%)</td><td class="r">($${m(retainage)})</td></tr>
<tr><td><b>CURRENT PAYMENT DUE</b></td><td class="r"><b>$${m(total)}</b></td></tr>
<tr><td>Payment due by</td><td class="r">${d('2025-05-30')}</td></tr></table>
<p style="margin-top:18px">The undersigned Contractor certifies that the work covered by this application has been completed in accordance with the Contract Documents. Retainage will be released upon substantial completion.</p>
</body></html>`;
  return {
    id: 'invoice-f5-construction-progress', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: 'GRB-2291-06', date: '2025-04-30', due: '2025-05-30', currency: 'USD', vendor, customer, subtotal, tax: null, total, items }),
  };
}

function pharmacyReceipt(): FreshDocument {
  const vendor: [string, string[]] = ['Farmacia Ruiz Ortega', ['C/ Mayor 27', '28013 Madrid']];
  const list = [
    { description: 'IBUPROFENO CINFA 600MG 40 COMP', quantity: 2, unit_price: 3.95, vat: 4 },
    { description: 'PARACETAMOL KERN 1G 40 COMP', quantity: 1, unit_price: 2.5, vat: 4 },
    { description: 'ISDIN FOTOPROTECTOR SPF50 50ML', quantity: 1, unit_price: 21.9, vat: 21 },
    { description: 'TIRITAS HANSAPLAST 20U', quantity: 3, unit_price: 2.85, vat: 21 },
  ];
  const items: FreshItem[] = list.map((i) => ({ description: i.description, quantity: i.quantity, unit_price: i.unit_price, amount: round2(i.quantity * i.unit_price) }));
  const total = round2(items.reduce((s, i) => s + i.amount, 0));
  const byRate = [4, 21].map((rate) => {
    const gross = round2(list.reduce((s, i, k) => s + (i.vat === rate ? items[k]!.amount : 0), 0));
    const base = round2(gross / (1 + rate / 100));
    return { rate, base, cuota: round2(gross - base) };
  });
  const subtotal = round2(byRate.reduce((s, r) => s + r.base, 0));
  const tax = round2(byRate.reduce((s, r) => s + r.cuota, 0));
  const es = (n: number): string => money(n, 'de');
  const pad = (l: string, r: string, w = 40): string => `${l}${' '.repeat(Math.max(1, w - l.length - r.length))}${r}`;
  const lines = [
    '      FARMACIA RUIZ ORTEGA', '      Lda. Carmen Ruiz Ortega', `      ${vendor[1][0]}`, `      ${vendor[1][1]}`, '      NIF 50871234K  Tel 91 365 22 10', '',
    '        FACTURA SIMPLIFICADA', pad('N.: T-004-118273', 'Caja 2'), pad('Fecha: 14/05/2025', '18:32'), '-'.repeat(40),
    ...list.flatMap((i, k) => [i.description, pad(`   ${i.quantity} x ${es(i.unit_price)}`, `${es(items[k]!.amount)} ${i.vat === 4 ? 'A' : 'B'}`)]),
    '-'.repeat(40), pad('TOTAL (IVA incl.)', `${es(total)} EUR`), '', pad('TARJETA', es(total)), '',
    'TIPO   BASE IMP.   CUOTA', ...byRate.map((r) => `${r.rate === 4 ? 'A' : 'B'} ${String(r.rate).padStart(2)}%  ${es(r.base).padStart(9)}  ${es(r.cuota).padStart(7)}`),
    pad('TOTAL BASE', es(subtotal)), pad('TOTAL IVA', es(tax)), '', '   Gracias por su visita', '   Conserve este ticket para cambios',
  ];
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; font-size: 9pt; }
pre { width: 330px; margin: 20px auto; padding: 12px; border: 1px dashed #999; font-family: inherit; }
</style></head><body><pre>${lines.map(esc).join('\n')}</pre></body></html>`;
  return {
    id: 'invoice-f6-es-pharmacy-receipt', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: 'T-004-118273', date: '2025-05-14', due: null, currency: 'EUR', vendor, customer: [null, null], subtotal, tax, total, items }),
  };
}

export const FRESH_INVOICES_B: (() => FreshDocument)[] = [handymanLetter, constructionProgress, pharmacyReceipt];
