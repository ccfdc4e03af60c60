/**
 * Writes the fifth fresh set (fresh5-*.ts) to bench/corpus-tools/sources-fresh5/, prints it to
 * PDF and writes each ground truth: bench/corpus-fresh5/<id>/document.pdf, .../expected.json, plus
 * the two schemas. Made after LOCAL had been tuned on every older corpus including fresh through fresh4, so its
 * first measurement is an honest figure for unseen styles.
 *
 * Needs: wkhtmltopdf, LibreOffice (soffice), groff and ghostscript (ps2pdf) on PATH.
 * Run:   cd /work/main && node_modules/.bin/node bench/corpus-tools/make-fresh5.ts [id-prefix]
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FRESH5_INVOICES } from './fresh5-invoices.ts';
import { FRESH5_STATEMENTS } from './fresh5-statements.ts';
import type { FreshDocument } from './fresh-types.ts';

const TOOLS = import.meta.dirname;
const SOURCES = join(TOOLS, 'sources-fresh5');
const OUT = join(TOOLS, '..', 'corpus-fresh5');

function print(doc: FreshDocument, src: string, out: string): void {
  const work = mkdtempSync(join(tmpdir(), 'fresh5-'));
  try {
    if (doc.tool === 'wkhtmltopdf') {
      const orientation = doc.landscape === true ? ['--orientation', 'Landscape'] : [];
      execFileSync('wkhtmltopdf', ['-q', '--page-size', 'A4', ...orientation, src, out], { env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' }, stdio: 'ignore' });
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
mkdirSync(OUT, { recursive: true });
for (const schema of ['invoice.schema.json', 'statement.schema.json']) copyFileSync(join(TOOLS, '..', 'corpus', schema), join(OUT, schema));
for (const make of [...FRESH5_INVOICES, ...FRESH5_STATEMENTS]) {
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
