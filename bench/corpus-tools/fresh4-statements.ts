/**
 * Fourth fresh set, statements: a credit-card statement whose foreign purchases show the original
 * amount and currency beside the converted amount, plus a foreign-transaction fee line; and a
 * utility account statement whose rows carry a service period (from/to dates) beside the posting
 * date.
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

const dmy = (iso: string): string => { const [y, m, d] = iso.split('-'); return `${d}.${m}.${y}`; };
const uk = (iso: string): string => { const [y, m, d] = iso.split('-'); return `${d}/${m}/${y}`; };

function fxCard(): FreshDocument {
  // Purchases are money out (negative) and the payment money in; the printed balance is the amount owed, so the truth keeps it positive as printed.
  const rows: (Row & { orig: string | null })[] = [
    { date: '2025-10-02', description: 'HOTEL LE MARAIS PARIS', orig: 'EUR 412.00', amount: -358.44 },
    { date: '2025-10-02', description: 'Foreign transaction fee', orig: null, amount: -10.75 },
    { date: '2025-10-06', description: 'SBB CFF FFS ZURICH', orig: 'CHF 96.40', amount: -91.22 },
    { date: '2025-10-06', description: 'Foreign transaction fee', orig: null, amount: -2.74 },
    { date: '2025-10-11', description: 'PAYMENT RECEIVED - THANK YOU', orig: null, amount: 600 },
    { date: '2025-10-19', description: 'TESCO STORES 2281 LEEDS', orig: null, amount: -47.9 },
    { date: '2025-10-27', description: 'AMZN MKTP US SEATTLE', orig: 'USD 59.99', amount: -46.03 },
    { date: '2025-10-27', description: 'Foreign transaction fee', orig: null, amount: -1.38 },
  ];
  const opening = -812.6;
  const tx = run(opening, rows);
  const closing = tx.at(-1)!.balance;
  const m = (n: number): string => (n < 0 ? `${money(-n, 'us')}` : `${money(n, 'us')} CR`);
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Sans', Arial; font-size: 8.5pt; margin: 26px 30px; }
table { border-collapse: collapse; } .r { text-align: right; }
.tx th { border-top: 2px solid #036; border-bottom: 1px solid #036; padding: 4px; text-align: left; } .tx td { padding: 3px 4px; }
.sum td { padding: 3px 8px; border: 1px solid #bbb; }
</style></head><body>
<table style="width:100%"><tr><td><b style="font-size:16pt;color:#036">Northway Voyager Card</b><br/>Monthly statement</td>
<td class="r">Mr Daniel Okafor<br/>Flat 3, 19 Park Square East<br/>Leeds LS1 2NE</td></tr></table>
<table class="sum" style="margin-top:12px"><tr><td>Card number</td><td>4929 **** **** 6618</td><td>Statement period</td><td>28.09.2025 - 27.10.2025</td></tr>
<tr><td>Previous balance</td><td>£${money(-opening, 'us')}</td><td>New balance</td><td>£${money(-closing, 'us')}</td></tr>
<tr><td>Minimum payment</td><td>£25.00</td><td>Payment due</td><td>21.11.2025</td></tr></table>
<p>Amounts are in GBP and are amounts owed unless marked CR. Foreign amounts are converted at the scheme rate on the posting date.</p>
<table class="tx" style="width:100%">
<tr><th>Posted</th><th>Details</th><th class="r">Original amount</th><th class="r">GBP</th><th class="r">Balance</th></tr>
${rows.map((r, k) => `<tr><td>${dmy(r.date)}</td><td>${esc(r.description)}</td><td class="r">${r.orig ?? ''}</td><td class="r">${m(r.amount)}</td><td class="r">${money(-tx[k]!.balance, 'us')}</td></tr>`).join('\n')}
</table>
</body></html>`;
  return {
    id: 'statement-m1-card-fx-columns', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'statement.schema.json',
    expected: {
      account_holder: 'Mr Daniel Okafor', account_number: '4929 **** **** 6618', statement_period: { start_date: '2025-09-28', end_date: '2025-10-27' },
      // Balances as printed: the amount owed, positive.
      opening_balance: -opening, closing_balance: -closing,
      transactions: tx.map((t) => ({ date: t.date, description: t.description, amount: t.amount, balance: -t.balance })),
    },
  };
}

function utilityPeriods(): FreshDocument {
  const rows: (Row & { from: string | null; to: string | null })[] = [
    { date: '2025-07-05', from: '2025-06-01', to: '2025-06-30', description: 'Electricity - 412 kWh', amount: -118.36 },
    { date: '2025-07-05', from: '2025-06-01', to: '2025-06-30', description: 'Standing charge', amount: -16.5 },
    { date: '2025-07-14', from: null, to: null, description: 'Direct debit received', amount: 140 },
    { date: '2025-08-05', from: '2025-07-01', to: '2025-07-31', description: 'Electricity - 388 kWh', amount: -111.47 },
    { date: '2025-08-05', from: '2025-07-01', to: '2025-07-31', description: 'Standing charge', amount: -17.05 },
    { date: '2025-08-14', from: null, to: null, description: 'Direct debit received', amount: 140 },
    { date: '2025-09-05', from: '2025-08-01', to: '2025-08-31', description: 'Electricity - 356 kWh', amount: -102.28 },
  ];
  const opening = 22.4;
  const tx = run(opening, rows);
  const closing = tx.at(-1)!.balance;
  const m = (n: number): string => (n < 0 ? `-${money(-n, 'us')}` : money(n, 'us'));
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Sans', Arial; font-size: 9pt; margin: 30px 36px; }
table { border-collapse: collapse; } .r { text-align: right; }
.tx th { background: #5a8; color: #fff; padding: 4px; } .tx td { padding: 3px 4px; border-bottom: 1px solid #ddd; }
</style></head><body>
<b style="font-size:17pt;color:#385">Greenlight Energy</b><br/>Account statement
<table style="width:100%;margin-top:14px"><tr><td style="vertical-align:top">Account name: ${esc('Priya & Sam Raman')}<br/>Supply address: 7 Beech Grove, Bristol BS6 5LT</td>
<td style="vertical-align:top" class="r">Account number: 80-2261-4470<br/>Statement covers 01/07/2025 to 30/09/2025</td></tr></table>
<p>Balance brought forward: £${m(opening)} in credit</p>
<table class="tx" style="width:100%">
<tr><th>Date</th><th>Period from</th><th>Period to</th><th style="text-align:left">Description</th><th class="r">Amount (£)</th><th class="r">Balance (£)</th></tr>
${rows.map((r, k) => `<tr><td>${uk(r.date)}</td><td>${r.from === null ? '' : uk(r.from)}</td><td>${r.to === null ? '' : uk(r.to)}</td><td>${esc(r.description)}</td><td class="r">${m(r.amount)}</td><td class="r">${m(tx[k]!.balance)}</td></tr>`).join('\n')}
</table>
<p>Closing balance: £${m(closing)}. A negative balance is the amount you owe.</p>
</body></html>`;
  return {
    id: 'statement-m2-utility-periods', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'statement.schema.json',
    expected: {
      account_holder: 'Priya & Sam Raman', account_number: '80-2261-4470', statement_period: { start_date: '2025-07-01', end_date: '2025-09-30' },
      opening_balance: opening, closing_balance: closing,
      transactions: tx.map((t) => ({ date: t.date, description: t.description, amount: t.amount, balance: t.balance })),
    },
  };
}

export const FRESH4_STATEMENTS: (() => FreshDocument)[] = [fxCard, utilityPeriods];
