/**
 * What LOCAL tries, in order, when a field has no label of its own on the page. Each step is
 * declared here with the reason it sits where it does; a maintainer adds a step by adding an
 * entry. Every step answers null when it is not sure, and a field no step finds stays null.
 */
import type { Concept } from './synonyms.ts';
import { dateRangeFallback } from './date-range.ts';
import { currencyFallback, patternFallback, titleFallback } from './document-fallbacks.ts';
import { findEntityBlock, namedRowsBlock } from './entity-block.ts';
import { partyNameFallback, recipientBlock, topBlock } from './unlabelled-party.ts';
import type { EntityBlock } from './entity-block.ts';
import type { LabelCandidate } from './field-labels.ts';
import { footerIssuer } from './party-line.ts';
import { footerColumnIssuer } from './footer-columns.ts';
import type { Found } from './found-value.ts';
import { proseFallback } from './prose-fallbacks.ts';
import type { ExtractContext, FieldSpec } from './search-field.ts';

interface FieldFallback {
  name: string;
  /** Also for a party's fields (seller.email); otherwise the party's block answers for them. */
  forPartyFields: boolean;
  /** Only for fields of the document itself, not of a nested object. */
  topLevelOnly: boolean;
  /** Its value may be text another field already took (a currency read off an amount). */
  sharesText: boolean;
  find: (ctx: ExtractContext, spec: FieldSpec, parentWords: readonly string[]) => Found | null;
}

export const FIELD_FALLBACKS: readonly FieldFallback[] = [
  // A shape only one value has (an email, an IBAN): the document's only such value.
  { name: 'only value of its pattern', forPartyFields: false, topLevelOnly: false, sharesText: false, find: patternFallback },
  // Facts stated in sentences: "Rechnung Nr. 4711 vom 12.06.2019", "payable by 1 May".
  { name: 'stated in running text', forPartyFields: false, topLevelOnly: false, sharesText: false, find: proseFallback },
  // The currency its amounts are written in.
  { name: 'currency of the amounts', forPartyFields: true, topLevelOnly: false, sharesText: true, find: currencyFallback },
  // The two ends of one printed period ("01.03.–31.03.2024") for start and end fields.
  { name: 'end of a date range', forPartyFields: true, topLevelOnly: false, sharesText: true, find: (ctx, spec, words) => dateRangeFallback(ctx, spec, words) },
  // A paper's title: the largest text at the top.
  { name: 'largest text at the top', forPartyFields: true, topLevelOnly: true, sharesText: false, find: titleFallback },
  // An account holder or bank named without a label: the addressee block, the letterhead.
  { name: 'unlabelled party name', forPartyFields: true, topLevelOnly: true, sharesText: false, find: partyNameFallback },
];

interface BlockFinder {
  name: string;
  /** The party concepts it may answer for; undefined for every party. */
  parties: readonly string[] | undefined;
  find: (ctx: ExtractContext, headings: readonly LabelCandidate[]) => EntityBlock | undefined;
}

/** Where a party's block is, in order: under its heading first, then where such a party is printed unlabelled. */
const PARTY_BLOCK_FINDERS: readonly BlockFinder[] = [
  { name: 'section under its heading', parties: undefined, find: (ctx, headings) => findEntityBlock(ctx, headings, new Set(headings.map((h) => h.key))) },
  // Issuers print their name and address on top of the first page, or else in the footer.
  { name: 'top of the first page', parties: ['vendor'], find: (ctx) => topBlock(ctx) },
  { name: 'footer', parties: ['vendor'], find: (ctx) => footerIssuer(ctx) },
  // A footer of columns whose first one is name, street and town (after the one-line footer, which says more surely that it is the sender).
  { name: 'first footer column', parties: ['vendor'], find: (ctx) => footerColumnIssuer(ctx) },
  // A letter's addressee, or "Name … / Address …" rows without a heading.
  { name: 'addressee block', parties: ['customer'], find: (ctx) => recipientBlock(ctx) },
  { name: 'name and address rows', parties: ['customer'], find: (ctx) => namedRowsBlock(ctx) },
];

export function findPartyBlock(ctx: ExtractContext, party: Concept, headings: readonly LabelCandidate[]): EntityBlock | undefined {
  for (const finder of PARTY_BLOCK_FINDERS) {
    if (finder.parties !== undefined && !finder.parties.includes(party.key)) continue;
    const block = finder.find(ctx, headings);
    if (block !== undefined) return block;
  }
  return undefined;
}
