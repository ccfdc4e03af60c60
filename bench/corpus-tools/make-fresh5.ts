/**
 * Writes the fifth fresh set (fresh5-*.ts) to bench/corpora/fresh5/<id>/source.<ext>, prints it to
 * PDF and writes each ground truth: bench/corpora/fresh5/<id>/document.pdf, .../expected.json. Made after LOCAL had been tuned on every older corpus including fresh through fresh4, so its
 * first measurement is an honest figure for unseen styles.
 *
 * Needs: wkhtmltopdf, LibreOffice (soffice), groff and ghostscript (ps2pdf) on PATH.
 * Run:   cd /work/main && node_modules/.bin/node bench/corpus-tools/make-fresh5.ts [id-prefix]
 */
import { FRESH5_INVOICES } from './fresh5-invoices.ts';
import { FRESH5_STATEMENTS } from './fresh5-statements.ts';
import { makeCorpusSet } from './make-set.ts';

makeCorpusSet('fresh5', [...FRESH5_INVOICES, ...FRESH5_STATEMENTS], process.argv[2]);
