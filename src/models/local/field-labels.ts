/**
 * The labels under which a schema property may be printed: its name, its title, a short
 * description, the phrases of the synonym concept it names, and, for a property of a party
 * (seller.name, customer_address), the party's phrases combined with the property's.
 */
import type { JsonSchema } from '../../domain/types.ts';
import { foldLabel } from './normalize-label.ts';
import { CONCEPTS } from './synonyms.ts';
import type { Concept } from './synonyms.ts';
import { stringProp } from './schema-shape.ts';

export interface LabelCandidate {
  words: readonly string[];
  key: string;
  /** How much a match under this label is worth, before typos and position. */
  weight: number;
  /**
   * 'weak': a weak phrase of the concept ("Number", "Amount"), ambiguous alone. 'heading': a party
   * heading that counts only on a line of its own ("Facturation"), never inline.
   */
  source: 'name' | 'title' | 'description' | 'synonym' | 'weak' | 'heading' | 'qualified';
}

export interface FieldLabels {
  /** Labels searched across the whole section. */
  candidates: LabelCandidate[];
  /** Labels searched only inside the block of the field's party. */
  blockCandidates: LabelCandidate[];
  keys: ReadonlySet<string>;
  /** The concept the property itself names (invoice_number, address...). */
  concept: Concept | undefined;
  /** The party the property belongs to, from its parent or from a prefix of its own name. */
  entity: Concept | undefined;
}

// Label weights: how much a match under each kind of label is worth, so that the label that names
// the field most exactly wins when several are printed.
/** A bare label under a parent that is not a party ("shipping.total"): "Shipping Total" must beat a bare "Total". */
const BARE_UNDER_PARENT = 0.85;
/** A schema description short enough to be a printed label: written for people, not copied from documents. */
const DESCRIPTION_LABEL = 0.85;
/** A synonym of the concept the property names: a printed word for it, not the schema's own. */
const SYNONYM = 0.9;
/** A synonym when the property's name narrows the concept in a way the synonyms do not know ("posted_date"). */
const SYNONYM_OF_NARROWED = 0.8;
/** A weak phrase ("Amount", "Invoice") is ambiguous alone: it must lose to any specific label. */
const WEAK_PHRASE = 0.78;
/** A weak phrase as a party heading ("To", "From"): it heads many other things. */
const WEAK_HEADING = 0.7;
/** "Customer Name", "Seller VAT number": the party and the field in one label, nearly as sure as the field's own name. */
const QUALIFIED_LABEL = 0.95;
/** A qualified label longer than this is not printed as one label. */
const MAX_QUALIFIED_WORDS = 5;
/** A schema description longer than this many words is a sentence, not a label. */
const MAX_DESCRIPTION_LABEL_WORDS = 4;

interface ConceptPhrase {
  concept: Concept;
  words: string[];
  key: string;
  weak: boolean;
  /** Only a section heading on a line of its own (Concept.headings). */
  heading: boolean;
}

const phrase = (concept: Concept, p: string, kind: { weak?: boolean; heading?: boolean }): ConceptPhrase =>
  ({ concept, words: foldLabel(p), key: foldLabel(p).join(' '), weak: kind.weak === true, heading: kind.heading === true });

const PHRASES: readonly ConceptPhrase[] = CONCEPTS.flatMap((concept) => [
  ...concept.phrases.map((p) => phrase(concept, p, {})),
  ...(concept.weak ?? []).map((p) => phrase(concept, p, { weak: true })),
  ...(concept.headings ?? []).map((p) => phrase(concept, p, { heading: true })),
]);

/** Every phrase of every concept: labels that belong to *some* field, used to tell where a value ends. */
export const LEXICON: ReadonlySet<string> = new Set(PHRASES.map((p) => p.key));

function conceptsNamed(key: string, wantEntity: boolean | undefined): Concept[] {
  const found: Concept[] = [];
  for (const p of PHRASES) {
    if (p.weak || p.key !== key) continue;
    if (wantEntity !== undefined && (p.concept.entity === true) !== wantEntity) continue;
    if (!found.includes(p.concept)) found.push(p.concept);
  }
  return found;
}

/** The concept a folded name denotes, trying the whole name, then its longest known suffix. */
export function conceptOf(words: readonly string[], entity: boolean): { concept: Concept; prefix: string[] } | undefined {
  const key = words.join(' ');
  const byKey = CONCEPTS.find((c) => c.key.replace(/_/g, ' ') === key && (c.entity === true) === entity);
  if (byKey !== undefined) return { concept: byKey, prefix: [] };
  for (let start = 0; start < words.length; start++) {
    const suffix = words.slice(start).join(' ');
    const named = conceptsNamed(suffix, entity);
    if (named.length > 0) return { concept: named[0] as Concept, prefix: words.slice(0, start) };
  }
  return undefined;
}

/** The concept's labels printed inline (headings-only phrases are left out unless asked for). */
function phrasesOf(concept: Concept, withHeadings = false): { words: string[]; weak: boolean; heading: boolean }[] {
  return PHRASES.filter((p) => p.concept === concept && (withHeadings || !p.heading)).map((p) => ({ words: p.words, weak: p.weak, heading: p.heading }));
}

function descriptionLabel(schema: JsonSchema): string[] | undefined {
  const d = stringProp(schema, 'description');
  if (d === undefined) return undefined;
  const words = foldLabel(d);
  return words.length > 0 && words.length <= MAX_DESCRIPTION_LABEL_WORDS ? words : undefined;
}

/**
 * Labels for property `name` with schema `schema`. `parentEntity` is the party of the enclosing
 * object, when it is one; `parentWords` the folded name of the enclosing object otherwise.
 *
 * A field of a party (seller.name, customer_address) is only searched under qualified labels
 * ("Customer Name") across the page; its bare labels ("Name") count only inside the party's block,
 * where they cannot belong to the other party.
 */
export function fieldLabels(name: string, schema: JsonSchema, parentEntity: Concept | undefined, parentWords: readonly string[]): FieldLabels {
  const global = new CandidateList();
  const block = new CandidateList();
  const nameWords = foldLabel(name);
  const title = stringProp(schema, 'title');
  const titleWords = title === undefined ? [] : foldLabel(title);

  let entity = parentEntity;
  let concept: Concept | undefined;
  let leafWords = nameWords;
  let exactConcept = false;
  const own = conceptOf(nameWords, false) ?? (titleWords.length > 0 ? conceptOf(titleWords, false) : undefined);
  if (own !== undefined) {
    concept = own.concept;
    exactConcept = own.prefix.length === 0;
    if (own.prefix.length > 0 && parentEntity === undefined) {
      const prefixEntity = conceptOf(own.prefix, true);
      if (prefixEntity !== undefined && prefixEntity.prefix.length === 0) {
        entity = prefixEntity.concept;
        leafWords = nameWords.slice(own.prefix.length);
        exactConcept = true;
      }
    }
  }

  // Bare labels: everywhere for a plain field, only in the block for a party's field.
  const bare = entity !== undefined ? block : global;
  if (entity !== undefined && parentEntity === undefined) global.add(nameWords, 1, 'name');
  // Under a parent that is not a party ("shipping.total"), "Shipping Total" beats a bare "Total".
  const bareWeight = entity === undefined && parentWords.length > 0 ? BARE_UNDER_PARENT : 1;
  bare.add(entity !== undefined ? leafWords : nameWords, bareWeight, 'name');
  bare.add(titleWords, bareWeight, 'title');
  const desc = descriptionLabel(schema);
  if (desc !== undefined) bare.add(desc, DESCRIPTION_LABEL * bareWeight, 'description');
  if (concept !== undefined) {
    // An unknown prefix ("posted_date") narrows the concept in a way the synonyms do not know.
    const w = (exactConcept ? SYNONYM : SYNONYM_OF_NARROWED) * bareWeight;
    for (const p of phrasesOf(concept)) bare.add(p.words, p.weak ? w * WEAK_PHRASE : w, p.weak ? 'weak' : 'synonym');
  }
  // Qualified by the party or parent: "Customer Name", "Seller VAT number".
  const qualifiers: string[][] = entity !== undefined ? phrasesOf(entity).filter((p) => !p.weak).map((p) => p.words) : [];
  if (parentWords.length > 0) qualifiers.push([...parentWords]);
  const leafPhrases = concept !== undefined && exactConcept ? phrasesOf(concept).filter((p) => !p.weak).map((p) => p.words) : [leafWords];
  for (const q of qualifiers) {
    for (const l of leafPhrases) {
      if (q.length + l.length <= MAX_QUALIFIED_WORDS) global.add([...q, ...l], QUALIFIED_LABEL, 'qualified');
    }
  }
  return { candidates: global.items, blockCandidates: block.items, keys: new Set([...global.items, ...block.items].map((c) => c.key)), concept, entity };
}

class CandidateList {
  readonly items: LabelCandidate[] = [];
  add(words: readonly string[], weight: number, source: LabelCandidate['source']): void {
    if (words.length === 0) return;
    const key = words.join(' ');
    const existing = this.items.find((c) => c.key === key);
    if (existing !== undefined) {
      if (weight > existing.weight) Object.assign(existing, { weight, source });
    } else this.items.push({ words, key, weight, source });
  }
}

/** The party concept an object property denotes (seller, bill_to...), if any. */
export function entityOf(name: string, schema: JsonSchema): Concept | undefined {
  const nameWords = foldLabel(name);
  const byName = conceptOf(nameWords, true);
  if (byName !== undefined && byName.prefix.length === 0) return byName.concept;
  const title = stringProp(schema, 'title');
  if (title !== undefined) {
    const byTitle = conceptOf(foldLabel(title), true);
    if (byTitle !== undefined && byTitle.prefix.length === 0) return byTitle.concept;
  }
  // "vendor_info", "customer_details": the first word names the party.
  const first = nameWords[0];
  if (first !== undefined && nameWords.length > 1) {
    const byFirst = conceptOf([first], true);
    if (byFirst !== undefined && byFirst.prefix.length === 0) return byFirst.concept;
  }
  return undefined;
}

/** Labels of a party's heading ("Bill To", "Seller"), including the object's own name and title. */
export function entityHeadingLabels(name: string, schema: JsonSchema, entity: Concept | undefined): LabelCandidate[] {
  const out: LabelCandidate[] = [];
  const add = (words: readonly string[], weight: number, source: LabelCandidate['source']): void => {
    const key = words.join(' ');
    if (words.length > 0 && !out.some((c) => c.key === key)) out.push({ words, key, weight, source });
  };
  add(foldLabel(name), 1, 'name');
  const title = stringProp(schema, 'title');
  if (title !== undefined) add(foldLabel(title), 1, 'title');
  if (entity !== undefined) {
    for (const p of phrasesOf(entity, true)) add(p.words, p.weak ? WEAK_HEADING : SYNONYM, p.heading ? 'heading' : 'synonym');
  }
  return out;
}
