/**
 * Writes the fresh held-out sources to bench/corpora/fresh/<id>/source.<ext>, prints them to PDF and
 * writes each ground truth: bench/corpora/fresh/<id>/document.pdf, .../expected.json. The fresh set was made after LOCAL had been tuned on both older corpora; it is meant
 * to stay untuned, so its figure remains an honest one for unseen styles.
 *
 * Needs: wkhtmltopdf, LibreOffice (soffice), groff and ghostscript (ps2pdf) on PATH.
 * Run:   cd /work/main && node_modules/.bin/node bench/corpus-tools/make-fresh.ts [id-prefix]
 */
import { FRESH_INVOICES_A } from './fresh-invoices-a.ts';
import { FRESH_INVOICES_B } from './fresh-invoices-b.ts';
import { FRESH_STATEMENTS } from './fresh-statements.ts';
import { makeCorpusSet } from './make-set.ts';

makeCorpusSet('fresh', [...FRESH_INVOICES_A, ...FRESH_INVOICES_B, ...FRESH_STATEMENTS], process.argv[2]);
