/**
 * PDF parts past the inline request limit go through the Files API (through the real SDK and the
 * stand-in's resumable upload): uploaded once per section, referenced as fileData, deleted at the end.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGeminiProvider } from '../../src/models/gemini.ts';
import { contentsFor } from '../../src/models/gemini-prompt.ts';
import type { ModelRequest, Section, Subtree } from '../../src/domain/types.ts';
import { startGeminiStub, type GeminiStub } from '../helpers/gemini-stub.ts';

const subtree: Subtree = { pointer: '', schema: { type: 'object', properties: { total: { type: 'number' } } }, fieldCount: 1 };

async function scannedPages(count: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= count; i++) pdf.addPage([595, 842]).drawText(`Total ${i}0.00`, { x: 50, y: 700, size: 12, font });
  return pdf.save();
}

let stub: GeminiStub;
beforeEach(async () => {
  stub = await startGeminiStub();
  stub.respond(() => ({ kind: 'json', value: { total: 10 } }));
});
afterEach(async () => {
  await stub.close();
});

describe('PDF parts too large to send inline', () => {
  const section: Section = { pages: [], text: '--- page 1 ---\n(scanned page: no text layer)', imagePages: [1, 2], pdfPages: [1, 2] };
  const provider = (inlineRequestLimitBytes: number) =>
    createGeminiProvider({ model: 'GEMINI_2_5_FLASH', apiKey: 'k', baseUrl: stub.url, maxRetries: 0, inlineRequestLimitBytes });
  const request = (imagePdf: Uint8Array): ModelRequest => ({ subtree, section, imagePdf, enableThinking: false, wantEvidence: false, signal: new AbortController().signal });

  it('are uploaded once through the Files API and referenced by every call that needs them, then deleted with the job', async () => {
    const pdf = await scannedPages(2);
    const gemini = provider(1000);
    const answers = await Promise.all([gemini.extract(request(pdf)), gemini.extract(request(pdf))]);
    expect(answers.map((a) => a.value)).toEqual([{ total: 10 }, { total: 10 }]);
    expect(stub.files.uploaded).toHaveLength(1);
    expect(Buffer.compare(stub.files.uploaded[0]!.bytes, Buffer.from(pdf))).toBe(0);
    for (const sent of stub.requests) {
      expect(sent.inlineData).toEqual([]);
      expect(sent.fileData.map((f) => f.uri)).toEqual([stub.files.uploaded[0]!.uri]);
    }
    await gemini.dispose?.();
    expect(stub.files.alive).toEqual([]);
  });

  it('stay inline while the request is under the limit', async () => {
    const pdf = await scannedPages(1);
    await provider(20 * 1024 * 1024).extract(request(pdf));
    expect(stub.files.uploaded).toHaveLength(0);
    expect(stub.requests[0]!.inlineData.map((d) => d.mimeType)).toEqual(['application/pdf']);
  });

  describe('the limit counts the bytes of the whole body the SDK sends: UTF-8 text, escapes, base64, instruction and schema', () => {
    // CJK text takes 3 bytes a character; quotes and control characters 2 and 6 once written as
    // JSON. The schema (with its descriptions) and the system instruction travel in the same body.
    const text: Section = { ...section, text: `--- page 1 ---\n${'請求書合計金額"\u0001'.repeat(1000)}` };
    const properties: Record<string, unknown> = {};
    for (let i = 0; i < 200; i++) properties[`field_${i}`] = { type: 'string', description: `金額の説明 ${i}, a fairly long description of this field` };
    const large: Subtree = { pointer: '', schema: { type: 'object', properties }, fieldCount: 200 };
    const heavy = (pdf: Uint8Array): ModelRequest => ({ ...request(pdf), section: text, subtree: large });
    /** The body's bytes as the SDK sends it, read off a request sent with no limit in the way. */
    async function bodyBytes(pdf: Uint8Array): Promise<number> {
      await provider(1024 ** 3).extract(heavy(pdf));
      const sent = stub.requests.at(-1)!;
      expect(sent.inlineData).toHaveLength(1);
      return sent.bodyBytes;
    }

    it('stay inline when the body takes exactly the limit', async () => {
      const pdf = await scannedPages(1);
      const bytes = await bodyBytes(pdf);
      await provider(bytes).extract(heavy(pdf));
      expect(stub.files.uploaded).toHaveLength(0);
      expect(stub.requests.at(-1)!.inlineData.map((d) => d.mimeType)).toEqual(['application/pdf']);
    });

    it('are uploaded when the body is one byte past the limit', async () => {
      const pdf = await scannedPages(1);
      const bytes = await bodyBytes(pdf);
      // Far more than the contents alone written as JSON count in UTF-16 units.
      expect(bytes).toBeGreaterThan(2 * JSON.stringify(contentsFor(heavy(pdf))).length);
      await provider(bytes - 1).extract(heavy(pdf));
      expect(stub.files.uploaded).toHaveLength(1);
      expect(stub.requests.at(-1)!.inlineData).toEqual([]);
    });
  });
});
