/**
 * Training statements: a Dutch account statement (Rekeninghouder, Periode … t/m …, Beginsaldo,
 * Af/Bij columns, wrapped descriptions) and a ledger export (Name, Date range, a "Beginning
 * balance" row that is no transaction, an "Ending balance" row, timestamps that wrap, and a
 * Debit column that is money IN, as the running balance shows).
 */
import type { HeldoutDocument } from './heldout-types.ts';
import { esc, money, round2 } from './formats.ts';

interface Tx { date: string; description: string; amount: number; balance?: number }

function withBalances(opening: number, tx: Tx[]): { tx: Required<Tx>[]; closing: number } {
  let bal = opening;
  const out = tx.map((t) => { bal = round2(bal + t.amount); return { ...t, balance: bal }; });
  return { tx: out, closing: bal };
}

const page = (body: string): string => `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'DejaVu Sans', sans-serif; font-size: 8.5pt; margin: 30px 40px; } td { vertical-align: top; } .r { text-align: right; }
table.t { width: 100%; border-collapse: collapse; margin-top: 14px; } table.t th { text-align: left; border-bottom: 1px solid #000; }
</style></head><body>${body}</body></html>`;

const NL_MON = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const nlDate = (iso: string): string => { const [, m, d] = iso.split('-').map(Number) as [number, number, number]; return `${d} ${NL_MON[m - 1]}`; };

function dutchStatement(): HeldoutDocument {
  const opening = 2310.55;
  const { tx, closing } = withBalances(opening, [
    { date: '2025-05-01', description: 'Salaris mei Bakker Logistiek B.V. referentie SAL-0525', amount: 3215.4 },
    { date: '2025-05-02', description: 'Huur woning Vesteda incasso', amount: -1175 },
    { date: '2025-05-06', description: 'Albert Heijn 1423 Haarlem', amount: -86.37 },
    { date: '2025-05-12', description: 'Terugbetaling Tikkie van J. de Vries etentje vrijdag', amount: 24.5 },
    { date: '2025-05-19', description: 'NS Reizigers OV-chipkaart automatisch opladen', amount: -50 },
    { date: '2025-05-27', description: 'Eneco energie termijn mei', amount: -142 },
  ]);
  const nl = (n: number): string => money(n, 'de');
  const html = page(`
<table width="100%"><tr><td><span style="font-size:16pt;font-weight:bold;color:#f60">Spaarne Bank</span><br/>Rekeningafschrift</td>
<td><table><tr><td>Rekeninghouder</td><td>M. J. van den Berg</td></tr><tr><td>Rekeningnummer</td><td>NL91 SPAR 0417 1643 00</td></tr>
<tr><td>Periode</td><td>1 mei 2025 t/m 31 mei 2025</td></tr></table></td></tr></table>
<table style="margin-top:12px"><tr><td>Beginsaldo</td><td class="r">€ ${nl(opening)}</td></tr><tr><td>Eindsaldo</td><td class="r">€ ${nl(closing)}</td></tr></table>
<table class="t"><tr><th>Datum</th><th style="width:45%">Omschrijving</th><th class="r">Af</th><th class="r">Bij</th><th class="r">Saldo</th></tr>
${tx.map((t) => `<tr><td>${nlDate(t.date)}</td><td>${esc(t.description)}</td><td class="r">${t.amount < 0 ? nl(-t.amount) : ''}</td><td class="r">${t.amount > 0 ? nl(t.amount) : ''}</td><td class="r">${nl(t.balance)}</td></tr>`).join('\n')}
</table><p>Spaarne Bank N.V., Postbus 12, 2000 AA Haarlem</p>`);
  return { id: 'statement-t1-nl-afschrift', tool: 'wkhtmltopdf', ext: 'html', source: html, schema: 'statement.schema.json',
    expected: { account_holder: 'M. J. van den Berg', account_number: 'NL91 SPAR 0417 1643 00', statement_period: { start_date: '2025-05-01', end_date: '2025-05-31' },
      opening_balance: opening, closing_balance: closing, transactions: tx } };
}

function ledgerExport(): HeldoutDocument {
  const opening = 1200;
  const { tx, closing } = withBalances(opening, [
    { date: '2025-09-02', description: 'Card top-up', amount: 250 },
    { date: '2025-09-05', description: 'Transfer to Ana Souza', amount: -80.25 },
    { date: '2025-09-11', description: 'Merchant: Kiosk Central', amount: -12.4 },
    { date: '2025-09-18', description: 'Refund: Kiosk Central', amount: 12.4 },
    { date: '2025-09-29', description: 'Monthly fee', amount: -3.5 },
  ]);
  const times = ['18:49:08', '09:12:44', '13:05:19', '08:00:02', '23:59:00'];
  const us = (n: number): string => money(n, 'us');
  const html = page(`
<h2 style="margin:0">Wallet account statement</h2>
<table style="margin-top:10px"><tr><td>Name</td><td>Tomasz Wiśniewski</td></tr><tr><td>Account</td><td>WL-5530-1192</td></tr>
<tr><td>Date range</td><td>2025-09-01 00:00 – 2025-09-30 23:59 (UTC)</td></tr></table>
<table class="t"><tr><th style="width:12%">Date</th><th style="width:40%">Description</th><th class="r">Debit</th><th class="r">Credit</th><th class="r">Balance</th></tr>
<tr><td></td><td>Beginning balance</td><td></td><td></td><td class="r">${us(opening)}</td></tr>
${tx.map((t, i) => `<tr><td>${t.date}<br/>${times[i]}</td><td>${esc(t.description)}</td><td class="r">${t.amount > 0 ? us(t.amount) : ''}</td><td class="r">${t.amount < 0 ? us(-t.amount) : ''}</td><td class="r">${us(t.balance)}</td></tr>`).join('\n')}
<tr><td></td><td>Ending balance</td><td></td><td></td><td class="r">${us(closing)}</td></tr>
</table><p>Generated 2025-10-01 07:00:00 UTC</p>`);
  return { id: 'statement-t2-ledger', tool: 'wkhtmltopdf', ext: 'html', source: html, schema: 'statement.schema.json',
    expected: { account_holder: 'Tomasz Wiśniewski', account_number: 'WL-5530-1192', statement_period: { start_date: '2025-09-01', end_date: '2025-09-30' },
      opening_balance: opening, closing_balance: closing, transactions: tx } };
}

const ES_MON = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'];
const esDate = (iso: string): string => { const [y, m, d] = iso.split('-').map(Number) as [number, number, number]; return `${String(d).padStart(2, '0')} ${ES_MON[m - 1]} ${y}`; };

function spanishStatement(): HeldoutDocument {
  const opening = 842.17;
  const { tx, closing } = withBalances(opening, [
    { date: '2025-08-01', description: 'Nómina agosto Talleres Irún S.A.', amount: 1890 },
    { date: '2025-08-04', description: 'Recibo Iberdrola Clientes', amount: -61.35 },
    { date: '2025-08-09', description: 'Compra tarjeta Mercadona 4412 Zaragoza', amount: -74.9 },
    { date: '2025-08-16', description: 'Transferencia recibida de Lucía Pardo concepto regalo', amount: 50 },
    { date: '2025-08-29', description: 'Cuota préstamo hipotecario', amount: -612.44 },
  ]);
  const es = (n: number): string => money(n, 'de');
  const html = page(`
<table width="100%"><tr><td><span style="font-size:15pt;font-weight:bold;color:#c00">Caja Rural del Ebro</span><br/>Extracto de cuenta</td>
<td class="r">Titular: Javier Ortega Lasheras<br/>Número de cuenta: ES76 3191 0400 1249 8765 4321<br/>Periodo: ${esDate('2025-08-01')} - ${esDate('2025-08-31')}</td></tr></table>
<table class="t"><tr><th>Fecha</th><th style="width:45%">Concepto</th><th class="r">Cargo</th><th class="r">Abono</th><th class="r">Saldo</th></tr>
<tr><td>${esDate('2025-08-01')}</td><td>Saldo anterior</td><td></td><td></td><td class="r">${es(opening)}</td></tr>
${tx.map((t) => `<tr><td>${esDate(t.date)}</td><td>${esc(t.description)}</td><td class="r">${t.amount < 0 ? es(-t.amount) : ''}</td><td class="r">${t.amount > 0 ? es(t.amount) : ''}</td><td class="r">${es(t.balance)}</td></tr>`).join('\n')}
</table>
<table style="margin-top:12px"><tr><td>Saldo inicial</td><td class="r">${es(opening)} €</td></tr><tr><td>Saldo final</td><td class="r">${es(closing)} €</td></tr></table>`);
  return { id: 'statement-t3-es-extracto', tool: 'wkhtmltopdf', ext: 'html', source: html, schema: 'statement.schema.json',
    expected: { account_holder: 'Javier Ortega Lasheras', account_number: 'ES76 3191 0400 1249 8765 4321', statement_period: { start_date: '2025-08-01', end_date: '2025-08-31' },
      opening_balance: opening, closing_balance: closing, transactions: tx } };
}

export const TRAIN_STATEMENTS: (() => HeldoutDocument)[] = [dutchStatement, ledgerExport, spanishStatement];
