/**
 * Writes the probes7 tuning set (probes7-invoices-de.ts, probes7-invoices-other.ts): ten detailed-
 * schema invoices drawn with pdf-lib, made before any extractor change of their round.
 * Run:   node_modules/.bin/node bench/corpus-tools/make-probes7.ts
 */
import { PROBES7_DE } from './probes7-invoices-de.ts';
import { PROBES7_OTHER } from './probes7-invoices-other.ts';
import { writeDrawnSet } from './write-drawn-set.ts';

await writeDrawnSet('probes7', [...PROBES7_DE, ...PROBES7_OTHER]);
