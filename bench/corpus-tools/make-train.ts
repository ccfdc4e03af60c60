/**
 * Writes the training sources to bench/corpora/train/<id>/source.<ext>, prints them to PDF and
 * writes each ground truth:  bench/corpora/train/<id>/document.pdf, .../expected.json
 *
 * Needs: wkhtmltopdf, LibreOffice (soffice), groff and ghostscript (ps2pdf) on PATH.
 * Run:   cd /work/main && node_modules/.bin/node bench/corpus-tools/make-train.ts [id-prefix]
 */
import { TRAIN_INVOICES } from './train-invoices.ts';
import { TRAIN_STATEMENTS } from './train-statements.ts';
import { makeCorpusSet } from './make-set.ts';

makeCorpusSet('train', [...TRAIN_INVOICES, ...TRAIN_STATEMENTS], process.argv[2]);
