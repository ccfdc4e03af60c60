/**
 * Writes the probes8 tuning set, bench/corpora/probes8/<id>/: five invoices drawn with pdf-lib
 * (probes8-drawn-invoices.ts: source.json, document.pdf, expected.json) and five written in HTML
 * and printed by headless Chromium (probes8-html-invoices.ts: source.html, document.pdf,
 * expected.json), made before any extractor change of their round. LibreOffice is not on this
 * machine, so Chromium and pdf-lib are the two producers. Regenerates byte for byte: Chromium's
 * time stamps are overwritten with a fixed one and its tag tree's node ids renumbered.
 *
 * Needs: Debian's Chromium at /usr/bin/chromium (as the browser tests do).
 * Run:   node_modules/.bin/node bench/corpus-tools/make-probes8.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { PROBES8_DRAWN } from './probes8-drawn-invoices.ts';
import { PROBES8_HTML } from './probes8-html-invoices.ts';
import { writeDrawnSet } from './write-drawn-set.ts';

const SET = 'probes8';

await writeDrawnSet(SET, PROBES8_DRAWN);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const make of PROBES8_HTML) {
    const doc = make();
    const dir = join(import.meta.dirname, '..', 'corpora', SET, doc.id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'source.html'), doc.html);
    const tab = await browser.newPage();
    await tab.goto(pathToFileURL(join(dir, 'source.html')).href);
    const pdf = Buffer.from(await tab.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true }));
    await tab.close();
    // Same length as the stamp it replaces, so the cross-reference offsets stay right. The tag
    // tree's element ids count the browser's DOM nodes, which differ from run to run: they are
    // numbered afresh in order of appearance, at the same length.
    const ids = new Map<string, string>();
    const fixed = pdf.toString('latin1')
      .replace(/\/(CreationDate|ModDate) \(D:\d{14}/g, '/$1 (D:20000101000000')
      .replace(/\(node(\d+)\)/g, (_m, digits: string) => {
        if (!ids.has(digits)) ids.set(digits, String(ids.size).padStart(digits.length, '0'));
        return `(node${ids.get(digits) ?? digits})`;
      });
    writeFileSync(join(dir, 'document.pdf'), fixed, 'latin1');
    writeFileSync(join(dir, 'expected.json'), `${JSON.stringify({ schema: doc.schema, expected: doc.expected }, null, 2)}\n`);
    console.log(doc.id);
  }
} finally {
  await browser.close();
}
