/**
 * Writes a set of pages drawn with ocr-page.ts (pdf-lib only, no office tool):
 * bench/corpora/<set>/<id>/{source.json (the runs drawn), document.pdf, expected.json}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLEAN, renderOcrPage, SCANNED } from './ocr-page.ts';
import type { SealedInvoice } from './sealed1-invoices.ts';

export async function writeDrawnSet(name: string, makers: ReadonlyArray<() => SealedInvoice>): Promise<void> {
  const out = join(import.meta.dirname, '..', 'corpora', name);
  let seed = 1;
  for (const make of makers) {
    const doc = make();
    const dir = join(out, doc.id);
    mkdirSync(dir, { recursive: true });
    const noise = doc.scanned ? SCANNED : CLEAN;
    writeFileSync(join(dir, 'source.json'), `${JSON.stringify({ noise, seed, runs: doc.page.runs, rules: doc.page.rules }, null, 1)}\n`);
    writeFileSync(join(dir, 'document.pdf'), await renderOcrPage(doc.page, noise, seed));
    writeFileSync(join(dir, 'expected.json'), `${JSON.stringify({ schema: doc.schema ?? 'invoice.schema.json', expected: doc.expected }, null, 2)}\n`);
    console.log(doc.id);
    seed++;
  }
}
