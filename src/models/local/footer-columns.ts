/**
 * The issuer printed only in a footer of columns: business letters set the sender's name, street
 * and postcode with town as the first column of the page footer (bank and register in the next
 * ones). And the consequence for the top of the page: a name-and-address block alone at the top
 * left, with nothing printed above it, is then the letter's addressee in its window, not the issuer.
 */
import { parsePostalLine } from './address-parts.ts';
import type { EntityBlock } from './entity-block.ts';
import { isLabelOnly } from './label-match.ts';
import type { LineView, Segment } from './layout-words.ts';
import { quoteOf } from './layout-words.ts';
import { isContactDetail } from './party-line.ts';
import type { ExtractContext } from './search-field.ts';

/** The footer is the bottom of the first page, below this share of its height (as in issuer-footer.ts). */
const FOOTER_TOP_SHARE = 0.85;
/** The issuer's name is followed by its postcode-and-town line within this many lines (street, maybe a second line). */
const MAX_LINES_TO_POSTCODE = 3;
/** A footer column's lines start within this many line heights of each other. */
const COLUMN_ALIGN_LINES = 1;
/** Read from a footer, the issuer's name and address are less sure than from its own block at the top. */
const FOOTER_BLOCK_SCORE = 0.7;
/** An addressee's window block holds a name, a street and a postcode line at least. */
const MIN_ADDRESSEE_LINES = 3;
/** A letter's address window is in the left half of the page. */
const WINDOW_LEFT_SHARE = 0.5;

/** The first column of the first page's footer, when it reads name, street and postcode with town. */
export function footerColumnIssuer(ctx: ExtractContext): EntityBlock | undefined {
  const firstPage = ctx.views[0]?.page;
  const lines = ctx.views.filter((v) => v.page === firstPage && v.bbox.y0 >= v.pageHeight * FOOTER_TOP_SHARE);
  const cells = lines.flatMap((view) => view.segments.map((seg) => ({ view, seg })));
  if (cells.length === 0) return undefined;
  const left = Math.min(...cells.map((c) => c.seg.bbox.x0));
  const column = cells.filter((c) => c.seg.bbox.x0 - left <= COLUMN_ALIGN_LINES * c.view.height).sort((a, b) => a.view.bbox.y0 - b.view.bbox.y0);
  const [name, ...rest] = column;
  if (name === undefined || !isIssuerName(ctx, name.seg)) return undefined;
  const postcode = rest.findIndex((c) => parsePostalLine(c.seg.text) !== null);
  if (postcode < 0 || postcode >= MAX_LINES_TO_POSTCODE) return undefined;
  const block = [name, ...rest.slice(0, postcode + 1)].map((c) => ({ view: c.view, words: c.seg.words }));
  return { lines: block, score: FOOTER_BLOCK_SCORE, heading: 'page footer' };
}

function isIssuerName(ctx: ExtractContext, seg: Segment): boolean {
  const text = seg.text.trim();
  return /\p{L}{3}/u.test(text) && !/[\d:：]/.test(text) && !isContactDetail(text) && !isLabelOnly(seg, ctx.allKeys);
}

/**
 * Whether a block found at the top of the first page is a letter's addressee: first on the page,
 * in its left half, name over address, while the footer names someone else as the issuer.
 */
export function isWindowAddressee(ctx: ExtractContext, block: EntityBlock): boolean {
  const first = block.lines[0];
  if (first === undefined || block.lines.length < MIN_ADDRESSEE_LINES) return false;
  const view: LineView = first.view;
  if ((first.words[0]?.bbox.x0 ?? 0) > view.pageWidth * WINDOW_LEFT_SHARE) return false;
  if (ctx.views.some((v) => v.page === view.page && v.bbox.y1 <= view.bbox.y0)) return false;
  const footer = footerColumnIssuer(ctx);
  const nameOf = (b: EntityBlock): string => quoteOf(b.lines[0]?.words ?? []).trim().toLowerCase();
  return footer !== undefined && nameOf(footer) !== nameOf(block);
}
