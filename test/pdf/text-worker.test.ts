import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readLayout } from '../../src/pdf/read-layout.ts';
import { MAX_E_INVOICE_BYTES } from '../../src/pdf/e-invoice-size-limit.ts';
import { attachmentReadsAreBounded, patchWorkerSource } from '../../src/pdf/text-worker.ts';

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
