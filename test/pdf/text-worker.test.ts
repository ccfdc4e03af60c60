import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readLayout } from '../../src/pdf/read-layout.ts';
import { MAX_E_INVOICE_BYTES } from '../../src/pdf/e-invoice-size-limit.ts';
import { attachmentReadsAreBounded, patchWorkerSource } from '../../src/pdf/text-worker.ts';
import { rawPdf } from '../fixtures/hostile-pdfs.ts';

/** A one-page PDF whose content stream is `stream` (FlateDecode), in Helvetica. */
function pdfWithFlateContent(stream: Uint8Array): Uint8Array {
  return rawPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    Buffer.concat([Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, Buffer.from('\nendstream')]),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]);
}

/** Forty lines of fifteen words that compress to well over the 1 KB from which pdf.js inflates natively. */
function textLines(): { lines: string[]; content: Buffer } {
  const words = Array.from({ length: 600 }, (_, i) => ((i * 7919) % 100003).toString(36));
  const lines = Array.from({ length: 40 }, (_, l) => words.slice(l * 15, l * 15 + 15).join(' '));
  return { lines, content: Buffer.from(lines.map((line, l) => `BT /F1 9 Tf 20 ${760 - l * 18} Td (${line}) Tj ET`).join('\n')) };
}

describe('the patched pdf.js text worker', () => {
  it('finds the split factor in the installed pdf.js worker exactly once', () => {
    const path = createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');
    const patched = patchWorkerSource(readFileSync(path, 'utf8'), 0.35);
    expect(patched).toContain('const SPACE_IN_FLOW_MAX_FACTOR = 0.35;');
    expect(patched).not.toContain('const SPACE_IN_FLOW_MAX_FACTOR = 0.6;');
  });

  it('makes a cancelled text stream stop at its next slice in the installed pdf.js worker', () => {
    const path = createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');
    const patched = patchWorkerSource(readFileSync(path, 'utf8'), 0.35)!;
    expect(patched).toContain('sink.isCancelled ? Promise.reject(new AbortException(');
    expect(patched).not.toContain('Promise.all([promise, sink.ready])');
  });

  it('decodes an embedded file only to one byte past the largest e-invoice kept, and says so', async () => {
    const path = createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');
    const patched = patchWorkerSource(readFileSync(path, 'utf8'), 0.35)!;
    expect(patched).toContain(`return stream.getBytes(${MAX_E_INVOICE_BYTES + 1});`);
    expect(patched).toContain(`export const paperjsonAttachmentBound = ${MAX_E_INVOICE_BYTES + 1};`);
    expect(patchWorkerSource('const SPACE_IN_FLOW_MAX_FACTOR = 0.6;', 0.35)).not.toContain('paperjsonAttachmentBound');
    await readLayout(await PDFDocument.create().then(async (d) => (d.addPage(), d.save())));
    expect(attachmentReadsAreBounded()).toBe(true);
  });

  it('inflates a stream with one bounded call to zlib in the installed pdf.js worker', () => {
    const path = createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');
    const patched = patchWorkerSource(readFileSync(path, 'utf8'), 0.35)!;
    expect(patched).toContain('process.getBuiltinModule("zlib").inflateSync(bytes, { info: true, maxOutputLength: MAX_SYNC_INFLATE_BYTES })');
    expect(patched).toContain('const MAX_SYNC_INFLATE_BYTES = 128 * 1024 * 1024;');
  });

  it('reads a page whose content stream is over 1 KB compressed without a DecompressionStream, and one with bytes after its compressed data as pdf.js does', async () => {
    const { lines, content } = textLines();
    const compressed = deflateSync(content);
    expect(compressed.length).toBeGreaterThan(1024);
    const made: string[] = [];
    const Original = globalThis.DecompressionStream;
    globalThis.DecompressionStream = class extends Original {
      constructor(format: CompressionFormat) {
        made.push(format);
        super(format);
      }
    };
    try {
      for (const stream of [compressed, Buffer.concat([compressed, Buffer.from('\r\n  bytes after the end')])]) {
        const layout = await readLayout(pdfWithFlateContent(stream));
        expect(layout.pages[0]!.lines.map((l) => l.text)).toEqual(lines);
      }
    } finally {
      globalThis.DecompressionStream = Original;
    }
    // The DecompressionStream refuses bytes after the end; pdf.js then decodes in JavaScript, as
    // the patched copy makes it do, and reads the same text: neither went through a web stream.
    expect(made).toEqual([]);
  });

  it('refuses to patch a worker where the constant is missing or not unique', () => {
    expect(patchWorkerSource('const SPACE_IN_FLOW_MAX_FACTOR = 0.5;', 0.35)).toBeNull();
    expect(patchWorkerSource('const SPACE_IN_FLOW_MAX_FACTOR = 0.6;\nconst SPACE_IN_FLOW_MAX_FACTOR = 0.6;', 0.35)).toBeNull();
  });

  it('keeps two runs of one font 0.4 em apart as two spans (stock pdf.js glues them with a space)', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([300, 200]);
    const size = 10;
    const gap = 0.4 * size;
    const x = 40 + font.widthOfTextAtSize('Quantity', size) + gap;
    page.drawText('Quantity', { x: 40, y: 150, size, font });
    page.drawText('Unit Cost', { x, y: 150, size, font });
    const layout = await readLayout(await doc.save());
    const spans = layout.pages[0]!.lines.flatMap((l) => l.spans.map((s) => s.text));
    expect(spans).toEqual(['Quantity', 'Unit Cost']);
  });
});
