/**
 * groff -ms with tbl, printed to PostScript and distilled by Ghostscript: text comes out word by
 * word with kerning adjustments, tables without ruling, page headers and footers from -ms strings.
 */
import type { Invoice, InvoiceLabels, Statement, Style } from './corpus-types.ts';
import { totalsOf } from './corpus-types.ts';
import { amountText, date } from './formats.ts';

/** Escapes what troff would read as requests or escapes. */
function tr(s: string): string {
  return s.replace(/\\/g, '\\e').replace(/^([.'])/, '\\&$1').replace(/-/g, '\\-');
}

const amt = (n: number, pattern: string, s: Style): string => tr(amountText(n, pattern, s.money));

function preamble(header: string, footer: string): string {
  return `.nr PS 10
.nr VS 12
.nr LL 6.5i
.nr PO 1i
.ds LH ${tr(header)}
.ds CH
.ds RH
.ds LF ${tr(footer)}
.ds CF
.ds RF Page %
.LP
`;
}

export interface GroffInvoiceOptions {
  labels: InvoiceLabels;
  style: Style;
  header: string;
  footer: string;
}

export function invoiceGroff(inv: Invoice, o: GroffInvoiceOptions): string {
  const l = o.labels;
  const t = totalsOf(inv);
  const d = (iso: string): string => date(iso, o.style.date);
  const rows: string[] = [];
  for (const i of inv.items) {
    rows.push(`${tr(i.description)}\t${i.quantity}\t${amt(i.unit_price, o.style.cellAmount, o.style)}\t${amt(i.amount, o.style.cellAmount, o.style)}`);
    for (const m of i.more ?? []) rows.push(`\\h'2n'${tr(m)}\t\t\t`);
  }
  return `${preamble(o.header, o.footer)}.TS
tab(\t);
l r.
\\s+6\\fB${tr(inv.vendor.name)}\\fP\\s0\t\\s+4\\fB${tr(l.title)}\\fP\\s0
${tr(inv.vendor.address[0] ?? '')}\t\\fB${tr(l.number)}\\fP ${tr(inv.invoice_number)}
${tr(inv.vendor.address[1] ?? '')}\t\\fB${tr(l.date)}\\fP ${tr(d(inv.invoice_date))}
${tr(inv.vendor.address[2] ?? '')}\t\\fB${tr(l.due)}\\fP ${tr(d(inv.due_date))}
.TE
.sp 1.5
\\fB${tr(l.billTo)}\\fP
.br
${tr(inv.customer.name)}
${inv.customer.address.map((a) => `.br\n${tr(a)}`).join('\n')}
.sp 1.5
.TS H
tab(\t) expand;
lb rb rb rb
l r r r.
${l.cols.map(tr).join('\t')}
_
.TH
${rows.join('\n')}
_
.TE
.sp
.TS
tab(\t);
r r.
${tr(l.subtotal)}\t${amt(t.subtotal, o.style.amount, o.style)}
${tr(l.tax)}\t${amt(t.tax, o.style.amount, o.style)}
\\fB${tr(l.total)}\\fP\t\\fB${amt(t.total, o.style.amount, o.style)}\\fP
.TE
`;
}

export interface GroffStatementOptions {
  style: Style;
  header: string;
  footer: string;
  labels: { title: string; holder: string; account: string; period: string; opening: string; closing: string; cols: [string, string, string, string] };
}

export function statementGroff(st: Statement, o: GroffStatementOptions): string {
  const l = o.labels;
  const d = (iso: string): string => tr(date(iso, o.style.date));
  const a = (n: number): string => amt(n, o.style.cellAmount, o.style);
  const closing = st.transactions[st.transactions.length - 1]?.balance ?? st.opening_balance;
  const rows = st.transactions.map((t) => `${d(t.date)}\t${tr(t.description)}${t.more === undefined ? '' : ` ${tr(t.more)}`}\t${a(t.amount)}\t${a(t.balance)}`);
  return `${preamble(o.header, o.footer)}\\s+6\\fB${tr(st.bank.name)}\\fP\\s0
.br
${st.bank.address.map(tr).join('\n.br\n')}
.sp
.ce
\\s+3\\fB${tr(l.title)}\\fP\\s0
.sp
.TS
tab(\t);
l l.
${tr(l.holder)}:\t${tr(st.account_holder)}
${tr(l.account)}:\t${tr(st.account_number)}
${tr(l.period)}:\t${d(st.start)} \\- ${d(st.end)}
${tr(l.opening)}:\t${amt(st.opening_balance, o.style.amount, o.style)}
${tr(l.closing)}:\t${amt(closing, o.style.amount, o.style)}
.TE
.sp
.TS H
tab(\t) expand;
lb lb rb rb
l l r r.
${l.cols.map(tr).join('\t')}
_
.TH
${rows.join('\n')}
.TE
`;
}
