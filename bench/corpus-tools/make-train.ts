/**
 * Writes the training sources to bench/corpus-tools/sources-train/, prints them to PDF and
 * writes each ground truth:  bench/corpus-train/<id>/document.pdf, .../expected.json
 *
 * Needs: wkhtmltopdf, LibreOffice (soffice), groff and ghostscript (ps2pdf) on PATH.
 * Run:   cd /work/main && node_modules/.bin/node bench/corpus-tools/make-train.ts [id-prefix]
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRAIN_INVOICES } from './train-invoices.ts';
import { TRAIN_STATEMENTS } from './train-statements.ts';
import type { HeldoutDocument } from './heldout-types.ts';

const TOOLS = import.meta.dirname;
const SOURCES = join(TOOLS, 'sources-train');
const OUT = join(TOOLS, '..', 'corpus-train');

function print(doc: HeldoutDocument, src: string, out: string): void {
  const work = mkdtempSync(join(tmpdir(), 'train-'));
  try {
    if (doc.tool === 'wkhtmltopdf') {
      execFileSync('wkhtmltopdf', ['-q', '--page-size', 'A4', src, out], { env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' }, stdio: 'ignore' });
    } else if (doc.tool === 'groff') {
      const ps = execFileSync('groff', ['-t', '-ms', '-Tps', '-dpaper=a4', '-P-pa4', src]);
      execFileSync('ps2pdf', ['-sPAPERSIZE=a4', '-', out], { input: ps });
    } else {
      execFileSync('soffice', [`-env:UserInstallation=file://${work}/profile`, '--headless', '--infilter=HTML (StarWriter)', '--convert-to', 'pdf:writer_pdf_Export', '--outdir', work, src], { stdio: 'ignore' });
      copyFileSync(join(work, `${doc.id}.pdf`), out);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const only = process.argv[2];
mkdirSync(SOURCES, { recursive: true });
for (const make of [...TRAIN_INVOICES, ...TRAIN_STATEMENTS]) {
  const doc = make();
  if (only !== undefined && !doc.id.startsWith(only)) continue;
  const src = join(SOURCES, `${doc.id}.${doc.ext}`);
  writeFileSync(src, doc.source);
  const dir = join(OUT, doc.id);
  mkdirSync(dir, { recursive: true });
  const pdf = join(dir, 'document.pdf');
  print(doc, src, pdf);
  writeFileSync(join(dir, 'expected.json'), `${JSON.stringify({ schema: doc.schema, expected: doc.expected }, null, 2)}\n`);
  console.log(`${doc.id.padEnd(34)} ${doc.tool.padEnd(12)} ${(statSync(pdf).size / 1024).toFixed(0)} KB`);
}
