/**
 * Writes the fourth sealed holdout set, bench/corpora/sealed4/<id>/: the drawn invoices
 * (sealed4-drawn-invoices.ts: source.json, document.pdf by pdf-lib, expected.json) and the HTML
 * invoices (sealed4-html-invoices.ts: source.html, document.pdf printed by headless Chromium
 * through playwright-core, expected.json). Both regenerate byte for byte: Chromium stamps its PDFs
 * with the time of printing, which is overwritten here with a fixed one.
 *
 * Needs: Debian's Chromium at /usr/bin/chromium (as the browser tests do).
 * Run:   node_modules/.bin/node bench/corpus-tools/make-sealed4.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { SEALED4_DRAWN_INVOICES } from './sealed4-drawn-invoices.ts';
import { SEALED4_HTML_INVOICES } from './sealed4-html-invoices.ts';
import { writeDrawnSet } from './write-drawn-set.ts';

const SET = 'sealed4';

await writeDrawnSet(SET, SEALED4_DRAWN_INVOICES);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const make of SEALED4_HTML_INVOICES) {
    const doc = make();
    const dir = join(import.meta.dirname, '..', 'corpora', SET, doc.id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'source.html'), doc.html);
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(dir, 'source.html')).href);
    // The page's own @page size and margins; backgrounds and the tag tree as Chromium's own --print-to-pdf makes them.
    const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true }));
    await page.close();
    // Same length as the stamp it replaces, so the cross-reference offsets stay right.
    const fixed = pdf.toString('latin1').replace(/\/(CreationDate|ModDate) \(D:\d{14}/g, '/$1 (D:20000101000000');
    writeFileSync(join(dir, 'document.pdf'), fixed, 'latin1');
    writeFileSync(join(dir, 'expected.json'), `${JSON.stringify({ schema: doc.schema, expected: doc.expected }, null, 2)}\n`);
    console.log(doc.id);
  }
} finally {
  await browser.close();
}
