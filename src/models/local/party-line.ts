/**
 * A party printed as one line of pieces between separators: the issuer's footer of a small firm
 * ("Smith & Name Ltd · 1 High Street · Town AB1 2CD · VAT reg. ...") or the sender line above a
 * window envelope's address ("Nordstern Handel GmbH · Hafenweg 7 · 28195 Bremen"). The first
 * piece is the name, the pieces after it up to the first registration or bank detail the address.
 */
import { isStreetLine, parsePostalLine } from './address-parts.ts';
import type { BlockLine, EntityBlock } from './entity-block.ts';
import type { LineView, Word } from './layout-words.ts';
import type { ExtractContext } from './search-field.ts';

const SEPARATOR = /^[·•|∙]$/;
/**
 * Contact, registration (court and register number) and bank details, which follow a party's address (in its block or its
 * line) and are no part of it: a label word ("Tel.", "USt-IdNr.", "IBAN") or a bare phone number.
 */
const CONTACT_DETAIL = /^(?:e-?mail|tel|phone|fax|mobile|web|www|https?:|vat|tax|gst|hst|abn|acn|ein|tin|kvk|btw|uid|ust|siret|siren|iban|bic|swift|bank|sort|acc|account|company|reg(?:istration)?|registered|p\.?\s?iva|partita\s+iva|c\.?\s?f\.?|codice\s+fiscale|nif|cif|nie|rfc|cuit|cnpj|cpf|inscri[cç][aã]o|i\.?e\.|licen[cs]e|lic\.|owner|inhaber|proprietor|prop\.|cell|m:|t:|f:|amtsgericht|registergericht|handelsregister|hr[ab]|rcs)(?![\p{L}])|^[+(]?\d[\d\s().\-/]{6,}\d$/iu;

export function isContactDetail(text: string): boolean {
  return CONTACT_DETAIL.test(text.trim());
}
/** A name, then at least a street or town: fewer pieces are a list of contact details. */
const MIN_PIECES = 3;
/** Trust in a block read from one separated line: below a block under a heading (its label's score). */
const PARTY_LINE_SCORE = 0.45;

/** Pieces of a line between separator words ("·", "|", "•"). */
function pieces(words: readonly Word[]): Word[][] {
  const out: Word[][] = [[]];
  for (const w of words) {
    if (SEPARATOR.test(w.text)) out.push([]);
    else (out[out.length - 1] as Word[]).push(w);
  }
  return out.filter((p) => p.length > 0);
}

/** Pieces of a line between commas ("Nordstern Handel GmbH, Hafenweg 7, 28195 Bremen"), the commas dropped. */
function commaPieces(words: readonly Word[]): Word[][] {
  const out: Word[][] = [[]];
  for (const w of words) {
    const cut = w.text.endsWith(',');
    (out[out.length - 1] as Word[]).push(cut ? { ...w, text: w.text.slice(0, -1) } : w);
    if (cut) out.push([]);
  }
  return out.filter((p) => p.length > 0 && p.some((w) => w.text !== ''));
}

/** The party block of one separated line (its `words`, by default all of it), or undefined when it is not one. */
export function partyLineBlock(view: LineView, words: readonly Word[] = view.words): EntityBlock | undefined {
  // A sender line is separated by dots or bars, or else by commas; commas are common in other
  // lines too ("Amtsgericht Kiel, HRB 1234"), so comma pieces must hold a street or a postcode and town.
  const byComma = !words.some((w) => SEPARATOR.test(w.text));
  const parts = byComma ? commaPieces(words) : pieces(words);
  if (parts.length < MIN_PIECES) return undefined;
  const text = (p: Word[]): string => p.map((w) => w.text).join(' ');
  const [name, ...rest] = parts as [Word[], ...Word[][]];
  if (!/\p{L}{3}/u.test(text(name)) || /\d/.test(text(name)) || isContactDetail(text(name))) return undefined;
  const end = rest.findIndex((p) => isContactDetail(text(p)));
  const address = end < 0 ? rest : rest.slice(0, end);
  // An address has a number somewhere (street or postcode).
  if (address.length === 0 || !address.some((p) => /\d/.test(text(p)))) return undefined;
  if (byComma && !address.some((p) => isStreetLine(text(p)) || parsePostalLine(text(p)) !== null)) return undefined;
  const block: BlockLine[] = [name, ...address].map((w) => ({ view, words: w }));
  return { lines: block, score: PARTY_LINE_SCORE, heading: '' };
}

export function footerIssuer(ctx: ExtractContext): EntityBlock | undefined {
  const firstPage = ctx.views[0]?.page;
  // Footers sit at the end of the page, or right under a short letter; a letterhead strip may
  // print the same line at the top. Read from the bottom up.
  for (const view of ctx.views.filter((v) => v.page === firstPage).reverse()) {
    const block = partyLineBlock(view);
    if (block !== undefined) return block;
  }
  return undefined;
}
