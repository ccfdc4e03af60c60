/**
 * Identifiers (invoice, order and customer numbers) as printed beside their label. An identifier
 * is never an amount ("318,00") nor a date, and a sentence that goes on after it ("4711 vom
 * 12.06.2019") ends it; without this an amount or a date from the wrong label would be reported
 * as a number.
 */
import { parseDate } from './parse-date.ts';
import type { DocumentHints } from './parse-number.ts';
import { DATE_AFTER_NUMBER } from './synonyms.ts';

/** A money amount: grouped or short digits with two decimals, maybe with a currency sign or code. */
const AMOUNT = /^[-+]?(?:\p{Sc}\s?)?\d{1,3}(?:[.,'\u00a0 ]\d{3})*[.,]\d{2}(?:\s?(?:\p{Sc}|[A-Z]{3}))?$/u;
const CURRENCY_SIGN = /\p{Sc}/u;
/** An amount anywhere in a text: a figure with two decimals that no further digit follows ("318,00"). */
const AMOUNT_INSIDE = /(?:^|[\s\p{Sc}])\d{1,3}(?:[.,'\u00a0]\d{3})*[.,]\d{2}(?![\d.,]\d)/u;

/** Whether a text holds a money amount: such a text is a label with its value, never a name or identifier. */
export function holdsAmount(text: string): boolean {
  return AMOUNT_INSIDE.test(text);
}

/** Removes accents without changing the length of Latin text, so indexes stay valid. */
export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** " vom ", " dated ", " del ", ...: longest first, so "de fecha" wins over "de". */
const CONNECTOR = new RegExp(
  String.raw`\s(?:${[...DATE_AFTER_NUMBER].map(stripAccents).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})\s+`,
  'gi',
);

/** Where the sentence after a number goes on with a date: the connector's index, or -1. */
export function dateConnectorAt(text: string, hints: DocumentHints): { at: number; dateText: string } | null {
  const plain = stripAccents(text);
  for (const m of plain.matchAll(CONNECTOR)) {
    const rest = text.slice(m.index + m[0].length);
    const d = parseDate(rest, hints);
    if (d !== null && rest.trimStart().startsWith(d.matched)) return { at: m.index, dateText: d.matched };
  }
  return null;
}

/** The identifier in `text` (already cleaned of its label), or null when it is an amount or a date. */
export function parseIdentifier(text: string, hints: DocumentHints): string | null {
  // A sentence's full stop after the number ("…, Nummer 4500123.") is no part of it.
  let s = text.trim().replace(/(?<=\d)\.$/, '');
  const joined = dateConnectorAt(s, hints);
  if (joined !== null) s = s.slice(0, joined.at).trim();
  if (s === '' || AMOUNT.test(s) || (CURRENCY_SIGN.test(s) && /\d[.,]\d{2}\b/.test(s))) return null;
  const d = parseDate(s, hints);
  if (d !== null && d.matched.length >= s.length - 1) return null;
  return s;
}
