/**
 * Parties printed without a heading: the issuer's block at the top of the first page (or its
 * letterhead), and a letter's addressee block under it. Which lines may be a name, and which are
 * running heads, titles, greetings or an addressee, is decided here.
 */
import { coerceScalar, PATTERNS } from './coerce-value.ts';
import type { BlockLine, EntityBlock } from './entity-block.ts';
import { foundFrom } from './found-value.ts';
import type { Found } from './found-value.ts';
import { LEXICON } from './field-labels.ts';
import { isLabelOnly } from './label-match.ts';
import type { LineView, Segment } from './layout-words.ts';
import { quoteOf, xOverlap } from './layout-words.ts';
import { foldLabel } from './normalize-label.ts';
import { parseDates } from './parse-date.ts';
import { escapeRegExp, holdsAmount } from './parse-identifier.ts';
import { isContactDetail, partyLineBlock } from './party-line.ts';
import { isWindowAddressee } from './footer-columns.ts';
import { partyHeadingAbove } from './party-section.ts';
import type { ExtractContext, FieldSpec } from './search-field.ts';
import { CONCEPTS, DOCUMENT_NAMES, OTHER_DOCUMENT_NAMES } from './synonyms.ts';

/** The issuer's block is printed in this top share of the first page. */
const ISSUER_AREA_SHARE = 0.3;
/** A letter's addressee block is printed in this top share of the first page, in its left half. */
const ADDRESSEE_AREA_SHARE = 0.45;
const ADDRESSEE_LEFT_SHARE = 0.5;
/** A letterhead name sits in this top share of the first page. */
const LETTERHEAD_AREA_SHARE = 0.2;
/** Running heads sit in this top share of a page; a letterhead strip in the very top share. */
const RUNNING_HEAD_SHARE = 0.15;
const EDGE_STRIP_SHARE = 0.07;
/** A letterhead strip is set smaller than the page's text: under this share of the median size. */
const SMALL_PRINT_SHARE = 0.95;
/** A name is this much larger than the small text printed beside it on the same row. */
const NAME_FONT_RATIO = 1.2;
/** A letterhead's name is larger than other top text by more than this many points. */
const LETTERHEAD_FONT_MARGIN = 0.5;
/** Lines of one block are at most this many line heights apart. */
const BLOCK_GAP_LINES = 1.2;
/** A block line starts within this many line heights of the block's left edge ... */
const BLOCK_LEFT_SLACK_LINES = 2;
/** ... or is centred on it within this share of a line height (a receipt's centred header). */
const CENTRED_SLACK_LINES = 0.5;
/** Two lines whose tops are closer than this share of a line height are one printed row. */
const SAME_ROW_SHARE = 0.5;
/** A line closer than this share of a line height above a name continues the block above it. */
const TOUCHING_SHARE = 0.6;
/** The most lines of an issuer's block, and of an addressee's (name and up to four address lines). */
const MAX_BLOCK_LINES = 6;
const MAX_ADDRESSEE_LINES = 5;
/** Trust in a block found without a heading: half of a heading's, since only its place says whose it is. */
const UNLABELLED_BLOCK_SCORE = 0.5;

/** A document's title ("Rechnung", "Credit note", "Lieferschein") or a page number line: not a name. */
const DOCUMENT_WORDS = new RegExp(String.raw`\b(?:${[...DOCUMENT_NAMES, ...OTHER_DOCUMENT_NAMES, 'page'].map(escapeRegExp).join('|')})\b`, 'i');

/**
 * The unlabelled issuer block: the first lines of the first page that are not the document's
 * own title, a label or a date. Only used for the vendor/seller, whose name invoices print on top;
 * not when that block is a letter's addressee and the footer names the issuer (footer-columns.ts).
 */
export function topBlock(ctx: ExtractContext): EntityBlock | undefined {
  const block = printedTopBlock(ctx);
  return block !== undefined && isWindowAddressee(ctx, block) ? undefined : block;
}

function printedTopBlock(ctx: ExtractContext): EntityBlock | undefined {
  const firstPage = ctx.views[0]?.page;
  const top = ctx.views.filter((v) => v.page === firstPage && v.bbox.y1 < v.pageHeight * ISSUER_AREA_SHARE);
  const furniture = pageFurniture(ctx, firstPage);
  const addressee = new Set<number>();
  for (let i = 0; i < top.length; i++) {
    const v = top[i] as LineView;
    if (furniture.has(v.order)) continue;
    // A row with an amount in it is an item or a total, whose first cell is no party's name.
    if (v.segments.length >= 2 && v.segments.some((g) => holdsAmount(g.text))) continue;
    // The items table's header: the issuer's block, if any, was above it.
    if (isColumnHeaderRow(ctx, v)) return undefined;
    // "Invoice        Acme Ltd": the name need not be the first cell; labels and their values are skipped.
    for (let s = 0; s < v.segments.length; s++) {
      const seg = v.segments[s] as Segment;
      if (!isNameLike(ctx, seg) || (s > 0 && isLabelOnly(v.segments[s - 1] as Segment, ctx.allKeys))) continue;
      // The same printed row split into two lines by a big name's lower baseline: the small
      // address text beside it comes first, but the name in the larger font is the issuer.
      const rowmate = top[i + 1];
      const size = (g: Segment): number => g.words.reduce((m, w) => Math.max(m, w.fontSize), 0);
      if (rowmate !== undefined && rowmate.bbox.y0 < v.bbox.y1 && rowmate.segments.some((g) => isNameLike(ctx, g) && size(g) > NAME_FONT_RATIO * size(seg))) continue;
      if (addressee.has(v.order)) continue;
      // A name in a section under another party's heading ("Kunde:") is that party's: one block
      // never gives both parties.
      const heading = partyHeadingAbove(top, i, seg);
      if (heading !== undefined && heading !== 'vendor') continue;
      // A sender line ("Nordstern Handel GmbH · Hafenweg 7 · 28195 Bremen") is name and address in one.
      const senderLine = partyLineBlock(v, seg.words);
      if (senderLine !== undefined) return senderLine;
      let lines = linesUnder(top, i, seg);
      if (isAddressee(ctx, seg.text)) {
        for (const l of lines) addressee.add(l.view.order);
        continue;
      }
      // A logo over the name printed in full: the full name starts the block.
      const second = lines[1];
      if (second !== undefined && quoteOf(second.words).toLowerCase().includes(seg.text.trim().toLowerCase())) lines = lines.slice(1);
      // A logo-like name alone at the top is often printed again, in full, over its address
      // further down (a short brand name over the company's full legal name).
      // So is a name set over its legal form alone ("Druckerei Albrecht" over "GmbH & Co. KG"):
      // a block without an address line (no figure in it) is a logo, whatever its lines.
      if (lines.length === 1 || lines.every((l) => !/\d/.test(quoteOf(l.words)))) {
        const logo = seg.text.trim().toLowerCase();
        const repeats = (g: Segment): boolean => g.text.trim().toLowerCase().includes(logo);
        const again = top.findIndex((o, k) => k > i && o.segments.some(repeats));
        const againSeg = top[again]?.segments.find(repeats);
        if (again >= 0 && againSeg !== undefined) {
          // Printed again as the sender line over the address window: name and address are in
          // that line alone, and the block under it is the addressee's.
          const senderAgain = partyLineBlock(top[again] as LineView, againSeg.words);
          if (senderAgain !== undefined) return senderAgain;
          const fuller = linesUnder(top, again, againSeg);
          if (fuller.length > 1) return { lines: fuller, score: UNLABELLED_BLOCK_SCORE, heading: '' };
        }
        // A lone heading beside the issuer's block on the same line ("APPLICATION FOR PAYMENT"):
        // the block with an address under it is the issuer.
        const beside = v.segments.find((g, k) => k !== s && isNameLike(ctx, g) && linesUnder(top, i, g).length > 1)
          ?? top[i + 1]?.segments.find((g) => Math.abs((top[i + 1] as LineView).bbox.y0 - v.bbox.y0) < SAME_ROW_SHARE * v.height && isNameLike(ctx, g) && linesUnder(top, i + 1, g).length > 1);
        if (beside !== undefined) {
          const at = v.segments.includes(beside) ? i : i + 1;
          return { lines: linesUnder(top, at, beside), score: UNLABELLED_BLOCK_SCORE, heading: '' };
        }
      }
      return { lines, score: UNLABELLED_BLOCK_SCORE, heading: '' };
    }
  }
  return undefined;
}

const HONORIFIC = /^(?:mr|mrs|ms|miss|mx|dr|herr|frau|mme|mlle|sr|sra|sig|sig\.ra|dhr|mevr)\.?\s/i;
const SALUTATION = /^(?:dear|hello|hi|sehr geehrte[rs]?|liebe[rs]?|cher|ch[eè]re|gentile|egregio|estimad[oa]|beste|geachte)\b/i;

/**
 * A letter's addressee printed top-left, where an issuer's block would be: a person's title
 * ("Mrs A. Smith") or the name greeted further down ("Dear Mrs Smith").
 */
function isAddressee(ctx: ExtractContext, name: string): boolean {
  if (HONORIFIC.test(name.trim())) return true;
  const last = name.trim().split(/\s+/).at(-1)?.toLowerCase().replace(/[^\p{L}]/gu, '') ?? '';
  if (last.length < 3) return false;
  return ctx.views.some((v) => SALUTATION.test(v.line.text.trim()) && v.line.text.toLowerCase().split(/[^\p{L}]+/u).includes(last));
}

/** More words than this in a row (or in a piece of a sender line) make a sentence, not a name. */
const MAX_NAME_WORDS = 8;

function isNameLike(ctx: ExtractContext, seg: Segment): boolean {
  const text = seg.text.trim();
  if (text.length < 3 || DOCUMENT_WORDS.test(text) || /[:：]/.test(text) || /^[\d\s/.\-,]+$/.test(text)) return false;
  if (!/\p{L}{2}/u.test(text) || PATTERNS.EMAIL.test(text)) return false;
  // "Rechnungsnummer 318,00 EUR": a label with an amount after it, not a name.
  if (holdsAmount(text)) return false;
  // "Rechnungsnummer 3180": a label with its figure after it, printed without a colon.
  if (startsWithLabelAndFigure(seg)) return false;
  // A letter's date line, greeting or first sentence is not a name. A sender line's words are
  // counted per piece ("Nordstern Handel GmbH · Hafenweg 7 · 28195 Bremen" is three short pieces).
  const longest = Math.max(...text.split(/\s[·•|∙]\s/).map((p) => p.split(/\s+/).length));
  if (SALUTATION.test(text) || longest > MAX_NAME_WORDS || (/\d/.test(text) && parseDates(text, ctx.hints).length > 0)) return false;
  return !isLabelOnly(seg, ctx.allKeys);
}

/** The most words of a label in front of its value ("Datum der Rechnung 12"). */
const LABEL_WORDS_MAX = 4;

function startsWithLabelAndFigure(seg: Segment): boolean {
  const words = seg.words.map((w) => foldLabel(w.text).join(' '));
  for (let k = Math.min(LABEL_WORDS_MAX, words.length - 1); k >= 1; k--) {
    // The figure is the label's value when it follows the label at once ("Kunde & Partner KG ·
    // 28195 Bremen" starts with a party word, but a name follows it).
    if (LEXICON.has(words.slice(0, k).join(' ')) && /\d/.test(seg.words[k]?.text ?? '')) return true;
  }
  return false;
}

/** The segment and the lines right under it that start at its left edge (a block of text). */
function linesUnder(views: readonly LineView[], i: number, seg: Segment, max = MAX_BLOCK_LINES): BlockLine[] {
  const v = views[i] as LineView;
  const lines: BlockLine[] = [{ view: v, words: seg.words }];
  let prev = v;
  for (let j = i + 1; j < views.length && lines.length < max; j++) {
    const n = views[j] as LineView;
    if (n.bbox.y0 - prev.bbox.y1 > BLOCK_GAP_LINES * n.height) break;
    // Left-aligned under the first line, or centred on it (a receipt's header).
    const centre = (b: { x0: number; x1: number }): number => (b.x0 + b.x1) / 2;
    const under = n.segments.find((g) => xOverlap(g.bbox, seg.bbox) > 0
      && (Math.abs(g.bbox.x0 - seg.bbox.x0) < BLOCK_LEFT_SLACK_LINES * v.height || (g.bbox.x0 > seg.bbox.x0 && Math.abs(centre(g.bbox) - centre(seg.bbox)) < CENTRED_SLACK_LINES * v.height)));
    // A line of another column printed between two lines of this block does not end it.
    if (under === undefined) {
      if (n.segments.some((g) => xOverlap(g.bbox, seg.bbox) > 0)) break;
      continue;
    }
    lines.push({ view: n, words: under.words });
    prev = n;
  }
  return lines;
}

/**
 * The addressee's block of a letter-style document without a "Bill to" heading: a name over two
 * or more address lines in the left half of the first page's upper part, below the issuer's
 * block, ending in a line with a number (street or postcode).
 */
export function recipientBlock(ctx: ExtractContext): EntityBlock | undefined {
  const firstPage = ctx.views[0]?.page;
  const top = ctx.views.filter((v) => v.page === firstPage && v.bbox.y1 < v.pageHeight * ADDRESSEE_AREA_SHARE);
  const issuer = topBlock(ctx);
  const issuerOrders = new Set(issuer?.lines.map((l) => l.view.order) ?? []);
  // Most letters show the addressee through a window at the left; Swiss and French ones often at
  // the right. The right half is searched only when the left half holds no addressee.
  return addresseeIn(ctx, top, issuerOrders, 'left') ?? addresseeIn(ctx, top, issuerOrders, 'right');
}

function addresseeIn(ctx: ExtractContext, top: readonly LineView[], issuerOrders: ReadonlySet<number>, side: 'left' | 'right'): EntityBlock | undefined {
  for (let i = 0; i < top.length; i++) {
    const v = top[i] as LineView;
    if (issuerOrders.has(v.order)) continue;
    // The items table's header: its first column ("Art.-Nr." over article numbers) is no address.
    if (isItemsHeaderRow(ctx, v, top[i + 1])) return undefined;
    // Any other row of column headers ("MwSt-Satz | Netto | MwSt | Brutto"): its first cell heads
    // a column, it names no addressee.
    if (isColumnHeaderRow(ctx, v)) continue;
    const seg = side === 'left' ? v.segments[0] : v.segments.find((g) => g.bbox.x0 > v.pageWidth * ADDRESSEE_LEFT_SHARE);
    if (seg === undefined || (side === 'left' && seg.bbox.x0 > v.pageWidth * ADDRESSEE_LEFT_SHARE) || !isNameLike(ctx, seg) || /\d/.test(seg.text)) continue;
    const prevLine = top[i - 1];
    // The name starts its block: the line above is not right on top of it in the same column,
    // unless that line is a sender line ("name · street · town") printed tight over the window.
    const senderAbove = prevLine !== undefined && partyLineBlock(prevLine, prevLine.words) !== undefined;
    if (prevLine !== undefined && !senderAbove && v.bbox.y0 - prevLine.bbox.y1 < TOUCHING_SHARE * v.height && prevLine.segments.some((g) => Math.abs(g.bbox.x0 - seg.bbox.x0) < v.height)) continue;
    const under = linesUnder(top, i, seg, MAX_ADDRESSEE_LINES);
    // A label under the address ("Loan number   7700-...") starts the details beside it, not the address.
    const labelAt = under.findIndex((l, k) => k > 0 && isLabelOnly({ words: l.words, bbox: l.view.bbox, text: quoteOf(l.words) }, ctx.allKeys));
    const lines = labelAt > 0 ? under.slice(0, labelAt) : under;
    if (lines.length < 3 || lines.some((l) => issuerOrders.has(l.view.order))) continue;
    // A block at the right with a phone or a registration line is an issuer's letterhead set at
    // the right, as Japanese and some French invoices print it beside the addressee at the left.
    if (side === 'right' && lines.some((l) => isContactDetail(quoteOf(l.words)))) continue;
    const texts = lines.map((l) => quoteOf(l.words));
    if (texts.slice(1).some((t) => /[:：]/.test(t)) || !/\d/.test(texts[texts.length - 1] ?? '')) continue;
    // Prices ("2 x 3,20", "6,40") make it a receipt's item list, not an address.
    if (texts.some((t) => /\d[.,]\d{2}(?!\d)/.test(t))) continue;
    return { lines, score: UNLABELLED_BLOCK_SCORE, heading: '' };
  }
  return undefined;
}

/** Column headers of a table: at least this many cells of a row that are labels only. */
const HEADER_ROW_LABELS = 3;

function isColumnHeaderRow(ctx: ExtractContext, v: LineView): boolean {
  return v.segments.filter((g) => isLabelOnly(g, ctx.allKeys)).length >= HEADER_ROW_LABELS;
}

/** Labels of an item table's columns, folded: what is sold, how many, at what price, for how much. */
const ITEM_COLUMN_LABELS: ReadonlySet<string> = new Set(
  CONCEPTS.filter((c) => ['description', 'quantity', 'unit_price', 'amount'].includes(c.key)).flatMap((c) => c.phrases),
);
/** An items table's header names at least this many item columns. */
const ITEM_COLUMNS_IN_HEADER = 2;

/**
 * Whether `v` is the header of the items table, over its first item row `next`: an information
 * row ("Rechnungsnr. | Kundennr. | Datum" over its values) is a row of labels too, but names no
 * item column, and the addressee may well be printed below it.
 */
function isItemsHeaderRow(ctx: ExtractContext, v: LineView, next: LineView | undefined): boolean {
  if (!isColumnHeaderRow(ctx, v) || next === undefined || !/\d/.test(next.line.text)) return false;
  const itemColumns = v.segments.filter((g) => ITEM_COLUMN_LABELS.has(foldLabel(g.text.replace(/[:：]\s*$/, '')).join(' ')));
  return itemColumns.length >= ITEM_COLUMNS_IN_HEADER;
}

function fontOf(view: LineView): number {
  return view.words.reduce((max, w) => Math.max(max, w.fontSize), 0);
}

/**
 * Running header lines of a page: text repeated at the top of other pages, or small print at the
 * very top edge (a letterhead strip in a smaller font than the page's text). The issuer's name is
 * printed again below them in its own block, and that block is the one to read.
 */
function pageFurniture(ctx: ExtractContext, page: number | undefined): Set<number> {
  const out = new Set<number>();
  const onPage = ctx.views.filter((v) => v.page === page);
  const sizes = onPage.map(fontOf).sort((a, b) => a - b);
  const median = sizes[Math.floor(sizes.length / 2)] ?? 0;
  const shape = (v: LineView): string => v.line.text.replace(/\d+/g, '#');
  const elsewhere = new Set(ctx.views.filter((v) => v.page !== page && v.bbox.y1 < v.pageHeight * RUNNING_HEAD_SHARE).map(shape));
  for (const v of onPage) {
    if (v.bbox.y1 > v.pageHeight * RUNNING_HEAD_SHARE) continue;
    const edge = v.bbox.y1 < v.pageHeight * EDGE_STRIP_SHARE && fontOf(v) < SMALL_PRINT_SHARE * median;
    if (edge || elsewhere.has(shape(v))) out.add(v.order);
  }
  return out;
}


/**
 * Unlabelled names: the account holder is the addressee of a statement, the bank (or issuer)
 * the name at the top of its first page.
 */
export function partyNameFallback(ctx: ExtractContext, spec: FieldSpec): Found | null {
  const key = spec.labels.concept?.key;
  const block = key === 'account_holder' ? recipientBlock(ctx) : undefined;
  const first = key === 'bank_name' ? letterhead(ctx) : block?.lines[0];
  if (first === undefined) return null;
  const coerced = coerceScalar(quoteOf(first.words), spec.schema, ctx.hints, 'name');
  if (coerced === null) return null;
  const where = key === 'account_holder' ? 'the addressee block' : 'the name at the top of the first page';
  return foundFrom([first], coerced, coerced.value, UNLABELLED_BLOCK_SCORE, `no label for ${spec.name}; ${where} taken`);
}

/** The issuer's name as a letterhead: the largest name-like text at the top of the first page. */
function letterhead(ctx: ExtractContext): BlockLine | undefined {
  const firstPage = ctx.views[0]?.page;
  let best: { line: BlockLine; size: number } | undefined;
  for (const v of ctx.views) {
    if (v.page !== firstPage || v.bbox.y1 > v.pageHeight * LETTERHEAD_AREA_SHARE) continue;
    for (const seg of v.segments) {
      if (!isNameLike(ctx, seg)) continue;
      const size = seg.words.reduce((m, w) => Math.max(m, w.fontSize), 0);
      if (best === undefined || size > best.size + LETTERHEAD_FONT_MARGIN) best = { line: { view: v, words: seg.words }, size };
    }
  }
  return best?.line;
}
