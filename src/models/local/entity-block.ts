/**
 * Parties (seller, customer, ship-to) are printed as a block: a heading ("Bill To:") and lines
 * below it: the name first, then the address, with labelled extras (email, phone, VAT number).
 * An issuer without a heading is, on invoices, the block at the top of the first page.
 */
import { coerceScalar, PATTERNS } from './coerce-value.ts';
import type { LabelCandidate } from './field-labels.ts';
import { valueCandidates } from './find-value.ts';
import { foundFrom } from './found-value.ts';
import type { Found } from './found-value.ts';
import { findLabelHits, matchLabelsInSegment } from './label-match.ts';
import type { LineView, Word } from './layout-words.ts';
import { makeSegment, quoteOf, xOverlap } from './layout-words.ts';
import { foldKey } from './normalize-label.ts';
import type { ExtractContext, FieldSpec } from './search-field.ts';
import { joinLines, MIN_SCORE } from './search-field.ts';
import { shapeOf } from './schema-shape.ts';

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
  for (const hit of hits) {
    if (hit.score < MIN_SCORE) continue;
    const options = valueCandidates(hit, ctx.views, { allKeys: ctx.allKeys, multiline: true, maxLines: 8, keepLabelled: true });
    const first = options[0];
    if (first === undefined) continue;
    const heading = quoteOf((hit.view.segments[hit.segIndex]?.words ?? []).slice(hit.wordStart, hit.wordEnd));
    return { lines: first.lines.map((l) => ({ view: l.view, words: l.words })), score: hit.score, heading };
  }
  return undefined;
}

const DOCUMENT_WORDS = /\b(invoice|receipt|statement|quotation|quote|credit note|bill|rechnung|facture|factura|page)\b/i;

/**
 * The unlabelled issuer block: the first lines of the first page that are not the document's
 * own title, a label or a date. Only used for the vendor/seller, whose name invoices print on top.
 */
export function topBlock(ctx: ExtractContext): EntityBlock | undefined {
  const firstPage = ctx.views[0]?.page;
  const top = ctx.views.filter((v) => v.page === firstPage && v.bbox.y1 < v.pageHeight * 0.3);
  const furniture = pageFurniture(ctx, firstPage);
  for (let i = 0; i < top.length; i++) {
    const v = top[i] as LineView;
    if (furniture.has(v.order)) continue;
    const seg = v.segments[0];
    if (seg === undefined) continue;
    const text = seg.text.trim();
    if (text.length < 3 || DOCUMENT_WORDS.test(text) || /[:：]/.test(text) || /^[\d\s/.\-,]+$/.test(text)) continue;
    if (!/\p{L}{2}/u.test(text)) continue;
    const lines: BlockLine[] = [{ view: v, words: seg.words }];
    let prev = v;
    for (let j = i + 1; j < top.length && lines.length < 6; j++) {
      const n = top[j] as LineView;
      if (n.bbox.y0 - prev.bbox.y1 > 1.2 * n.height) break;
      const under = n.segments.find((s) => xOverlap(s.bbox, seg.bbox) > 0 && Math.abs(s.bbox.x0 - seg.bbox.x0) < 2 * v.height);
      if (under === undefined) break;
      lines.push({ view: n, words: under.words });
      prev = n;
    }
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
};

/**
 * Values of a party's fields from its block. Labelled lines ("VAT: ...") are read first, then
 * patterns (emails, phones), then the name is the first line left and the address the rest.
 */
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
  const first = free[0];
  if (nameSpec !== undefined && first !== undefined) {
    const coerced = coerceScalar(quoteOf(first.l.words), nameSpec.schema, ctx.hints, 'name');
    if (coerced !== null) {
      out.set(nameSpec.name, foundFrom([first.l], coerced, coerced.value, block.score * 0.9, `first line of the ${headingNote} taken as ${nameSpec.name}`));
      used.add(first.i);
    }
  }
  const addressSpec = specs.find((s) => !out.has(s.name) && s.labels.concept?.key === 'address');
  const rest = free.filter(({ i }) => !used.has(i)).map(({ l }) => l);
  if (addressSpec !== undefined && rest.length > 0 && shapeOf(addressSpec.schema).kind === 'string') {
    const text = joinLines(rest, 'address');
    const coerced = coerceScalar(text, addressSpec.schema, ctx.hints, 'address');
    if (coerced !== null) {
      out.set(addressSpec.name, foundFrom(rest, coerced, coerced.value, block.score * 0.85, `lines of the ${headingNote} after the name taken as ${addressSpec.name}`));
    }
  }
  return out;
}

function isNameField(spec: FieldSpec): boolean {
  if (spec.labels.concept?.key === 'name') return true;
  const k = foldKey(spec.name);
  return k === 'name' || k === 'company' || k === 'company name' || k === 'full name' || k.endsWith(' name');
}
