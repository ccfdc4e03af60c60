/**
 * The issuer named only in a footer line, as letters from small firms print it: "Smith &
 * Name Ltd · 1 High Street · Town AB1 2CD · VAT reg. ...". The first piece is the name,
 * the pieces after it up to the first registration or bank detail the address.
 */
import type { BlockLine, EntityBlock } from './entity-block.ts';
import type { LineView, Word } from './layout-words.ts';
import type { ExtractContext } from './search-field.ts';

const SEPARATOR = /^[·•|∙]$/;
const DETAIL = /^(?:e-?mail|tel|phone|fax|web|www|https?:|vat|tax|gst|abn|company|reg|registered|sort|acc|account|iban|bic|swift|bank|ust|btw|kvk|siret|p\.?\s?iva|cnpj)\b/i;

/** Pieces of a line between separator words ("·", "|", "•"). */
function pieces(view: LineView): Word[][] {
  const out: Word[][] = [[]];
  for (const w of view.words) {
    if (SEPARATOR.test(w.text)) out.push([]);
    else (out[out.length - 1] as Word[]).push(w);
  }
  return out.filter((p) => p.length > 0);
}

export function footerIssuer(ctx: ExtractContext): EntityBlock | undefined {
  const firstPage = ctx.views[0]?.page;
  // Footers sit at the end of the page, or right under a short letter; a letterhead strip may
  // print the same line at the top. Read from the bottom up.
  const lines = ctx.views.filter((v) => v.page === firstPage).reverse();
  for (const view of lines) {
    const parts = pieces(view);
    if (parts.length < 3) continue;
    const text = (p: Word[]): string => p.map((w) => w.text).join(' ');
    const [name, ...rest] = parts as [Word[], ...Word[][]];
    if (!/\p{L}{3}/u.test(text(name)) || /\d/.test(text(name)) || DETAIL.test(text(name))) continue;
    const end = rest.findIndex((p) => DETAIL.test(text(p)));
    const address = end < 0 ? rest : rest.slice(0, end);
    // An address has a number somewhere (street or postcode).
    if (address.length === 0 || !address.some((p) => /\d/.test(text(p)))) continue;
    const block: BlockLine[] = [name, ...address].map((words) => ({ view, words }));
    return { lines: block, score: 0.45, heading: '' };
  }
  return undefined;
}
