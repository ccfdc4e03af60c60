/**
 * Dates as printed, to ISO 8601: 2024-03-15, 15/03/2024, 03/15/2024, 15.03.2024, March 15, 2024,
 * 15 Mar 2024, Mar 15 2024, 15-Mar-24, 15th of March 2024. A numeric date whose first or second
 * part is over 12 decides its own order; otherwise dotted dates are day-first and the others
 * follow the document's hint.
 */
import type { DocumentHints } from './parse-number.ts';

export interface ParsedDate {
  iso: string;
  matched: string;
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, january: 1, januar: 1, janvier: 1, enero: 1, gennaio: 1, jänner: 1, januari: 1, ene: 1, gen: 1, janv: 1,
  feb: 2, february: 2, februar: 2, fevrier: 2, février: 2, févr: 2, fevr: 2, febrero: 2, febbraio: 2, februari: 2,
  mar: 3, march: 3, märz: 3, maerz: 3, mars: 3, marzo: 3, mrz: 3, maart: 3, mrt: 3,
  apr: 4, april: 4, avril: 4, abril: 4, aprile: 4, abr: 4,
  may: 5, mai: 5, mayo: 5, maggio: 5, mei: 5, mag: 5,
  jun: 6, june: 6, juni: 6, juin: 6, junio: 6, giugno: 6, giu: 6,
  jul: 7, july: 7, juli: 7, juillet: 7, julio: 7, luglio: 7, juil: 7, lug: 7,
  aug: 8, august: 8, aout: 8, août: 8, agosto: 8, augustus: 8, ago: 8,
  sep: 9, sept: 9, september: 9, septembre: 9, septiembre: 9, settembre: 9, set: 9, setiembre: 9,
  oct: 10, october: 10, oktober: 10, okt: 10, octobre: 10, octubre: 10, ottobre: 10, ott: 10,
  nov: 11, november: 11, novembre: 11, noviembre: 11,
  dec: 12, december: 12, dezember: 12, dez: 12, decembre: 12, décembre: 12, diciembre: 12, dicembre: 12, dic: 12, desember: 12,
};

const MONTH_NAME = `(${Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|')})`;

const ISO_DATE = /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/;
const NUMERIC_DATE = /\b(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})\b/;
// A two-digit "year" followed by a four-digit one is the day of a month-first date: in
// "March 1 - March 31, 2025" the 31 is not the year of "1 - March", nor in "1 Dec - 31 Jan 2025".
const DAY_MONTH_YEAR = new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\.?[\s\-/]*(?:(?:of|de)\s+)?${MONTH_NAME}\.?(?:\s+de)?[\s\-/,.]*(\d{4}|\d{2}(?!,?\s*\d{4}|\.?\s+${MONTH_NAME}))\b`, 'i');
const MONTH_DAY_YEAR = new RegExp(String.raw`\b${MONTH_NAME}\.?[\s\-/]*(\d{1,2})(?:st|nd|rd|th)?,?[\s\-/,]*(\d{4})\b`, 'i');
// Day and month without a year: "05/03", "05.03.", "3 Mar", "Mar 3" (not followed by a year).
const SHORT_NUMERIC = /(?<![\d/.])(\d{1,2})([/.])(\d{1,2})(?:(?<=\.\d{1,2})\.)?(?![\d/]|\.\d)/;
/**
 * A dotted day and month without a year is printed "05.03." or "05.03"; "12.5" with a one-digit
 * month and no closing dot reads as a decimal figure (hours, a quantity), not a date.
 */
const DECIMAL_NOT_DATE = /^\d{1,2}\.\d$/;
const SHORT_DAY_MONTH = new RegExp(String.raw`^(\d{1,2})\.?\s+${MONTH_NAME}\.?(?![\s\-/,.]*\d)`, 'i');
const SHORT_MONTH_DAY = new RegExp(String.raw`^${MONTH_NAME}\.?\s+(\d{1,2})\b(?![\s\-/,.]*\d{2})`, 'i');
const TIME = /\b(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?\b/i;

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

function iso(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || year < 1000 || year > 9999) return null;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The first date in the text, as YYYY-MM-DD. */
/** "fra 01.03.2018 til 31.03.2018", "01.03.2018 – 31.03.2018": what follows a date that starts a range, a period's start. */
const RANGE_AFTER_DATE = /^\s*(?:til|bis|to|au|al|e|et|y|tot|until|[-–—])\s*\d/i;

/** Whether the text after a date (`after`) makes that date the start of a period. */
export function startsDateRange(after: string): boolean {
  return RANGE_AFTER_DATE.test(after);
}

export function parseDate(raw: string, hints: DocumentHints): ParsedDate | null {
  // TeX and groff set the hyphens of "2024-05-01" as U+2212 MINUS SIGN.
  const text = raw.replace(/\u2212/g, '-');
  const candidates: { index: number; result: ParsedDate }[] = [];
  const add = (m: RegExpExecArray | null, make: (m: RegExpExecArray) => string | null): void => {
    if (m === null) return;
    const out = make(m);
    if (out !== null) candidates.push({ index: m.index, result: { iso: out, matched: m[0] } });
  };
  add(ISO_DATE.exec(text), (m) => iso(Number(m[1]), Number(m[2]), Number(m[3])));
  add(NUMERIC_DATE.exec(text), (m) => {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const year = fullYear(m[4] as string);
    let dayFirst = m[2] === '.' ? true : hints.dayFirst;
    if (a > 12) dayFirst = true;
    else if (b > 12) dayFirst = false;
    return dayFirst ? iso(year, b, a) : iso(year, a, b);
  });
  add(DAY_MONTH_YEAR.exec(text), (m) => iso(fullYear(m[3] as string), MONTHS[(m[2] as string).toLowerCase()] ?? 0, Number(m[1])));
  add(MONTH_DAY_YEAR.exec(text), (m) => iso(Number(m[3]), MONTHS[(m[1] as string).toLowerCase()] ?? 0, Number(m[2])));
  candidates.sort((a, b) => a.index - b.index);
  return candidates[0]?.result ?? yearlessDate(text, hints);
}

/** A day and month at the start of the text, with the year that places it among the document's dates. */
function yearlessDate(text: string, hints: DocumentHints): ParsedDate | null {
  const span = hints.dateSpan;
  if (span === undefined) return null;
  const t = text.trim();
  let month = 0;
  let day = 0;
  let matched = '';
  const num = SHORT_NUMERIC.exec(t);
  const dm = SHORT_DAY_MONTH.exec(t);
  const md = SHORT_MONTH_DAY.exec(t);
  if (num !== null && num.index === 0) {
    if (DECIMAL_NOT_DATE.test(num[0])) return null;
    const a = Number(num[1]);
    const b = Number(num[3]);
    const dayFirst = num[2] === '.' || a > 12 ? true : b > 12 ? false : hints.dayFirst;
    [day, month] = dayFirst ? [a, b] : [b, a];
    matched = num[0];
  } else if (dm !== null) {
    day = Number(dm[1]);
    month = MONTHS[(dm[2] as string).toLowerCase()] ?? 0;
    matched = dm[0];
  } else if (md !== null) {
    day = Number(md[2]);
    month = MONTHS[(md[1] as string).toLowerCase()] ?? 0;
    matched = md[0];
  } else return null;
  const maxYear = Number(span.max.slice(0, 4));
  // The latest year that does not put the date after the document's last date (a January row
  // on a statement that also prints last December's dates belongs to the later year).
  const options = [maxYear, maxYear - 1].map((y) => iso(y, month, day)).filter((d): d is string => d !== null);
  const fits = options.find((d) => d <= span.max) ?? options[0];
  return fits === undefined ? null : { iso: fits, matched };
}

/** A date with an optional time, as an ISO date-time in UTC (the document rarely states a zone). */
export function parseDateTime(text: string, hints: DocumentHints): ParsedDate | null {
  const d = parseDate(text, hints);
  if (d === null) return null;
  const rest = text.slice(text.indexOf(d.matched) + d.matched.length);
  const t = TIME.exec(rest);
  let hh = 0;
  let mm = 0;
  let ss = 0;
  let matched = d.matched;
  if (t !== null) {
    hh = Number(t[1]);
    mm = Number(t[2]);
    ss = Number(t[3] ?? 0);
    const ampm = t[4]?.toLowerCase();
    if (ampm === 'pm' && hh < 12) hh += 12;
    if (ampm === 'am' && hh === 12) hh = 0;
    if (hh > 23 || mm > 59 || ss > 59) return d.iso === '' ? null : { iso: `${d.iso}T00:00:00Z`, matched };
    matched = text.slice(text.indexOf(d.matched), text.indexOf(d.matched) + d.matched.length + rest.indexOf(t[0]) + t[0].length);
  }
  const pad = (n: number): string => String(n).padStart(2, '0');
  return { iso: `${d.iso}T${pad(hh)}:${pad(mm)}:${pad(ss)}Z`, matched };
}

/** Every date in the text, in order ("01.08.2024 - 31.08.2024" gives two). */
export function parseDates(raw: string, hints: DocumentHints): ParsedDate[] {
  const out: ParsedDate[] = [];
  let rest = raw.replace(/\u2212/g, '-');
  for (let d = parseDate(rest, hints); d !== null && out.length < 10; d = parseDate(rest, hints)) {
    out.push(d);
    rest = rest.slice(rest.indexOf(d.matched) + d.matched.length);
  }
  const start = out.length === 1 ? rangeStartWithoutYear(raw.replace(/\u2212/g, '-'), out[0] as ParsedDate) : null;
  return start === null ? out : [start, ...out];
}

const RANGE_START = new RegExp(String.raw`(?:^|[^\d])(?:${MONTH_NAME}\.?\s+(\d{1,2})|(\d{1,2})\.?\s+${MONTH_NAME}\.?)(?:st|nd|rd|th)?\s*(?:[-–—]|to|through|thru|until)\s*$`, 'i');

/**
 * "March 1 - March 31, 2025" and "1 Mar - 31 Mar 2025" print the year once, after the end: the
 * start takes the end's year (or the one before, when that would put it after the end).
 */
function rangeStartWithoutYear(text: string, end: ParsedDate): ParsedDate | null {
  const m = RANGE_START.exec(text.slice(0, text.indexOf(end.matched)));
  if (m === null) return null;
  const month = MONTHS[((m[1] ?? m[4]) as string).toLowerCase()] ?? 0;
  const day = Number(m[2] ?? m[3]);
  const year = Number(end.iso.slice(0, 4));
  const same = iso(year, month, day);
  const startIso = same !== null && same <= end.iso ? same : iso(year - 1, month, day);
  return startIso === null ? null : { iso: startIso, matched: m[0].replace(/^[^A-Za-z\d]/, '').replace(/\s*(?:[-–—]|to|through|thru|until)\s*$/i, '') };
}
