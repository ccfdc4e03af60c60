/**
 * Fourth fresh set, invoices: a letter-style invoice whose customer block is top-left and whose
 * vendor appears only in the footer, a quote-style pro-forma with optional (unpriced) lines and a
 * discount line, a Brazilian "Nota" with R$ and dd/mm/aaaa dates, and an invoice whose items carry
 * a unit column ("pcs", "h", "m²") between quantity and price. Written after LOCAL was tuned on
 * every older corpus, to stay untuned.
 */
import { esc, money, round2 } from './formats.ts';
import type { FreshDocument, FreshItem } from './fresh-types.ts';
import { invoiceTruth } from './fresh-types.ts';

const priced = (rows: { description: string; quantity: number; unit_price: number }[]): FreshItem[] =>
  rows.map((i) => ({ ...i, amount: round2(i.quantity * i.unit_price) }));
const sum = (items: FreshItem[]): number => round2(items.reduce((s, i) => s + i.amount, 0));

function vendorInFooter(): FreshDocument {
  const vendor: [string, string[]] = ['Bramble & Finch Joinery Ltd', ['4 Mill Lane', 'Hebden Bridge HX7 8AD']];
  const customer: [string, string[]] = ['Mrs Eleanor Whitcombe', ['22 Calder Terrace', 'Todmorden OL14 5RS']];
  const items = priced([
    { description: 'Oak kitchen worktop, supplied and fitted', quantity: 3, unit_price: 385 },
    { description: 'Undermount sink cut-out and polish', quantity: 1, unit_price: 95 },
    { description: 'Hardwax oil finish, three coats', quantity: 3, unit_price: 42.5 },
  ]);
  const subtotal = sum(items);
  const tax = round2(subtotal * 0.2);
  const total = round2(subtotal + tax);
  const m = (n: number): string => `£${money(n, 'us')}`;
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Serif', serif; font-size: 10.5pt; margin: 40px 50px; }
table { border-collapse: collapse; } .r { text-align: right; }
.it td { padding: 4px 6px; } .it tr.h td { border-bottom: 1px solid #000; font-style: italic; }
.foot { position: fixed; bottom: 10px; left: 50px; right: 50px; border-top: 1px solid #999; font-size: 8pt; text-align: center; color: #333; }
</style></head><body>
<p>${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}</p>
<p style="text-align:right">Invoice ref. BF/2025/117<br/>Dated 14 October 2025</p>
<p>Dear Mrs Whitcombe,</p>
<p>Thank you for choosing us for your kitchen. Please find below our charges for the work completed last week.</p>
<table class="it" style="width:100%">
<tr class="h"><td>Work</td><td class="r">Qty</td><td class="r">Rate</td><td class="r">Line total</td></tr>
${items.map((i) => `<tr><td>${esc(i.description)}</td><td class="r">${i.quantity}</td><td class="r">${m(i.unit_price!)}</td><td class="r">${m(i.amount)}</td></tr>`).join('\n')}
<tr><td colspan="3" class="r">Net</td><td class="r">${m(subtotal)}</td></tr>
<tr><td colspan="3" class="r">VAT @ 20%</td><td class="r">${m(tax)}</td></tr>
<tr><td colspan="3" class="r"><b>Balance to pay</b></td><td class="r"><b>${m(total)}</b></td></tr>
</table>
<p>Payment within 14 days would be much appreciated. Kind regards,</p>
<p>Tom Finch</p>
<div class="foot">${esc(vendor[0])} · ${vendor[1].map(esc).join(' · ')} · VAT reg. GB 318 4471 09 · Sort code 20-45-77 Acc 61029384</div>
</body></html>`;
  return {
    id: 'invoice-m1-vendor-in-footer', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: 'BF/2025/117', date: '2025-10-14', due: null, currency: 'GBP', vendor, customer, subtotal, tax, total, items }),
  };
}

function proforma(): FreshDocument {
  const vendor: [string, string[]] = ['Lumen Stage Systems GmbH', ['Hafenstraße 12', '20457 Hamburg', 'Germany']];
  const customer: [string, string[]] = ['Teatro Nuovo Srl', ['Via Garibaldi 8', '10122 Torino', 'Italy']];
  const items = priced([
    { description: 'LED profile spot 300W', quantity: 8, unit_price: 1240 },
    { description: 'DMX splitter 8-way', quantity: 2, unit_price: 385 },
    { description: 'Rigging clamp set', quantity: 16, unit_price: 18.5 },
  ]);
  const discount = round2(-0.05 * sum(items));
  const all: FreshItem[] = [...items, { description: 'Project discount 5%', quantity: null, unit_price: null, amount: discount }];
  const subtotal = sum(all);
  const total = subtotal;
  const m = (n: number): string => money(n, 'us');
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Sans', Arial; font-size: 9pt; margin: 30px 36px; }
table { border-collapse: collapse; } .r { text-align: right; }
.it th { text-align: left; border-bottom: 2px solid #c60; padding: 4px; } .it td { padding: 4px; border-bottom: 1px dotted #aaa; }
.opt td { color: #777; font-style: italic; }
</style></head><body>
<table style="width:100%"><tr><td><b style="font-size:15pt;color:#c60">${esc(vendor[0])}</b><br/>${vendor[1].map(esc).join(', ')}</td>
<td class="r"><b style="font-size:18pt">PRO FORMA INVOICE</b></td></tr></table>
<br/>
<table style="width:100%"><tr><td style="width:50%;vertical-align:top"><b>Prepared for</b><br/>${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}</td>
<td style="vertical-align:top"><table>
<tr><td>Pro forma no.</td><td>PF-25-0388</td></tr>
<tr><td>Issued</td><td>2025-09-05</td></tr>
<tr><td>Valid until</td><td>2025-10-05</td></tr>
<tr><td>Currency</td><td>EUR</td></tr></table></td></tr></table>
<br/>
<table class="it" style="width:100%">
<tr><th>Item</th><th class="r">Qty</th><th class="r">Price each</th><th class="r">Total</th></tr>
${items.map((i) => `<tr><td>${esc(i.description)}</td><td class="r">${i.quantity}</td><td class="r">${m(i.unit_price!)}</td><td class="r">${m(i.amount)}</td></tr>`).join('\n')}
<tr><td>${esc(all[3]!.description)}</td><td></td><td></td><td class="r">-${m(-discount)}</td></tr>
<tr class="opt"><td>Optional: on-site commissioning (not included)</td><td class="r">1</td><td class="r">950.00</td><td class="r">optional</td></tr>
<tr class="opt"><td>Optional: extended warranty 3 years (not included)</td><td class="r">8</td><td class="r">65.00</td><td class="r">optional</td></tr>
</table>
<table style="width:40%;margin-left:60%;margin-top:10px">
<tr><td>Net amount</td><td class="r">${m(subtotal)}</td></tr>
<tr><td>VAT 0% (intra-EU reverse charge)</td><td class="r">0.00</td></tr>
<tr><td><b>Amount payable (EUR)</b></td><td class="r"><b>${m(total)}</b></td></tr></table>
<p>Goods ship on receipt of payment. This pro forma is not a tax invoice.</p>
</body></html>`;
  return {
    id: 'invoice-m2-proforma-optional', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: 'PF-25-0388', date: '2025-09-05', due: null, currency: 'EUR', vendor, customer, subtotal, tax: 0, total, items: all }),
  };
}

function brazilNota(): FreshDocument {
  const vendor: [string, string[]] = ['Serra Azul Tecnologia Ltda', ['Rua Augusta, 1508 - Consolação', 'São Paulo - SP, 01304-001']];
  const customer: [string, string[]] = ['Padaria Bom Dia ME', ['Av. Sete de Setembro, 220', 'Curitiba - PR, 80060-070']];
  const items = priced([
    { description: 'Licença software PDV (mensal)', quantity: 3, unit_price: 189.9 },
    { description: 'Suporte técnico remoto (hora)', quantity: 5, unit_price: 120 },
    { description: 'Leitor de código de barras USB', quantity: 2, unit_price: 349.5 },
  ]);
  const subtotal = sum(items);
  const tax = round2(subtotal * 0.05);
  const total = round2(subtotal + tax);
  const m = (n: number): string => `R$ ${money(n, 'de')}`;
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'DejaVu Sans', sans-serif; font-size: 8pt; margin: 24px 28px; }
table { border-collapse: collapse; width: 100%; } .r { text-align: right; }
.box td { border: 1px solid #000; padding: 3px 5px; vertical-align: top; } .lab { font-size: 6.5pt; color: #333; display: block; }
</style></head><body>
<table class="box">
<tr><td style="width:60%"><b style="font-size:12pt">${esc(vendor[0])}</b><br/>${vendor[1].map(esc).join('<br/>')}<br/>CNPJ 12.345.678/0001-90</td>
<td><b style="font-size:11pt">NOTA FISCAL DE SERVIÇOS</b><br/><span class="lab">Número da Nota</span>000.482<br/><span class="lab">Data de Emissão</span>17/11/2025</td></tr>
</table>
<table class="box" style="margin-top:6px">
<tr><td colspan="2" style="background:#ddd"><b>TOMADOR DE SERVIÇOS</b></td></tr>
<tr><td style="width:60%"><span class="lab">Nome / Razão Social</span>${esc(customer[0])}</td><td><span class="lab">CNPJ</span>98.765.432/0001-10</td></tr>
<tr><td colspan="2"><span class="lab">Endereço</span>${customer[1].map(esc).join(', ')}</td></tr>
</table>
<table class="box" style="margin-top:6px">
<tr style="background:#ddd"><td>Descrição</td><td class="r">Qtde</td><td class="r">Valor Unit.</td><td class="r">Valor Total</td></tr>
${items.map((i) => `<tr><td>${esc(i.description)}</td><td class="r">${i.quantity}</td><td class="r">${m(i.unit_price!)}</td><td class="r">${m(i.amount)}</td></tr>`).join('\n')}
</table>
<table class="box" style="margin-top:6px">
<tr><td><span class="lab">Valor dos Serviços</span>${m(subtotal)}</td><td><span class="lab">ISS (5%)</span>${m(tax)}</td><td><span class="lab">Vencimento</span>02/12/2025</td><td><span class="lab">VALOR TOTAL DA NOTA</span><b>${m(total)}</b></td></tr>
</table>
<p>Documento emitido por ME ou EPP optante pelo Simples Nacional.</p>
</body></html>`;
  return {
    id: 'invoice-m3-br-nota', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: '000.482', date: '2025-11-17', due: '2025-12-02', currency: 'BRL', vendor, customer, subtotal, tax, total, items }),
  };
}

function unitColumn(): FreshDocument {
  const vendor: [string, string[]] = ['Kestrel Flooring Co.', ['88 Harbour Street', 'Wellington 6011', 'New Zealand']];
  const customer: [string, string[]] = ['Aroha Dental Practice', ['12 Victoria Avenue', 'Lower Hutt 5010']];
  const raw = [
    { description: 'Vinyl plank flooring, Oak Grey', quantity: 46.5, uom: 'm²', unit_price: 58 },
    { description: 'Skirting board 2.4m', quantity: 18, uom: 'pcs', unit_price: 14.9 },
    { description: 'Installation labour', quantity: 12, uom: 'h', unit_price: 75 },
    { description: 'Floor levelling compound 20kg', quantity: 4, uom: 'bag', unit_price: 39.5 },
  ];
  const items = priced(raw);
  const subtotal = sum(items);
  const tax = round2(subtotal * 0.15);
  const total = round2(subtotal + tax);
  const m = (n: number): string => money(n, 'us');
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Sans', Arial; font-size: 9.5pt; margin: 30px 36px; }
table { border-collapse: collapse; } .r { text-align: right; } .c { text-align: center; }
.it th { background: #234; color: #fff; padding: 5px; } .it td { padding: 5px; border-bottom: 1px solid #ccc; }
</style></head><body>
<b style="font-size:20pt">TAX INVOICE</b>
<table style="width:100%;margin-top:10px"><tr>
<td style="vertical-align:top;width:34%"><b>From</b><br/>${esc(vendor[0])}<br/>${vendor[1].map(esc).join('<br/>')}<br/>GST No. 112-334-556</td>
<td style="vertical-align:top;width:33%"><b>Bill To</b><br/>${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}</td>
<td style="vertical-align:top"><b>Invoice #</b> KF-7731<br/><b>Date</b> 3/10/2025<br/><b>Due</b> 20/10/2025</td></tr></table>
<table class="it" style="width:100%;margin-top:16px">
<tr><th style="text-align:left">Description</th><th class="r">Qty</th><th class="c">Unit</th><th class="r">Price</th><th class="r">Amount NZD</th></tr>
${raw.map((r, k) => `<tr><td>${esc(r.description)}</td><td class="r">${r.quantity}</td><td class="c">${esc(r.uom)}</td><td class="r">${m(r.unit_price)}</td><td class="r">${m(items[k]!.amount)}</td></tr>`).join('\n')}
</table>
<table style="width:38%;margin-left:62%;margin-top:8px">
<tr><td>Subtotal</td><td class="r">${m(subtotal)}</td></tr>
<tr><td>GST 15%</td><td class="r">${m(tax)}</td></tr>
<tr><td><b>Total NZD</b></td><td class="r"><b>${m(total)}</b></td></tr></table>
</body></html>`;
  return {
    id: 'invoice-m4-unit-column', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'invoice.schema.json',
    expected: invoiceTruth({ number: 'KF-7731', date: '2025-10-03', due: '2025-10-20', currency: 'NZD', vendor, customer, subtotal, tax, total, items }),
  };
}

export const FRESH4_INVOICES: (() => FreshDocument)[] = [vendorInFooter, proforma, brazilNota, unitColumn];
