/**
 * Where the print shows a value of the embedded e-invoice (e-invoice-terms.ts): the words that
 * read as the same value, as the document prints it ("05.03.2018" for 2018-03-05, "1.234,56" for
 * 1234.56, the seller's name in any case). The print is the evidence LOCAL cites, so a value of
 * the XML is only given a place on the page where these words are.
 */
import type { BBox } from '../../domain/types.ts';
import { narrowWords } from './found-value.ts';
import type { LineView, Word } from './layout-words.ts';
import { quoteOf, unionBox } from './layout-words.ts';
import { parseDate } from './parse-date.ts';
import type { DocumentHints } from './parse-number.ts';
import { parseNumber } from './parse-number.ts';
import type { InvoiceTerm } from './invoice-term-list.ts';

export interface PrintedValue {
  /** The printed characters of the value, without what is printed around it ("verzinkt," gives "verzinkt"). */
  quote: string;
  page: number;
  bbox: BBox;
  /** The line it is on (views' `order`), for reading an invoice line's values beside its name. */
  order: number;
}

/** Amounts that differ by less than this are the same (XML decimals against printed cents). */
const SAME_AMOUNT = 0.005;
/** A date is printed in at most this many words ("5. März 2018"). */
const MAX_DATE_WORDS = 3;
/** An amount is printed in at most this many words ("EUR 1 234,56"). */
const MAX_NUMBER_WORDS = 3;
/** A text shorter than this is found in too many places to point at any of them. */
const MIN_TEXT_LENGTH = 2;
/** An identifier at least this long may be printed in groups of characters ("DE89 3704 0044 ..."). */
const MIN_GROUPED_LENGTH = 8;
/** Totals are printed after the line amounts: the last place wins for them, the first for the rest. */
const PRINTED_LAST = new Set(['total', 'subtotal', 'tax']);

export function locateTerm(term: InvoiceTerm, views: readonly LineView[], hints: DocumentHints): PrintedValue | null {
  const found: PrintedValue[] = [];
  for (const view of views) {
    const shown = wordsShowing(term, view.words, hints);
    if (shown === null) continue;
    found.push({ quote: shown.matched, page: view.page, bbox: unionBox(shown.words.map((w) => w.bbox)), order: view.order });
    if (!PRINTED_LAST.has(term.concept)) break;
  }
  return found.at(-1) ?? null;
}

interface Shown {
  words: Word[];
  matched: string;
}

function wordsShowing(term: InvoiceTerm, words: readonly Word[], hints: DocumentHints): Shown | null {
  switch (term.kind) {
    case 'text':
    case 'code':
      return textIn(String(term.value), words);
    case 'number':
      return inWindows(words, MAX_NUMBER_WORDS, (text) => {
        const n = parseNumber(text, hints);
        return n !== null && Math.abs(n.value - Number(term.value)) < SAME_AMOUNT ? n.matched : null;
      });
    case 'date':
      return inWindows(words, MAX_DATE_WORDS, (text) => {
        const d = parseDate(text, hints);
        return d !== null && d.iso === term.value ? d.matched : null;
      });
  }
}

/**
 * The words holding `value` as a whole word or phrase, case and spacing aside. An identifier with
 * digits (an IBAN, a VAT id, which the XML writes without spaces) may be printed in groups.
 */
function textIn(value: string, words: readonly Word[]): Shown | null {
  const needle = value.trim();
  if (needle.length < MIN_TEXT_LENGTH) return null;
  const grouped = !/\s/.test(needle) && needle.length >= MIN_GROUPED_LENGTH && /\d/.test(needle);
  const pattern = grouped ? [...needle].map(escapeRegExp).join(' ?') : needle.split(/\s+/).map(escapeRegExp).join('\\s+');
  const joined = quoteOf(words);
  const m = new RegExp(`(?<![\\p{L}\\p{N}])${pattern}(?![\\p{L}\\p{N}])`, 'iu').exec(joined);
  return m === null ? null : { words: narrowWords(words, m[0]), matched: m[0] };
}

/**
 * The first run of up to `maxWords` words whose text `read` accepts, narrowed to what it read.
 * Shorter runs are tried first, so a value is not taken with its neighbours.
 */
function inWindows(words: readonly Word[], maxWords: number, read: (text: string) => string | null): Shown | null {
  for (let size = 1; size <= maxWords; size++) {
    for (let i = 0; i + size <= words.length; i++) {
      const run = words.slice(i, i + size);
      const matched = read(quoteOf(run));
      if (matched !== null) return { words: narrowWords(run, matched), matched };
    }
  }
  return null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
