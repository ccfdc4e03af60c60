/**
 * Writes the second fresh set (fresh2-*.ts) to bench/corpora/fresh2/<id>/source.<ext>, prints it to
 * PDF and writes each ground truth: bench/corpora/fresh2/<id>/document.pdf, .../expected.json. Made after LOCAL had been tuned on every older corpus including fresh, so its
 * first measurement is an honest figure for unseen styles.
 *
 * Needs: wkhtmltopdf, LibreOffice (soffice), groff and ghostscript (ps2pdf) on PATH.
 * Run:   cd /work/main && node_modules/.bin/node bench/corpus-tools/make-fresh2.ts [id-prefix]
 */
import { FRESH2_INVOICES } from './fresh2-invoices.ts';
import { FRESH2_STATEMENTS } from './fresh2-statements.ts';
import { makeCorpusSet } from './make-set.ts';

makeCorpusSet('fresh2', [...FRESH2_INVOICES, ...FRESH2_STATEMENTS], process.argv[2]);
