/**
 * Writes the first sealed holdout set (sealed1-invoices.ts): bench/corpora/sealed1/<id>/
 * {source.json (the runs drawn), document.pdf, expected.json}. Needs only pdf-lib.
 * Run:   node_modules/.bin/node bench/corpus-tools/make-sealed1.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLEAN, renderOcrPage, SCANNED } from './ocr-page.ts';
import { SEALED1_INVOICES } from './sealed1-invoices.ts';

const OUT = join(import.meta.dirname, '..', 'corpora', 'sealed1');

let seed = 1;
for (const make of SEALED1_INVOICES) {
  const doc = make();
  const dir = join(OUT, doc.id);
  mkdirSync(dir, { recursive: true });
  const noise = doc.scanned ? SCANNED : CLEAN;
  writeFileSync(join(dir, 'source.json'), `${JSON.stringify({ noise, seed, runs: doc.page.runs, rules: doc.page.rules }, null, 1)}\n`);
  writeFileSync(join(dir, 'document.pdf'), await renderOcrPage(doc.page, noise, seed));
  writeFileSync(join(dir, 'expected.json'), `${JSON.stringify({ schema: 'invoice.schema.json', expected: doc.expected }, null, 2)}\n`);
  console.log(doc.id);
  seed++;
}
