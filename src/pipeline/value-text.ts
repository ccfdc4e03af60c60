/**
 * How extracted values can be written in a document, and how to compare two answers.
 *
 * Models normalise what they read (1234.5 for "1,234.50", 2024-03-05 for "5 March 2024"), so both
 * de-duplication and locating a value in the layout need the printed forms back.
 */

const NUMBER_LIKE = /^[-+]?[$€£¥]?\s?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

/** A number when `text` is a plainly written number ("1,234.50", "$12", "-3.5"), else null. */
function parseNumberLike(text: string): number | null {
  const s = text.trim();
  if (!NUMBER_LIKE.test(s)) return null;
  const n = Number(s.replace(/[$€£¥,\s]/g, ''));
  return Number.isFinite(n) ? n : null;
}

function normaliseForCompare(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const s = value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
    return parseNumberLike(s) ?? s;
  }
  if (typeof value === 'number') return Object.is(value, -0) ? 0 : value;
  if (Array.isArray(value)) return value.map(normaliseForCompare);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    // Missing and null compare equal: models omit or null-fill absent fields inconsistently.
    for (const key of Object.keys(value).sort()) {
      const v = normaliseForCompare((value as Record<string, unknown>)[key]);
      if (v !== null) out[key] = v;
    }
    return out;
  }
  return value;
}

/** Equal keys mean "the same answer" (case, whitespace and number formatting ignored). */
export function comparisonKey(value: unknown): string {
  return JSON.stringify(normaliseForCompare(value)) ?? 'null';
}

function groupThousands(digits: string, sep: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** Printed forms of a number, most specific first ("1,234.50" before "1234.5"). */
function numberVariants(n: number): string[] {
  const out: string[] = [];
  const abs = Math.abs(n);
  // Printed with more decimals than the value needs: "85.700", "12.0".
  const padded = [1, 2, 3, 4].map((k) => abs.toFixed(k)).filter((f) => Number(f) === abs);
  const fixedForms = Number.isInteger(abs) ? [String(abs), ...padded] : [abs.toFixed(2), String(abs), ...padded];
  for (const form of fixedForms) {
    if (form.includes('e')) continue;
    const [int = '', frac] = form.split('.');
    const tail = frac === undefined ? '' : frac;
    const dot = tail ? `.${tail}` : '';
    const comma = tail ? `,${tail}` : '';
    out.push(groupThousands(int, ',') + dot, int + dot, groupThousands(int, '.') + comma, groupThousands(int, ' ') + comma, int + comma);
  }
  // A share printed as a percentage: 0.125 as "12.5%".
  if (abs > 0 && abs < 1) {
    const pct = String(Number((abs * 100).toPrecision(12)));
    if (!pct.includes('e')) out.push(`${pct}%`, `${pct.replace('.', ',')}%`);
  }
  const unique = [...new Set(out)];
  // Negative amounts are printed "-50", "(50)" or "50-": search the signed form, then the digits.
  return n < 0 ? [...unique.map((v) => `-${v}`), ...unique] : unique;
}

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

function ordinal(d: number): string {
  if (d % 100 >= 11 && d % 100 <= 13) return `${d}th`;
  return `${d}${['th', 'st', 'nd', 'rd'][d % 10] ?? 'th'}`;
}

/** Printed forms of an ISO date (YYYY-MM-DD), day-first and month-first. */
function dateVariants(iso: string): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return monthVariants(iso);
  const [, y = '', mm = '', dd = ''] = m;
  const month = MONTHS[Number(mm) - 1];
  if (!month) return [];
  const d = String(Number(dd));
  const mo = String(Number(mm));
  const short = month.slice(0, 3);
  const yy = y.slice(2);
  const forms = [
    iso.slice(0, 10),
    `${d} ${month} ${y}`, `${dd} ${month} ${y}`, `${ordinal(Number(d))} ${month} ${y}`,
    `${month} ${d}, ${y}`, `${month} ${dd}, ${y}`, `${month} ${d} ${y}`, `${month} ${ordinal(Number(d))}, ${y}`,
    `${short} ${d}, ${y}`, `${short}. ${d}, ${y}`, `${d} ${short} ${y}`, `${dd} ${short} ${y}`,
    `${d}-${short}-${y}`, `${dd}-${short}-${y}`, `${d}-${short}-${yy}`,
    `${dd}/${mm}/${y}`, `${d}/${mo}/${y}`, `${mm}/${dd}/${y}`, `${mo}/${d}/${y}`,
    `${dd}.${mm}.${y}`, `${d}.${mo}.${y}`, `${dd}-${mm}-${y}`, `${mm}-${dd}-${y}`, `${y}/${mm}/${dd}`,
    `${dd}/${mm}/${yy}`, `${mm}/${dd}/${yy}`, `${dd}.${mm}.${yy}`,
    `${d} ${month}, ${y}`, `${short} ${dd}, ${y}`, `${short} ${ordinal(Number(d))}, ${y}`, `${d}. ${month} ${y}`,
    `${dd}-${short}-${yy}`, `${y}.${mm}.${dd}`, `${y}${mm}${dd}`,
  ];
  // A model writes the first of the month for a date printed as a month ("Jan 2019" -> 2019-01-01).
  if (dd === '01') forms.push(...monthVariants(`${y}-${mm}`));
  return [...new Set(forms)];
}

/** Printed forms of a year and month (YYYY-MM): "March 2024", "Mar. 2024", "03/2024". */
function monthVariants(text: string): string[] {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  if (!m || !month) return [];
  const [, y = '', mm = ''] = m;
  const short = month.slice(0, 3);
  return [`${month} ${y}`, `${short} ${y}`, `${short}. ${y}`, `${mm}/${y}`, `${Number(mm)}/${y}`, `${mm}.${y}`, `${y}/${mm}`];
}

/** Texts to look for in the layout for an extracted primitive, most specific first. */
export function valueVariants(value: unknown): string[] {
  if (typeof value === 'number') return numberVariants(value);
  if (typeof value !== 'string') return [];
  const s = value.trim();
  if (!s) return [];
  const n = parseNumberLike(s);
  const forms = [s, ...dateVariants(s), ...(n === null ? [] : numberVariants(n))];
  return [...new Set(forms)];
}
