/**
 * Ground truth of the corpus documents (what expected.json holds) and the presentation choices
 * each renderer reads (labels, formats, layout), kept apart so one truth can be printed many ways.
 */
import type { DateStyle, MoneyStyle } from './formats.ts';

interface Party {
  name: string;
  /** Address lines as printed; the truth joins them with ", ". */
  address: string[];
}

export interface LineItem {
  description: string;
  /** Extra description lines printed under the first one (part of the description). */
  more?: string[];
  quantity: number;
  unit_price: number;
  amount: number;
}

export interface Invoice {
  invoice_number: string;
  invoice_date: string;
  due_date: string;
  currency: string;
  vendor: Party;
  customer: Party;
  items: LineItem[];
  taxRate: number;
}

export interface Transaction {
  date: string;
  description: string;
  more?: string;
  amount: number;
  balance: number;
}

export interface Statement {
  account_holder: string;
  holderAddress: string[];
  account_number: string;
  bank: Party;
  start: string;
  end: string;
  opening_balance: number;
  transactions: Transaction[];
}

export interface InvoiceLabels {
  title: string;
  number: string;
  date: string;
  due: string;
  billTo: string;
  from?: string;
  subtotal: string;
  tax: string;
  total: string;
  cols: [string, string, string, string];
}

export interface Style {
  money: MoneyStyle;
  date: DateStyle;
  /** How an amount is printed around its number: "$%", "% €", "EUR %", "%". */
  amount: string;
  /** Same for amounts inside the table (often without the symbol). */
  cellAmount: string;
}

export function invoiceTruth(inv: Invoice): Record<string, unknown> {
  const subtotal = round2(inv.items.reduce((s, i) => s + i.amount, 0));
  const tax = round2(subtotal * inv.taxRate);
  return {
    invoice_number: inv.invoice_number,
    invoice_date: inv.invoice_date,
    due_date: inv.due_date,
    currency: inv.currency,
    vendor: { name: inv.vendor.name, address: inv.vendor.address.join(', ') },
    customer: { name: inv.customer.name, address: inv.customer.address.join(', ') },
    subtotal,
    tax,
    total: round2(subtotal + tax),
    line_items: inv.items.map((i) => ({
      description: [i.description, ...(i.more ?? [])].join(' '),
      quantity: i.quantity,
      unit_price: i.unit_price,
      amount: i.amount,
    })),
  };
}

export function totalsOf(inv: Invoice): { subtotal: number; tax: number; total: number } {
  const t = invoiceTruth(inv);
  return { subtotal: t['subtotal'] as number, tax: t['tax'] as number, total: t['total'] as number };
}

export function statementTruth(st: Statement): Record<string, unknown> {
  const last = st.transactions[st.transactions.length - 1];
  return {
    account_holder: st.account_holder,
    account_number: st.account_number,
    statement_period: { start_date: st.start, end_date: st.end },
    opening_balance: st.opening_balance,
    closing_balance: last === undefined ? st.opening_balance : last.balance,
    transactions: st.transactions.map((t) => ({
      date: t.date,
      description: t.more === undefined ? t.description : `${t.description} ${t.more}`,
      amount: t.amount,
      balance: t.balance,
    })),
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
