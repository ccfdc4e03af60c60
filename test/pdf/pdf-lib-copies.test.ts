import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { openForCutting } from '../../src/pdf/extract-pages.ts';
import { createPdfLibCopies, type PdfLib } from '../../src/pdf/pdf-lib-copies.ts';
import { fixture } from '../fixtures/read-fixture.ts';

// The process's own collector, reached without --expose-gc on the command line: the flag set now
// applies to contexts made after it, and a new context's global `gc` is the process's.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/**
 * Whether `ref` is gone after a few rounds of collection. Looked at once, at the end: a WeakRef
 * read keeps its target alive until the current job ends.
 */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let round = 0; round < 5; round++) {
    collect();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return ref.deref() === undefined;
}

describe("the copies of pdf-lib documents are cut with (pdf-lib's table of names is freed with its copy)", () => {
  it('gives a document a fresh copy once the current one has opened its share of documents, or of bytes', () => {
    const byCount = createPdfLibCopies({ documentsPerCopy: 2, bytesPerCopy: Infinity });
    const first = byCount.forDocument(100);
    expect(byCount.forDocument(100)).toBe(first);
    const second = byCount.forDocument(100);
    expect(second).not.toBe(first);
    expect(second.PDFName).not.toBe(first.PDFName);
    expect(byCount.current()).toBe(second);

    const byBytes = createPdfLibCopies({ documentsPerCopy: Infinity, bytesPerCopy: 1000 });
    const small = byBytes.forDocument(999);
    expect(byBytes.forDocument(1)).toBe(small);
    expect(byBytes.forDocument(1)).not.toBe(small);
  });

  it('cuts the same bytes with a fresh copy as with the first, and a document opened before the change still cuts', async () => {
    const invoice = fixture('invoice-2p.pdf');
    const copies = createPdfLibCopies({ documentsPerCopy: 1, bytesPerCopy: Infinity });
    const before = await openForCutting(invoice, copies);
    const beforeCut = await before.cut([2, 1]);
    const after = await openForCutting(invoice, copies); // a copy of its own
    expect(await after.cut([2, 1])).toEqual(beforeCut);
    expect(await before.cut([2, 1])).toEqual(beforeCut);
    expect(await (await openForCutting(fixture('scanned.pdf'), copies)).cut([2])).toEqual(await (await openForCutting(fixture('scanned.pdf'))).cut([2]));
  });

  it('frees a copy, names and all, once its documents are dropped, and keeps it while one is open', async () => {
    const copies = createPdfLibCopies({ documentsPerCopy: 1, bytesPerCopy: Infinity });
    const invoice = fixture('invoice-2p.pdf');
    // Made in functions of their own: a suspended async function may keep its temporaries.
    const openFirst = async () => {
      const cutter = await openForCutting(invoice, copies);
      return { cutter, copy: new WeakRef<PdfLib['PDFName']>(copies.current().PDFName) };
    };
    const openSecond = async () => void (await (await openForCutting(invoice, copies)).cut([1]));
    const first: { cutter?: Awaited<ReturnType<typeof openForCutting>>; copy: WeakRef<object> } = await openFirst();
    await openSecond(); // the second document's copy is now current
    expect(await collected(first.copy)).toBe(false);
    const cutLater = async () => (await first.cutter!.cut([1])).byteLength;
    expect(await cutLater()).toBeGreaterThan(0);

    delete first.cutter;
    expect(await collected(first.copy)).toBe(true);
  });
});
