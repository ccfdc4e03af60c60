import { describe, expect, it } from 'vitest';
import { closePdf, loadPdf } from '../../src/pdf/load-pdf.ts';
import { hasPdfHeader } from '../../src/pdf/pdf-header.ts';
import { PdfError, type PdfErrorKind } from '../../src/pdf/pdf-error.ts';
import { fixture } from '../fixtures/read-fixture.ts';

async function loadError(bytes: Uint8Array): Promise<PdfError> {
  const error = await loadPdf(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PdfError);
  return error as PdfError;
}

describe('loadPdf', () => {
  it('opens a PDF and leaves the caller’s bytes usable (pdf.js gets a copy)', async () => {
    const bytes = fixture('invoice-2p.pdf');
    const doc = await loadPdf(bytes);
    expect(doc.numPages).toBe(2);
    await closePdf(doc);
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect(hasPdfHeader(bytes)).toBe(true);
    const again = await loadPdf(bytes);
    expect(again.numPages).toBe(2);
    await closePdf(again);
  });

  it.each<[string, PdfErrorKind]>([
    ['not-a-pdf.pdf', 'NOT_PDF'],
    ['encrypted.pdf', 'ENCRYPTED'],
    ['corrupt.pdf', 'CORRUPT'],
  ])('rejects %s as %s', async (name, kind) => {
    const error = await loadError(fixture(name));
    expect(error.kind).toBe(kind);
  });

  it('decides NOT_PDF by content: text bytes are refused, a PDF after leading junk is accepted', async () => {
    expect((await loadError(new TextEncoder().encode('hello, I am a .pdf by name only'))).kind).toBe('NOT_PDF');
    expect((await loadError(new Uint8Array())).kind).toBe('NOT_PDF');

    const pdf = fixture('two-column.pdf');
    const junk = new TextEncoder().encode('junk before the header\n');
    const prefixed = new Uint8Array(junk.length + pdf.length);
    prefixed.set(junk);
    prefixed.set(pdf, junk.length);
    const doc = await loadPdf(prefixed);
    expect(doc.numPages).toBe(1);
    await closePdf(doc);
  });

  it('keeps the pdf.js error as the cause of an ENCRYPTED error', async () => {
    const error = await loadError(fixture('encrypted.pdf'));
    expect((error.cause as Error).name).toBe('PasswordException');
  });
});
