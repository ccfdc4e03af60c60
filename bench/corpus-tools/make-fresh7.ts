/**
 * Writes the seventh fresh set (fresh7-invoices.ts): detailed-schema invoices in the styles of the
 * published German e-invoice samples, drawn with pdf-lib.
 * Run:   node_modules/.bin/node bench/corpus-tools/make-fresh7.ts
 */
import { FRESH7_INVOICES } from './fresh7-invoices.ts';
import { writeDrawnSet } from './write-drawn-set.ts';

await writeDrawnSet('fresh7', FRESH7_INVOICES);
