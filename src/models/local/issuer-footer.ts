/**
 * The issuer's registration and contact details in the page footer. Business letters print the
 * sender's VAT id, email and phone at the foot of the page, away from the sender's block; such a
 * footer speaks for the issuer only, so the issuer's fields that its block did not give are read
 * there, by their labels and their shapes. Only details of a recognisable shape are taken: a
 * footer's free lines (bank name, register court) are no name or address. The same holds for the
 * second column of a two-column letterhead, beside the issuer's block (issuerDetailsBeside), and for
 * a letterhead at the top that repeats the name of the issuer's headed block.
 */
import { readBlockFields } from './entity-block.ts';
import type { EntityBlock } from './entity-block.ts';
import type { Found } from './found-value.ts';
import type { ExtractContext, FieldSpec } from './search-field.ts';
import type { LineView, Word } from './layout-words.ts';
import { quoteOf } from './layout-words.ts';

/** The footer is the bottom of the first page, below this share of its height. */
const FOOTER_TOP_SHARE = 0.85;
/** A detail read from the footer is a little less sure than one in the issuer's own block. */
const FOOTER_SCORE = 0.8;
/** Concepts whose values a footer prints with a label or a shape of their own. */
const FOOTER_DETAILS: ReadonlySet<string> = new Set(['tax_id', 'email', 'phone', 'fax', 'website']);

export function issuerFooterDetails(ctx: ExtractContext, specs: readonly FieldSpec[]): Map<string, Found> {
  const wanted = specs.filter((s) => FOOTER_DETAILS.has(s.labels.concept?.key ?? ''));
  const first = ctx.views[0];
  if (wanted.length === 0 || first === undefined) return new Map();
  const lines = ctx.views.filter((v) => v.page === first.page && v.bbox.y0 >= v.pageHeight * FOOTER_TOP_SHARE);
  if (lines.length === 0) return new Map();
  // Each cell of a footer of columns is its own line of the block.
  const block: EntityBlock = { lines: lines.flatMap((v) => v.segments.map((s) => ({ view: v, words: s.words }))), score: FOOTER_SCORE, heading: 'page footer' };
  return readBlockFields(ctx, block, wanted);
}

/** Details beside the issuer's block start within this many line heights above its first line or below its last. */
const BESIDE_SLACK_LINES = 1;
/** Read beside the issuer's unlabelled block (a letterhead of two columns), a detail is a little less sure than in the block. */
const BESIDE_SCORE = 0.8;

/**
 * A letterhead of two columns prints the issuer's name and address in one and its registration
 * details (VAT id, phone, bank) in the other, on the same lines. Those cells beside the issuer's
 * unlabelled top block are the issuer's too; only details of a recognisable label or shape are
 * taken, as from a footer.
 */
export function issuerDetailsBeside(ctx: ExtractContext, issuer: EntityBlock | undefined, specs: readonly FieldSpec[]): Map<string, Found> {
  const wanted = specs.filter((s) => FOOTER_DETAILS.has(s.labels.concept?.key ?? ''));
  const first = issuer?.lines[0];
  const last = issuer?.lines.at(-1);
  if (issuer === undefined || first === undefined || last === undefined || wanted.length === 0) return new Map();
  if (issuer.heading !== '') return letterheadDetails(ctx, first, wanted);
  const taken = new Set(issuer.lines.flatMap((l) => l.words));
  const top = first.view.bbox.y0 - BESIDE_SLACK_LINES * first.view.height;
  const bottom = last.view.bbox.y1 + BESIDE_SLACK_LINES * last.view.height;
  const beside = ctx.views.filter((v: LineView) => v.page === first.view.page && v.bbox.y0 >= top && v.bbox.y1 <= bottom);
  const lines = beside.flatMap((v) => v.segments.filter((s) => !s.words.some((w) => taken.has(w))).map((s) => ({ view: v, words: s.words })));
  if (lines.length === 0) return new Map();
  return readBlockFields(ctx, { lines, score: BESIDE_SCORE, heading: 'letterhead column beside the issuer' }, wanted);
}

/** A letterhead is its name line and at most this many lines under it. */
const LETTERHEAD_LINES = 3;

/**
 * "Cloverfield Print Ltd / VAT No. IE 3312045LH" at the top of the page, over a "Supplier" block
 * that prints the same name: the letterhead repeating the issuer's name is the issuer's, so its
 * details of a recognisable label or shape are read there, as beside an unlabelled block.
 */
function letterheadDetails(ctx: ExtractContext, name: { view: LineView; words: readonly Word[] }, wanted: readonly FieldSpec[]): Map<string, Found> {
  const text = quoteOf(name.words).trim().toLowerCase();
  const above = ctx.views.filter((v) => v.page === name.view.page && v.bbox.y1 <= name.view.bbox.y0);
  const at = above.findIndex((v) => v.segments.some((g) => g.text.trim().toLowerCase() === text));
  if (text === '' || at < 0) return new Map();
  const lines = above.slice(at, at + 1 + LETTERHEAD_LINES).flatMap((v) => v.segments.map((g) => ({ view: v, words: g.words })));
  return readBlockFields(ctx, { lines, score: BESIDE_SCORE, heading: 'letterhead repeating the issuer\'s name' }, wanted);
}
