import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';

const SRC = (file: string) => fileURLToPath(new URL(`../../src/pdf/${file}`, import.meta.url));

describe('importing pdf.js in a reader without fetch', () => {
  it('loads no undici, leaves no Response behind, and the reader still reads a page', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([300, 200]).drawText('Invoice 42', { x: 40, y: 150, size: 12, font });
    const file = path.join(tmpdir(), `keep-fetch-out-${process.pid}.pdf`);
    writeFileSync(file, await doc.save());
    // A process of its own, as a reader child is: this one has long since loaded undici.
    const script = `
      import { readFileSync } from 'node:fs';
      const { keepCanvasOut } = await import(${JSON.stringify(SRC('keep-canvas-out.ts'))});
      const { importWithoutFetch } = await import(${JSON.stringify(SRC('keep-fetch-out.ts'))});
      keepCanvasOut();
      const { readLayout } = await importWithoutFetch(async () => {
        const loaded = await import(${JSON.stringify(SRC('read-layout.ts'))});
        await (await import(${JSON.stringify(SRC('text-worker.ts'))})).installTextWorker();
        return loaded;
      });
      const layout = await readLayout(new Uint8Array(readFileSync(${JSON.stringify(file)})));
      console.log(JSON.stringify({
        text: layout.pages[0].lines.map((l) => l.text),
        undici: process.moduleLoadList.some((m) => m.includes('undici')),
        response: typeof Response,
      }));`;
    let out: string;
    try {
      out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    } finally {
      rmSync(file, { force: true });
    }
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual({ text: ['Invoice 42'], undici: false, response: 'undefined' });
  });
});
