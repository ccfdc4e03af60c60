/**
 * Flat ODF text documents for LibreOffice Writer: real running headers and footers with page
 * numbers, tables that Writer breaks across pages itself (repeating their header rows), and a
 * monospace "ERP print" variant whose columns are made of spaces.
 */
import type { Invoice, InvoiceLabels, Statement, Style } from './corpus-types.ts';
import { totalsOf } from './corpus-types.ts';
import { amountText, date, esc, money } from './formats.ts';

const amt = (n: number, pattern: string, s: Style): string => amountText(n, pattern, s.money);

function p(text: string, style = 'P'): string {
  return `<text:p text:style-name="${style}">${esc(text)}</text:p>`;
}

/** Spaces as ODF keeps them: runs of more than one space must be written as text:s. */
function mono(text: string): string {
  return `<text:p text:style-name="Mono">${esc(text).replace(/ {2,}/g, (m) => ` <text:s text:c="${m.length - 1}"/>`)}</text:p>`;
}

function table(name: string, widths: number[], header: string[][] | null, rows: string[][][], border: boolean, align: ('L' | 'R')[]): string {
  const cols = widths.map((_, i) => `<table:table-column table:style-name="${name}.C${i}"/>`).join('');
  const cell = (lines: string[], i: number, bold: boolean): string =>
    `<table:table-cell table:style-name="${border ? 'CellB' : 'Cell'}" office:value-type="string">${lines.map((t) => p(t, `${bold ? 'H' : 'T'}${align[i] ?? 'L'}`)).join('')}</table:table-cell>`;
  const head = header === null ? '' : `<table:table-header-rows>${header.map((r) => `<table:table-row>${r.map((c, i) => cell([c], i, true)).join('')}</table:table-row>`).join('')}</table:table-header-rows>`;
  const body = rows.map((r) => `<table:table-row>${r.map((c, i) => cell(c, i, false)).join('')}</table:table-row>`).join('');
  return `<table:table table:name="${name}" table:style-name="${name}">${cols}${head}${body}</table:table>`;
}

function tableStyles(name: string, widths: number[], total: number): string {
  return `<style:style style:name="${name}" style:family="table"><style:table-properties style:width="${total}cm" table:align="left"/></style:style>` +
    widths.map((w, i) => `<style:style style:name="${name}.C${i}" style:family="table-column"><style:table-column-properties style:column-width="${w}cm"/></style:style>`).join('');
}

function documentXml(font: string, header: string, footer: string, tablesCss: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="F" svg:font-family="'${font}'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
<style:font-face style:name="M" svg:font-family="'Liberation Mono'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>
<office:styles>
<style:style style:name="Standard" style:family="paragraph"><style:text-properties style:font-name="F" fo:font-size="9.5pt"/></style:style>
</office:styles>
<office:automatic-styles>
<style:style style:name="P" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-bottom="0.05cm"/></style:style>
<style:style style:name="Big" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-size="17pt" fo:font-weight="bold"/></style:style>
<style:style style:name="B" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-top="0.3cm"/><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="TL" style:family="paragraph" style:parent-style-name="Standard"/>
<style:style style:name="TR" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="end"/></style:style>
<style:style style:name="HL" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="HR" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="end"/><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Mono" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-bottom="0cm"/><style:text-properties style:font-name="M" fo:font-size="8.5pt"/></style:style>
<style:style style:name="Small" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-size="7.5pt"/></style:style>
<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.06cm" fo:border="none"/></style:style>
<style:style style:name="CellB" style:family="table-cell"><style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #000000"/></style:style>
${tablesCss}
<style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1cm" fo:margin-bottom="1cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
<style:header-style><style:header-footer-properties fo:min-height="0.8cm" fo:margin-bottom="0.4cm"/></style:header-style>
<style:footer-style><style:header-footer-properties fo:min-height="0.8cm" fo:margin-top="0.4cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="PL">
<style:header><text:p text:style-name="Small">${esc(header)}</text:p></style:header>
<style:footer><text:p text:style-name="Small">${esc(footer)} — Seite/Page <text:page-number text:select-page="current">1</text:page-number> / <text:page-count>1</text:page-count></text:p></style:footer>
</style:master-page></office:master-styles>
<office:body><office:text>
${body}
</office:text></office:body></office:document>`;
}

export interface FodtInvoiceOptions {
  labels: InvoiceLabels;
  style: Style;
  font: string;
  borders: boolean;
  header: string;
  footer: string;
}

export function invoiceFodt(inv: Invoice, o: FodtInvoiceOptions): string {
  const l = o.labels;
  const t = totalsOf(inv);
  const d = (iso: string): string => date(iso, o.style.date);
  const top = table('Top', [9, 8], null, [[
    [inv.vendor.name, ...inv.vendor.address],
    [l.title, `${l.number}: ${inv.invoice_number}`, `${l.date}: ${d(inv.invoice_date)}`, `${l.due}: ${d(inv.due_date)}`],
  ]], false, ['L', 'L']);
  const customer = p(l.billTo, 'B') + p(inv.customer.name) + inv.customer.address.map((a) => p(a)).join('');
  const items = table('Items', [9, 2, 3, 3], [l.cols], inv.items.map((i) => [
    [i.description, ...(i.more ?? [])], [String(i.quantity).replace('.', o.style.money === 'us' ? '.' : ',')],
    [amt(i.unit_price, o.style.cellAmount, o.style)], [amt(i.amount, o.style.cellAmount, o.style)],
  ]), o.borders, ['L', 'R', 'R', 'R']);
  const totals = table('Totals', [11, 6], null, [
    [[l.subtotal], [amt(t.subtotal, o.style.amount, o.style)]],
    [[l.tax], [amt(t.tax, o.style.amount, o.style)]],
    [[l.total], [amt(t.total, o.style.amount, o.style)]],
  ], false, ['R', 'R']);
  const styles = tableStyles('Top', [9, 8], 17) + tableStyles('Items', [9, 2, 3, 3], 17) + tableStyles('Totals', [11, 6], 17);
  return documentXml(o.font, o.header, o.footer, styles, `${top}${customer}${p('')}${items}${totals}${p('')}${p(o.footer)}`);
}

export interface MonoStatementOptions {
  style: Style;
  header: string;
  footer: string;
  labels: { title: string; holder: string; account: string; period: string; opening: string; closing: string; cols: [string, string, string, string] };
}

/** A statement printed as fixed-width text, the way core-banking systems print them. */
export function monoStatementFodt(st: Statement, o: MonoStatementOptions): string {
  const l = o.labels;
  const d = (iso: string): string => date(iso, o.style.date);
  const a = (n: number): string => money(n, o.style.money);
  const closing = st.transactions[st.transactions.length - 1]?.balance ?? st.opening_balance;
  const pad = (s: string, n: number): string => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length));
  const lpad = (s: string, n: number): string => ' '.repeat(Math.max(0, n - s.length)) + s;
  const lines: string[] = [
    st.bank.name, ...st.bank.address, '', lpad(l.title, 90), '',
    st.account_holder, ...st.holderAddress, '',
    `${pad(`${l.holder}:`, 22)}${st.account_holder}`,
    `${pad(`${l.account}:`, 22)}${st.account_number}`,
    `${pad(`${l.period}:`, 22)}${d(st.start)} to ${d(st.end)}`,
    `${pad(`${l.opening}:`, 22)}${lpad(a(st.opening_balance), 14)}`,
    `${pad(`${l.closing}:`, 22)}${lpad(a(closing), 14)}`, '',
    `${pad(l.cols[0], 13)}${pad(l.cols[1], 46)}${lpad(l.cols[2], 14)}${lpad(l.cols[3], 16)}`,
    '-'.repeat(89),
  ];
  for (const t of st.transactions) {
    lines.push(`${pad(d(t.date), 13)}${pad(t.description, 46)}${lpad(a(t.amount), 14)}${lpad(a(t.balance), 16)}`);
    if (t.more !== undefined) lines.push(`${' '.repeat(13)}${t.more}`);
  }
  lines.push('-'.repeat(89), '', '*** End of statement ***');
  return documentXml('Liberation Sans', o.header, o.footer, '', lines.map((x) => (x === '' ? p('') : mono(x))).join('\n'));
}
