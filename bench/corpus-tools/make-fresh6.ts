/**
 * Writes the sixth fresh set (fresh6-invoices.ts): detailed-schema invoices drawn with pdf-lib.
 * Run:   node_modules/.bin/node bench/corpus-tools/make-fresh6.ts
 */
import { FRESH6_INVOICES } from './fresh6-invoices.ts';
import { writeDrawnSet } from './write-drawn-set.ts';

await writeDrawnSet('fresh6', FRESH6_INVOICES);
