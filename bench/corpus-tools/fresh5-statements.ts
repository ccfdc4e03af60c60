/**
 * Fifth fresh set, statements: a bank "transaction history" export with separate Debit / Credit
 * columns and a running Balance, whose account holder sits in a labelled block at the top right.
 */
import { esc, money, round2 } from './formats.ts';
import type { FreshDocument } from './fresh-types.ts';

interface Row { date: string; description: string; amount: number }

const mdy = (iso: string): string => { const [y, m, d] = iso.split('-'); return `${m}/${d}/${y}`; };

function transactionHistory(): FreshDocument {
  const rows: Row[] = [
    { date: '2025-09-02', description: 'ACH DEPOSIT GUSTO PAYROLL', amount: 3124.55 },
    { date: '2025-09-03', description: 'ZELLE TO J MARTINEZ RENT', amount: -1650 },
    { date: '2025-09-08', description: 'POS PURCHASE WHOLE FOODS #1023', amount: -112.37 },
    { date: '2025-09-12', description: 'ATM WITHDRAWAL 5TH & PINE', amount: -200 },
    { date: '2025-09-16', description: 'ACH DEPOSIT GUSTO PAYROLL', amount: 3124.55 },
    { date: '2025-09-22', description: 'ONLINE PMT CHASE CARD', amount: -845.1 },
    { date: '2025-09-29', description: 'MONTHLY SERVICE FEE', amount: -12 },
  ];
  const opening = 2210.4;
  let bal = opening;
  const tx = rows.map((r) => { bal = round2(bal + r.amount); return { ...r, balance: bal }; });
  const closing = tx.at(-1)!.balance;
  const m = (n: number): string => money(n, 'us');
  const src = `<!DOCTYPE html><html><head><meta charset="utf-8"/><style>
body { font-family: 'Liberation Sans', Arial; font-size: 8.5pt; margin: 26px 30px; }
table { border-collapse: collapse; } .r { text-align: right; } td { vertical-align: top; }
.tx th { border-bottom: 1px solid #000; padding: 3px 5px; text-align: left; } .tx td { padding: 3px 5px; border-bottom: 1px solid #eee; }
</style></head><body>
<table style="width:100%"><tr><td><b style="font-size:15pt">Cascade Federal Credit Union</b><br/>Transaction History</td>
<td style="width:40%"><table>
<tr><td>Account holder</td><td>Renata Kowalski</td></tr>
<tr><td>Account</td><td>Checking ****0457</td></tr>
<tr><td>From</td><td>09/01/2025</td></tr>
<tr><td>To</td><td>09/30/2025</td></tr></table></td></tr></table>
<p>Beginning balance $${m(opening)} &nbsp;&nbsp; Ending balance $${m(closing)}</p>
<table class="tx" style="width:100%">
<tr><th>Date</th><th>Description</th><th class="r">Debit</th><th class="r">Credit</th><th class="r">Balance</th></tr>
${tx.map((t) => `<tr><td>${mdy(t.date)}</td><td>${esc(t.description)}</td><td class="r">${t.amount < 0 ? m(-t.amount) : ''}</td><td class="r">${t.amount > 0 ? m(t.amount) : ''}</td><td class="r">${m(t.balance)}</td></tr>`).join('\n')}
</table>
<p>Exported 10/02/2025 from online banking. This export is not an official statement.</p>
</body></html>`;
  return {
    id: 'statement-n1-debit-credit-history', tool: 'wkhtmltopdf', ext: 'html', source: src, schema: 'statement.schema.json',
    expected: {
      account_holder: 'Renata Kowalski', account_number: '****0457', statement_period: { start_date: '2025-09-01', end_date: '2025-09-30' },
      opening_balance: opening, closing_balance: closing,
      transactions: tx.map((t) => ({ date: t.date, description: t.description, amount: t.amount, balance: t.balance })),
    },
  };
}

export const FRESH5_STATEMENTS: (() => FreshDocument)[] = [transactionHistory];
