/**
 * Writes a table set (table-sets.ts): bench/corpora/<set>/<id>/{source.json (the runs and rules
 * drawn), document.pdf, schema.json, expected.json}. Needs only pdf-lib.
 * Run:   node_modules/.bin/node bench/corpus-tools/make-tables.ts tables|tables-sealed
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLEAN, renderOcrPage, SCANNED } from './ocr-page.ts';
import { drawTable } from './table-documents.ts';
import { SEALED_TABLES, TUNING_TABLES } from './table-sets.ts';

const SETS = { tables: TUNING_TABLES, 'tables-sealed': SEALED_TABLES } as const;
const name = process.argv[2];
if (name !== 'tables' && name !== 'tables-sealed') throw new Error(`usage: make-tables.ts ${Object.keys(SETS).join('|')}`);
const OUT = join(import.meta.dirname, '..', 'corpora', name);

let seed = 101;
for (const spec of SETS[name]) {
  const doc = drawTable(spec);
  const dir = join(OUT, doc.id);
  mkdirSync(dir, { recursive: true });
  const noise = doc.scanned ? SCANNED : CLEAN;
  writeFileSync(join(dir, 'source.json'), `${JSON.stringify({ noise, seed, runs: doc.page.runs, rules: doc.page.rules }, null, 1)}\n`);
  writeFileSync(join(dir, 'document.pdf'), await renderOcrPage(doc.page, noise, seed));
  writeFileSync(join(dir, 'schema.json'), `${JSON.stringify(doc.schema, null, 2)}\n`);
  writeFileSync(join(dir, 'expected.json'), `${JSON.stringify({ schema: './schema.json', expected: doc.expected }, null, 2)}\n`);
  console.log(doc.id);
  seed++;
}
