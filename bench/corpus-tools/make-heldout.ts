/**
 * Writes the held-out sources to bench/corpora/heldout/<id>/source.<ext>, prints them to PDF and
 * writes each ground truth:  bench/corpora/heldout/<id>/document.pdf, .../expected.json
 *
 * Needs: wkhtmltopdf, LibreOffice (soffice), groff and ghostscript (ps2pdf) on PATH.
 * Run:   cd /work/main && node_modules/.bin/node bench/corpus-tools/make-heldout.ts [id-prefix]
 */
import { HELDOUT_INVOICES } from './heldout-invoices.ts';
import { HELDOUT_STATEMENTS } from './heldout-statements.ts';
import { makeCorpusSet } from './make-set.ts';

makeCorpusSet('heldout', [...HELDOUT_INVOICES, ...HELDOUT_STATEMENTS], process.argv[2]);
