/**
 * Writes the sources of the set "original" (HTML, FODT, groff), prints them to PDF with the tool
 * each names, and writes each document's ground truth next to its PDF:
 *   bench/corpora/original/<id>/{source.<ext>, document.pdf, expected.json}
 *
 * Needs: wkhtmltopdf, LibreOffice (soffice), groff and ghostscript (ps2pdf) on PATH.
 * Run:   cd /work/main && node_modules/.bin/node bench/corpus-tools/make-corpus.ts [id-prefix]
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS } from './corpus-documents.ts';
import type { CorpusEntry } from './corpus-documents.ts';
import { invoiceTruth, statementTruth } from './corpus-types.ts';
import { invoiceFodt, monoStatementFodt } from './render-fodt.ts';
import { invoiceGroff, statementGroff } from './render-groff.ts';
import { invoiceHtml, statementHtml } from './render-html.ts';

const TOOLS = import.meta.dirname;
const CORPUS_DIR = join(TOOLS, '..', 'corpora', 'original');

function source(entry: CorpusEntry): { name: string; text: string } {
  switch (entry.tool) {
    case 'wkhtmltopdf':
    case 'lo-html':
      return { name: 'source.html', text: entry.kind === 'invoice' ? invoiceHtml(entry.data, entry.html) : statementHtml(entry.data, entry.html) };
    case 'lo-fodt':
      return { name: 'source.fodt', text: entry.kind === 'invoice' ? invoiceFodt(entry.data, entry.fodt) : monoStatementFodt(entry.data, entry.mono) };
    case 'groff':
      return { name: 'source.ms', text: entry.kind === 'invoice' ? invoiceGroff(entry.data, entry.groff) : statementGroff(entry.data, entry.groff) };
  }
}

function print(entry: CorpusEntry, src: string, out: string): void {
  const work = mkdtempSync(join(tmpdir(), 'corpus-'));
  try {
    if (entry.tool === 'wkhtmltopdf') {
      execFileSync('wkhtmltopdf', ['-q', '--page-size', 'A4', '--margin-top', '8mm', '--margin-bottom', '8mm', src, out], {
        env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' }, stdio: 'ignore',
      });
    } else if (entry.tool === 'groff') {
      const ps = execFileSync('groff', ['-t', '-ms', '-Tps', '-dpaper=a4', '-P-pa4', src]);
      execFileSync('ps2pdf', ['-sPAPERSIZE=a4', '-', out], { input: ps });
    } else {
      // HTML is imported into Writer proper (not Writer/Web), which lays it out on real pages.
      const infilter = entry.tool === 'lo-html' ? ['--infilter=HTML (StarWriter)'] : [];
      execFileSync('soffice', [`-env:UserInstallation=file://${work}/profile`, '--headless', ...infilter, '--convert-to', 'pdf:writer_pdf_Export', '--outdir', work, src], { stdio: 'ignore' });
      copyFileSync(join(work, 'source.pdf'), out);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const only = process.argv[2];
for (const entry of CORPUS) {
  if (only !== undefined && !entry.id.startsWith(only)) continue;
  const { name, text } = source(entry);
  const dir = join(CORPUS_DIR, entry.id);
  mkdirSync(dir, { recursive: true });
  const src = join(dir, name);
  writeFileSync(src, text);
  const pdf = join(dir, 'document.pdf');
  print(entry, src, pdf);
  const truth = entry.kind === 'invoice' ? invoiceTruth(entry.data) : statementTruth(entry.data);
  writeFileSync(join(dir, 'expected.json'), `${JSON.stringify({ schema: `${entry.kind}.schema.json`, expected: truth }, null, 2)}\n`);
  console.log(`${entry.id.padEnd(34)} ${entry.tool.padEnd(12)} ${(statSync(pdf).size / 1024).toFixed(0)} KB`);
}
