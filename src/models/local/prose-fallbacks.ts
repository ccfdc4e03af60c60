/**
 * Facts stated without a label-and-value layout: the date line of a letter ("June 12th, 2025" on
 * its own line near the top, or a receipt's "2025-09-02 18:49:08"), "Re: Invoice No. X", the date
 * a sentence gives the number ("Rechnung Nr. 4711 vom 12.06.2019") and "payment is due by …" in
 * running text, in every language of the lexicon. Used only when no label matched; confidence is lower.
 */
import { CASH_DISCOUNT } from './cash-discount.ts';
import { coerceScalar } from './coerce-value.ts';
import { foundFrom } from './found-value.ts';
import type { Found } from './found-value.ts';
import { LEXICON } from './field-labels.ts';
import { quoteOf, xOverlap } from './layout-words.ts';
import type { LineView } from './layout-words.ts';
import { foldLabel } from './normalize-label.ts';
import { parseDate, startsDateRange } from './parse-date.ts';
import { dateConnectorAt, escapeRegExp, stripAccents } from './parse-identifier.ts';
import { CONCEPTS, DOCUMENT_NAMES, DUE_INTRO } from './synonyms.ts';
import type { ExtractContext, FieldSpec } from './search-field.ts';

// A line that is nothing but a date, maybe with a time and a zone.
const TIME_TAIL = /^[\s,]*(?:\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:am|pm))?(?:\s*\(?[A-Z]{3,4}\)?)?)?\s*$/i;
// The number ends where the identifier does; "318,00" is an amount, not the number "318".
/** Document names, accents stripped as the text they are matched in, longest first. */
const FOLDED_DOCUMENT_NAMES: ReadonlySet<string> = new Set(DOCUMENT_NAMES.map((n) => foldLabel(n).join(' ')));
const DOCUMENT_NAME = `(?:${DOCUMENT_NAMES.map(stripAccents).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})`;
const INVOICE_IN_PROSE = new RegExp(String.raw`\b(${DOCUMENT_NAME})\s*(?:no\.?|nr\.?|number|#|n\.?\s?[º°]\.?)\s*:?\s*([A-Z0-9][A-Z0-9\-/.]*\d[A-Z0-9\-/]*)(?![A-Z0-9\-/]|[.,]\d)`, 'gi');
const DUE_IN_PROSE = new RegExp(String.raw`(?:^|[\s,.;(])(?:${DUE_INTRO.map(stripAccents).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})\s+`, 'gi');

/**
 * The document's name and its number, as a sentence gives them: "Rechnung Nr. 4711", "Invoice 12",
 * "Facture n° 7". The date counts only when it follows this number (or the name) at once ("… 4711 vom 12.06.2019"):
 * in "Rechnung zu Ihrer Bestellung Nr. 45 vom 28.02.2018" the date is the order's.
 */
const NUMBERED_DOCUMENT = new RegExp(String.raw`\b(${DOCUMENT_NAME})\b(?:\s*(?:no\.?|nr\.?|number|#|n\.?\s?[º°]\.?|n\.)?\s*:?\s*[A-Z0-9][A-Z0-9\-/.]*\d[A-Z0-9\-/]*)?,?`, 'gi');
/**
 * A line that starts with a number mark and the number, under a title that names the document
 * ("Facture" over "N° 318 du 5 mars 2018"): a number mark is the document's only at the line's start.
 */
const NUMBER_MARK_START = /^\s*(?:n\.?\s?[º°o]\.?|no\.|nr\.|#)\s*[A-Z0-9][A-Z0-9\-/]*\d[A-Z0-9\-/]*,?/i;
/**
 * Documents an invoice refers to: a number or date after their name in running text ("gemäß
 * unserem Angebot Nr. 12 vom …", "Ihr Ticket Nr. 40") is theirs, not the invoice's. Some are names
 * a document calls itself (a quote's title "Angebot Nr. 12"), so only the start of a line counts.
 */
const REFERRED_DOCUMENTS: ReadonlySet<string> = new Set([
  'angebot', 'quote', 'quotation', 'estimate', 'presupuesto', 'devis', 'preventivo', 'offerte', 'tilbud', 'orcamento', 'ticket',
]);
/** Longest place name (with its spaces) before a letter's date: "Frankfurt am Main", "Saint-Germain-en-Laye". */
const MAX_PLACE_CHARS = 40;
/**
 * A letter's place and date line ("München, den 05.03.2018", "Paris, le 5 mars 2018"): the place
 * and its comma, and the word some languages put before the date, are no part of the date.
 */
const PLACE_BEFORE_DATE = new RegExp(String.raw`^\s*(\p{Lu}[\p{L}.\- ]{1,${MAX_PLACE_CHARS}}),\s*(?:den|le|el|il|am|on|the)?\s*`, 'u');
/** Words before a comma and a date that say which date it is, not where the letter was written. */
const NOT_A_PLACE = /^(?:lieferung|leistung|lieferdatum|leistungsdatum|versand|versanddatum|delivery|shipped|shipping|livraison|entrega|consegna|levering|fallig|falligkeit|due|zahlbar|echeance|vencimiento|scadenza|forfall)\b/;

/** A letter's date line is printed in this top share of the first page. */
const DATE_LINE_AREA_SHARE = 0.4;
/** A lone date line near the top is the document's date more often than not, but no label says so. */
const DATE_LINE_SCORE = 0.55;
/** A value read out of a sentence ("due by …") has only the sentence's words for a label. */
const IN_PROSE_SCORE = 0.5;
/** A date tied to the document's number by the sentence is surer than a lone date line. */
const NUMBER_DATE_SCORE = 0.6;

/**
 * Whether a document's name matched at `index` of the line's text names the invoice itself, not a
 * document it refers to: a referred document's name counts only at the start of the line or of a
 * cell ("Facturation | Devis n° 24"), never after words of a sentence ("unser Angebot Nr. 12").
 */
function namesThisDocument(name: string, index: number, text: string, view: LineView): boolean {
  if (!REFERRED_DOCUMENTS.has(name.toLowerCase())) return true;
  const before = text.slice(0, index).trim();
  return before === '' || view.segments.some((seg) => before.endsWith(stripAccents(quoteOf(seg.words)).trim()));
}

/** Whether the line right above `view` (same column, no gap) is the document's title alone ("Facture"). */
function underTitleAlone(view: LineView, views: readonly LineView[]): boolean {
  const above = views.filter((v) => v.page === view.page && v.order < view.order && xOverlap(v.bbox, view.bbox) > 0).at(-1);
  if (above === undefined || view.bbox.y0 - above.bbox.y1 > view.height) return false;
  return FOLDED_DOCUMENT_NAMES.has(foldLabel(quoteOf(above.words)).join(' '));
}

/** Where the number of the document ends on a line that gives it, so a date may follow at once. */
function numberEnds(view: LineView, views: readonly LineView[]): number[] {
  const text = stripAccents(quoteOf(view.words));
  const ends: number[] = [];
  for (const m of text.matchAll(NUMBERED_DOCUMENT)) {
    if (namesThisDocument(m[1] as string, m.index, text, view)) ends.push(m.index + m[0].length);
  }
  const mark = NUMBER_MARK_START.exec(text);
  if (mark !== null && underTitleAlone(view, views)) ends.push(mark[0].length);
  return ends;
}

/** "Rechnung Nr. 4711 vom 12.06.2019": the date the sentence gives the document. */
function dateAfterNumber(ctx: ExtractContext, spec: FieldSpec): Found | null {
  for (const view of ctx.views) {
    const text = quoteOf(view.words);
    for (const end of numberEnds(view, ctx.views)) {
      const rest = text.slice(end);
      const joined = dateConnectorAt(rest, ctx.hints);
      if (joined === null || joined.at !== 0) continue;
      const after = rest.slice(rest.indexOf(joined.dateText) + joined.dateText.length);
      if (startsDateRange(after)) continue;
      const coerced = coerceScalar(joined.dateText, spec.schema, ctx.hints, 'date');
      if (coerced === null) continue;
      return foundFrom([{ view, words: view.words }], coerced, coerced.value, NUMBER_DATE_SCORE, `no label for ${spec.name}; the date given with the document's number`);
    }
  }
  return null;
}

/** The text of a line without a letter's place before its date; null when the words before the comma are no place. */
function withoutPlace(text: string): string | null {
  const m = PLACE_BEFORE_DATE.exec(text);
  if (m === null) return text;
  const before = foldLabel(m[1] as string).join(' ');
  if (LEXICON.has(before) || NOT_A_PLACE.test(before)) return null;
  return text.slice(m[0].length);
}

function dateLine(ctx: ExtractContext, spec: FieldSpec): Found | null {
  const firstPage = ctx.views[0]?.page;
  const lines = ctx.views.filter((v) => v.page === firstPage && v.bbox.y0 < v.pageHeight * DATE_LINE_AREA_SHARE);
  const hits: { view: LineView; iso: string; matched: string }[] = [];
  for (const view of lines) {
    const text = withoutPlace(quoteOf(view.words));
    if (text === null) continue;
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

/** Clauses of a payment sentence end at a semicolon, a comma before a space, or a full stop before a capital or a digit; looked for only outside the date. */
const CLAUSE_BREAK = /;|,\s|\.\s+(?=[\p{Lu}\d])/gu;
/** "Zahlbar ohne Abzug bis …", "netto bis …": the date to pay the whole amount, surer than a plain "Zahlung bis". */
const WITHOUT_DEDUCTION = /ohne abzug|netto|\bnet\b|sans escompte/i;

/** The text of the clause from `from` to `to`, widened to the clause breaks around them. */
function clauseAround(text: string, from: number, to: number): string {
  let start = 0;
  let end = text.length;
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    if (m.index < from) start = m.index + m[0].length;
    else if (m.index >= to) {
      end = m.index;
      break;
    }
  }
  return text.slice(start, end);
}

/**
 * "Zahlbar innerhalb von 30 Tagen bis zum …", "payable within 30 days by …": the term in days
 * between the due intro and its date is left out, so the intro reads as printed without it.
 */
const TERM_IN_DAYS = /\b(?:innerhalb(?: von)? \d{1,3} tagen|within \d{1,3} days)\s+(?=bis\b|by\b)/gi;

/** The date after "zahlbar bis", "due by" in a clause that grants no cash discount; "ohne Abzug bis" first. */
function dueInProse(ctx: ExtractContext, spec: FieldSpec): Found | null {
  let first: Found | null = null;
  for (const view of ctx.views) {
    const text = stripAccents(quoteOf(view.words)).replace(TERM_IN_DAYS, '');
    for (const m of text.matchAll(DUE_IN_PROSE)) {
      const rest = text.slice(m.index + m[0].length);
      const coerced = coerceScalar(rest, spec.schema, ctx.hints, spec.labels.concept?.key);
      if (coerced === null) continue;
      const dateEnd = m.index + m[0].length + Math.max(0, rest.indexOf(coerced.matched)) + coerced.matched.length;
      if (CASH_DISCOUNT.test(clauseAround(text, m.index, dateEnd))) continue;
      const found = foundFrom([{ view, words: view.words }], coerced, coerced.value, IN_PROSE_SCORE, `no label for ${spec.name}; the date after "due by" in a clause without a cash discount`);
      if (WITHOUT_DEDUCTION.test(m[0])) return found;
      first ??= found;
    }
  }
  return first;
}

/** "Invoice No. 12" in the text, unless the name is of a document the invoice refers to ("unser Angebot Nr. 12"). */
function numberInProse(ctx: ExtractContext, spec: FieldSpec): Found | null {
  for (const view of ctx.views) {
    const text = stripAccents(quoteOf(view.words));
    for (const m of text.matchAll(INVOICE_IN_PROSE)) {
      if (!namesThisDocument(m[1] as string, m.index, text, view)) continue;
      const coerced = coerceScalar(m[2] as string, spec.schema, ctx.hints, spec.labels.concept?.key);
      if (coerced === null) continue;
      return foundFrom([{ view, words: view.words }], coerced, coerced.value, IN_PROSE_SCORE, `no label for ${spec.name}; the number after "Invoice No." in the text`);
    }
  }
  return null;
}

/**
 * Delivery labels that end in a word joining them to their date ("Lieferung vom", "Leistung am"):
 * in a sentence ("für unsere Lieferung vom 03.06.2025 berechnen wir …") they name the delivery date
 * as surely as a label does, and no colon follows them there.
 */
const DELIVERY_IN_PROSE = new RegExp(String.raw`\b(?:${CONCEPTS.filter((c) => c.key === 'delivery_date').flatMap((c) => c.phrases)
  .filter((p) => /\s(?:vom|am)$/.test(p)).sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})\s+(?=\d)`, 'gi');

/** The date after "Lieferung vom" in running text, when the document gives one such date only. */
function deliveryInProse(ctx: ExtractContext, spec: FieldSpec): Found | null {
  const found: Found[] = [];
  // A sentence is a line of one cell: "Leistung am …" in a cell of an item row dates that item only.
  for (const view of ctx.views.filter((v) => v.segments.length === 1)) {
    const text = stripAccents(quoteOf(view.words)).toLowerCase();
    for (const m of text.matchAll(DELIVERY_IN_PROSE)) {
      const rest = text.slice(m.index + m[0].length);
      const date = parseDate(rest, ctx.hints);
      // The date follows at once, and is no period's start ("Leistung vom 01.04. bis 30.04.").
      if (date === null || !rest.startsWith(date.matched) || startsDateRange(rest.slice(date.matched.length))) continue;
      const coerced = coerceScalar(date.matched, spec.schema, ctx.hints, spec.labels.concept?.key);
      if (coerced !== null) found.push(foundFrom([{ view, words: view.words }], coerced, coerced.value, IN_PROSE_SCORE, `no label for ${spec.name}; the date after "Lieferung vom" in the text`));
    }
  }
  return found.length > 0 && found.every((f) => f.value === found[0]?.value) ? (found[0] as Found) : null;
}

export function proseFallback(ctx: ExtractContext, spec: FieldSpec): Found | null {
  const key = spec.labels.concept?.key;
  if (key === 'date') return dateAfterNumber(ctx, spec) ?? dateLine(ctx, spec);
  if (key === 'invoice_number') return numberInProse(ctx, spec);
  if (key === 'due_date') return dueInProse(ctx, spec);
  if (key === 'delivery_date') return deliveryInProse(ctx, spec);
  return null;
}
