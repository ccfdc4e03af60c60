/**
 * Writes the fourth sealed holdout set, bench/corpora/sealed4/<id>/: the drawn invoices
 * (sealed4-drawn-invoices.ts: source.json, document.pdf by pdf-lib, expected.json) and the HTML
 * invoices (sealed4-html-invoices.ts: source.html, document.pdf printed by headless Chromium,
 * expected.json). Both regenerate byte for byte: Chromium stamps its PDFs with the time of
 * printing, which is overwritten here with a fixed one.
 *
 * Needs: chromium on PATH (Debian's chromium package).
 * Run:   node_modules/.bin/node bench/corpus-tools/make-sealed4.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SEALED4_DRAWN_INVOICES } from './sealed4-drawn-invoices.ts';
import { SEALED4_HTML_INVOICES } from './sealed4-html-invoices.ts';
import { writeDrawnSet } from './write-drawn-set.ts';

const SET = 'sealed4';

function printWithChromium(src: string, out: string): void {
  // A profile of its own, so a browser already running elsewhere is never reused.
  const profile = mkdtempSync(join(tmpdir(), 'sealed4-chromium-'));
  try {
    execFileSync('chromium', [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--user-data-dir=${profile}`,
      `--print-to-pdf=${out}`, pathToFileURL(src).href,
    ], { stdio: 'ignore', timeout: 120_000 });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  // Same length as the stamp it replaces, so the cross-reference offsets stay right.
  const pdf = readFileSync(out, 'latin1').replace(/\/(CreationDate|ModDate) \(D:\d{14}/g, '/$1 (D:20000101000000');
  writeFileSync(out, pdf, 'latin1');
}

await writeDrawnSet(SET, SEALED4_DRAWN_INVOICES);
for (const make of SEALED4_HTML_INVOICES) {
  const doc = make();
  const dir = join(import.meta.dirname, '..', 'corpora', SET, doc.id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'source.html'), doc.html);
  printWithChromium(join(dir, 'source.html'), join(dir, 'document.pdf'));
  writeFileSync(join(dir, 'expected.json'), `${JSON.stringify({ schema: doc.schema, expected: doc.expected }, null, 2)}\n`);
  console.log(doc.id);
}
