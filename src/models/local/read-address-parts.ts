/**
 * Address-part fields of a party (street, postal_code, city, country) read from the shapes of the
 * unlabelled lines of its block (address-parts.ts), for schemas that ask for the parts.
 */
import { isCountryLine, isPostcodeAlone, isStreetLine, isTownAlone, parsePostalLine } from './address-parts.ts';
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
  const pieces = lines.flatMap(piecesOf);
  const texts = pieces.map((l) => quoteOf(l.words));
  const take = (spec: FieldSpec | undefined, i: number, text: string, what: string): void => {
    if (spec === undefined) return;
    const coerced = coerceScalar(text, spec.schema, ctx.hints, spec.labels.concept?.key);
    if (coerced === null) return;
    out.set(spec.name, foundFrom([pieces[i] as BlockLine], coerced, coerced.value, score * PART_SCORE, `${what} in the ${note} taken as ${spec.name}`));
  };
  let postal = texts.findIndex((t) => parsePostalLine(t) !== null);
  if (postal >= 0) {
    take(wanted.get('postal_code'), postal, texts[postal] as string, 'postcode of the postcode-and-city line');
    take(wanted.get('city'), postal, texts[postal] as string, 'city of the postcode-and-city line');
  } else {
    // British addresses put the town on one line and the postcode alone on the next.
    const code = texts.findIndex((t, i) => i > 0 && isPostcodeAlone(t) && isTownAlone(texts[i - 1] as string));
    if (code > 0) {
      take(wanted.get('postal_code'), code, texts[code] as string, 'postcode alone under the town');
      take(wanted.get('city'), code - 1, texts[code - 1] as string, 'town above the postcode');
      postal = code - 1;
    }
  }
  const street = texts.findIndex((t, i) => i !== postal && (postal < 0 || i < postal) && isStreetLine(t));
  if (street >= 0) take(wanted.get('street'), street, texts[street] as string, 'street line');
  const country = texts.findIndex((t, i) => i > Math.max(postal, street) && isCountryLine(t));
  if (country >= 0) take(wanted.get('country'), country, texts[country] as string, 'country line');
  return out;
}

/** Words that separate the parts of an address printed on one line ("Hafenstraße 88 · 47119 Duisburg"). */
const PART_SEPARATOR = /^[·•|]$/;

/**
 * The parts of a line printed with separators, each its own piece; a line without them is one
 * piece. A comma separates too when what follows it is a postcode-and-city ("Mühlweg 3, 80331 München").
 */
function piecesOf(line: BlockLine): BlockLine[] {
  const out: BlockLine[] = [];
  let current: BlockLine['words'] = [];
  line.words.forEach((w, i) => {
    if (PART_SEPARATOR.test(w.text)) {
      if (current.length > 0) out.push({ view: line.view, words: current });
      current = [];
      return;
    }
    current.push(w);
    const rest = line.words.slice(i + 1);
    if (/,$/.test(w.text) && rest.length > 0 && parsePostalLine(quoteOf(rest)) !== null) {
      out.push({ view: line.view, words: current });
      current = [];
    }
  });
  if (current.length > 0) out.push({ view: line.view, words: current });
  return out.length > 0 ? out : [line];
}

/** Address parts are read from shapes, not labels: a little less sure than a labelled value. */
const PART_SCORE = 0.85;
