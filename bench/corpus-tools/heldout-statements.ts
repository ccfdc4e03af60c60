/**
 * Held-out statements: a credit-card statement (purchases plain, credits marked "CR", no running
 * balance) and a brokerage cash-activity list (quantity and price columns beside amount and
 * balance, negatives in parentheses). Not used for tuning.
 */
import type { HeldoutDocument } from './heldout-types.ts';
import { date, esc, money, round2, seeded } from './formats.ts';

function cardStatement(): HeldoutDocument {
  const rnd = seeded(4242);
  const merchants = ['WHOLE FOODS MKT #10233 AUSTIN TX', 'SHELL OIL 57442118 ROUND ROCK TX', 'SPOTIFY USA 877-778-1161 NY', 'H-E-B #612 AUSTIN TX',
    'DELTA AIR 0062345511 ATLANTA GA', 'UBER *TRIP HELP.UBER.COM CA', 'TARGET 00023811 AUSTIN TX', 'CHEWY.COM 800-672-4399 FL'];
  const tx: { date: string; post: string; description: string; amount: number }[] = [];
  let day = 3;
  for (let i = 0; i < 22; i++) {
    day += rnd() < 0.5 ? 1 : 0;
    const payment = i === 9;
    const refund = i === 16;
    const description = payment ? 'PAYMENT THANK YOU - WEB' : refund ? 'TARGET 00023811 AUSTIN TX RETURN' : merchants[Math.floor(rnd() * merchants.length)]!;
    const amount = payment ? 1250 : refund ? round2(10 + rnd() * 40) : -round2(5 + rnd() * 180);
    const d = `2025-05-${String(day).padStart(2, '0')}`;
    tx.push({ date: d, post: `2025-05-${String(day + 1).padStart(2, '0')}`, description, amount });
  }
  const opening = 1873.44;
  // A card balance is what is owed: purchases (money out, negative here) raise it.
  const closing = round2(tx.reduce((s, t) => s - t.amount, opening));
  const md = (iso: string): string => date(iso, 'us-num').slice(0, 5);
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Sans'; font-size: 8.5pt; }
.hd { font-size: 15pt; font-weight: bold; color: #003a70; }
th { text-align: left; border-bottom: 1px solid #000; }
td { vertical-align: top; }
</style></head><body>
<table width="100%"><tr><td><span class="hd">Lone Star Rewards Visa Signature®</span><br/>Issued by Pecan Valley Bank, N.A.</td>
<td align="right">Account ending in 3381<br/>Opening/Closing Date ${date('2025-05-02', 'us-num')} - ${date('2025-06-01', 'us-num')}</td></tr></table>
<p>RAFAEL MENDOZA-CRUZ<br/>4410 SPEEDWAY APT 2B<br/>AUSTIN TX 78751</p>
<table width="60%" border="1" cellspacing="0" cellpadding="2"><tr><td colspan="2"><b>ACCOUNT SUMMARY</b></td></tr>
<tr><td>Account Number</td><td>XXXX XXXX XXXX 3381</td></tr>
<tr><td>Previous Balance</td><td align="right">$${money(opening, 'us')}</td></tr>
<tr><td>Payment, Credits</td><td align="right">-$${money(tx.filter((t) => t.amount > 0).reduce((s, t) => s + t.amount, 0), 'us')}</td></tr>
<tr><td>Purchases</td><td align="right">+$${money(-tx.filter((t) => t.amount < 0).reduce((s, t) => s + t.amount, 0), 'us')}</td></tr>
<tr><td>New Balance</td><td align="right"><b>$${money(closing, 'us')}</b></td></tr>
<tr><td>Payment Due Date</td><td align="right">${date('2025-06-26', 'us-num')}</td></tr></table>
<p><b>ACCOUNT ACTIVITY</b></p>
<table width="100%" cellpadding="2"><tr><th>Trans Date</th><th>Post Date</th><th>Description</th><th align="right">Amount</th></tr>
${tx.map((t) => `<tr><td>${md(t.date)}</td><td>${md(t.post)}</td><td>${esc(t.description)}</td><td align="right">${t.amount > 0 ? `${money(t.amount, 'us')} CR` : money(-t.amount, 'us')}</td></tr>`).join('\n')}
</table>
<p>Totals Year-to-Date: Total fees charged in 2025 $0.00. Total interest charged in 2025 $0.00.</p>
</body></html>`;
  return {
    id: 'statement-h1-card', tool: 'lo-html', ext: 'html', source: src, schema: 'statement.schema.json',
    expected: {
      account_holder: 'RAFAEL MENDOZA-CRUZ', account_number: 'XXXX XXXX XXXX 3381',
      statement_period: { start_date: '2025-05-02', end_date: '2025-06-01' },
      opening_balance: opening, closing_balance: closing,
      transactions: tx.map((t) => ({ date: t.date, description: t.description, amount: t.amount, balance: null })),
    },
  };
}

function brokerage(): HeldoutDocument {
  const rnd = seeded(777);
  const kinds = [
    { d: 'Bought VTI VANGUARD TOTAL STOCK MARKET ETF', sign: -1, price: 268.4 },
    { d: 'Bought BND VANGUARD TOTAL BOND MARKET ETF', sign: -1, price: 72.15 },
    { d: 'Sold AAPL APPLE INC', sign: 1, price: 227.9 },
    { d: 'Dividend VTI VANGUARD TOTAL STOCK MARKET ETF', sign: 1, price: 0 },
    { d: 'Electronic funds transfer received', sign: 1, price: 0 },
    { d: 'Interest on cash balance', sign: 1, price: 0 },
  ];
  let bal = 15230.55;
  const opening = bal;
  const rows: { date: string; description: string; qty: number | null; price: number | null; amount: number; balance: number }[] = [];
  let day = 1;
  for (let i = 0; i < 30; i++) {
    day += rnd() < 0.6 ? 1 : 0;
    const k = kinds[Math.floor(rnd() * kinds.length)]!;
    const qty = k.price > 0 ? 1 + Math.floor(rnd() * 20) : null;
    const price = k.price > 0 ? round2(k.price * (0.97 + rnd() * 0.06)) : null;
    const amount = qty !== null && price !== null ? round2(k.sign * qty * price) : round2(5 + rnd() * (k.d.startsWith('Electronic') ? 3000 : 120));
    bal = round2(bal + amount);
    rows.push({ date: `2025-07-${String(day).padStart(2, '0')}`, description: k.d, qty, price, amount, balance: bal });
  }
  const paren = (n: number): string => (n < 0 ? `(${money(-n, 'us')})` : money(n, 'us'));
  const d = (iso: string): string => date(iso, 'us-num');
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'DejaVu Sans Condensed', 'DejaVu Sans'; font-size: 8pt; margin: 20px; }
table.t { width: 100%; border-collapse: collapse; } table.t th { background: #222; color: #fff; padding: 3px; text-align: left; }
table.t td { padding: 3px; border-bottom: 1px dotted #aaa; } .r { text-align: right !important; }
</style></head><body>
<table style="width:100%"><tr><td><span style="font-size:16pt;font-weight:bold">Meridian Brokerage Services</span><br/>Member FINRA/SIPC</td>
<td class="r">INDIVIDUAL TOD<br/>Account Number: 6620-4471<br/>Statement Period: July 1, 2025 - July 31, 2025</td></tr></table>
<p>Prepared for<br/><b>Evelyn J. Hart</b><br/>2290 Lakeshore Dr<br/>Madison, WI 53705</p>
<table><tr><td>Beginning cash balance</td><td class="r">$${money(opening, 'us')}</td></tr>
<tr><td>Ending cash balance</td><td class="r">$${money(bal, 'us')}</td></tr></table>
<h3>Cash Activity</h3>
<table class="t"><tr><th>Date</th><th>Transaction</th><th class="r">Quantity</th><th class="r">Price</th><th class="r">Amount</th><th class="r">Cash Balance</th></tr>
${rows.map((r) => `<tr><td>${d(r.date)}</td><td>${esc(r.description)}</td><td class="r">${r.qty ?? ''}</td><td class="r">${r.price === null ? '' : money(r.price, 'us')}</td><td class="r">${paren(r.amount)}</td><td class="r">${money(r.balance, 'us')}</td></tr>`).join('\n')}
</table>
<p style="font-size:7pt">Securities offered through Meridian Brokerage Services LLC. Not FDIC insured. May lose value.</p>
</body></html>`;
  return {
    id: 'statement-h2-brokerage', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'statement.schema.json',
    expected: {
      account_holder: 'Evelyn J. Hart', account_number: '6620-4471',
      statement_period: { start_date: '2025-07-01', end_date: '2025-07-31' },
      opening_balance: opening, closing_balance: bal,
      transactions: rows.map((r) => ({ date: r.date, description: r.description, amount: r.amount, balance: r.balance })),
    },
  };
}

export const HELDOUT_STATEMENTS: (() => HeldoutDocument)[] = [cardStatement, brokerage];
