/**
 * An IBAN's length is fixed by its country (ISO 13616: 22 characters in Germany, 20 in Austria,
 * 27 in France). A text layer that cuts an IBAN into two cells ("IBAN DE12 4606 0040 0104 |
 * 2211 70") leaves a value too short for its country; the groups of the next cell that make up
 * exactly the missing characters are the rest of it. Anything else is left alone.
 */
import type { Word } from './layout-words.ts';

const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AT: 20, BA: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GI: 23,
  GL: 18, GR: 27, HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, ME: 22, MK: 19, MT: 31, NL: 18, NO: 15,
  PL: 28, PT: 25, RO: 24, RS: 22, SE: 24, SI: 19, SK: 24, SM: 27, TR: 26,
};

/** An IBAN at the end of a text, its spaces removed. */
const IBAN_AT_END = /([A-Z]{2})\d{2}[A-Z0-9]*$/;
/** Of an IBAN cut short, at least its country, check digits and two groups are printed: shorter is something else. */
const MIN_PRINTED = 12;
/** A printed group of an IBAN. */
const GROUP = /^[A-Z0-9]{1,4}$/;

/** How many of `next` words complete the IBAN that `words` end with; 0 when they do not exactly. */
export function ibanRestIn(words: readonly Word[], next: readonly Word[]): number {
  const m = IBAN_AT_END.exec(words.map((w) => w.text).join(''));
  const length = m === null ? undefined : IBAN_LENGTHS[m[1] as string];
  if (m === null || length === undefined || m[0].length < MIN_PRINTED) return 0;
  let missing = length - m[0].length;
  if (missing <= 0) return 0;
  for (let i = 0; i < next.length; i++) {
    const text = (next[i] as Word).text;
    if (!GROUP.test(text)) return 0;
    missing -= text.length;
    if (missing === 0) return i + 1;
    if (missing < 0) return 0;
  }
  return 0;
}
