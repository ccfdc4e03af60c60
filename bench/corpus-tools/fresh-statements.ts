/**
 * Fresh statements: a general-ledger detail of a payroll clearing account (debit/credit columns,
 * opening and closing balance as rows of the table, dd-Mon-yy dates), a Dutch savings account
 * (Af/Bij columns, quarterly interest lines, "6 jan 2025" dates) and a crypto exchange's EUR
 * wallet history printed in landscape (timestamps, a fee column beside the net amount).
 */
import { esc, money, round2, seeded } from './formats.ts';
import type { FreshDocument } from './fresh-types.ts';
import { freshDate } from './fresh-types.ts';

interface Tx { date: string; description: string; amount: number; balance: number }

function statementTruth(holder: string, account: string, start: string, end: string, opening: number, tx: Tx[]): Record<string, unknown> {
  return {
    account_holder: holder, account_number: account, statement_period: { start_date: start, end_date: end },
    opening_balance: opening, closing_balance: tx.at(-1)?.balance ?? opening,
    transactions: tx.map((t) => ({ date: t.date, description: t.description, amount: t.amount, balance: t.balance })),
  };
}

function runBalances(opening: number, rows: { date: string; description: string; amount: number }[]): Tx[] {
  let bal = opening;
  return rows.map((r) => {
    bal = round2(bal + r.amount);
    return { ...r, balance: bal };
  });
}

function payrollLedger(): FreshDocument {
  const opening = 4210.88;
  const rows: { date: string; num: string; description: string; amount: number }[] = [];
  for (const [day, gross] of [[8, 48210.4], [22, 47955.15]] as const) {
    const d = `2025-08-${String(day).padStart(2, '0')}`;
    const net = round2(gross * 0.7312);
    const taxes = round2(gross * 0.2134);
    const benefits = round2(gross * 0.0421);
    rows.push({ date: `2025-08-${String(day - 1).padStart(2, '0')}`, num: `TRF-08${String(day - 1).padStart(2, '0')}`, description: 'Funding transfer from operating 4471', amount: round2(net + taxes + benefits) });
    rows.push({ date: d, num: `PR-08${String(day).padStart(2, '0')}`, description: `Direct deposit net pay - ${day === 8 ? '112' : '114'} employees`, amount: -net });
    rows.push({ date: d, num: `EFTPS-${day}`, description: 'Federal 941 tax deposit', amount: -round2(taxes * 0.82) });
    rows.push({ date: d, num: `VA-${day}`, description: 'Virginia withholding payment', amount: -round2(taxes - round2(taxes * 0.82)) });
    rows.push({ date: `2025-08-${String(day + 2).padStart(2, '0')}`, num: `BEN-${day}`, description: 'Employee 401(k) remittance', amount: -benefits });
  }
  rows.push({ date: '2025-08-29', num: 'ADJ-0829', description: 'Voided check 10442 - reissued', amount: 612.5 });
  rows.push({ date: '2025-08-29', num: 'CHK-10471', description: 'Manual check - final pay D. Cho', amount: -1874.33 });
  rows.push({ date: '2025-08-31', num: 'FEE-0831', description: 'Bank service charge', amount: -45 });
  rows.sort((a, b) => a.date.localeCompare(b.date));
  const tx = runBalances(opening, rows);
  const d = (iso: string): string => freshDate(iso, 'd-mon-yy');
  const m = (n: number): string => money(n, 'us');
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Sans', Arial; font-size: 8pt; }
th { border-bottom: 2px solid #000; text-align: left; font-size: 7.5pt; }
td { vertical-align: top; }
.tot td { border-top: 1px solid #000; font-weight: bold; }
</style></head><body>
<p align="center"><b><span style="font-size:12pt">Tidewater Logistics Inc.</span></b><br/><b>General Ledger Detail</b><br/>01-Aug-25 through 31-Aug-25<br/>Accrual basis</p>
<table><tr><td>GL account:</td><td>1015 · Payroll Clearing (First Coastal Bank ****6620)</td></tr>
<tr><td>Account no.:</td><td>1015-PAY</td></tr>
<tr><td>Entity:</td><td>Tidewater Logistics Inc.</td></tr></table>
<p>&nbsp;</p>
<table width="100%" cellpadding="2"><tr><th>Date</th><th>Num</th><th>Memo</th><th align="right">Debit</th><th align="right">Credit</th><th align="right">Balance</th></tr>
<tr><td></td><td></td><td><i>Beginning balance</i></td><td></td><td></td><td align="right">${m(opening)}</td></tr>
${tx.map((t, k) => `<tr><td>${d(t.date)}</td><td>${rows[k]!.num}</td><td>${esc(t.description)}</td><td align="right">${t.amount > 0 ? m(t.amount) : ''}</td><td align="right">${t.amount < 0 ? m(-t.amount) : ''}</td><td align="right">${m(t.balance)}</td></tr>`).join('\n')}
<tr class="tot"><td></td><td></td><td>Ending balance</td><td align="right">${m(round2(tx.filter((t) => t.amount > 0).reduce((s, t) => s + t.amount, 0)))}</td><td align="right">${m(round2(-tx.filter((t) => t.amount < 0).reduce((s, t) => s + t.amount, 0)))}</td><td align="right">${m(tx.at(-1)!.balance)}</td></tr>
</table>
<p>&nbsp;</p>
<p style="font-size:7pt">Printed 09/03/2025 10:14 by kmorales. Unreconciled items are included.</p>
</body></html>`;
  return {
    id: 'statement-f1-payroll-ledger', tool: 'lo-html', ext: 'html', source: src, schema: 'statement.schema.json',
    expected: statementTruth('Tidewater Logistics Inc.', '1015-PAY', '2025-08-01', '2025-08-31', opening, tx),
  };
}

function dutchSavings(): FreshDocument {
  const opening = 18342.17;
  const rows = [
    { date: '2025-01-02', description: 'Rente 4e kwartaal 2024', amount: 91.71 },
    { date: '2025-01-06', description: 'Overboeking van NL12 OVBK 0987 6543 21', amount: 500 },
    { date: '2025-01-20', description: 'Overboeking naar betaalrekening', amount: -1250 },
    { date: '2025-02-05', description: 'Overboeking van NL12 OVBK 0987 6543 21', amount: 500 },
    { date: '2025-02-14', description: 'Storting kinderbijslag', amount: 312.44 },
    { date: '2025-03-05', description: 'Overboeking van NL12 OVBK 0987 6543 21', amount: 500 },
    { date: '2025-03-18', description: 'Overboeking naar betaalrekening', amount: -2400 },
    { date: '2025-03-31', description: 'Rente 1e kwartaal 2025', amount: 86.93 },
    { date: '2025-03-31', description: 'Bonusrente 1e kwartaal 2025', amount: 12.5 },
  ];
  const tx = runBalances(opening, rows);
  const nl = (n: number): string => money(n, 'de');
  const d = (iso: string): string => freshDate(iso, 'nl-short');
  const ms = `.nr PS 10
.nr VS 12
.nr LL 6.5i
.nr PO 1i
.ds LH Oranjeveld Bank
.ds CH
.ds RH Rekeningoverzicht
.ds CF Oranjeveld Bank N.V., Utrecht \\(bu KvK 30012345
.LP
\\s+4\\fBRekeningoverzicht Spaarrekening\\fP\\s0
.sp
.TS
tab(|);
l l.
Rekeninghouder|Mw. E.M. de Vries\\-Bakker
Rekeningnummer (IBAN)|NL47 OVBK 0123 4567 89
Periode|${freshDate('2025-01-01', 'nl-long')} t/m ${freshDate('2025-03-31', 'nl-long')}
Rentepercentage|2,00% per jaar
.TE
.sp
.TS
tab(|);
l r.
Beginsaldo|\\[Eu] ${nl(opening)}
Eindsaldo|\\[Eu] ${nl(tx.at(-1)!.balance)}
.TE
.sp
.TS
tab(|);
l l r r r.
\\fBDatum\\fP|\\fBOmschrijving\\fP|\\fBAf\\fP|\\fBBij\\fP|\\fBSaldo\\fP
_
${tx.map((t) => `${d(t.date)}|${t.description.replace(/-/g, '\\-')}|${t.amount < 0 ? nl(-t.amount) : ''}|${t.amount > 0 ? nl(t.amount) : ''}|${nl(t.balance)}`).join('\n')}
_
.TE
.sp
.LP
De rente wordt per kwartaal bijgeschreven. Uw tegoed valt onder het depositogarantiestelsel tot \\[Eu] 100.000.
`;
  return {
    id: 'statement-f2-nl-savings', tool: 'groff', ext: 'ms', source: ms, schema: 'statement.schema.json',
    expected: statementTruth('Mw. E.M. de Vries-Bakker', 'NL47 OVBK 0123 4567 89', '2025-01-01', '2025-03-31', opening, tx),
  };
}

function cryptoExport(): FreshDocument {
  const rnd = seeded(9090);
  const opening = 2500;
  const pairs = [['BTC', 54210], ['ETH', 2310], ['SOL', 128.4]] as const;
  const rows: { time: string; type: string; description: string; fee: number; amount: number; date: string }[] = [];
  let day = 1;
  for (let i = 0; i < 16; i++) {
    day += rnd() < 0.55 ? 2 : 1;
    const date = `2025-09-${String(day).padStart(2, '0')}`;
    const time = `${date} ${String(Math.floor(rnd() * 24)).padStart(2, '0')}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}`;
    if (i === 0 || i === 9) {
      const amount = i === 0 ? 1500 : 800;
      rows.push({ time, date, type: 'Deposit', description: 'SEPA deposit from DE89 3704 **** 3000', fee: 0, amount });
    } else if (i === 13) {
      rows.push({ time, date, type: 'Withdrawal', description: 'SEPA withdrawal to DE89 3704 **** 3000', fee: 1, amount: -1001 });
    } else {
      const [asset, px] = pairs[Math.floor(rnd() * pairs.length)]!;
      const buy = rnd() < 0.6;
      const price = round2(px * (0.96 + rnd() * 0.08));
      const gross = round2(50 + rnd() * 450);
      const qty = (gross / price).toFixed(8);
      const fee = round2(gross * 0.0025);
      rows.push({ time, date, type: buy ? 'Buy' : 'Sell', description: `${buy ? 'Market buy' : 'Market sell'} ${qty} ${asset} @ ${money(price, 'us')}`, fee, amount: buy ? -round2(gross + fee) : round2(gross - fee) });
    }
  }
  const tx = runBalances(opening, rows);
  const m = (n: number): string => money(n, 'us');
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'DejaVu Sans', sans-serif; font-size: 8pt; margin: 18px; color: #111; }
table.t { width: 100%; border-collapse: collapse; } table.t th { text-align: left; color: #666; font-weight: normal; border-bottom: 1px solid #ccc; padding: 4px; }
table.t td { padding: 4px; border-bottom: 1px solid #eee; } .r { text-align: right !important; } .mono { font-family: 'DejaVu Sans Mono'; }
</style></head><body>
<table style="width:100%"><tr><td><span style="font-size:16pt;font-weight:bold">KESTREL</span> <span style="color:#666">exchange</span><br/>Kestrel Digital Assets GmbH · Friedrichstraße 68 · 10117 Berlin</td>
<td class="r">Transaction history – EUR wallet<br/>Generated 2025-10-01 08:00 UTC</td></tr></table>
<table style="margin-top:12px">
<tr><td>Name</td><td><b>Jonas Weber</b></td></tr>
<tr><td>Account ID</td><td>KX-5521-0098</td></tr>
<tr><td>Date range</td><td>2025-09-01 00:00 – 2025-09-30 23:59 (UTC)</td></tr>
<tr><td>Starting balance</td><td>${m(opening)} EUR</td></tr>
<tr><td>Ending balance</td><td>${m(tx.at(-1)!.balance)} EUR</td></tr></table>
<table class="t" style="margin-top:12px"><tr><th>Time (UTC)</th><th>Type</th><th>Details</th><th class="r">Fee (EUR)</th><th class="r">Net amount (EUR)</th><th class="r">Balance (EUR)</th></tr>
${tx.map((t, k) => `<tr><td class="mono">${rows[k]!.time}</td><td>${rows[k]!.type}</td><td>${esc(t.description)}</td><td class="r">${m(rows[k]!.fee)}</td><td class="r">${t.amount > 0 ? '+' : '−'}${m(Math.abs(t.amount))}</td><td class="r">${m(t.balance)}</td></tr>`).join('\n')}
</table>
<p style="color:#666;margin-top:14px">Crypto asset balances are not shown in this export. This document is not a tax statement.</p>
</body></html>`;
  return {
    id: 'statement-f3-crypto-export', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'statement.schema.json', landscape: true,
    expected: statementTruth('Jonas Weber', 'KX-5521-0098', '2025-09-01', '2025-09-30', opening, tx),
  };
}

export const FRESH_STATEMENTS: (() => FreshDocument)[] = [payrollLedger, dutchSavings, cryptoExport];
