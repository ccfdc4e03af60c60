/**
 * The parts of a postal address as printed in a party's block: the street line (a name with a
 * house number), the postcode-and-city line in the common national forms, and a country line.
 * Used for schemas that ask for the parts (street, postal_code, city, country) instead of one
 * address string, and to split a labelled "Ort: 10115 Berlin" into postcode and city.
 */

interface PostalLine {
  postalCode: string;
  city: string;
}

/** "10115 Berlin", "F-75001 Paris", "28001 Madrid", "20121 Milano (MI)", "1012 AB Amsterdam". */
const CODE_THEN_CITY = /^(?:[A-Z]{1,2}[-‐ ])?(\d{4,5}(?:\s?[A-Z]{2}(?=\s))?)\s+(\p{L}[\p{L}\p{M} .'’\-()/]*)$/u;
/** "Springfield, IL 62701", "Austin, TX 73301-1234". */
const CITY_STATE_ZIP = /^(\p{L}[\p{L} .'\-]*?),?\s+([A-Z]{2})\s+(\d{5}(?:-\d{4})?)$/u;
/** "London SW1A 1AA", "Bristol BS1 4DJ". */
const CITY_UK_POSTCODE = /^(\p{L}[\p{L} .'\-]*?),?\s+([A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})$/u;

/** A British postcode printed on a line of its own, under the town ("LS10 1AB"). */
const UK_POSTCODE_ALONE = /^[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}$/;
/** An Irish Eircode, printed the same way under the town ("T12 X2C4", "D6W 1234"): a routing key and four characters. */
const EIRCODE_ALONE = /^(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[0-9AC-FHKNPRTV-Y]{4}$/;

export function isPostcodeAlone(text: string): boolean {
  return UK_POSTCODE_ALONE.test(text.trim()) || EIRCODE_ALONE.test(text.trim());
}

/** A town alone on its line: letters only, not a street, not a country. */
export function isTownAlone(text: string): boolean {
  const t = text.trim();
  return /^\p{L}[\p{L}\p{M} .'’\-]*$/u.test(t) && t.split(/\s+/).length <= 3 && !STREET_WORDS.test(t) && !isCountryLine(t);
}

/** Words that make a line a street ("12 Main Street", "Via Roma 1"), never a city. */
const STREET_WORDS = /\b(?:street|st\.|road|rd\.?|avenue|ave\.?|lane|ln\.?|drive|dr\.|boulevard|blvd|way|suite|unit|strasse|straße|str\.|weg|platz|allee|gasse|ring|damm|rue|chemin|boulevard|calle|avda\.?|avenida|plaza|paseo|via|viale|piazza|corso|straat|laan|plein|rua|travessa)\b/iu;

export function parsePostalLine(text: string): PostalLine | null {
  const t = text.trim().replace(/,$/, '');
  if (STREET_WORDS.test(t)) return null;
  const a = CODE_THEN_CITY.exec(t);
  if (a !== null) return { postalCode: a[1] as string, city: (a[2] as string).trim() };
  const us = CITY_STATE_ZIP.exec(t);
  if (us !== null) return { postalCode: us[3] as string, city: (us[1] as string).trim() };
  const uk = CITY_UK_POSTCODE.exec(t);
  if (uk !== null) return { postalCode: uk[2] as string, city: (uk[1] as string).trim() };
  return null;
}

/** A street line: letters and a house number, or a house number first ("480 Pine Street"). */
export function isStreetLine(text: string): boolean {
  const t = text.trim();
  if (parsePostalLine(t) !== null || t.length > 60) return false;
  return /^\p{L}[\p{L}\p{M} .'’\-]+\s\d+\s?[a-zA-Z]?\b/u.test(t) || /^\d+[a-zA-Z]?,?\s+\p{L}/u.test(t) || STREET_WORDS.test(t);
}

/** Countries as printed in addresses: ISO codes and common names in the lexicon's languages. */
const COUNTRIES: ReadonlySet<string> = new Set([
  'de', 'at', 'ch', 'fr', 'es', 'it', 'nl', 'be', 'lu', 'pt', 'gb', 'uk', 'ie', 'us', 'usa', 'ca', 'au', 'pl', 'dk', 'se', 'no', 'fi',
  'germany', 'deutschland', 'austria', 'osterreich', 'switzerland', 'schweiz', 'suisse', 'svizzera', 'france', 'frankreich', 'spain', 'espana', 'spanien',
  'italy', 'italia', 'italien', 'netherlands', 'nederland', 'niederlande', 'belgium', 'belgique', 'belgie', 'luxembourg', 'portugal',
  'united kingdom', 'great britain', 'ireland', 'united states', 'united states of america', 'canada', 'australia', 'poland', 'polen', 'denmark', 'sweden', 'norway',
]);

export function isCountryLine(text: string): boolean {
  const t = text.trim().normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[.,]$/, '');
  return COUNTRIES.has(t);
}
