/**
 * Address-part fields of a party (street, postal_code, city, country) read from the shapes of the
 * unlabelled lines of its block (address-parts.ts), for schemas that ask for the parts.
 */
import { isCountryLine, isStreetLine, parsePostalLine } from './address-parts.ts';
import { coerceScalar } from './coerce-value.ts';
import type { BlockLine } from './entity-block.ts';
import { foundFrom } from './found-value.ts';
import type { Found } from './found-value.ts';
import { quoteOf } from './layout-words.ts';
import type { ExtractContext, FieldSpec } from './search-field.ts';

const PART_CONCEPTS = ['street', 'postal_code', 'city', 'country'] as const;
type PartConcept = (typeof PART_CONCEPTS)[number];

/**
 * Address-part fields of a party from the unlabelled lines of its block after the name. Each
 * line is given to at most one part; a part with no line of its shape stays unfound.
 */
export function readAddressParts(ctx: ExtractContext, lines: readonly BlockLine[], specs: readonly FieldSpec[], score: number, note: string): Map<string, Found> {
  const out = new Map<string, Found>();
  const wanted = new Map<PartConcept, FieldSpec>();
  for (const s of specs) {
    const key = s.labels.concept?.key;
    if ((PART_CONCEPTS as readonly string[]).includes(key ?? '') && !wanted.has(key as PartConcept)) wanted.set(key as PartConcept, s);
  }
  if (wanted.size === 0) return out;
  const texts = lines.map((l) => quoteOf(l.words));
  const take = (spec: FieldSpec | undefined, i: number, text: string, what: string): void => {
    if (spec === undefined) return;
    const coerced = coerceScalar(text, spec.schema, ctx.hints, spec.labels.concept?.key);
    if (coerced === null) return;
    out.set(spec.name, foundFrom([lines[i] as BlockLine], coerced, coerced.value, score * PART_SCORE, `${what} in the ${note} taken as ${spec.name}`));
  };
  const postal = texts.findIndex((t) => parsePostalLine(t) !== null);
  if (postal >= 0) {
    take(wanted.get('postal_code'), postal, texts[postal] as string, 'postcode of the postcode-and-city line');
    take(wanted.get('city'), postal, texts[postal] as string, 'city of the postcode-and-city line');
  }
  const street = texts.findIndex((t, i) => i !== postal && (postal < 0 || i < postal) && isStreetLine(t));
  if (street >= 0) take(wanted.get('street'), street, texts[street] as string, 'street line');
  const country = texts.findIndex((t, i) => i > Math.max(postal, street) && isCountryLine(t));
  if (country >= 0) take(wanted.get('country'), country, texts[country] as string, 'country line');
  return out;
}

/** Address parts are read from shapes, not labels: a little less sure than a labelled value. */
const PART_SCORE = 0.85;
