/**
 * Writes a sealed holdout set (sealed1-invoices.ts, sealed2-invoices.ts, sealed3-invoices.ts): bench/corpora/<set>/<id>/
 * {source.json (the runs drawn), document.pdf, expected.json}. Needs only pdf-lib.
 * Run:   node_modules/.bin/node bench/corpus-tools/make-sealed.ts sealed1|sealed2|sealed3
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLEAN, renderOcrPage, SCANNED } from './ocr-page.ts';
import { SEALED1_INVOICES } from './sealed1-invoices.ts';
import { SEALED2_INVOICES } from './sealed2-invoices.ts';
import { SEALED3_INVOICES } from './sealed3-invoices.ts';

const SETS = { sealed1: SEALED1_INVOICES, sealed2: SEALED2_INVOICES, sealed3: SEALED3_INVOICES } as const;
const name = process.argv[2];
if (name !== 'sealed1' && name !== 'sealed2' && name !== 'sealed3') throw new Error(`usage: make-sealed.ts ${Object.keys(SETS).join('|')}`);
const OUT = join(import.meta.dirname, '..', 'corpora', name);

let seed = 1;
for (const make of SETS[name]) {
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
