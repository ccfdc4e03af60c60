/**
 * The one generator behind every generated corpus set (heldout, train, fresh, fresh2…): writes
 * each document's source, prints it to PDF and writes its ground truth:
 * bench/corpora/<name>/<id>/{source.<ext>, document.pdf, expected.json}. The schemas the truths
 * name live once in bench/corpora/schemas/.
 *
 * Needs: wkhtmltopdf, LibreOffice (soffice), groff and ghostscript (ps2pdf) on PATH.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HeldoutDocument } from './heldout-types.ts';

/** A document of any set; `landscape` is honoured for wkhtmltopdf only. */
export type SetDocument = HeldoutDocument & { landscape?: boolean };

const TOOLS = import.meta.dirname;

function print(doc: SetDocument, src: string, out: string): void {
  const work = mkdtempSync(join(tmpdir(), 'corpus-set-'));
  try {
    if (doc.tool === 'wkhtmltopdf') {
      const orientation = doc.landscape === true ? ['--orientation', 'Landscape'] : [];
      execFileSync('wkhtmltopdf', ['-q', '--page-size', 'A4', ...orientation, src, out], { env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' }, stdio: 'ignore' });
    } else if (doc.tool === 'groff') {
      const ps = execFileSync('groff', ['-t', '-ms', '-Tps', '-dpaper=a4', '-P-pa4', src]);
      execFileSync('ps2pdf', ['-sPAPERSIZE=a4', '-', out], { input: ps });
    } else {
      execFileSync('soffice', [`-env:UserInstallation=file://${work}/profile`, '--headless', '--infilter=HTML (StarWriter)', '--convert-to', 'pdf:writer_pdf_Export', '--outdir', work, src], { stdio: 'ignore' });
      copyFileSync(join(work, 'source.pdf'), out);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Generates set `name` from its document makers; `only` keeps the ids that start with it. */
export function makeCorpusSet(name: string, makers: ReadonlyArray<() => SetDocument>, only?: string): void {
  const out = join(TOOLS, '..', 'corpora', name);
  mkdirSync(out, { recursive: true });
  for (const make of makers) {
    const doc = make();
    if (only !== undefined && !doc.id.startsWith(only)) continue;
    const dir = join(out, doc.id);
    mkdirSync(dir, { recursive: true });
    const src = join(dir, `source.${doc.ext}`);
    writeFileSync(src, doc.source);
    const pdf = join(dir, 'document.pdf');
    print(doc, src, pdf);
    writeFileSync(join(dir, 'expected.json'), `${JSON.stringify({ schema: doc.schema, expected: doc.expected }, null, 2)}\n`);
    console.log(`${doc.id.padEnd(34)} ${doc.tool.padEnd(12)} ${(statSync(pdf).size / 1024).toFixed(0)} KB`);
  }
}
