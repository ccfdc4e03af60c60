/**
 * Writes the third fresh set (fresh3-*.ts) to bench/corpora/fresh3/<id>/source.<ext>, prints it to
 * PDF and writes each ground truth: bench/corpora/fresh3/<id>/document.pdf, .../expected.json. Made after LOCAL had been tuned on every older corpus including fresh and fresh2, so its
 * first measurement is an honest figure for unseen styles.
 *
 * Needs: wkhtmltopdf, LibreOffice (soffice), groff and ghostscript (ps2pdf) on PATH.
 * Run:   cd /work/main && node_modules/.bin/node bench/corpus-tools/make-fresh3.ts [id-prefix]
 */
import { FRESH3_INVOICES } from './fresh3-invoices.ts';
import { FRESH3_STATEMENTS } from './fresh3-statements.ts';
import { makeCorpusSet } from './make-set.ts';

makeCorpusSet('fresh3', [...FRESH3_INVOICES, ...FRESH3_STATEMENTS], process.argv[2]);
