/**
 * Parties (seller, customer, ship-to) are printed as a block: a heading ("Bill To:") and lines
 * below it: the name first, then the address, with labelled extras (email, phone, VAT number).
 * Blocks without a heading (the issuer at the top, a letter's addressee) are found in
 * unlabelled-party.ts; every block's fields are read here.
 */
import { isPostcodeAlone, isStreetLine, parsePostalLine } from './address-parts.ts';
import { isContactDetail } from './party-line.ts';
import { readAddressParts } from './read-address-parts.ts';
import { coerceScalar, PATTERNS } from './coerce-value.ts';
import type { LabelCandidate } from './field-labels.ts';
import { valueCandidates } from './find-value.ts';
import { foundFrom } from './found-value.ts';
import type { Found } from './found-value.ts';
import { findLabelHits, isLabelOnly, matchLabelsInSegment } from './label-match.ts';
import { notAVatId } from './vat-id-field.ts';
import { nameWithLegalForm } from './legal-form.ts';
import type { LabelHit } from './label-match.ts';
import { isHeadingHit, partyHeadingAbove, sectionLines } from './party-section.ts';
import type { LineView, Segment, Word } from './layout-words.ts';
import { makeSegment, quoteOf } from './layout-words.ts';
import { foldKey, foldLabel } from './normalize-label.ts';
import type { ExtractContext, FieldSpec } from './search-field.ts';
import { joinLines, MIN_SCORE } from './search-field.ts';
import { shapeOf } from './schema-shape.ts';
import { CONCEPTS } from './synonyms.ts';

/** A heading over a name and address beats an inline "Label: name": a bonus per line under it, up to three. */
const PER_LINE_BONUS = 0.04;
const MAX_BONUS_LINES = 3;
/** "Name …" rows without a heading: the label says a name, not whose. */
const NAMED_ROWS_SCORE = 0.6;
/** Lines of one block are at most this many line heights apart. */
const BLOCK_GAP_LINES = 1.2;
/** A value found by its shape in the block, or the block's first line as the name: the block's trust, a little less. */
const SHAPE_IN_BLOCK = 0.9;
const FIRST_LINE_AS_NAME = 0.9;
/** The lines after the name as the address: less sure than the name, for the extras they may hold. */
const REST_AS_ADDRESS = 0.85;

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
    if (hit.candidate.source === 'heading' && !isHeadingLine(hit, ctx.allKeys)) continue;
    if (namesANumber(hit, ctx.allKeys)) continue;
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
    const rank = hit.score + PER_LINE_BONUS * Math.min(lines.length, MAX_BONUS_LINES);
    if (best === undefined || rank > best.rank + 1e-9) best = { block: { lines, score: hit.score, heading }, rank };
  }
  return best?.block;
}

/**
 * A heading on a line of its own: the whole of its cell (a colon may follow), with at most other
 * headings beside it ("Facturation | Livraison"), never a word inside a label or a sentence.
 */
function isHeadingLine(hit: LabelHit, allKeys: ReadonlySet<string>): boolean {
  if (hit.wordStart !== 0 || !isHeadingHit(hit)) return false;
  return hit.view.segments.every((s, k) => k === hit.segIndex || isLabelOnly(s, allKeys));
}

/**
 * "Kunde | K 4711", "Client | 001234": a party word whose cell beside it holds a figure and no word
 * of a name is the label of that party's number in an information block, not a heading over the
 * party's address; the lines under it are the block's other rows.
 */
function namesANumber(hit: LabelHit, allKeys: ReadonlySet<string>): boolean {
  const beside = hit.view.segments[hit.segIndex + 1];
  if (beside === undefined || isLabelOnly(beside, allKeys)) return false;
  return /\d/.test(beside.text) && !NAME_LETTERS.test(beside.text);
}

function isTableRow(view: LineView, allKeys: ReadonlySet<string>): boolean {
  // A figure beside its own label ("Due date: 2025-07-28" in a grid beside the address) is a
  // detail of the header, not an item row's number.
  const besideLabel = (k: number): boolean => k > 0 && isLabelOnly(view.segments[k - 1] as Segment, allKeys);
  // Street and postcode lines of two addresses side by side (billing beside delivery) are not figures.
  // A scanned layer may cut the postcode from its city ("69002 | Lyon").
  const addressLine = (s: Segment, k: number): boolean => isStreetLine(s.text) || parsePostalLine(s.text) !== null || isPostcodeAlone(s.text)
    || (view.segments[k + 1] !== undefined && parsePostalLine(`${s.text} ${(view.segments[k + 1] as Segment).text}`) !== null);
  return view.segments.length >= 3 && view.segments.filter((s, k) => /\d/.test(s.text) && !besideLabel(k) && !addressLine(s, k)).length >= 2;
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
    if (j > i && v.bbox.y0 - (ctx.views[j - 1] as LineView).bbox.y1 > BLOCK_GAP_LINES * v.height) break;
    lines.push({ view: v, words: v.words });
  }
  return { lines, score: NAMED_ROWS_SCORE, heading: 'Name' };
}

/** A colon in a line's first this many characters makes it a "Label: value" line, not a name line. */
const LABEL_AREA_CHARS = 25;
/** A name has a run of at least three letters ("AB," before a street is an abbreviation, not a name). */
const NAME_LETTERS = /\p{L}{3}/u;
/** A first line set this much smaller than the rest of its block is small print over it. */
const SMALL_PRINT_RATIO = 0.85;

function fontOfLine(line: BlockLine): number {
  return line.words.reduce((max, w) => Math.max(max, w.fontSize), 0);
}

/**
 * A party heading's block without a first line in a smaller font than all the lines under it: the sender line
 * printed over a window envelope's address ("Nordstern Handel GmbH, Hafenweg 7, 28195 Bremen" in
 * small print over the addressee) belongs to the issuer, not to the party of the block.
 */
function withoutSmallPrintFirstLine(block: EntityBlock): EntityBlock {
  const [first, ...rest] = block.lines;
  // Only under a party's heading: an unheaded block at the top may be the issuer's own, whose
  // first line the sender line is.
  if (block.heading === '' || first === undefined || rest.length < 2) return block;
  const smallest = Math.min(...rest.map(fontOfLine));
  return fontOfLine(first) < SMALL_PRINT_RATIO * smallest ? { ...block, lines: rest } : block;
}

/**
 * A name and its address printed on one line with commas ("Nordstern Handel GmbH, Hafenweg 7,
 * 28195 Bremen"): the block's lines with that line cut into the name and the rest. The cut is made
 * only where the piece after the name is a street or a postcode and town, and the name has no
 * figure, so a name with a comma in it ("Smith, Jones & Co") stays whole.
 */
function withNameLineCut(block: EntityBlock): EntityBlock {
  const i = block.lines.findIndex((l) => !/[:：]/.test(quoteOf(l.words).slice(0, LABEL_AREA_CHARS)));
  const line = block.lines[i];
  if (line === undefined) return block;
  const k = line.words.findIndex((w) => w.text.endsWith(','));
  if (k < 0 || k === line.words.length - 1) return block;
  const name = line.words.slice(0, k + 1);
  const rest = line.words.slice(k + 1);
  const nextPiece = quoteOf(rest).split(',')[0] ?? '';
  if (/\d/.test(quoteOf(name)) || !NAME_LETTERS.test(quoteOf(name))) return block;
  if (!isStreetLine(nextPiece) && parsePostalLine(nextPiece) === null) return block;
  const last = name[k] as Word;
  const nameWords = [...name.slice(0, k), { ...last, text: last.text.replace(/,$/, '') }];
  const lines = [...block.lines.slice(0, i), { view: line.view, words: nameWords }, { view: line.view, words: rest }, ...block.lines.slice(i + 1)];
  return { ...block, lines };
}

/** A gap wider than this many font sizes between two words of a block line is a gap between cells. */
const CELL_GAP_EMS = 1.2;
/** The most words a label of the next cell has before its colon ("Dirección fiscal:"). */
const MAX_LABEL_WORDS = 3;

/**
 * "Nombre: Jacinto de Ayala | C.I.: V-987": a party's row may print a second label and its value in
 * a cell to the right; the first label's value ends where that cell begins.
 */
function beforeNextLabelCell(words: readonly Word[]): Word[] {
  for (let k = 1; k < words.length; k++) {
    const prev = words[k - 1] as Word;
    const w = words[k] as Word;
    if (w.bbox.x0 - prev.bbox.x1 <= CELL_GAP_EMS * Math.max(prev.fontSize, w.fontSize, 1)) continue;
    if (words.slice(k, k + MAX_LABEL_WORDS).some((x) => /[:：]$/.test(x.text))) return words.slice(0, k);
  }
  return [...words];
}

export function readBlockFields(ctx: ExtractContext, printed: EntityBlock, specs: readonly FieldSpec[]): Map<string, Found> {
  const block = withNameLineCut(withoutSmallPrintFirstLine(printed));
  const out = new Map<string, Found>();
  const used = new Set<number>();
  const lineViews = block.lines.map((l) => ({ ...l.view, segments: [makeSegment(l.words)], words: l.words }));
  const headingNote = block.heading === '' ? 'unlabelled block at the top of the first page' : `block under '${block.heading}'`;

  // Each field takes the line whose label names it best, not merely the first that names it: a
  // block that prints "Steuernummer:" above "USt-IdNr.:" gives a VAT id field the second line.
  for (const spec of specs) {
    const candidates = [...spec.labels.blockCandidates, ...spec.labels.candidates];
    let best: { found: Found; line: number; score: number } | undefined;
    for (let i = 0; i < lineViews.length; i++) {
      if (used.has(i)) continue;
      const hits = matchLabelsInSegment(lineViews[i] as LineView, 0, candidates, { allKeys: ctx.allKeys, ownKeys: spec.labels.keys });
      for (const hit of hits.filter((h) => h.colon || h.wordStart === 0)) {
        const words = beforeNextLabelCell((block.lines[i] as BlockLine).words.slice(hit.wordEnd).filter((w, k) => k > 0 || !/^[:：\-–]+$/.test(w.text)));
        if (words.length === 0) continue;
        const coerced = coerceScalar(quoteOf(words), spec.schema, ctx.hints, spec.labels.concept?.key);
        if (coerced === null) continue;
        if (best !== undefined && hit.score <= best.score) break;
        const label = quoteOf(words.length > 0 ? (block.lines[i] as BlockLine).words.slice(hit.wordStart, hit.wordEnd) : []);
        if (notAVatId(spec, label, coerced.value)) break;
        best = { line: i, score: hit.score, found: foundFrom([{ view: (block.lines[i] as BlockLine).view, words }], coerced, coerced.value,
          block.score * hit.score * coerced.quality, `matched label '${label}' in the ${headingNote} for ${spec.name}`) };
        break;
      }
    }
    if (best === undefined) continue;
    out.set(spec.name, best.found);
    used.add(best.line);
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
      out.set(spec.name, foundFrom([line], coerced, coerced.value, block.score * SHAPE_IN_BLOCK, `${key} pattern in the ${headingNote} for ${spec.name}`));
      used.add(i);
      break;
    }
  }

  const free = block.lines.map((l, i) => ({ l, i })).filter(({ l, i }) => !used.has(i) && !/[:：]/.test(quoteOf(l.words).slice(0, LABEL_AREA_CHARS)));
  const nameSpec = specs.find((s) => !out.has(s.name) && isNameField(s));
  const nameLines = new Set<number>();
  const first = free[0];
  if (nameSpec !== undefined && first !== undefined) {
    const name = nameWithLegalForm(block.lines, first.i);
    const coerced = coerceScalar(quoteOf(name.words), nameSpec.schema, ctx.hints, 'name');
    if (coerced !== null) {
      out.set(nameSpec.name, foundFrom([{ view: first.l.view, words: name.words }], coerced, coerced.value, block.score * FIRST_LINE_AS_NAME, `first line of the ${headingNote} taken as ${nameSpec.name}`));
      used.add(first.i);
      if (name.joinedLine !== undefined) used.add(name.joinedLine);
      nameLines.add(first.i);
      if (name.joinedLine !== undefined) nameLines.add(name.joinedLine);
    }
  }
  // Address parts come from the unlabelled lines and from the values of labelled ones ("Ort:
  // 28195 Bremen" gives the postcode too).
  const afterName = block.lines.filter((_, i) => !nameLines.has(i)).map((l) => valueOfLabelledLine(l, ctx.allKeys));
  for (const [name, f] of readAddressParts(ctx, afterName, specs.filter((s) => !out.has(s.name)), block.score, headingNote)) out.set(name, f);
  const addressSpec = specs.find((s) => !out.has(s.name) && s.labels.concept?.key === 'address');
  // The address is the unlabelled lines after the name and the values of address-part labels ("Straße: Am Markt 1").
  const addressLines = block.lines.map((l, i) => ({ l, i })).filter(({ l, i }) => !used.has(i) && (free.some((f) => f.i === i) || isAddressPartLine(l)));
  const rest = addressLines.map(({ l }) => ({ view: l.view, words: addressPart(valueOfLabelledLine(l, ctx.allKeys).words) })).filter((l) => l.words.length > 0);
  if (addressSpec !== undefined && rest.length > 0 && shapeOf(addressSpec.schema).kind === 'string') {
    const text = joinLines(rest, 'address');
    const coerced = coerceScalar(text, addressSpec.schema, ctx.hints, 'address');
    if (coerced !== null) {
      out.set(addressSpec.name, foundFrom(rest, coerced, coerced.value, block.score * REST_AS_ADDRESS, `lines of the ${headingNote} after the name taken as ${addressSpec.name}`));
    }
  }
  return out;
}

/**
 * A block line without its label: "Ort: 28195 Bremen" → "28195 Bremen", and a label printed in
 * a cell of its own without a colon ("Straße | Hafenweg 7") → "Hafenweg 7".
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

/** "Straße: Am Markt 1", "PLZ / Ort: 28195 Bremen": a line labelled as part of an address. */
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
