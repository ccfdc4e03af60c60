/**
 * Writes the fourth fresh set (fresh4-*.ts) to bench/corpora/fresh4/<id>/source.<ext>, prints it to
 * PDF and writes each ground truth: bench/corpora/fresh4/<id>/document.pdf, .../expected.json. Made after LOCAL had been tuned on every older corpus including fresh, fresh2 and fresh3, so its
 * first measurement is an honest figure for unseen styles.
 *
 * Needs: wkhtmltopdf, LibreOffice (soffice), groff and ghostscript (ps2pdf) on PATH.
 * Run:   cd /work/main && node_modules/.bin/node bench/corpus-tools/make-fresh4.ts [id-prefix]
 */
import { FRESH4_INVOICES } from './fresh4-invoices.ts';
import { FRESH4_STATEMENTS } from './fresh4-statements.ts';
import { makeCorpusSet } from './make-set.ts';

makeCorpusSet('fresh4', [...FRESH4_INVOICES, ...FRESH4_STATEMENTS], process.argv[2]);
