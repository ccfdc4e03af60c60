/**
 * Folding of labels so that a schema property name, a title and the text printed on a page can be
 * compared: "invoiceNumber" ~ "invoice_number" ~ "Invoice Number" ~ "INVOICE NO." ~ "Invoice #".
 */

/** Abbreviations printed on documents, folded to the word a schema would use. */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  no: 'number',
  nr: 'number',
  num: 'number',
  nbr: 'number',
  nro: 'number',
  qty: 'quantity',
  qte: 'quantity',
  amt: 'amount',
  inv: 'invoice',
  acct: 'account',
  acc: 'account',
  tel: 'phone',
  telephone: 'phone',
  ph: 'phone',
  mob: 'mobile',
  addr: 'address',
  desc: 'description',
  ref: 'reference',
  dt: 'date',
  pct: 'percent',
  '%': 'percent',
  ccy: 'currency',
  curr: 'currency',
};

/**
 * Words of a label, lower-cased, accents removed, camelCase and snake_case split, with common
 * abbreviations expanded. "Invoice#" gives ["invoice", "number"].
 */
export function foldLabel(text: string): string[] {
  // Before NFKD, which turns "º" into "o": "N.º", "Nº" are "number".
  // "ß" has no decomposition; German spells it "ss" where it is unavailable ("Strasse").
  // Nor have "ø" and "æ": without a letter for them "Beløp" would fall apart into "bel" and "p".
  let t = text.replace(/\b[nN]\.?\s?[°º]/g, ' number ').replace(/ß/g, 'ss').replace(/[øØ]/g, 'o').replace(/æ/g, 'ae').replace(/Æ/g, 'Ae').normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  t = t.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  t = t.replace(/\b[nN][°º]/g, ' number ').replace(/[#№]/g, ' number ').replace(/%/g, ' % ').toLowerCase();
  // "e-mail" and "email" must fold alike.
  t = t.replace(/\be[\s-]+mail\b/g, 'email');
  const words: string[] = [];
  for (const raw of t.split(/[^a-z0-9%]+/)) {
    if (raw === '') continue;
    words.push(ABBREVIATIONS[raw] ?? raw);
  }
  return words;
}

/** Edit distance counting a swap of two neighbouring letters as one typo (optimal string alignment). */
function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    const prev = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** A label in the plural of a known one ("items", "taxes"): the same label, nearly as sure. */
const PLURAL_SIMILARITY = 0.95;
/** Below this many letters a word with an "s" is often another label ("fee"/"fees" head different columns). */
const PLURAL_MIN_LETTERS = 4;

/** "items" of "item", "taxes" of "tax" (an "es" after s, x, z, ch or sh). */
function isPluralOf(plural: string, word: string): boolean {
  if (plural === `${word}es`) return /(?:s|x|z|ch|sh)$/.test(word);
  return plural === `${word}s` && word.length >= PLURAL_MIN_LETTERS;
}

/** The same words run together or split ("Rechnungs nummer"): nearly the label itself. */
const COMPACT_SIMILARITY = 0.98;
/** Labels of this many letters allow two typos, of the smaller length one, shorter ones none. */
const TWO_TYPOS_FROM = 9;
const ONE_TYPO_FROM = 5;
/** In labels up to this long, a changed letter often makes another word: only dropped, doubled or swapped letters count as typos. */
const SHORT_LABEL_MAX = 8;
/** A label with typos is never quite as sure as one printed right. */
const TYPO_CEILING = 0.95;

/**
 * Similarity in [0, 1] of two folded labels. Equal words give 1; a small typo (one edit in five
 * letters or more, two in nine or more) gives a bit less; anything else gives 0, because a
 * LOCAL guess from a loosely similar label is worse than no answer.
 */
export function labelSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const sa = a.join(' ');
  const sb = b.join(' ');
  if (sa === sb) return 1;
  const compact = sa.replace(/ /g, '') === sb.replace(/ /g, '');
  if (compact) return COMPACT_SIMILARITY;
  // Word by word, so that the typos a long phrase allows cannot all fall in one short word
  // ("lieferant empresa" is not "lieferant express").
  if (a.length > 1 && a.length === b.length) {
    let worst = 1;
    for (let i = 0; i < a.length; i++) worst = Math.min(worst, labelSimilarity([a[i] as string], [b[i] as string]));
    return worst;
  }
  // A plural is the same label ("Total before taxes" / "total before tax").
  if (a.length === 1 && b.length === 1 && (isPluralOf(sa, sb) || isPluralOf(sb, sa))) return PLURAL_SIMILARITY;
  const longest = Math.max(sa.length, sb.length);
  const allowed = longest >= TWO_TYPOS_FROM ? 2 : longest >= ONE_TYPO_FROM ? 1 : 0;
  if (allowed === 0 || Math.abs(sa.length - sb.length) > allowed) return 0;
  // Typos must not change the first letter: "date" vs "rate" differ by one edit but mean different things.
  if (sa[0] !== sb[0]) return 0;
  const d = levenshtein(sa, sb);
  if (d > allowed) return 0;
  // In short labels a changed letter often makes another word ("issuer"/"issued", "supplier"/"supplied"); only a
  // dropped, doubled or swapped letter ("adress", "reciept") is taken as a typo there.
  if (longest <= SHORT_LABEL_MAX && sa.length === sb.length && [...sa].sort().join('') !== [...sb].sort().join('')) return 0;
  return Math.max(0, 1 - d / longest) * TYPO_CEILING;
}

/** Folded text as one string, for set lookups. */
export function foldKey(text: string): string {
  return foldLabel(text).join(' ');
}
