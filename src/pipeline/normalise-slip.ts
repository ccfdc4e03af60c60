/**
 * The last chance of a value that still breaks the schema after the repair turn: models make the
 * same small slips again and again (an enum value in the wrong case, a date with its weekday, an
 * amount with its currency, a link without its scheme), and each has exactly one reading that the
 * schema accepts. Such a value is rewritten to that reading instead of being dropped; the caller
 * validates the result again and reports every rewrite in the warnings.
 *
 * Only unambiguous rewrites: nothing is guessed. A date string holding two dates, an enum value
 * matching two enum entries ignoring case, a number with thousands separators that could be
 * either convention ("1.234"), none of these is touched.
 */
import type { JsonSchema } from '../domain/types.ts';

export interface Normalised {
  value: unknown;
  /** What was done, for the warning ("enum value in the wrong case"). */
  how: string;
}

function typesOf(schema: JsonSchema): Set<string> {
  const types = new Set<string>();
  const add = (t: unknown): void => {
    if (typeof t === 'string') types.add(t);
    else if (Array.isArray(t)) for (const x of t) if (typeof x === 'string') types.add(x);
  };
  add(schema.type);
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const list = schema[keyword];
    if (Array.isArray(list)) for (const branch of list) if (branch && typeof branch === 'object') add((branch as JsonSchema).type);
  }
  return types;
}

function formatOf(schema: JsonSchema): string | undefined {
  if (typeof schema.format === 'string') return schema.format;
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const list = schema[keyword];
    if (!Array.isArray(list)) continue;
    for (const branch of list) {
      const format = (branch as JsonSchema | null)?.format;
      if (typeof format === 'string') return format;
    }
  }
  return undefined;
}

const CURRENCY = String.raw`(?:[A-Z]{3}|[€$£¥₹]|US\$)`;
/** An amount with a currency before or after it and no thousands separators: "12.50 EUR", "€ 12.50", "-3". */
const PLAIN_AMOUNT = new RegExp(String.raw`^\s*${CURRENCY}?\s*([-+]?\d+(?:\.\d+)?)\s*${CURRENCY}?\s*$`);
/** With comma thousands separators and a point before the decimals: "1,234,567.89". */
const COMMA_GROUPED = new RegExp(String.raw`^\s*${CURRENCY}?\s*([-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?)\s*${CURRENCY}?\s*$`);
const ISO_DATE = /\b(\d{4}-\d{2}-\d{2})\b/g;
/** A bare host and path such as "linkedin.com/in/someone" (no scheme, no spaces). */
const BARE_LINK = /^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:[/?#]\S*)?$/i;

export function normaliseSlip(schema: JsonSchema, value: unknown): Normalised | undefined {
  if (Array.isArray(schema.enum) && typeof value === 'string') {
    const wanted = value.trim().toLowerCase();
    const matches = schema.enum.filter((e): e is string => typeof e === 'string' && e.toLowerCase() === wanted);
    if (matches.length === 1 && matches[0] !== value) return { value: matches[0], how: 'enum value in another case or with spaces' };
    return undefined;
  }
  const types = typesOf(schema);
  if (typeof value === 'string' && (types.has('number') || types.has('integer')) && !types.has('string')) {
    const plain = PLAIN_AMOUNT.exec(value)?.[1];
    const grouped = COMMA_GROUPED.exec(value)?.[1]?.replaceAll(',', '');
    const text = plain ?? grouped;
    if (text === undefined) return undefined;
    const number = Number(text);
    if (!Number.isFinite(number) || (types.has('integer') && !types.has('number') && !Number.isInteger(number))) return undefined;
    return { value: number, how: 'number written as text' };
  }
  if (typeof value === 'number' && types.has('string') && !types.has('number') && !types.has('integer') && formatOf(schema) === undefined) {
    return { value: String(value), how: 'text written as a number' };
  }
  if (typeof value === 'string' && types.has('boolean') && !types.has('string') && /^\s*(true|false)\s*$/i.test(value)) {
    return { value: value.trim().toLowerCase() === 'true', how: 'boolean written as text' };
  }
  if (typeof value !== 'string') return undefined;
  const format = formatOf(schema);
  if (format === 'date') {
    const dates = [...new Set([...value.matchAll(ISO_DATE)].map((m) => m[1]))];
    if (dates.length === 1 && dates[0] !== value) return { value: dates[0], how: 'date with extra words around it' };
    return undefined;
  }
  if ((format === 'uri' || format === 'url') && BARE_LINK.test(value.trim())) {
    return { value: `https://${value.trim()}`, how: 'link without its https:// scheme' };
  }
  if (format === 'email' && /^\s*mailto:/i.test(value)) return { value: value.replace(/^\s*mailto:/i, '').trim(), how: 'mailto: link for an e-mail address' };
  if (value.trim() !== value && value.trim() !== '') return { value: value.trim(), how: 'spaces around the value' };
  return undefined;
}
