/**
 * Second fresh set, statements: a business line-of-credit statement (advances, payments and
 * interest in separate columns, the balance being what is owed) and a German petty-cash book in a
 * ruled groff table (Einnahmen/Ausgaben/Bestand, dd.mm.yyyy dates, the opening balance as a row).
 * groff reads Latin-1, so umlauts go in as its escapes (\(:u).
 */
import { esc, money, round2 } from './formats.ts';
import type { FreshDocument } from './fresh-types.ts';

interface Row { date: string; description: string; amount: number }
interface Tx extends Row { balance: number }

function run(opening: number, rows: Row[]): Tx[] {
  let bal = opening;
  return rows.map((r) => {
    bal = round2(bal + r.amount);
    return { ...r, balance: bal };
  });
}

function truth(holder: string, account: string, start: string, end: string, opening: number, tx: Tx[]): Record<string, unknown> {
  return {
    account_holder: holder, account_number: account, statement_period: { start_date: start, end_date: end },
    opening_balance: opening, closing_balance: tx.at(-1)?.balance ?? opening,
    transactions: tx.map((t) => ({ date: t.date, description: t.description, amount: t.amount, balance: t.balance })),
  };
}

const us = (iso: string): string => { const [y, m, d] = iso.split('-'); return `${m}/${d}/${y}`; };

function creditLine(): FreshDocument {
  const opening = 42500;
  // Balance is the amount owed: an advance or interest raises it, a payment lowers it.
  const rows: (Row & { kind: 'adv' | 'pay' | 'int' })[] = [
    { date: '2025-03-03', description: 'Payment - thank you', amount: -3500, kind: 'pay' },
    { date: '2025-03-07', description: 'Advance to DDA ****2291', amount: 12000, kind: 'adv' },
    { date: '2025-03-18', description: 'Advance to DDA ****2291', amount: 6500, kind: 'adv' },
    { date: '2025-03-25', description: 'Principal prepayment', amount: -10000, kind: 'pay' },
    { date: '2025-03-31', description: 'Interest charge 8.75% variable', amount: 386.12, kind: 'int' },
    { date: '2025-03-31', description: 'Annual commitment fee', amount: 250, kind: 'int' },
  ];
  const tx = run(opening, rows);
  const m = (n: number): string => money(n, 'us');
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Serif', serif; font-size: 9.5pt; }
th { border-bottom: 1px solid #000; font-size: 8.5pt; } td { vertical-align: top; }
</style></head><body>
<table width="100%"><tr><td><b><span style="font-size:15pt">GRANITE STATE COMMERCIAL BANK</span></b><br/>Commercial Lending Services · PO Box 3100, Concord, NH 03302</td>
<td align="right"><b>Business Line of Credit Statement</b></td></tr></table>
<p>&nbsp;</p>
<table width="100%"><tr><td width="55%">PINE HOLLOW MILLWORK LLC<br/>480 Industrial Drive<br/>Keene, NH 03431</td>
<td><table>
<tr><td>Loan number</td><td>7700-318845-01</td></tr>
<tr><td>Billing period</td><td>${us('2025-03-01')} to ${us('2025-03-31')}</td></tr>
<tr><td>Credit limit</td><td>$150,000.00</td></tr>
<tr><td>Minimum payment due</td><td>$1,250.00 by 04/20/2025</td></tr></table></td></tr></table>
<p>&nbsp;</p>
<table width="100%"><tr><td>Previous principal balance</td><td align="right">${m(opening)}</td><td width="10%"></td><td>New principal balance</td><td align="right"><b>${m(tx.at(-1)!.balance)}</b></td></tr></table>
<p>&nbsp;</p>
<b>Loan activity</b>
<table width="100%" cellpadding="2">
<tr><th align="left">Posting date</th><th align="left">Description</th><th align="right">Advances</th><th align="right">Payments</th><th align="right">Interest &amp; fees</th><th align="right">Principal balance</th></tr>
${rows.map((r, k) => `<tr><td>${us(r.date)}</td><td>${esc(r.description)}</td><td align="right">${r.kind === 'adv' ? m(r.amount) : ''}</td><td align="right">${r.kind === 'pay' ? m(-r.amount) : ''}</td><td align="right">${r.kind === 'int' ? m(r.amount) : ''}</td><td align="right">${m(tx[k]!.balance)}</td></tr>`).join('\n')}
</table>
<p>&nbsp;</p>
<p style="font-size:8pt">Interest is computed on the daily principal balance using an actual/360 day count. Available credit: $${m(round2(150000 - tx.at(-1)!.balance))}.</p>
</body></html>`;
  return {
    id: 'statement-g1-credit-line', tool: 'lo-html', ext: 'html', source: src, schema: 'statement.schema.json',
    expected: truth('Pine Hollow Millwork LLC', '7700-318845-01', '2025-03-01', '2025-03-31', opening, tx),
  };
}

function pettyCash(): FreshDocument {
  const opening = 500;
  const rows: (Row & { ref: string })[] = [
    { date: '2025-09-02', ref: 'A-101', description: 'Briefmarken Deutsche Post', amount: -42.5 },
    { date: '2025-09-04', ref: 'E-17', description: 'Bareinzahlung von Bank', amount: 300 },
    { date: '2025-09-05', ref: 'A-102', description: 'Büromaterial Schreibwaren Kern', amount: -37.89 },
    { date: '2025-09-11', ref: 'A-103', description: 'Bewirtung Kundentermin', amount: -86.4 },
    { date: '2025-09-16', ref: 'A-104', description: 'Taxi Hauptbahnhof', amount: -24.3 },
    { date: '2025-09-23', ref: 'E-18', description: 'Erstattung Porto Fa. Lindner', amount: 12.6 },
    { date: '2025-09-29', ref: 'A-105', description: 'Reinigungsmittel Drogerie', amount: -18.75 },
  ];
  const tx = run(opening, rows);
  const de = (iso: string): string => { const [y, m, d] = iso.split('-'); return `${d}.${m}.${y}`; };
  const m = (n: number): string => money(n, 'de');
  const ms = `.nr PS 9
.nr VS 11
.nr LL 6.7i
.nr PO 0.8i
.ds LH
.ds CH
.ds RH
.ds CF Seite 1 von 1
.LP
.ce 2
\\s+4\\fBKassenbuch\\fP\\s0
Hausverwaltung Brandt & Roth GmbH
.sp
.TS
tab(|);
l l.
Kasse:|Handkasse Büro (Konto 1000)
Zeitraum:|01.09.2025 \\- 30.09.2025
.TE
.sp
.TS
tab(|) allbox;
c c c c c c c
n l l l n n n.
\\fBLfd. Nr.\\fP|\\fBDatum\\fP|\\fBBeleg\\fP|\\fBBuchungstext\\fP|\\fBEinnahmen\\fP|\\fBAusgaben\\fP|\\fBBestand\\fP
||||||
|01.09.2025||Anfangsbestand|||${m(opening)}
${rows.map((r, k) => `${k + 1}|${de(r.date)}|${r.ref.replace(/-/g, '\\-')}|${r.description}|${r.amount > 0 ? m(r.amount) : ''}|${r.amount < 0 ? m(-r.amount) : ''}|${m(tx[k]!.balance)}`).join('\n')}
.TE
.sp
.TS
tab(|);
l r.
Summe Einnahmen|${m(round2(rows.filter((r) => r.amount > 0).reduce((s, r) => s + r.amount, 0)))}
Summe Ausgaben|${m(round2(-rows.filter((r) => r.amount < 0).reduce((s, r) => s + r.amount, 0)))}
\\fBEndbestand 30.09.2025\\fP|\\fB${m(tx.at(-1)!.balance)}\\fP
.TE
.sp 2
.LP
Geprüft: ______________________   Datum: ____________
`;
  return {
    id: 'statement-g2-de-kassenbuch', tool: 'groff', ext: 'ms', source: ms.replace('||||||\n', '').replace(/ü/g, '\\(:u'), schema: 'statement.schema.json',
    expected: truth('Hausverwaltung Brandt & Roth GmbH', '1000', '2025-09-01', '2025-09-30', opening, tx),
  };
}

export const FRESH2_STATEMENTS: (() => FreshDocument)[] = [creditLine, pettyCash];
