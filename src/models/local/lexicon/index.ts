/** Every language LOCAL reads labels in; a new language is one more file here. */
import { DE } from './de.ts';
import { EN } from './en.ts';
import { ES } from './es.ts';
import { FR } from './fr.ts';
import { IT } from './it.ts';
import type { Lexicon } from './lexicon-types.ts';
import { NL } from './nl.ts';
import { NO } from './no.ts';
import { PT } from './pt.ts';

export const LEXICONS: Readonly<Record<string, Lexicon>> = { en: EN, de: DE, fr: FR, es: ES, it: IT, nl: NL, no: NO, pt: PT };
