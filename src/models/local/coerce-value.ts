/**
 * Turning the text found beside a label into a value of the schema's type and format. Every
 * function returns null when the text does not hold such a value, never a value of another type.
 */
import { isLegalFormOnly } from './legal-form.ts';
import type { JsonSchema } from '../../domain/types.ts';
import { LEXICON } from './field-labels.ts';
import { foldKey, foldLabel, labelSimilarity } from './normalize-label.ts';
import { shapeOf } from './schema-shape.ts';
import { FALSE_WORDS, TRUE_WORDS } from './synonyms.ts';
import { parseDate, parseDateTime, startsDateRange } from './parse-date.ts';
import { parsePostalLine } from './address-parts.ts';
import { parseIdentifier } from './parse-identifier.ts';
import { parseNumber } from './parse-number.ts';
import type { DocumentHints } from './parse-number.ts';

export interface Coerced {
  value: string | number | boolean;
  /** The part of the input the value was read from (for quotes and boxes). */
  matched: string;
  /** 1 when the whole text was the value, less when it was picked out of surrounding text. */
  quality: number;
}

/** A few letters and a colon before a value: a label the value's cell still carries ("Ort: 28195 Bremen"). */
const LEADING_LABEL = /^\p{L}[\p{L} .\/]{0,20}[:：]\s*/u;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const URI = /\b(?:https?:\/\/|www\.)[^\s<>"]+[^\s<>".,;:)]/i;
const PHONE = /(?:\+|\(?\d)[\d\s().\/-]{6,}\d/;
const DOI = /\b10\.\d{4,9}\/[^\s"<>]+[^\s"<>.,;]/;
const BIC = /\b[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b/;
const IBAN = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b/;

/**
 * A European VAT number: a country prefix and 8 to 14 digits and letters, dots allowed
 * ("DE811223344", "FR12345678901", "NL8123.45.678.B01"), or three to five groups of digits
 * with single spaces ("DE 120 556 731", "FR 58 421 889 077"); a word boundary after at most that
 * many characters, and no further group of digits after the last, keep an IBAN out.
 */
const VAT_ID = /\b(?:AT|BE|BG|CHE|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)(?:[\s-]?U?\d[\dA-Z.]{6,13}[\dA-Z]\b|\s?U?\s?\d{2,4}(?: \d{2,4}){2,4}\b(?! ?\d))/;

export const PATTERNS = { EMAIL, URI, PHONE, DOI, IBAN, BIC, VAT_ID } as const;

/** "ATU71188402 · FN 412233 k": a VAT id that a separator parts from another register's number ends there. */
const VAT_ID_THEN_OTHER = new RegExp(String.raw`^\s*(${VAT_ID.source})\s*[·•|;,/]\s*\S`);

const CURRENCY_SYMBOLS: ReadonlyArray<[RegExp, string]> = [
  [/€/, 'EUR'], [/£/, 'GBP'], [/¥|円/, 'JPY'], [/₹/, 'INR'], [/₩/, 'KRW'], [/₽/, 'RUB'], [/₺/, 'TRY'],
  [/R\$/, 'BRL'], [/C\$|CA\$/, 'CAD'], [/A\$|AU\$/, 'AUD'], [/\$/, 'USD'], [/\bFr\.|CHF/, 'CHF'], [/zł/, 'PLN'],
];

/** Codes common enough on invoices to be read wherever they stand ("Total (CAD)", "All amounts in EUR"). */
const ISO_CURRENCY = /\b(USD|EUR|GBP|JPY|CHF|CAD|AUD|NZD|INR|CNY|RMB|SEK|NOK|DKK|PLN|CZK|HUF|BRL|MXN|ZAR|SGD|HKD|KRW|RUB|TRY|AED|SAR|ILS|THB|IDR|MYR|PHP|VND|NGN|KES|EGP|RON|BGN)\b/;

/**
 * Rarer codes that are also common upper-case words or abbreviations ("PEN SET", "MAD", "COP",
 * "ARS"): one names a currency only beside an amount ("PEN 120.00", "12.500 CLP") or in the text
 * beside a currency label.
 */
const RARE_CODES = 'ISK|UAH|TWD|ARS|CLP|COP|PEN|UYU|VES|MAD|QAR|KWD';
const RARE_CODE = new RegExp(String.raw`\b(${RARE_CODES})\b`);
/** An amount a rarer code may stand beside: with decimals or grouped thousands ("120.00", "12 500"), not a count ("2 PEN"). */
const FIGURE = String.raw`[-−]?\d{1,3}(?:(?:[.,'\u00a0 ]\d{3})+(?:[.,]\d{2})?|\d*[.,]\d{2})(?!\d)`;
const RARE_CODE_BY_AMOUNT = new RegExp(String.raw`\b(${RARE_CODES})\s?(?=${FIGURE})|(?<=(?:[.,]\d{2}|\d[.,'\u00a0 ]\d{3})\s?)(${RARE_CODES})\b`);

/** Each symbol where it is printed on an amount: before its figure or after it. */
const SYMBOLS_ON_AMOUNT: ReadonlyArray<[RegExp, string]> = CURRENCY_SYMBOLS.map(([re, code]) => [
  new RegExp(String.raw`(?:${re.source})(?=\s?[-−]?\d)|(?<=\d\s?)(?:${re.source})`), code,
]);

interface CurrencyOptions {
  /** The text stands beside a currency label, so a rarer code alone there is a currency. */
  labelled?: boolean;
}

/**
 * The ISO code of the currency the text names. A symbol printed on an amount ("$4.00", "12,50 €")
 * comes first: the code-like words of an item name beside it ("PEN SET BLUE | $4.00") are not the
 * amount's currency. Then a code, then a symbol anywhere.
 */
export function findCurrency(text: string, options: CurrencyOptions = {}): { code: string; matched: string } | null {
  for (const [re, code] of SYMBOLS_ON_AMOUNT) {
    const m = re.exec(text);
    if (m !== null) return { code: namedDollar(code, text) ?? code, matched: m[0] };
  }
  const iso = ISO_CURRENCY.exec(text) ?? (options.labelled === true ? RARE_CODE.exec(text) : null);
  if (iso !== null) return { code: iso[1] === 'RMB' ? 'CNY' : (iso[1] as string), matched: iso[0] };
  const rare = RARE_CODE_BY_AMOUNT.exec(text);
  if (rare !== null) {
    const code = (rare[1] ?? rare[2]) as string;
    return { code, matched: code };
  }
  for (const [re, code] of CURRENCY_SYMBOLS) {
    const m = re.exec(text);
    if (m !== null) return { code, matched: m[0] };
  }
  return null;
}

/** "Total (CAD) $40.00": a bare "$" is the dollar a code beside it names. */
function namedDollar(code: string, text: string): string | undefined {
  if (code !== 'USD') return undefined;
  return /\b(CAD|AUD|NZD|SGD|HKD|MXN)\b/.exec(text)?.[1];
}

/**
 * Currencies named in words, in the languages of the lexicons: lower case in French, Spanish,
 * Italian and Portuguese ("euros", "dólares"), capitalised in English and German. Only words that
 * name one currency are listed ("peso", "krone" name several).
 */
const CURRENCY_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/\beuros?\b/i, 'EUR'],
  [/\b(?:dollars?|d[oó]lar(?:es)?|dollari)\b/i, 'USD'],
  [/\b(?:pounds?\s+sterling|sterling|livres?\s+sterling|libras?\s+esterlinas?)\b/i, 'GBP'],
  [/\b(?:swiss\s+francs?|francs?\s+suisses?|franchi\s+svizzeri|schweizer\s+franken)\b/i, 'CHF'],
  [/\byen\b/i, 'JPY'],
  [/\bz[lł]oty\b/i, 'PLN'],
];

/** A string schema for a three-letter code ("maxLength": 3, or a pattern of three capitals). */
function wantsCurrencyCode(schema: JsonSchema): boolean {
  const max = schema['maxLength'];
  const pattern = schema['pattern'];
  return (typeof max === 'number' && max <= 3) || (typeof pattern === 'string' && /\[A-Z\]\{3\}/.test(pattern));
}

/** The ISO code of a currency named in words ("in euros", "US Dollar"). */
function currencyWord(text: string): { code: string; matched: string } | null {
  for (const [re, code] of CURRENCY_WORDS) {
    const m = re.exec(text);
    if (m !== null) return { code, matched: m[0] };
  }
  return null;
}

/**
 * Spacing accents and the combining marks they stand for. The acute and grave accents are left
 * out: printed alone they are far more often an apostrophe typed with the wrong key ("d´Avila",
 * "L´usine") than an accent over the next letter, and the text alone cannot tell the two apart.
 */
const COMBINING: Readonly<Record<string, string>> = { '¨': '\u0308', 'ˆ': '\u0302', '˜': '\u0303', 'ˇ': '\u030C', '˚': '\u030A' };

/**
 * TeX's fonts without accented letters print an accent as its own glyph before the letter it goes
 * over, and a reader gives the two as separate characters ("¨o" for "ö"): the accent and the
 * letter that make one accented letter are joined.
 */
function composeAccents(text: string): string {
  return text.replace(/([¨ˆ˜ˇ˚])(\p{L})/gu, (m, accent: string, letter: string) => {
    const composed = (letter + (COMBINING[accent] ?? '')).normalize('NFC');
    return composed.length === 1 ? composed : m;
  });
}

function cleanString(text: string): string {
  // TeX and groff print hyphens in identifiers as U+2212 MINUS SIGN; readers and schemas mean '-'.
  return composeAccents(text).replace(/\u2212/g, '-').replace(/\s+/g, ' ').replace(/^[\s:;.,\-–—|#]+/, '').replace(/[\s:;,|]+$/, '').trim();
}

/** Identifiers (invoice, order, account numbers) always contain a digit; a word there is a misread. */
const IDENTIFIER_CONCEPTS: ReadonlySet<string> = new Set(['invoice_number', 'po_number', 'account_number', 'customer_id', 'tax_id', 'iban', 'sort_code']);


/** Numbers of documents, which are never amounts or dates (see parse-identifier.ts). */
const DOCUMENT_NUMBERS: ReadonlySet<string> = new Set(['invoice_number', 'po_number', 'customer_id']);

const ACCOUNT_TYPE_PREFIX = /^(?:checking|chequing|savings?|current|deposit|money market|business checking|credit card|card)(?:\s+account)?\s*[:\-–]?\s+(?=[*x•#]*\d|[*x•]{2,})/i;

// How sure a value is for how it was read (its quality). 1 is the whole text being the value; less
// is a value picked out of more text or read by a looser rule, so that a cleaner candidate wins.
/** "yes, see note": a yes/no word at the start of a longer text. */
const FIRST_WORD_BOOLEAN = 0.8;
/** An enum value named inside a longer text ("Paid by card" for "card"). */
const ENUM_CONTAINED = 0.8;
/** An enum value spelt a little differently: its label similarity, discounted by this. */
const ENUM_TYPO = 0.9;
/** A currency symbol for an enum of ISO codes ("€" for "EUR"): the symbol could stand for another code. */
const ENUM_FROM_SYMBOL = 0.85;
/** An email, URL, IBAN... found inside a longer text rather than as all of it. */
const PATTERN_INSIDE = 0.9;
/** A phone number: its pattern also fits other digit runs (order numbers, dates with dashes). */
const PHONE_PATTERN = 0.95;
/** A date that is only part of the text ("12.03.2024 (Lieferung)"). */
const DATE_INSIDE = 0.85;
/** A date-time: its time part may be missing or a second time may follow. */
const DATE_TIME = 0.9;
/** The postcode or city taken from a "28195 Bremen" line under a label naming one of them. */
const POSTAL_LINE_PART = 0.95;
/** A currency named by a code or symbol in the label's text. */
const CURRENCY_IN_TEXT = 0.95;

function coerceBoolean(text: string): Coerced | null {
  const t = text.trim().toLowerCase().replace(/[.:;]$/, '');
  if (TRUE_WORDS.has(t)) return { value: true, matched: text.trim(), quality: 1 };
  if (FALSE_WORDS.has(t)) return { value: false, matched: text.trim(), quality: 1 };
  const first = t.split(/\s+/)[0] ?? '';
  if (TRUE_WORDS.has(first)) return { value: true, matched: first, quality: FIRST_WORD_BOOLEAN };
  if (FALSE_WORDS.has(first)) return { value: false, matched: first, quality: FIRST_WORD_BOOLEAN };
  return null;
}

/** The enum value the text names, by folded equality, containment or a small typo. */
function coerceEnum(text: string, values: readonly unknown[], hints: DocumentHints): Coerced | null {
  const folded = foldLabel(text);
  const key = folded.join(' ');
  let best: Coerced | null = null;
  const consider = (value: string | number | boolean, quality: number, matched: string): void => {
    if (best === null || quality > best.quality) best = { value, matched, quality };
  };
  for (const v of values) {
    if (typeof v === 'string') {
      const vf = foldLabel(v);
      const vk = vf.join(' ');
      if (vk === '' ) continue;
      if (vk === key) consider(v, 1, text.trim());
      else if (` ${key} `.includes(` ${vk} `)) consider(v, ENUM_CONTAINED, text.trim());
      else {
        const sim = labelSimilarity(vf, folded);
        if (sim > 0) consider(v, sim * ENUM_TYPO, text.trim());
      }
    } else if (typeof v === 'number') {
      const n = parseNumber(text, hints);
      if (n !== null && n.value === v) consider(v, n.quality, n.matched);
    } else if (typeof v === 'boolean') {
      const b = coerceBoolean(text);
      if (b !== null && b.value === v) consider(v, b.quality, b.matched);
    }
  }
  if (best === null) {
    // Currency symbols name an ISO code listed in the enum.
    const cur = findCurrency(text);
    if (cur !== null && values.includes(cur.code)) return { value: cur.code, matched: cur.matched, quality: ENUM_FROM_SYMBOL };
  }
  return best;
}

function coerceString(text: string, schema: JsonSchema, conceptKey: string | undefined, hints: DocumentHints): Coerced | null {
  const format = typeof schema['format'] === 'string' ? schema['format'] : undefined;
  const pick = (re: RegExp): Coerced | null => {
    const m = re.exec(text);
    return m === null ? null : { value: m[0], matched: m[0], quality: m[0].length === text.trim().length ? 1 : PATTERN_INSIDE };
  };
  if (format === 'email' || format === 'idn-email' || conceptKey === 'email') return pick(EMAIL);
  if (format === 'uri' || format === 'url' || format === 'iri' || conceptKey === 'website') return pick(URI);
  if (conceptKey === 'doi') return pick(DOI);
  if (conceptKey === 'iban') return pick(IBAN);
  const vatThenOther = conceptKey === 'tax_id' ? VAT_ID_THEN_OTHER.exec(text) : null;
  if (vatThenOther !== null) return { value: vatThenOther[1] as string, matched: vatThenOther[1] as string, quality: PATTERN_INSIDE };
  if (conceptKey === 'bic') return pick(BIC);
  if (conceptKey === 'phone' || conceptKey === 'fax') {
    const m = PHONE.exec(text);
    return m === null ? null : { value: m[0].trim(), matched: m[0].trim(), quality: PHONE_PATTERN };
  }
  if (format === 'date') {
    const d = parseDate(text, hints);
    // "Lieferung vom 08.01.2024 bis 12.01.2024": a period has no one delivery date, and its start is not it.
    if (d !== null && conceptKey === 'delivery_date' && startsDateRange(text.slice(text.indexOf(d.matched) + d.matched.length))) return null;
    return d === null ? null : { value: d.iso, matched: d.matched, quality: d.matched.length >= text.trim().length - 1 ? 1 : DATE_INSIDE };
  }
  if (format === 'date-time') {
    const d = parseDateTime(text, hints);
    return d === null ? null : { value: d.iso, matched: d.matched, quality: DATE_TIME };
  }
  if (conceptKey === 'postal_code' || conceptKey === 'city') {
    // "28195 Bremen" under "Ort:" or "City:": the postcode and the city are two values. The second
    // half of a joined label may still lead the value ("PLZ / Ort: 28195 Bremen" read after "PLZ").
    const line = parsePostalLine(cleanString(text).replace(LEADING_LABEL, ''));
    if (line !== null) {
      const part = conceptKey === 'city' ? line.city : line.postalCode;
      return { value: part, matched: part, quality: POSTAL_LINE_PART };
    }
    if (conceptKey === 'postal_code' && !/\d/.test(text)) return null;
  }
  if (conceptKey === 'currency') {
    const c = findCurrency(text, { labelled: true });
    if (c !== null) return { value: c.code, matched: c.matched, quality: CURRENCY_IN_TEXT };
    // A currency in words ("US dollar", and in lower case in French or Spanish: "euros", "dólares")
    // is kept as printed, unless the schema asks for a code.
    const word = currencyWord(text);
    if (word !== null && wantsCurrencyCode(schema)) return { value: word.code, matched: word.matched, quality: CURRENCY_IN_TEXT };
    // Other lower-case words after a currency label continue the label ("Currency and amount").
    // Without a code, a symbol or any word there is no currency: a date after "Valuta" (Italian
    // and Norwegian currency, German value date). A name in words stays ("Swedish krona").
    if (word === null && (/^[\p{Ll}\s]+$/u.test(text) || !/\p{L}{2}/u.test(text))) return null;
    // Nor is a word printed as some field's label: "Währung / Betrag" heads two values at once,
    // and the word after the slash is the amount's label, not the currency.
    if (word === null && LEXICON.has(foldLabel(text).join(' '))) return null;
  }
  let s = cleanString(text);
  if (s === '' || !/[\p{L}\p{N}]/u.test(s)) return null;
  if (conceptKey !== undefined && IDENTIFIER_CONCEPTS.has(conceptKey)) {
    if (!/\d/.test(s)) return null;
    // "No. 123", "# 123" after a bare "Invoice" label.
    s = s.replace(/^(?:no\.?|nr\.?|number|#|n\.?\s?[°º]\.?|n\.(?=\s*[A-Z0-9]))\s*:?\s*/i, '');
    // Bank exports name the account type before a masked number ("Checking ****0457").
    if (conceptKey === 'account_number') s = s.replace(ACCOUNT_TYPE_PREFIX, '');
    if (DOCUMENT_NUMBERS.has(conceptKey)) {
      const id = parseIdentifier(s, hints);
      if (id === null) return null;
      s = id;
    }
  }
  if (conceptKey === 'name' || conceptKey === 'address') s = withoutTrailingLabel(s);
  // A legal form alone ("GmbH") is what is left of a name whose first word was taken for a label.
  if (conceptKey === 'name' && isLegalFormOnly(s)) return null;
  // A known label alone ("Rechnungsanschrift", "Bill to") is a heading read as a name, never a name.
  if (conceptKey === 'name' && LEXICON.has(foldLabel(s).join(' '))) return null;
  const maxLength = schema['maxLength'];
  if (typeof maxLength === 'number' && s.length > maxLength) return null;
  return { value: s, matched: s, quality: 1 };
}

/** The longest label of several words that may end a value (a label of the next column run into it). */
const MAX_TRAILING_LABEL_WORDS = 4;

/**
 * A name or address whose line ran into the label of the next column ("Daly & Sons Doc. Date"):
 * a known label of two or more words at its end is not part of it. One word is kept ("Rose
 * Garden"): alone it is too often a word of the name.
 */
function withoutTrailingLabel(s: string): string {
  const words = s.split(' ');
  for (let k = Math.min(MAX_TRAILING_LABEL_WORDS, words.length - 1); k >= 2; k--) {
    const tail = foldLabel(words.slice(-k).join(' '));
    if (tail.length >= 2 && LEXICON.has(tail.join(' '))) return cleanString(words.slice(0, -k).join(' '));
  }
  return s;
}

/**
 * The value of a primitive schema read from text. `conceptKey` is the synonym concept the field
 * was matched under (email, phone, currency...), which narrows what part of the text is taken.
 */
export function coerceScalar(text: string, schema: JsonSchema, hints: DocumentHints, conceptKey?: string): Coerced | null {
  const shape = shapeOf(schema);
  const enumValues = shape.schema['enum'];
  if (Array.isArray(enumValues)) return coerceEnum(text, enumValues, hints);
  if (shape.schema['const'] !== undefined) {
    const c = shape.schema['const'];
    return typeof c === 'string' && foldKey(text) === foldKey(c) ? { value: c, matched: text.trim(), quality: 1 } : null;
  }
  switch (shape.kind) {
    case 'number':
    case 'integer': {
      const n = parseNumber(text, hints);
      if (n === null) return null;
      if (shape.kind === 'integer' && !Number.isInteger(n.value)) return null;
      const rate = conceptKey === 'tax_rate' || conceptKey === 'discount' || /rate|percent|pct/i.test(String(shape.schema['title'] ?? ''));
      return { value: n.value, matched: n.matched, quality: n.percent && rate ? Math.min(1, n.quality * 2) : n.quality };
    }
    case 'boolean':
      return coerceBoolean(text);
    case 'string':
    case 'unknown':
      return coerceString(text, shape.schema, conceptKey, hints);
    case 'object':
    case 'array':
    case 'null':
      return null;
  }
}
