/**
 * Training invoices: written to exercise the weakness categories the fresh measurement named
 * (Italian/Spanish/Dutch labels and headers, item lines without a header row, two-line receipt
 * items, repeated sections with empty Qty/Rate, several "Total" lines, letter layouts, ordinal and
 * month-abbreviation dates). LOCAL may be tuned on these; the fresh set stays the honest figure.
 */
import type { HeldoutDocument } from './heldout-types.ts';
import { esc, money, round2 } from './formats.ts';

interface Row { description: string; quantity: number | null; unit_price: number | null; amount: number }

function truth(o: {
  number: string; date: string; due: string | null; currency: string;
  vendor: [string, string[]]; customer: [string, string[]]; subtotal: number | null; tax: number | null; total: number; rows: Row[];
}): Record<string, unknown> {
  return {
    invoice_number: o.number, invoice_date: o.date, due_date: o.due, currency: o.currency,
    vendor: { name: o.vendor[0], address: o.vendor[1].join(', ') },
    customer: { name: o.customer[0], address: o.customer[1].join(', ') },
    subtotal: o.subtotal, tax: o.tax, total: o.total, line_items: o.rows,
  };
}

const row = (description: string, quantity: number, unit_price: number): Row => ({ description, quantity, unit_price, amount: round2(quantity * unit_price) });
const sum = (rows: Row[]): number => round2(rows.reduce((s, r) => s + r.amount, 0));
const page = (css: string, body: string): string => `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; margin: 30px 40px; } td { vertical-align: top; } .r { text-align: right; }
${css}</style></head><body>${body}</body></html>`;

function italianFattura(): HeldoutDocument {
  const vendor: [string, string[]] = ['Tipografia Bellini S.r.l.', ['Via dei Mille 18', '40121 Bologna (BO)']];
  const customer: [string, string[]] = ['Studio Legale Ferraris', ['Corso Vittorio Emanuele II 55', '10128 Torino (TO)']];
  const rows = [row('Biglietti da visita 350 g', 4, 18.5), row('Carta intestata A4', 2, 42), row('Timbro autoinchiostrante', 1, 27.9)];
  const sub = sum(rows); const tax = round2(sub * 0.22); const total = round2(sub + tax);
  const it = (n: number): string => money(n, 'de');
  const html = page('.logo { font-size: 22pt; color: #8a1c1c; font-weight: bold; } table.t { width: 100%; border-collapse: collapse; margin-top: 20px; } table.t th { border-bottom: 1px solid #000; text-align: left; }', `
<div class="logo">BELLINI</div>
<table width="100%"><tr><td width="55%"><b>${esc(vendor[0])}</b><br/>${vendor[1].map(esc).join('<br/>')}<br/>Tel. 051 228 9190<br/>P.IVA IT 02837110372</td>
<td>Spett.le<br/><b>${esc(customer[0])}</b><br/>${customer[1].map(esc).join('<br/>')}</td></tr></table>
<p>&nbsp;</p>
<table><tr><td>Fattura n.</td><td><b>FT 2025/0418</b></td></tr><tr><td>Data documento</td><td>12 maggio 2025</td></tr><tr><td>Scadenza</td><td>11 giugno 2025</td></tr></table>
<table class="t"><tr><th>Descrizione</th><th class="r">Q.tà</th><th class="r">Prezzo unit. (IVA escl.)</th><th class="r">Importo €</th></tr>
${rows.map((r) => `<tr><td>${esc(r.description)}</td><td class="r">${r.quantity}</td><td class="r">${it(r.unit_price!)}</td><td class="r">${it(r.amount)}</td></tr>`).join('\n')}
</table>
<table style="width:45%;margin-left:55%;margin-top:16px"><tr><td>Imponibile</td><td class="r">${it(sub)}</td></tr><tr><td>IVA 22%</td><td class="r">${it(tax)}</td></tr><tr><td><b>Totale documento</b></td><td class="r"><b>€ ${it(total)}</b></td></tr></table>
<p>Pagamento: bonifico bancario entro 30 giorni. IBAN IT60 X054 2811 1010 0000 0123 456</p>`);
  return { id: 'invoice-t1-it-fattura', tool: 'wkhtmltopdf', ext: 'html', source: html, schema: 'invoice.schema.json',
    expected: truth({ number: 'FT 2025/0418', date: '2025-05-12', due: '2025-06-11', currency: 'EUR', vendor, customer, subtotal: sub, tax, total, rows }) };
}

function spanishFactura(): HeldoutDocument {
  const vendor: [string, string[]] = ['Reformas Costa Brava S.L.', ['Carrer de la Riera 7', '17310 Lloret de Mar, Girona']];
  const customer: [string, string[]] = ['Comunidad de Propietarios Mar Blau', ['Avinguda Just Marlès 22', '17310 Lloret de Mar']];
  const rows = [row('Pintura fachada (m²)', 120, 14.5), row('Andamio alquiler semanal', 2, 310), row('Reparación de canalón', 1, 185)];
  const sub = sum(rows); const tax = round2(sub * 0.21); const total = round2(sub + tax);
  const es = (n: number): string => money(n, 'de');
  const html = page('table.t { width: 100%; border-collapse: collapse; margin-top: 18px; } table.t th { background: #eee; text-align: left; }', `
<table width="100%"><tr><td><span style="font-size:16pt;font-weight:bold">${esc(vendor[0])}</span><br/>${vendor[1].map(esc).join('<br/>')}<br/>NIF: B-17654321<br/>Tel. 972 36 41 00</td>
<td class="r"><span style="font-size:18pt">FACTURA</span><br/>Factura N.º: 2025-A-0093<br/>Fecha: 3 abr 2025<br/>Vencimiento: 3 may 2025</td></tr></table>
<p><b>Cliente</b><br/>${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}<br/>CIF: H-17000111</p>
<table class="t"><tr><th>Concepto</th><th class="r">Cantidad</th><th class="r">Precio</th><th class="r">Importe</th></tr>
${rows.map((r) => `<tr><td>${esc(r.description)}</td><td class="r">${r.quantity}</td><td class="r">${es(r.unit_price!)} €</td><td class="r">${es(r.amount)} €</td></tr>`).join('\n')}
</table>
<table style="width:40%;margin-left:60%;margin-top:14px"><tr><td>Base imponible</td><td class="r">${es(sub)} €</td></tr><tr><td>IVA (21%)</td><td class="r">${es(tax)} €</td></tr><tr><td><b>Total</b></td><td class="r"><b>${es(total)} €</b></td></tr></table>`);
  return { id: 'invoice-t2-es-factura', tool: 'wkhtmltopdf', ext: 'html', source: html, schema: 'invoice.schema.json',
    expected: truth({ number: '2025-A-0093', date: '2025-04-03', due: '2025-05-03', currency: 'EUR', vendor, customer, subtotal: sub, tax, total, rows }) };
}

function letterInvoice(): HeldoutDocument {
  const vendor: [string, string[]] = ['Dana Whitfield', ['1208 Alder Lane', 'Eugene, OR 97401']];
  const customer: [string, string[]] = ['Greenleaf Property Management', ['300 Pearl Street, Suite 4', 'Eugene, OR 97401']];
  const rows: Row[] = [
    { description: 'Garden maintenance, April 28', quantity: 2.5, unit_price: 60, amount: 150 },
    { description: 'Hedge trimming, May 2', quantity: 4, unit_price: 60, amount: 240 },
    { description: 'Materials: mulch and fertilizer', quantity: null, unit_price: null, amount: 42.1 },
  ];
  const total = sum(rows);
  const html = page('p { margin: 6px 0; } .line { margin-left: 20px; }', `
<p><b>${esc(vendor[0])}</b><br/>${vendor[1].map(esc).join('<br/>')}<br/>(541) 555-0142</p>
<p>&nbsp;</p><p>June 12th, 2025</p><p>&nbsp;</p>
<p>${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}</p>
<p>&nbsp;</p><p><b>Re: Invoice No. DW-2025-117</b></p>
<p>Dear Accounts Team,</p><p>Please find below the work completed for your Pearl Street property.</p>
<table class="line" width="85%">
<tr><td>Garden maintenance, April 28</td><td>2.5 hrs × $60.00</td><td class="r">$150.00</td></tr>
<tr><td>Hedge trimming, May 2</td><td>4 hrs × $60.00</td><td class="r">$240.00</td></tr>
<tr><td>Materials: mulch and fertilizer</td><td></td><td class="r">$42.10</td></tr>
<tr><td colspan="2"><b>Total due</b></td><td class="r"><b>$${money(total, 'us')}</b></td></tr></table>
<p>Payment is due by July 12th, 2025. Thank you for your business.</p><p>Sincerely,<br/>Dana Whitfield</p>`);
  return { id: 'invoice-t3-letter-no-header', tool: 'wkhtmltopdf', ext: 'html', source: html, schema: 'invoice.schema.json',
    expected: truth({ number: 'DW-2025-117', date: '2025-06-12', due: '2025-07-12', currency: 'USD', vendor, customer, subtotal: null, tax: null, total, rows }) };
}

function receipt(): HeldoutDocument {
  const vendor: [string, string[]] = ['Bäckerei Sonnenkorn', ['Lindenstraße 12', '50674 Köln']];
  const rows = [row('Roggenbrot 750g', 1, 3.95), row('Brötchen Kürbis', 6, 0.65), row('Kaffee to go', 2, 3.2), row('Apfelstrudel', 2, 2.85)];
  const total = sum(rows); const net = round2(total / 1.07); const tax = round2(total - net);
  const de = (n: number): string => money(n, 'de');
  const pad = (a: string, b: string, w = 34): string => a + ' '.repeat(Math.max(1, w - a.length - b.length)) + b;
  const lines = [vendor[0], ...vendor[1], 'Tel. 0221 123456', 'USt-IdNr. DE298765432', '', 'Beleg-Nr. 2025-77812', '2025-09-02 18:49:08', '',
    ...rows.flatMap((r) => [r.description, pad(`  ${r.quantity} x ${de(r.unit_price!)}`, `${de(r.amount)} A`)]), '',
    pad('SUMME EUR', de(total)), '', pad('Goods net', de(net)), pad('MwSt A 7%', de(tax)), pad('Gegeben BAR', de(50)), pad('Rückgeld', de(round2(50 - total))), '', 'Vielen Dank für Ihren Einkauf!'];
  const html = page('pre { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; }', `<pre>${lines.map(esc).join('\n')}</pre>`);
  return { id: 'invoice-t4-bakery-receipt', tool: 'wkhtmltopdf', ext: 'html', source: html, schema: 'invoice.schema.json',
    expected: { invoice_number: '2025-77812', invoice_date: '2025-09-02', due_date: null, currency: 'EUR',
      vendor: { name: vendor[0], address: vendor[1].join(', ') }, customer: { name: null, address: null }, subtotal: net, tax, total, line_items: rows } };
}

function dutchSections(): HeldoutDocument {
  const vendor: [string, string[]] = ['Installatiebedrijf Van Dijk B.V.', ['Industrieweg 41', '3542 AD Utrecht']];
  const customer: [string, string[]] = ['Woonstichting De Linde', ['Postbus 2210', '3500 GE Utrecht']];
  const labour = [row('Monteur regulier uur', 6, 58.5), row('Leerling-monteur uur', 6, 34)];
  const parts = [row('Cv-ketel Intergas HRE 28/24', 1, 1495), row('Montageset rookgasafvoer', 1, 129.95)];
  const misc: Row[] = [{ description: 'Voorrijkosten', quantity: null, unit_price: null, amount: 45 }];
  const rows = [...labour, ...parts, ...misc];
  const sub = sum(rows); const tax = round2(sub * 0.21); const total = round2(sub + tax);
  const nl = (n: number): string => money(n, 'de');
  const section = (title: string, rs: Row[]): string => `<tr><td colspan="4" style="padding-top:10px"><b>${title}</b></td></tr>
<tr><th>Omschrijving</th><th class="r">Aantal</th><th class="r">Prijs</th><th class="r">Bedrag</th></tr>
${rs.map((r) => `<tr><td>${esc(r.description)}</td><td class="r">${r.quantity ?? ''}</td><td class="r">${r.unit_price === null ? '' : nl(r.unit_price)}</td><td class="r">${nl(r.amount)}</td></tr>`).join('\n')}`;
  const html = page('table.t { width: 100%; margin-top: 14px; } table.t th { text-align: left; border-bottom: 1px solid #999; }', `
<table width="100%"><tr><td width="55%"><span style="font-size:15pt;font-weight:bold">${esc(vendor[0])}</span><br/>${vendor[1].map(esc).join('<br/>')}<br/>KvK 30123456 · BTW NL812345678B01</td>
<td><b>FACTUUR</b><br/>Factuurnummer: 2025-0311<br/>Factuurdatum: 14 mrt 2025<br/>Vervaldatum: 13 apr 2025</td></tr></table>
<p>${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}</p>
<table class="t">${section('Arbeid', labour)}${section('Materialen', parts)}${section('Overig', misc)}</table>
<table style="width:40%;margin-left:60%;margin-top:14px"><tr><td>Subtotaal</td><td class="r">€ ${nl(sub)}</td></tr><tr><td>BTW 21%</td><td class="r">€ ${nl(tax)}</td></tr><tr><td><b>Totaal te betalen</b></td><td class="r"><b>€ ${nl(total)}</b></td></tr></table>`);
  return { id: 'invoice-t5-nl-sections', tool: 'wkhtmltopdf', ext: 'html', source: html, schema: 'invoice.schema.json',
    expected: truth({ number: '2025-0311', date: '2025-03-14', due: '2025-04-13', currency: 'EUR', vendor, customer, subtotal: sub, tax, total, rows }) };
}

function progressBilling(): HeldoutDocument {
  const vendor: [string, string[]] = ['Summit Ridge Builders Inc.', ['8800 Foothill Blvd', 'Boulder, CO 80302']];
  const customer: [string, string[]] = ['Aspen Grove Medical Partners', ['1450 Canyon Road', 'Boulder, CO 80304']];
  const lines = [
    { code: '03-100', description: 'Concrete foundations', quantity: 1, unit_price: 18400, toDate: 46000 },
    { code: '05-120', description: 'Structural steel', quantity: 1, unit_price: 22650, toDate: 22650 },
    { code: '09-250', description: 'Drywall and framing', quantity: 1, unit_price: 7300, toDate: 7300 },
  ];
  const rows = lines.map((l) => row(l.description, l.quantity, l.unit_price));
  const sub = sum(rows); const ret = round2(sub * 0.1); const total = round2(sub - ret);
  const us = (n: number): string => money(n, 'us');
  const html = page('table.t { width: 100%; border-collapse: collapse; margin-top: 16px; font-size: 8pt; } table.t th, table.t td { border: 1px solid #888; padding: 2px; }', `
<table width="100%"><tr><td><span style="font-size:15pt;font-weight:bold">${esc(vendor[0])}</span><br/>${vendor[1].map(esc).join('<br/>')}<br/>License #CO-88213</td>
<td class="r"><b>APPLICATION FOR PAYMENT</b><br/>Doc. No. PB-0007<br/>Doc. Date 06/30/2025<br/>Period to 06/30/2025</td></tr></table>
<p><b>Owner:</b><br/>${esc(customer[0])}<br/>${customer[1].map(esc).join('<br/>')}</p>
<table class="t"><tr><th>Item code</th><th>Description</th><th>Qty</th><th>Unit price</th><th>This period</th><th>Completed to date</th></tr>
${lines.map((l, i) => `<tr><td>${l.code}</td><td>${esc(l.description)}</td><td class="r">${l.quantity}</td><td class="r">${us(l.unit_price)}</td><td class="r">${us(rows[i]!.amount)}</td><td class="r">${us(l.toDate)}</td></tr>`).join('\n')}
</table>
<table style="width:50%;margin-left:50%;margin-top:14px"><tr><td>Total this period</td><td class="r">$${us(sub)}</td></tr><tr><td>Less retainage 10%</td><td class="r">$${us(ret)}</td></tr><tr><td><b>CURRENT PAYMENT DUE</b></td><td class="r"><b>$${us(total)}</b></td></tr></table>
<p>Payment terms: net 30 days.</p>`);
  return { id: 'invoice-t6-progress-billing', tool: 'wkhtmltopdf', ext: 'html', source: html, schema: 'invoice.schema.json',
    expected: truth({ number: 'PB-0007', date: '2025-06-30', due: null, currency: 'USD', vendor, customer, subtotal: sub, tax: null, total, rows }) };
}

function italianReceipt(): HeldoutDocument {
  const vendor: [string, string[]] = ['Farmacia San Marco di Lucia Greco', ['Piazza Garibaldi 3', '80142 Napoli']];
  const rows = [row('Paracetamolo 500 mg', 1, 4.9), row('Crema solare SPF50', 1, 16.5), row('Cerotti assortiti', 3, 2.4)];
  const total = sum(rows); const tax = round2(total - total / 1.22);
  const it = (n: number): string => money(n, 'de');
  const html = page('body { width: 260px; } .c { text-align: center; }', `
<div class="c"><b>${esc(vendor[0])}</b><br/>${vendor[1].map(esc).join('<br/>')}<br/>P.IVA 07712340638</div>
<p class="c">DOCUMENTO COMMERCIALE<br/>di vendita o prestazione</p>
<table width="100%"><tr><th align="left">DESCRIZIONE</th><th class="r">IVA</th><th class="r">Prezzo(€)</th></tr>
${rows.map((r) => `<tr><td>${r.quantity! > 1 ? `${r.quantity} x ${it(r.unit_price!)}<br/>` : ''}${esc(r.description)}</td><td class="r">22%</td><td class="r">${it(r.amount)}</td></tr>`).join('\n')}
</table>
<table width="100%" style="margin-top:8px"><tr><td><b>TOTALE COMPLESSIVO</b></td><td class="r"><b>${it(total)}</b></td></tr><tr><td>di cui IVA</td><td class="r">${it(tax)}</td></tr><tr><td>Pagamento elettronico</td><td class="r">${it(total)}</td></tr></table>
<p class="c">02-09-2025 18:49<br/>DOCUMENTO N. 0412-0031</p>`);
  return { id: 'invoice-t7-it-scontrino', tool: 'wkhtmltopdf', ext: 'html', source: html, schema: 'invoice.schema.json',
    expected: { invoice_number: '0412-0031', invoice_date: '2025-09-02', due_date: null, currency: 'EUR', vendor: { name: vendor[0], address: vendor[1].join(', ') },
      customer: { name: null, address: null }, subtotal: null, tax, total, line_items: rows.map((r) => ({ ...r, quantity: r.quantity === 1 ? null : r.quantity, unit_price: r.quantity === 1 ? null : r.unit_price })) } };
}

function severalTotals(): HeldoutDocument {
  const vendor: [string, string[]] = ['Lumen Cloud Services Pte. Ltd.', ['10 Anson Road #22-02', 'Singapore 079903']];
  const customer: [string, string[]] = ['Brightwater Analytics GmbH', ['Torstraße 140', '10119 Berlin, Germany']];
  const lines = [
    { code: 'LC-CMP-4', description: 'Compute instances (vCPU-hours)', more: 'Region ap-southeast-1', quantity: 1440, unit_price: 0.045 },
    { code: 'LC-STO-1', description: 'Block storage (GB-month)', quantity: 500, unit_price: 0.1 },
    { code: 'LC-SUP-B', description: 'Business support plan', quantity: 1, unit_price: 150 },
  ];
  const rows = lines.map((l) => ({ ...row(l.more === undefined ? l.description : `${l.description} ${l.more}`, l.quantity, l.unit_price) }));
  const sub = sum(rows); const gst = round2(sub * 0.09); const total = round2(sub + gst);
  const us = (n: number): string => money(n, 'us');
  const html = page('table.t { width: 100%; border-collapse: collapse; margin-top: 16px; } table.t th { text-align: left; border-bottom: 2px solid #333; } table.t td { border-bottom: 1px solid #ddd; }', `
<table width="100%"><tr><td><span style="font-size:14pt;font-weight:bold">${esc(vendor[0])}</span><br/>${vendor[1].map(esc).join('<br/>')}<br/>GST Reg. No. 201912345K</td>
<td class="r"><span style="font-size:18pt">Tax Invoice</span><br/>Doc. No. LCS-INV-88213<br/>Doc. Date Sept 3rd, 2025<br/>Due Date Oct 3rd, 2025</td></tr></table>
<table style="margin-top:16px"><tr><td>Name</td><td>${esc(customer[0])}</td></tr><tr><td>Address</td><td>${customer[1].map(esc).join(', ')}</td></tr></table>
<table class="t"><tr><th>Item code</th><th>Description</th><th class="r">Qty</th><th class="r">Rate (USD)</th><th class="r">Amount (USD)</th></tr>
${lines.map((l, i) => `<tr><td>${l.code}</td><td>${esc(l.description)}${l.more === undefined ? '' : `<br/>${esc(l.more)}`}</td><td class="r">${l.quantity}</td><td class="r">${l.unit_price.toFixed(3)}</td><td class="r">${us(rows[i]!.amount)}</td></tr>`).join('\n')}
</table>
<table style="width:50%;margin-left:50%;margin-top:14px">
<tr><td>Total before taxes</td><td class="r">${us(sub)}</td></tr>
<tr><td>GST 9%</td><td class="r">${us(gst)}</td></tr>
<tr><td>Total taxes</td><td class="r">${us(gst)}</td></tr>
<tr><td>Total</td><td class="r">${us(total)}</td></tr>
<tr><td>Payments received</td><td class="r">0.00</td></tr>
<tr><td><b>Amount due (USD)</b></td><td class="r"><b>${us(total)}</b></td></tr></table>`);
  return { id: 'invoice-t8-several-totals', tool: 'wkhtmltopdf', ext: 'html', source: html, schema: 'invoice.schema.json',
    expected: truth({ number: 'LCS-INV-88213', date: '2025-09-03', due: '2025-10-03', currency: 'USD', vendor, customer, subtotal: sub, tax: gst, total, rows }) };
}

export const TRAIN_INVOICES: (() => HeldoutDocument)[] = [italianFattura, spanishFactura, letterInvoice, receipt, dutchSections, progressBilling, italianReceipt, severalTotals];
