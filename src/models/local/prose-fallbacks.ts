/**
 * Facts stated without a label-and-value layout: the date line of a letter ("June 12th, 2025" on
 * its own line near the top, or a receipt's "2025-09-02 18:49:08"), "Re: Invoice No. X", the date
 * a sentence gives the number ("Rechnung Nr. 4711 vom 12.06.2019") and "payment is due by …" in
 * running text, in every language of the lexicon. Used only when no label matched; confidence is lower.
 */
import { coerceScalar } from './coerce-value.ts';
import { foundFrom } from './found-value.ts';
import type { Found } from './found-value.ts';
import { quoteOf } from './layout-words.ts';
import type { LineView } from './layout-words.ts';
import { parseDate } from './parse-date.ts';
import { dateConnectorAt, escapeRegExp, stripAccents } from './parse-identifier.ts';
import { DOCUMENT_NAMES, DUE_INTRO } from './synonyms.ts';
import type { ExtractContext, FieldSpec } from './search-field.ts';

// A line that is nothing but a date, maybe with a time and a zone.
const TIME_TAIL = /^[\s,]*(?:\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:am|pm))?(?:\s*\(?[A-Z]{3,4}\)?)?)?\s*$/i;
// The number ends where the identifier does; "473,00" is an amount, not the number "473".
/** Document names, accents stripped as the text they are matched in, longest first. */
const DOCUMENT_NAME = `(?:${DOCUMENT_NAMES.map(stripAccents).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})`;
const INVOICE_IN_PROSE = new RegExp(String.raw`\b${DOCUMENT_NAME}\s*(?:no\.?|nr\.?|number|#|n\.?\s?[º°]\.?)\s*:?\s*([A-Z0-9][A-Z0-9\-/.]*\d[A-Z0-9\-/]*)(?![A-Z0-9\-/]|[.,]\d)`, 'i');
const DUE_IN_PROSE = new RegExp(String.raw`(?:^|[\s,.;(])(?:${DUE_INTRO.map(stripAccents).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})\s+(.+)$`, 'i');

/** A line that names the document and its number: "Rechnung Nr. 4711", "Invoice 12", "Facture n° 7". */
const NUMBERED_DOCUMENT = new RegExp(String.raw`\b${DOCUMENT_NAME}\b.*?\d`, 'i');
/**
 * A line that starts with a number mark and the number, under a title that names the document
 * ("Facture" over "N° 473 du 5 mars 2018"): a number mark is the document's only at the line's start.
 */
const NUMBER_MARK_START = /^\s*(?:n\.?\s?[º°o]\.?|no\.|nr\.|#)\s*[A-Z0-9][A-Z0-9\-/]*\d/i;
/**
 * A letter's place and date line ("München, den 05.03.2018", "Paris, le 5 mars 2018"): the place
 * and its comma, and the word some languages put before the date, are no part of the date.
 */
const PLACE_BEFORE_DATE = /^\s*\p{Lu}[\p{L}.\- ]{1,40},\s*(?:den|le|el|il|am|on|the)?\s*/u;

/** A letter's date line is printed in this top share of the first page. */
const DATE_LINE_AREA_SHARE = 0.4;
/** A lone date line near the top is the document's date more often than not, but no label says so. */
const DATE_LINE_SCORE = 0.55;
/** A value read out of a sentence ("due by …") has only the sentence's words for a label. */
const IN_PROSE_SCORE = 0.5;
/** A date tied to the document's number by the sentence is surer than a lone date line. */
const NUMBER_DATE_SCORE = 0.6;

/** "Rechnung Nr. 4711 vom 12.06.2019": the date the sentence gives the document. */
function dateAfterNumber(ctx: ExtractContext, spec: FieldSpec): Found | null {
  for (const view of ctx.views) {
    const text = quoteOf(view.words);
    if (!NUMBERED_DOCUMENT.test(stripAccents(text)) && !NUMBER_MARK_START.test(text)) continue;
    const joined = dateConnectorAt(text, ctx.hints);
    if (joined === null) continue;
    const coerced = coerceScalar(joined.dateText, spec.schema, ctx.hints, 'date');
    if (coerced === null) continue;
    return foundFrom([{ view, words: view.words }], coerced, coerced.value, NUMBER_DATE_SCORE, `no label for ${spec.name}; the date given with the document's number`);
  }
  return null;
}

function dateLine(ctx: ExtractContext, spec: FieldSpec): Found | null {
  const firstPage = ctx.views[0]?.page;
  const lines = ctx.views.filter((v) => v.page === firstPage && v.bbox.y0 < v.pageHeight * DATE_LINE_AREA_SHARE);
  const hits: { view: LineView; iso: string; matched: string }[] = [];
  for (const view of lines) {
    const text = quoteOf(view.words).replace(PLACE_BEFORE_DATE, '');
    const d = parseDate(text, ctx.hints);
    if (d === null || !text.trimStart().startsWith(d.matched)) continue;
    if (!TIME_TAIL.test(text.trim().slice(d.matched.length))) continue;
    hits.push({ view, iso: d.iso, matched: d.matched });
  }
  // Two different bare dates (issue and delivery, say) cannot be told apart without labels.
  if (new Set(hits.map((h) => h.iso)).size !== 1) return null;
  const hit = hits[0] as (typeof hits)[number];
  const coerced = coerceScalar(hit.matched, spec.schema, ctx.hints, 'date');
  if (coerced === null) return null;
  return foundFrom([{ view: hit.view, words: hit.view.words }], coerced, coerced.value, DATE_LINE_SCORE, `no label for ${spec.name}; the only date standing on a line of its own near the top`);
}

function inProse(ctx: ExtractContext, spec: FieldSpec, pattern: RegExp, why: string): Found | null {
  for (const view of ctx.views) {
    const m = pattern.exec(stripAccents(quoteOf(view.words)));
    if (m === null) continue;
    const coerced = coerceScalar(m[1] as string, spec.schema, ctx.hints, spec.labels.concept?.key);
    if (coerced === null) continue;
    return foundFrom([{ view, words: view.words }], coerced, coerced.value, IN_PROSE_SCORE, `no label for ${spec.name}; ${why}`);
  }
  return null;
}

export function proseFallback(ctx: ExtractContext, spec: FieldSpec): Found | null {
  const key = spec.labels.concept?.key;
  if (key === 'date') return dateAfterNumber(ctx, spec) ?? dateLine(ctx, spec);
  if (key === 'invoice_number') return inProse(ctx, spec, INVOICE_IN_PROSE, 'the number after "Invoice No." in the text');
  if (key === 'due_date') return inProse(ctx, spec, DUE_IN_PROSE, 'the date after "due by" in the text');
  return null;
}
