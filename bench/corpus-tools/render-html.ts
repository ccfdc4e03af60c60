/**
 * HTML renderings of invoices and statements, printed by wkhtmltopdf (Qt WebKit) or LibreOffice
 * Writer/Web. wkhtmltopdf here has no running headers, so pages are laid out by hand: every page
 * is a fixed-height box with its own header and footer and the table continues with its header
 * repeated.
 */
import type { Invoice, InvoiceLabels, LineItem, Statement, Style, Transaction } from './corpus-types.ts';
import { totalsOf } from './corpus-types.ts';
import { amountText, date, esc } from './formats.ts';

export interface HtmlInvoiceOptions {
  labels: InvoiceLabels;
  style: Style;
  /** 'box': meta in a bordered box right of the vendor; 'row': labels in a row, values under them; 'lines': "Label: value" lines. */
  meta: 'box' | 'row' | 'lines';
  borders: boolean;
  rowsPerPage: number;
  header: string;
  footer: string;
  font: string;
  /** Print the vendor as a big logo-like name plus address at the top, else under a "From" heading. */
  vendorOnTop: boolean;
}

const amt = (n: number, pattern: string, s: Style): string => amountText(n, pattern, s.money);

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length > 0 ? out : [[]];
}

function pageShell(body: string, header: string, footer: string, n: number, of: number, last: boolean): string {
  // Writer/Web drops fixed-height boxes and what is positioned in them: plain flow, one page.
  if (n === 1 && last) return `<p class="hdr">${esc(header)}</p>\n${body}\n<p class="ftr2">${esc(footer)} &nbsp; Page 1 of 1</p>`;
  return `<div class="page" style="${last ? '' : 'page-break-after: always;'}">
<div class="hdr">${esc(header)}</div>
${body}
<div class="ftr">${esc(footer)} &nbsp; Page ${n} of ${of}</div>
</div>`;
}

function css(font: string, borders: boolean): string {
  const b = borders ? 'border: 1px solid #888;' : 'border: none;';
  return `<style>
body { font-family: ${font}; font-size: 10pt; margin: 0; }
.page { position: relative; height: 1020px; padding: 10px 30px; }
.hdr { font-size: 8pt; color: #555; border-bottom: 1px solid #ccc; margin-bottom: 14px; }
.ftr { position: absolute; bottom: 10px; left: 30px; right: 30px; font-size: 8pt; color: #555; border-top: 1px solid #ccc; }
table.items { width: 100%; border-collapse: collapse; margin-top: 14px; }
table.items th { text-align: left; background: #eee; ${b} padding: 4px; }
table.items td { ${b} padding: 4px; vertical-align: top; }
td.num, th.num { text-align: right; }
.meta td { padding: 2px 8px; }
.box { border: 1px solid #333; }
.totals { margin-left: auto; margin-top: 10px; }
.totals td { padding: 2px 8px; }
.vendor { font-size: 18pt; font-weight: bold; }
.title { font-size: 20pt; font-weight: bold; }
.ftr2 { font-size: 8pt; color: #555; margin-top: 40px; }
</style>`;
}

function itemRows(items: LineItem[], o: HtmlInvoiceOptions): string {
  return items.map((i) => `<tr><td>${esc(i.description)}${(i.more ?? []).map((m) => `<br/>${esc(m)}`).join('')}</td>
<td class="num">${i.quantity}</td><td class="num">${amt(i.unit_price, o.style.cellAmount, o.style)}</td><td class="num">${amt(i.amount, o.style.cellAmount, o.style)}</td></tr>`).join('\n');
}

function metaBlock(inv: Invoice, o: HtmlInvoiceOptions): string {
  const l = o.labels;
  const d = (iso: string): string => date(iso, o.style.date);
  if (o.meta === 'row') {
    return `<table class="meta" style="margin-top:10px"><tr><td><b>${esc(l.number)}</b></td><td><b>${esc(l.date)}</b></td><td><b>${esc(l.due)}</b></td></tr>
<tr><td>${esc(inv.invoice_number)}</td><td>${d(inv.invoice_date)}</td><td>${d(inv.due_date)}</td></tr></table>`;
  }
  if (o.meta === 'box') {
    return `<table class="meta box"><tr><td>${esc(l.number)}</td><td style="text-align:right">${esc(inv.invoice_number)}</td></tr>
<tr><td>${esc(l.date)}</td><td style="text-align:right">${d(inv.invoice_date)}</td></tr>
<tr><td>${esc(l.due)}</td><td style="text-align:right">${d(inv.due_date)}</td></tr></table>`;
  }
  return `<p>${esc(l.number)}: ${esc(inv.invoice_number)}<br/>${esc(l.date)}: ${d(inv.invoice_date)}<br/>${esc(l.due)}: ${d(inv.due_date)}</p>`;
}

export function invoiceHtml(inv: Invoice, o: HtmlInvoiceOptions): string {
  const l = o.labels;
  const t = totalsOf(inv);
  const vendorLines = inv.vendor.address.map(esc).join('<br/>');
  const customer = `<b>${esc(l.billTo)}</b><br/>${esc(inv.customer.name)}<br/>${inv.customer.address.map(esc).join('<br/>')}`;
  const top = o.vendorOnTop
    ? `<table style="width:100%"><tr><td style="vertical-align:top"><div class="vendor">${esc(inv.vendor.name)}</div>${vendorLines}</td>
<td style="vertical-align:top; text-align:right"><div class="title">${esc(l.title)}</div>${o.meta === 'box' ? metaBlock(inv, o) : ''}</td></tr></table>
${o.meta !== 'box' ? metaBlock(inv, o) : ''}<p>${customer}</p>`
    : `<div class="title">${esc(l.title)}</div>${metaBlock(inv, o)}
<table style="width:100%; margin-top:12px"><tr><td style="vertical-align:top; width:50%"><b>${esc(l.from ?? 'From')}</b><br/>${esc(inv.vendor.name)}<br/>${vendorLines}</td>
<td style="vertical-align:top">${customer}</td></tr></table>`;
  const head = `<tr><th>${esc(l.cols[0])}</th><th class="num">${esc(l.cols[1])}</th><th class="num">${esc(l.cols[2])}</th><th class="num">${esc(l.cols[3])}</th></tr>`;
  const totals = `<table class="totals"><tr><td>${esc(l.subtotal)}</td><td class="num">${amt(t.subtotal, o.style.amount, o.style)}</td></tr>
<tr><td>${esc(l.tax)}</td><td class="num">${amt(t.tax, o.style.amount, o.style)}</td></tr>
<tr><td><b>${esc(l.total)}</b></td><td class="num"><b>${amt(t.total, o.style.amount, o.style)}</b></td></tr></table>`;
  const pages = chunk(inv.items, o.rowsPerPage);
  const body = pages.map((items, i) => {
    const last = i === pages.length - 1;
    const content = `${i === 0 ? top : ''}<table class="items">${head}${itemRows(items, o)}</table>${last ? totals : ''}`;
    return pageShell(content, o.header, o.footer, i + 1, pages.length, last);
  }).join('\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"/>${css(o.font, o.borders)}</head><body>${body}</body></html>`;
}

export interface HtmlStatementOptions {
  style: Style;
  font: string;
  borders: boolean;
  rowsPerPage: number;
  header: string;
  footer: string;
  /** Debit and credit columns instead of one signed amount column. */
  split: boolean;
  labels: { title: string; holder: string; account: string; period: string; opening: string; closing: string; cols: string[] };
}

function txRows(txs: Transaction[], o: HtmlStatementOptions): string {
  const a = (n: number): string => amt(n, o.style.cellAmount, o.style);
  return txs.map((t) => {
    const desc = `${esc(t.description)}${t.more === undefined ? '' : `<br/><span style="font-size:8pt">${esc(t.more)}</span>`}`;
    const amounts = o.split
      ? `<td class="num">${t.amount < 0 ? a(-t.amount) : ''}</td><td class="num">${t.amount > 0 ? a(t.amount) : ''}</td>`
      : `<td class="num">${a(t.amount)}</td>`;
    return `<tr><td>${date(t.date, o.style.date)}</td><td>${desc}</td>${amounts}<td class="num">${a(t.balance)}</td></tr>`;
  }).join('\n');
}

export function statementHtml(st: Statement, o: HtmlStatementOptions): string {
  const l = o.labels;
  const closing = st.transactions[st.transactions.length - 1]?.balance ?? st.opening_balance;
  const d = (iso: string): string => date(iso, o.style.date);
  const a = (n: number): string => amt(n, o.style.amount, o.style);
  const top = `<table style="width:100%"><tr><td style="vertical-align:top"><div class="vendor">${esc(st.bank.name)}</div>${st.bank.address.map(esc).join('<br/>')}</td>
<td style="vertical-align:top; text-align:right"><div class="title">${esc(l.title)}</div></td></tr></table>
<table style="width:100%; margin-top:16px"><tr><td style="vertical-align:top; width:55%">${esc(st.account_holder)}<br/>${st.holderAddress.map(esc).join('<br/>')}</td>
<td style="vertical-align:top"><table class="meta box">
<tr><td>${esc(l.holder)}</td><td>${esc(st.account_holder)}</td></tr>
<tr><td>${esc(l.account)}</td><td>${esc(st.account_number)}</td></tr>
<tr><td>${esc(l.period)}</td><td>${d(st.start)} - ${d(st.end)}</td></tr>
<tr><td>${esc(l.opening)}</td><td style="text-align:right">${a(st.opening_balance)}</td></tr>
<tr><td>${esc(l.closing)}</td><td style="text-align:right">${a(closing)}</td></tr></table></td></tr></table>`;
  const head = `<tr>${l.cols.map((c, i) => `<th class="${i >= 2 ? 'num' : ''}">${esc(c)}</th>`).join('')}</tr>`;
  const pages = chunk(st.transactions, o.rowsPerPage);
  const body = pages.map((txs, i) => {
    const content = `${i === 0 ? top : ''}<table class="items">${head}${txRows(txs, o)}</table>`;
    return pageShell(content, o.header, o.footer, i + 1, pages.length, i === pages.length - 1);
  }).join('\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"/>${css(o.font, o.borders)}</head><body>${body}</body></html>`;
}
