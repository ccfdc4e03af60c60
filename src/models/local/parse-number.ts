/**
 * Amounts as printed: "$1,234.56", "1.234,56 €", "1 234,56", "(12.00)", "-12.00", "12.00-",
 * "12.00 CR", "20%". groff sets a trailing minus ("12.50-") as U+2212, so that counts too. Which of ',' and '.' is the decimal mark is decided per number when it can
 * be (both present, or not three digits after it) and otherwise by what the document does.
 */
import { LEXICONS } from './lexicon/index.ts';
import { foldLabel } from './normalize-label.ts';
import { parseDates } from './parse-date.ts';

export interface DocumentHints {
  /** The document writes decimals with a comma ("1.234,56"). */
  decimalComma: boolean;
  /** Numeric dates put the day first (15/03/2024). */
  dayFirst: boolean;
  /**
   * Earliest and latest full date printed (ISO), so a date printed without its year ("05/03",
   * "12 Mar" in a card statement's rows) takes the year that puts it inside the document's dates.
   */
  dateSpan?: { min: string; max: string };
}

/** Shorter label words ("data", "van") are also common words elsewhere, so they are no cue. */
const MIN_CUE_LENGTH = 5;

export const DEFAULT_HINTS: DocumentHints = { decimalComma: false, dayFirst: false };

export interface ParsedNumber {
  value: number;
  matched: string;
  quality: number;
  percent: boolean;
}

const NUMBER = new RegExp(
  String.raw`(\(\s*)?([-−–+]\s*)?((?:[$€£¥₹₩₽]|[A-Z]{3}\b)\s*)?([-−–]\s*)?` +
    String.raw`(\d{1,3}(?:[\u00a0\u202f ]\d{3})+,\d{1,2}(?!\d)|\d{1,3}(?:[\u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d{1,3}(?:[,.'’]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|[.,]\d+)` +
    String.raw`(\s*%)?(\s*(?:[$€£¥₹₩₽]|[A-Z]{3}\b))?(\s*\))?(\s*(?:[-−–](?!\d)|CR\b|Cr\b|DR\b|Dr\b))?`,
  'g',
);

function parseCore(core: string, hints: DocumentHints): number | null {
  const s = core.replace(/[\u00a0\u202f '’]/g, '');
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let decimal: '.' | ',' | null = null;
  if (lastDot >= 0 && lastComma >= 0) decimal = lastDot > lastComma ? '.' : ',';
  else if (lastComma >= 0 || lastDot >= 0) {
    const mark = lastComma >= 0 ? ',' : '.';
    const count = s.split(mark).length - 1;
    const after = s.length - s.lastIndexOf(mark) - 1;
    if (count > 1) decimal = null;
    else if (after !== 3) decimal = mark;
    // Exactly three digits after a single mark: a thousands separator, unless the document
    // uses that mark for decimals.
    else decimal = (mark === ',') === hints.decimalComma ? mark : null;
  }
  let normalized: string;
  if (decimal === null) normalized = s.replace(/[.,]/g, '');
  else {
    const other = decimal === '.' ? ',' : '.';
    normalized = s.split(other).join('').replace(decimal, '.');
  }
  if (normalized.startsWith('.')) normalized = `0${normalized}`;
  const n = Number(normalized);
  return Number.isFinite(n) ? n : null;
}

/** A number picked out of more text is less sure: the only number in it a little, one of several more. */
const ONLY_NUMBER_IN_TEXT = 0.9;
const ONE_OF_SEVERAL = 0.75;
/** "19%" next to "VAT" is a rate; an amount field takes it only when nothing better is there. */
const PERCENT_AS_AMOUNT = 0.5;

/**
 * The amount in the text. With several numbers, the last one that looks like money (decimals or
 * a currency) is taken: "Total (incl. 20% VAT) 120.00" means 120.00.
 */
export function parseNumber(text: string, hints: DocumentHints): ParsedNumber | null {
  const found: { value: number; matched: string; money: boolean; percent: boolean }[] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m !== null; m = NUMBER.exec(text)) {
    const [whole, openParen, sign, preCur, sign2, core, pct, postCur, closeParen, suffix] = m;
    if (core === undefined) continue;
    // A digit run glued to letters ("INV2024", "A4") is an identifier, not an amount.
    const before = text[m.index + whole.indexOf(core) - 1];
    if (before !== undefined && /[A-Za-z]/.test(before) && preCur === undefined) continue;
    // Letters hyphenated to the digits ("CHE-114.552.908", "INV-2024") are an identifier too, not
    // a currency code and a minus.
    if (preCur !== undefined && /^[A-Z]{3}$/.test(preCur) && sign2 !== undefined && /^[-−–]$/.test(sign2)) continue;
    // "03.05" of "netto bis 03.05.2024" is part of a date, never an amount.
    const start = m.index + whole.indexOf(core);
    const head = text.slice(0, start);
    if (/^[./]\d/.test(text.slice(start + core.length)) || /\d[./]$/.test(head) || (/^[./]\d/.test(core) && /\d$/.test(head))) continue;
    let value = parseCore(core, hints);
    if (value === null) continue;
    const negative =
      (openParen !== undefined && closeParen !== undefined) ||
      (sign !== undefined && /[-−–]/.test(sign)) ||
      sign2 !== undefined ||
      (suffix !== undefined && /[-−–]|CR|Cr/.test(suffix));
    if (negative) value = -value;
    const money = preCur !== undefined || postCur !== undefined || /[.,]\d{2}$/.test(core);
    found.push({ value, matched: whole.trim(), money: money && pct === undefined, percent: pct !== undefined });
  }
  if (found.length === 0) return null;
  const moneys = found.filter((f) => f.money);
  const pick = moneys.length > 0 ? (moneys[moneys.length - 1] as (typeof found)[number]) : (found[0] as (typeof found)[number]);
  let quality = pick.matched.length >= text.trim().length - 1 ? 1 : found.length === 1 ? ONLY_NUMBER_IN_TEXT : ONE_OF_SEVERAL;
  if (pick.percent) quality *= PERCENT_AS_AMOUNT;
  return { value: pick.value, matched: pick.matched, quality, percent: pick.percent };
}

/**
 * How this document writes numbers and dates, voted from all its text, so that "1.234" and
 * "03/04/2024" are read the way the rest of the document reads.
 */
/**
 * Single-word labels of the document's main fields in the languages that write dates day first
 * (every lexicon but English, which is written both ways): "Rechnung", "fattura", "Fecha".
 */
const DAY_FIRST_WORDS: ReadonlySet<string> = new Set(
  Object.entries(LEXICONS).filter(([lang]) => lang !== 'en').flatMap(([, lex]) =>
    ['invoice_number', 'date', 'due_date', 'total', 'subtotal'].flatMap((k) => [...(lex.concepts[k]?.phrases ?? []), ...(lex.concepts[k]?.weak ?? [])]))
    .filter((p) => !p.includes(' ') && p.length >= MIN_CUE_LENGTH),
);

function labelledInDayFirstLanguage(text: string): boolean {
  return foldLabel(text).some((w) => DAY_FIRST_WORDS.has(w));
}

export function computeHints(text: string): DocumentHints {
  const commaDecimals = (text.match(/\d\.\d{3},\d{2}(?!\d)|(?<![\d.,])\d{1,3},\d{2}(?![\d.,])/g) ?? []).length;
  const dotDecimals = (text.match(/\d,\d{3}\.\d{2}(?!\d)|(?<![\d.,])\d{1,3}\.\d{2}(?![\d.,])/g) ?? []).length;
  let dayFirstVotes = 0;
  let monthFirstVotes = 0;
  for (const m of text.matchAll(/\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\b/g)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) dayFirstVotes++;
    else if (b > 12 && a <= 12) monthFirstVotes++;
  }
  let dayFirst: boolean;
  if (dayFirstVotes !== monthFirstVotes) dayFirst = dayFirstVotes > monthFirstVotes;
  else {
    // No unambiguous date: dotted dates and European/British documents are day-first; US
    // month-first is the remaining default.
    const dotted = /\b\d{1,2}\.\d{1,2}\.\d{2,4}\b/.test(text);
    const dollars = /\$|\bUSD\b/.test(text);
    dayFirst = dotted || /[€£₹]|\b(?:EUR|GBP|INR|AUD|NZD|IBAN|ABN)\b/.test(text) || (!dollars && /\b(?:VAT|GST)\b/.test(text))
      || (!dollars && labelledInDayFirstLanguage(text));
  }
  const base: DocumentHints = { decimalComma: commaDecimals > dotDecimals, dayFirst };
  let min: string | undefined;
  let max: string | undefined;
  for (const line of text.split('\n')) {
    if (!/\d{4}/.test(line)) continue;
    for (const d of parseDates(line, base)) {
      if (min === undefined || d.iso < min) min = d.iso;
      if (max === undefined || d.iso > max) max = d.iso;
    }
  }
  return min === undefined || max === undefined ? base : { ...base, dateSpan: { min, max } };
}
