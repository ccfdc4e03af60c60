/**
 * Writes a sealed holdout set (sealed1-invoices.ts, sealed2-invoices.ts, sealed3-invoices.ts):
 * bench/corpora/<set>/<id>/{source.json (the runs drawn), document.pdf, expected.json}. Needs only pdf-lib.
 * Run:   node_modules/.bin/node bench/corpus-tools/make-sealed.ts sealed1|sealed2|sealed3
 */
import { SEALED1_INVOICES } from './sealed1-invoices.ts';
import { SEALED2_INVOICES } from './sealed2-invoices.ts';
import { SEALED3_INVOICES } from './sealed3-invoices.ts';
import { writeDrawnSet } from './write-drawn-set.ts';

const SETS = { sealed1: SEALED1_INVOICES, sealed2: SEALED2_INVOICES, sealed3: SEALED3_INVOICES } as const;
const name = process.argv[2];
if (name !== 'sealed1' && name !== 'sealed2' && name !== 'sealed3') throw new Error(`usage: make-sealed.ts ${Object.keys(SETS).join('|')}`);
await writeDrawnSet(name, SETS[name]);
