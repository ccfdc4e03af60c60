/**
 * Parties (seller, customer, ship-to) are printed as a block: a heading ("Bill To:") and lines
 * below it: the name first, then the address, with labelled extras (email, phone, VAT number).
 * An issuer without a heading is, on invoices, the block at the top of the first page.
 */
import { escapeRegExp, holdsAmount } from './parse-identifier.ts';
import { isContactDetail, partyLineBlock } from './party-line.ts';
import { readAddressParts } from './read-address-parts.ts';
import { coerceScalar, PATTERNS } from './coerce-value.ts';
import type { LabelCandidate } from './field-labels.ts';
import { valueCandidates } from './find-value.ts';
import { foundFrom } from './found-value.ts';
import type { Found } from './found-value.ts';
import { findLabelHits, isLabelOnly, matchLabelsInSegment } from './label-match.ts';
import { isHeadingHit, partyHeadingAbove, sectionLines } from './party-section.ts';
import type { LineView, Segment, Word } from './layout-words.ts';
import { makeSegment, quoteOf, xOverlap } from './layout-words.ts';
import { foldKey, foldLabel } from './normalize-label.ts';
import { parseDates } from './parse-date.ts';
import type { ExtractContext, FieldSpec } from './search-field.ts';
import { joinLines, MIN_SCORE } from './search-field.ts';
import { shapeOf } from './schema-shape.ts';
import { CONCEPTS, DOCUMENT_NAMES } from './synonyms.ts';

export interface BlockLine {
  view: LineView;
  words: Word[];
}

export interface EntityBlock {
  lines: BlockLine[];
  /** Trust in the block itself: its heading's match score, lower for the unlabelled top block. */
  score: number;
  heading: string;
}

export function findEntityBlock(ctx: ExtractContext, headings: readonly LabelCandidate[], ownKeys: ReadonlySet<string>): EntityBlock | undefined {
  const hits = findLabelHits(ctx.views, headings, { allKeys: ctx.allKeys, ownKeys }).sort(
    (a, b) => b.score - a.score || a.view.order - b.view.order,
  );
  let best: { block: EntityBlock; rank: number } | undefined;
  for (const hit of hits) {
    if (hit.score < MIN_SCORE) continue;
    // A party word at the start of running text ("Lieferant Express GmbH", "Client Services Ltd") is part
    // of a name, not a heading: a heading stands alone or ends with a colon.
    if (!hit.colon && !isHeadingHit(hit)) continue;
    const heading = quoteOf((hit.view.segments[hit.segIndex]?.words ?? []).slice(hit.wordStart, hit.wordEnd));
    const section = sectionLines(ctx.views, hit, ctx.allKeys);
    const options = section.length > 0 ? [] : valueCandidates(hit, ctx.views, { allKeys: ctx.allKeys, multiline: true, maxLines: 8, keepLabelled: true });
    const first = section.length > 0 ? { lines: section } : options[0];
    if (first === undefined) continue;
    // A table row below is not the party's address ("Sold by: X" under an item line).
    const lines: BlockLine[] = [];
    for (const l of first.lines) {
      if (lines.length > 0 && isTableRow(l.view, ctx.allKeys)) break;
      lines.push({ view: l.view, words: l.words });
    }
    // A heading over a name and address beats an inline "Label: name" with nothing under it.
    const rank = hit.score + 0.04 * Math.min(lines.length, 3);
    if (best === undefined || rank > best.rank + 1e-9) best = { block: { lines, score: hit.score, heading }, rank };
  }
  return best?.block;
}

function isTableRow(view: LineView, allKeys: ReadonlySet<string>): boolean {
  // A figure beside its own label ("Due date: 2025-07-28" in a grid beside the address) is a
  // detail of the header, not an item row's number.
  const besideLabel = (k: number): boolean => k > 0 && isLabelOnly(view.segments[k - 1] as Segment, allKeys);
  return view.segments.length >= 3 && view.segments.filter((s, k) => /\d/.test(s.text) && !besideLabel(k)).length >= 2;
}

/** A document's title ("Rechnung", "Credit note") or a page number line: not a name. */
const DOCUMENT_WORDS = new RegExp(String.raw`\b(?:${[...DOCUMENT_NAMES, 'page'].map(escapeRegExp).join('|')})\b`, 'i');

/**
 * The unlabelled issuer block: the first lines of the first page that are not the document's
 * own title, a label or a date. Only used for the vendor/seller, whose name invoices print on top.
 */
export function topBlock(ctx: ExtractContext): EntityBlock | undefined {
  const firstPage = ctx.views[0]?.page;
  const top = ctx.views.filter((v) => v.page === firstPage && v.bbox.y1 < v.pageHeight * 0.3);
  const furniture = pageFurniture(ctx, firstPage);
  const addressee = new Set<number>();
  for (let i = 0; i < top.length; i++) {
    const v = top[i] as LineView;
    if (furniture.has(v.order)) continue;
    // The items table's header: the issuer's block, if any, was above it.
    if (v.segments.length >= 3 && v.segments.filter((g) => isLabelOnly(g, ctx.allKeys)).length >= 3) return undefined;
    // "Invoice        Acme Ltd": the name need not be the first cell; labels and their values are skipped.
    for (let s = 0; s < v.segments.length; s++) {
      const seg = v.segments[s] as Segment;
      if (!isNameLike(ctx, seg) || (s > 0 && isLabelOnly(v.segments[s - 1] as Segment, ctx.allKeys))) continue;
      // The same printed row split into two lines by a big name's lower baseline: the small
      // address text beside it comes first, but the name in the larger font is the issuer.
      const rowmate = top[i + 1];
      const size = (g: Segment): number => g.words.reduce((m, w) => Math.max(m, w.fontSize), 0);
      if (rowmate !== undefined && rowmate.bbox.y0 < v.bbox.y1 && rowmate.segments.some((g) => isNameLike(ctx, g) && size(g) > 1.2 * size(seg))) continue;
      if (addressee.has(v.order)) continue;
      // A sender line ("Lieferant GmbH · Lieferantenstraße 20 · 80333 München") is name and address in one.
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
      if (lines.length === 1) {
        const logo = seg.text.trim().toLowerCase();
        const repeats = (g: Segment): boolean => g.text.trim().toLowerCase().includes(logo);
        const again = top.findIndex((o, k) => k > i && o.segments.some(repeats));
        const againSeg = top[again]?.segments.find(repeats);
        if (again >= 0 && againSeg !== undefined) {
          const fuller = linesUnder(top, again, againSeg);
          if (fuller.length > 1) return { lines: fuller, score: 0.5, heading: '' };
        }
        // A lone heading beside the issuer's block on the same line ("APPLICATION FOR PAYMENT"):
        // the block with an address under it is the issuer.
        const beside = v.segments.find((g, k) => k !== s && isNameLike(ctx, g) && linesUnder(top, i, g).length > 1)
          ?? top[i + 1]?.segments.find((g) => Math.abs((top[i + 1] as LineView).bbox.y0 - v.bbox.y0) < 0.5 * v.height && isNameLike(ctx, g) && linesUnder(top, i + 1, g).length > 1);
        if (beside !== undefined) {
          const at = v.segments.includes(beside) ? i : i + 1;
          return { lines: linesUnder(top, at, beside), score: 0.5, heading: '' };
        }
      }
      return { lines, score: 0.5, heading: '' };
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

function isNameLike(ctx: ExtractContext, seg: Segment): boolean {
  const text = seg.text.trim();
  if (text.length < 3 || DOCUMENT_WORDS.test(text) || /[:：]/.test(text) || /^[\d\s/.\-,]+$/.test(text)) return false;
  if (!/\p{L}{2}/u.test(text) || PATTERNS.EMAIL.test(text)) return false;
  // "Rechnungsnummer 473,00 EUR": a label with an amount after it, not a name.
  if (holdsAmount(text)) return false;
  // A letter's date line, greeting or first sentence is not a name.
  if (SALUTATION.test(text) || seg.words.length > 8 || (/\d/.test(text) && parseDates(text, ctx.hints).length > 0)) return false;
  return !isLabelOnly(seg, ctx.allKeys);
}

/** The segment and the lines right under it that start at its left edge (a block of text). */
function linesUnder(views: readonly LineView[], i: number, seg: Segment, max = 6): BlockLine[] {
  const v = views[i] as LineView;
  const lines: BlockLine[] = [{ view: v, words: seg.words }];
  let prev = v;
  for (let j = i + 1; j < views.length && lines.length < max; j++) {
    const n = views[j] as LineView;
    if (n.bbox.y0 - prev.bbox.y1 > 1.2 * n.height) break;
    // Left-aligned under the first line, or centred on it (a receipt's header).
    const centre = (b: { x0: number; x1: number }): number => (b.x0 + b.x1) / 2;
    const under = n.segments.find((g) => xOverlap(g.bbox, seg.bbox) > 0
      && (Math.abs(g.bbox.x0 - seg.bbox.x0) < 2 * v.height || (g.bbox.x0 > seg.bbox.x0 && Math.abs(centre(g.bbox) - centre(seg.bbox)) < 0.5 * v.height)));
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
  const top = ctx.views.filter((v) => v.page === firstPage && v.bbox.y1 < v.pageHeight * 0.45);
  const issuer = topBlock(ctx);
  const issuerOrders = new Set(issuer?.lines.map((l) => l.view.order) ?? []);
  for (let i = 0; i < top.length; i++) {
    const v = top[i] as LineView;
    if (issuerOrders.has(v.order)) continue;
    const seg = v.segments[0];
    if (seg === undefined || seg.bbox.x0 > v.pageWidth * 0.5 || !isNameLike(ctx, seg) || /\d/.test(seg.text)) continue;
    const prevLine = top[i - 1];
    // The name starts its block: the line above is not right on top of it in the same column.
    if (prevLine !== undefined && v.bbox.y0 - prevLine.bbox.y1 < 0.6 * v.height && prevLine.segments.some((g) => Math.abs(g.bbox.x0 - seg.bbox.x0) < v.height)) continue;
    const under = linesUnder(top, i, seg, 5);
    // A label under the address ("Loan number   7700-...") starts the details beside it, not the address.
    const labelAt = under.findIndex((l, k) => k > 0 && isLabelOnly({ words: l.words, bbox: l.view.bbox, text: quoteOf(l.words) }, ctx.allKeys));
    const lines = labelAt > 0 ? under.slice(0, labelAt) : under;
    if (lines.length < 3 || lines.some((l) => issuerOrders.has(l.view.order))) continue;
    const texts = lines.map((l) => quoteOf(l.words));
    if (texts.slice(1).some((t) => /[:：]/.test(t)) || !/\d/.test(texts[texts.length - 1] ?? '')) continue;
    // Prices ("2 x 3,20", "6,40") make it a receipt's item list, not an address.
    if (texts.some((t) => /\d[.,]\d{2}(?!\d)/.test(t))) continue;
    return { lines, score: 0.5, heading: '' };
  }
  return undefined;
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
  const elsewhere = new Set(ctx.views.filter((v) => v.page !== page && v.bbox.y1 < v.pageHeight * 0.15).map(shape));
  for (const v of onPage) {
    if (v.bbox.y1 > v.pageHeight * 0.15) continue;
    const edge = v.bbox.y1 < v.pageHeight * 0.07 && fontOf(v) < 0.95 * median;
    if (edge || elsewhere.has(shape(v))) out.add(v.order);
  }
  return out;
}

const PATTERN_OF: Readonly<Record<string, RegExp>> = {
  email: PATTERNS.EMAIL,
  website: PATTERNS.URI,
  phone: PATTERNS.PHONE,
  fax: PATTERNS.PHONE,
  iban: PATTERNS.IBAN,
  tax_id: PATTERNS.VAT_ID,
};

/**
 * Values of a party's fields from its block. Labelled lines ("VAT: ...") are read first, then
 * patterns (emails, phones), then the name is the first line left and the address the rest.
 */
const NAME_LABEL = new Set(['name', 'naam', 'nombre', 'nome', 'full name', 'customer name', 'client name']);

/**
 * A party given as "Name … / Address …" rows without a heading (forms, web-shop exports): no
 * issuer labels its own name, so such rows describe the customer.
 */
export function namedRowsBlock(ctx: ExtractContext): EntityBlock | undefined {
  const i = ctx.views.findIndex((v) => {
    const first = v.segments[0];
    return first !== undefined && v.segments.length >= 1 && NAME_LABEL.has(foldLabel(first.text).join(' ')) && v.words.length > first.words.length;
  });
  if (i < 0) return undefined;
  // "Name: …" rows in the section of another party's heading ("Verkäufer") are that party's.
  const heading = partyHeadingAbove(ctx.views, i, (ctx.views[i] as LineView).segments[0] as Segment);
  if (heading !== undefined && heading !== 'customer') return undefined;
  const lines: BlockLine[] = [];
  for (let j = i; j < Math.min(ctx.views.length, i + 3); j++) {
    const v = ctx.views[j] as LineView;
    if (j > i && v.bbox.y0 - (ctx.views[j - 1] as LineView).bbox.y1 > 1.2 * v.height) break;
    lines.push({ view: v, words: v.words });
  }
  return { lines, score: 0.6, heading: 'Name' };
}

export function readBlockFields(ctx: ExtractContext, block: EntityBlock, specs: readonly FieldSpec[]): Map<string, Found> {
  const out = new Map<string, Found>();
  const used = new Set<number>();
  const lineViews = block.lines.map((l) => ({ ...l.view, segments: [makeSegment(l.words)], words: l.words }));
  const headingNote = block.heading === '' ? 'unlabelled block at the top of the first page' : `block under '${block.heading}'`;

  for (const spec of specs) {
    const candidates = [...spec.labels.blockCandidates, ...spec.labels.candidates];
    for (let i = 0; i < lineViews.length && !out.has(spec.name); i++) {
      if (used.has(i)) continue;
      const hits = matchLabelsInSegment(lineViews[i] as LineView, 0, candidates, { allKeys: ctx.allKeys, ownKeys: spec.labels.keys });
      for (const hit of hits.filter((h) => h.colon || h.wordStart === 0)) {
        const words = (block.lines[i] as BlockLine).words.slice(hit.wordEnd).filter((w, k) => k > 0 || !/^[:：\-–]+$/.test(w.text));
        if (words.length === 0) continue;
        const coerced = coerceScalar(quoteOf(words), spec.schema, ctx.hints, spec.labels.concept?.key);
        if (coerced === null) continue;
        const label = quoteOf(words.length > 0 ? (block.lines[i] as BlockLine).words.slice(hit.wordStart, hit.wordEnd) : []);
        out.set(spec.name, foundFrom([{ view: (block.lines[i] as BlockLine).view, words }], coerced, coerced.value,
          block.score * hit.score * coerced.quality, `matched label '${label}' in the ${headingNote} for ${spec.name}`));
        used.add(i);
        break;
      }
    }
  }

  for (const spec of specs) {
    const key = spec.labels.concept?.key;
    const pattern = key === undefined ? undefined : PATTERN_OF[key];
    if (out.has(spec.name) || pattern === undefined) continue;
    for (let i = 0; i < block.lines.length; i++) {
      const line = block.lines[i] as BlockLine;
      const m = pattern.exec(quoteOf(line.words));
      if (m === null) continue;
      const coerced = coerceScalar(m[0], spec.schema, ctx.hints, key);
      if (coerced === null) continue;
      out.set(spec.name, foundFrom([line], coerced, coerced.value, block.score * 0.9, `${key} pattern in the ${headingNote} for ${spec.name}`));
      used.add(i);
      break;
    }
  }

  const free = block.lines.map((l, i) => ({ l, i })).filter(({ l, i }) => !used.has(i) && !/[:：]/.test(quoteOf(l.words).slice(0, 25)));
  const nameSpec = specs.find((s) => !out.has(s.name) && isNameField(s));
  let nameLine = -1;
  const first = free[0];
  if (nameSpec !== undefined && first !== undefined) {
    const coerced = coerceScalar(quoteOf(first.l.words), nameSpec.schema, ctx.hints, 'name');
    if (coerced !== null) {
      out.set(nameSpec.name, foundFrom([first.l], coerced, coerced.value, block.score * 0.9, `first line of the ${headingNote} taken as ${nameSpec.name}`));
      used.add(first.i);
      nameLine = first.i;
    }
  }
  // Address parts come from the unlabelled lines and from the values of labelled ones ("Ort:
  // 80333 München" gives the postcode too).
  const afterName = block.lines.filter((_, i) => i !== nameLine).map((l) => valueOfLabelledLine(l, ctx.allKeys));
  for (const [name, f] of readAddressParts(ctx, afterName, specs.filter((s) => !out.has(s.name)), block.score, headingNote)) out.set(name, f);
  const addressSpec = specs.find((s) => !out.has(s.name) && s.labels.concept?.key === 'address');
  // The address is the unlabelled lines after the name and the values of address-part labels ("Straße: Am Markt 1").
  const addressLines = block.lines.map((l, i) => ({ l, i })).filter(({ l, i }) => !used.has(i) && (free.some((f) => f.i === i) || isAddressPartLine(l)));
  const rest = addressLines.map(({ l }) => ({ view: l.view, words: addressPart(valueOfLabelledLine(l, ctx.allKeys).words) })).filter((l) => l.words.length > 0);
  if (addressSpec !== undefined && rest.length > 0 && shapeOf(addressSpec.schema).kind === 'string') {
    const text = joinLines(rest, 'address');
    const coerced = coerceScalar(text, addressSpec.schema, ctx.hints, 'address');
    if (coerced !== null) {
      out.set(addressSpec.name, foundFrom(rest, coerced, coerced.value, block.score * 0.85, `lines of the ${headingNote} after the name taken as ${addressSpec.name}`));
    }
  }
  return out;
}

/**
 * A block line without its label: "Ort: 80333 München" → "80333 München", and a label printed in
 * a cell of its own without a colon ("Straße | Lieferantenstraße 20") → "Lieferantenstraße 20".
 */
function valueOfLabelledLine(line: BlockLine, allKeys: ReadonlySet<string>): BlockLine {
  const colon = line.words.findIndex((w, k) => k < LABEL_WORDS_MAX && /[:：]$/.test(w.text));
  if (colon >= 0) return { view: line.view, words: line.words.slice(colon + 1) };
  const first = line.view.segments.find((g) => g.words.includes(line.words[0] as Word));
  if (first === undefined || !isLabelOnly(first, allKeys)) return line;
  const rest = line.words.filter((w) => !first.words.includes(w));
  return rest.length === 0 ? line : { view: line.view, words: rest };
}

/** Folded labels of an address's parts ("strasse", "plz", "ort", "city"). */
const ADDRESS_PART_LABELS: ReadonlySet<string> = new Set(CONCEPTS.filter((c) => ['street', 'postal_code', 'city', 'country', 'address'].includes(c.key)).flatMap((c) => c.phrases));

/** "Straße: Am Markt 1", "PLZ / Ort: 80333 München": a line labelled as part of an address. */
function isAddressPartLine(line: BlockLine): boolean {
  const colon = line.words.findIndex((w, k) => k < LABEL_WORDS_MAX && /[:：]$/.test(w.text));
  if (colon < 0 || colon === line.words.length - 1) return false;
  const label = foldLabel(quoteOf(line.words.slice(0, colon + 1)).replace(/[:：]$/, '')).join(' ');
  return label.split(/ (?:\/ )?/).some((part) => ADDRESS_PART_LABELS.has(part)) || ADDRESS_PART_LABELS.has(label);
}

/** A label in a party's block is a few words before a colon ("USt-IdNr.:", "Código postal:"). */
const LABEL_WORDS_MAX = 4;


/** The words of an address line, without contact details set off by "·", "|" or "•" after it; kept parts are joined by commas. */
function addressPart(words: readonly Word[]): Word[] {
  const parts: Word[][] = [[]];
  for (const w of words) {
    if (/^[·•|]$/.test(w.text)) parts.push([]);
    else (parts[parts.length - 1] as Word[]).push(w);
  }
  const kept: Word[] = [];
  for (const part of parts) {
    const text = quoteOf(part);
    if (text === '' || isContactDetail(text) || PATTERNS.EMAIL.test(text) || PATTERNS.URI.test(text)) {
      if (kept.length > 0) break;
      continue;
    }
    // "Street 9 • 1234 Town": the separator between address parts reads as a comma.
    const last = kept[kept.length - 1];
    if (last !== undefined && !last.text.endsWith(',')) kept[kept.length - 1] = { ...last, text: `${last.text},` };
    kept.push(...part);
  }
  return kept;
}

function isNameField(spec: FieldSpec): boolean {
  if (spec.labels.concept?.key === 'name') return true;
  const k = foldKey(spec.name);
  return k === 'name' || k === 'company' || k === 'company name' || k === 'full name' || k.endsWith(' name');
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
  return foundFrom([first], coerced, coerced.value, 0.5, `no label for ${spec.name}; ${where} taken`);
}

/** The issuer's name as a letterhead: the largest name-like text at the top of the first page. */
function letterhead(ctx: ExtractContext): BlockLine | undefined {
  const firstPage = ctx.views[0]?.page;
  let best: { line: BlockLine; size: number } | undefined;
  for (const v of ctx.views) {
    if (v.page !== firstPage || v.bbox.y1 > v.pageHeight * 0.2) continue;
    for (const seg of v.segments) {
      if (!isNameLike(ctx, seg)) continue;
      const size = seg.words.reduce((m, w) => Math.max(m, w.fontSize), 0);
      if (best === undefined || size > best.size + 0.5) best = { line: { view: v, words: seg.words }, size };
    }
  }
  return best?.line;
}
