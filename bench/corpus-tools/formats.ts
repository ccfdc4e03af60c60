/**
 * How the corpus documents print numbers and dates. Each document picks a style, so the same
 * ground truth appears as "1,234.50", "1.234,50" or "1 234,50" and as "March 5, 2024",
 * "05/03/2024" or "5. März 2024".
 */

export type MoneyStyle = 'us' | 'de' | 'fr' | 'plain';
export type DateStyle = 'iso' | 'us-long' | 'us-num' | 'uk-num' | 'de-num' | 'de-long' | 'fr-long' | 'short-dmy' | 'mon-d-y';

export function money(n: number, style: MoneyStyle): string {
  const neg = n < 0;
  const [int, dec] = Math.abs(n).toFixed(2).split('.') as [string, string];
  const group = (sep: string): string => int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  let s: string;
  if (style === 'us') s = `${group(',')}.${dec}`;
  else if (style === 'de') s = `${group('.')},${dec}`;
  else if (style === 'fr') s = `${group('\u00a0')},${dec}`;
  else s = `${int}.${dec}`;
  return neg ? `-${s}` : s;
}

const EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DE = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
const FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** `iso` is YYYY-MM-DD. */
export function date(iso: string, style: DateStyle): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const dd = String(d).padStart(2, '0');
  const mm = String(m).padStart(2, '0');
  switch (style) {
    case 'iso': return iso;
    case 'us-long': return `${EN[m - 1]} ${d}, ${y}`;
    case 'us-num': return `${mm}/${dd}/${y}`;
    case 'uk-num': return `${dd}/${mm}/${y}`;
    case 'de-num': return `${dd}.${mm}.${y}`;
    case 'de-long': return `${d}. ${DE[m - 1]} ${y}`;
    case 'fr-long': return `${d} ${FR[m - 1]} ${y}`;
    case 'short-dmy': return `${d} ${EN[m - 1]!.slice(0, 3)} ${y}`;
    case 'mon-d-y': return `${EN[m - 1]!.slice(0, 3)} ${dd}, ${y}`;
  }
}

/** An amount in its printed pattern ("$%", "% €"); the minus goes in front of the symbol, as banks print it. */
export function amountText(n: number, pattern: string, style: MoneyStyle): string {
  const body = pattern.replace('%', money(Math.abs(n), style));
  return n < 0 ? `-${body}` : body;
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Deterministic pseudo-random numbers, so the corpus can be remade byte for byte from its sources. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
