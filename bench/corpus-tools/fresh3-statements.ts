/**
 * Third fresh set, statements: a US statement of account listing open invoices and payments
 * (invoice no, date, due, amount, balance), a bank statement whose year appears only in the header
 * while rows say "Mar 03", and a monospaced transaction listing whose debits carry a trailing minus
 * ("12.50-") with a running balance.
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

function truth(holder: string, account: string, start: string | null, end: string, opening: number | null, closing: number, tx: Tx[]): Record<string, unknown> {
  return {
    account_holder: holder, account_number: account, statement_period: { start_date: start, end_date: end },
    opening_balance: opening, closing_balance: closing,
    transactions: tx.map((t) => ({ date: t.date, description: t.description, amount: t.amount, balance: t.balance })),
  };
}

const us = (iso: string): string => { const [y, m, d] = iso.split('-'); return `${m}/${d}/${y}`; };
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monDd = (iso: string): string => { const [, m, d] = iso.split('-'); return `${MON[Number(m) - 1]} ${d}`; };

function accountStatement(): FreshDocument {
  const rows: (Row & { due: string | null; ref: string })[] = [
    { date: '2025-08-04', ref: 'INV-30418', due: '2025-09-03', description: 'Invoice INV-30418', amount: 1840.5 },
    { date: '2025-08-15', ref: 'INV-30466', due: '2025-09-14', description: 'Invoice INV-30466', amount: 612 },
    { date: '2025-08-22', ref: 'PMT-8812', due: null, description: 'Payment - Check 10442', amount: -1840.5 },
    { date: '2025-09-02', ref: 'INV-30529', due: '2025-10-02', description: 'Invoice INV-30529', amount: 2275.25 },
    { date: '2025-09-10', ref: 'CM-0071', due: null, description: 'Credit memo - returned goods', amount: -118.4 },
    { date: '2025-09-19', ref: 'INV-30577', due: '2025-10-19', description: 'Invoice INV-30577', amount: 934.8 },
  ];
  const tx = run(0, rows);
  const m = (n: number): string => (n < 0 ? `(${money(-n, 'us')})` : money(n, 'us'));
  const closing = tx.at(-1)!.balance;
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Sans', Arial; font-size: 9pt; margin: 26px 32px; }
table { border-collapse: collapse; } .r { text-align: right; }
.tx th { background: #1f3a5f; color: #fff; padding: 4px; font-size: 8pt; } .tx td { padding: 3px 4px; border-bottom: 1px solid #ddd; }
.aging td { border: 1px solid #888; padding: 3px 8px; text-align: center; }
</style></head><body>
<table style="width:100%"><tr><td><b style="font-size:14pt">Tri-County Paper &amp; Packaging</b><br/>95 Commerce Park Road<br/>Hartford, CT 06114<br/>(860) 555-0147</td>
<td class="r" style="vertical-align:top"><b style="font-size:16pt">STATEMENT OF ACCOUNT</b><br/>Statement Date: 09/30/2025<br/>Customer ID: C-20931<br/>Page 1 of 1</td></tr></table>
<br/>
<table style="width:100%"><tr><td style="width:50%;vertical-align:top"><b>TO:</b><br/>Maplewood Bakery Group<br/>418 Farmington Ave<br/>West Hartford, CT 06119</td>
<td style="vertical-align:top"><table style="border:1px solid #000;width:100%"><tr><td style="padding:4px">Amount Due</td><td class="r" style="padding:4px"><b>$${money(closing, 'us')}</b></td></tr>
<tr><td style="padding:4px">Amount Enclosed</td><td style="padding:4px">____________</td></tr></table></td></tr></table>
<br/>
<table class="tx" style="width:100%">
<tr><th>Date</th><th>Reference</th><th>Description</th><th>Due Date</th><th class="r">Amount</th><th class="r">Balance</th></tr>
${rows.map((r, k) => `<tr><td>${us(r.date)}</td><td>${r.ref}</td><td>${esc(r.description)}</td><td>${r.due === null ? '' : us(r.due)}</td><td class="r">${m(r.amount)}</td><td class="r">${m(tx[k]!.balance)}</td></tr>`).join('\n')}
</table>
<br/>
<table class="aging" style="width:100%"><tr><td>Current</td><td>1-30 Days</td><td>31-60 Days</td><td>61-90 Days</td><td>Over 90</td><td><b>Total Due</b></td></tr>
<tr><td>${money(round2(2275.25 - 118.4 + 934.8), 'us')}</td><td>${money(612, 'us')}</td><td>0.00</td><td>0.00</td><td>0.00</td><td><b>${money(closing, 'us')}</b></td></tr></table>
<p style="font-size:8pt">Please detach and return the top portion with your payment. Balances over 30 days are subject to a 1.5% monthly finance charge.</p>
</body></html>`;
  return {
    id: 'statement-k1-account-open-items', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'statement.schema.json',
    expected: truth('Maplewood Bakery Group', 'C-20931', null, '2025-09-30', null, closing, tx),
  };
}

function yearInHeader(): FreshDocument {
  const opening = 3187.44;
  const rows: Row[] = [
    { date: '2025-03-03', description: 'POS PURCHASE WHOLE FOODS #10234', amount: -84.17 },
    { date: '2025-03-05', description: 'DIRECT DEP ACME ROBOTICS PAYROLL', amount: 2650 },
    { date: '2025-03-07', description: 'ONLINE TRANSFER TO SAVINGS XXXX8841', amount: -500 },
    { date: '2025-03-12', description: 'CHECK #2214', amount: -1375 },
    { date: '2025-03-18', description: 'ATM WITHDRAWAL 1400 MARKET ST', amount: -100 },
    { date: '2025-03-21', description: 'ZELLE FROM JORDAN P', amount: 45 },
    { date: '2025-03-28', description: 'RECURRING PMT NETFLIX.COM', amount: -15.49 },
  ];
  const tx = run(opening, rows);
  const m = (n: number): string => money(Math.abs(n), 'us');
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Sans', Arial; font-size: 9pt; }
th { border-bottom: 2px solid #333; font-size: 8pt; text-align: left; } td { vertical-align: top; }
</style></head><body>
<table width="100%"><tr><td><b><span style="font-size:15pt">Bayside Federal Credit Union</span></b><br/>PO Box 7720, San Mateo, CA 94403</td>
<td align="right">Statement Period<br/><b>March 1 - March 31, 2025</b></td></tr></table>
<p>&nbsp;</p>
<table width="100%"><tr><td width="55%">ELENA V MARQUEZ<br/>2291 PALM AVE APT 6<br/>SAN MATEO CA 94403</td>
<td>Member Number: 00418823<br/>Share Draft Checking ****6617</td></tr></table>
<p>&nbsp;</p>
<table width="70%" cellpadding="2"><tr><td>Beginning Balance</td><td align="right">$${money(opening, 'us')}</td></tr>
<tr><td>Deposits &amp; Credits</td><td align="right">$${money(round2(rows.filter((r) => r.amount > 0).reduce((s, r) => s + r.amount, 0)), 'us')}</td></tr>
<tr><td>Withdrawals &amp; Debits</td><td align="right">$${money(round2(-rows.filter((r) => r.amount < 0).reduce((s, r) => s + r.amount, 0)), 'us')}</td></tr>
<tr><td><b>Ending Balance</b></td><td align="right"><b>$${money(tx.at(-1)!.balance, 'us')}</b></td></tr></table>
<p>&nbsp;</p>
<b>SHARE DRAFT CHECKING ****6617 - TRANSACTIONS</b>
<table width="100%" cellpadding="2">
<tr><th>Date</th><th>Description</th><th align="right">Withdrawals</th><th align="right">Deposits</th><th align="right">Balance</th></tr>
${rows.map((r, k) => `<tr><td>${monDd(r.date)}</td><td>${esc(r.description)}</td><td align="right">${r.amount < 0 ? m(r.amount) : ''}</td><td align="right">${r.amount > 0 ? m(r.amount) : ''}</td><td align="right">${money(tx[k]!.balance, 'us')}</td></tr>`).join('\n')}
</table>
<p style="font-size:8pt">Federally insured by NCUA. Dividends earned year to date: $4.12.</p>
</body></html>`;
  return {
    id: 'statement-k2-year-in-header', tool: 'lo-html', ext: 'html', source: src, schema: 'statement.schema.json',
    expected: truth('Elena V Marquez', '00418823', '2025-03-01', '2025-03-31', opening, tx.at(-1)!.balance, tx),
  };
}

function trailingMinus(): FreshDocument {
  const opening = 12840.6;
  const rows: Row[] = [
    { date: '2025-10-01', description: 'SEPA DD UTILITY NORTHPOWER', amount: -212.45 },
    { date: '2025-10-02', description: 'CARD 4471 OFFICE DEPOT', amount: -12.5 },
    { date: '2025-10-06', description: 'CREDIT TRANSFER CUSTOMER 88104', amount: 4300 },
    { date: '2025-10-09', description: 'STANDING ORDER RENT UNIT 4B', amount: -2150 },
    { date: '2025-10-14', description: 'CARD 4471 FUEL STATION 22', amount: -96.3 },
    { date: '2025-10-20', description: 'CREDIT TRANSFER CUSTOMER 88131', amount: 1185.75 },
    { date: '2025-10-31', description: 'ACCOUNT FEE OCTOBER', amount: -18 },
  ];
  const tx = run(opening, rows);
  const tm = (n: number): string => (n < 0 ? `${money(-n, 'us')}-` : `${money(n, 'us')} `);
  const dmy = (iso: string): string => { const [y, m, d] = iso.split('-'); return `${d}.${m}.${y!.slice(2)}`; };
  const line = (a: string, b: string, c: string, d: string): string => `${a.padEnd(10)}${b.padEnd(38)}${c.padStart(13)}${d.padStart(14)}`;
  const body = [
    'HARBOUR MERCANTILE BANK              ACCOUNT STATEMENT',
    '',
    'ACCOUNT HOLDER : KESTREL MARINE SUPPLY LTD',
    'ACCOUNT NO     : 40-22-17 55019832',
    'PERIOD         : 01.10.25 TO 31.10.25',
    '',
    line('DATE', 'PARTICULARS', 'AMOUNT', 'BALANCE'),
    '-'.repeat(75),
    line('01.10.25', 'BALANCE BROUGHT FORWARD', '', tm(opening)),
    ...rows.map((r, k) => line(dmy(r.date), r.description, tm(r.amount), tm(tx[k]!.balance))),
    '-'.repeat(75),
    line('31.10.25', 'BALANCE CARRIED FORWARD', '', tm(tx.at(-1)!.balance)),
    '',
    'AMOUNTS FOLLOWED BY - ARE DEBITS.',
  ];
  const ms = `.nr PS 9
.nr VS 11
.nr LL 7i
.nr PO 0.6i
.ds LH
.ds CH
.ds RH
.LP
.ft CR
.nf
${body.map((l) => l.replace(/\\/g, '\\\\').replace(/-/g, '\\-')).join('\n')}
.fi
`;
  return {
    id: 'statement-k3-trailing-minus', tool: 'groff', ext: 'ms', source: ms, schema: 'statement.schema.json',
    expected: truth('Kestrel Marine Supply Ltd', '40-22-17 55019832', '2025-10-01', '2025-10-31', opening, tx.at(-1)!.balance, tx),
  };
}

export const FRESH3_STATEMENTS: (() => FreshDocument)[] = [accountStatement, yearInHeader, trailingMinus];
