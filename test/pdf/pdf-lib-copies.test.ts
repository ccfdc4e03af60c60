import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { openForCutting } from '../../src/pdf/extract-pages.ts';
import { createPdfLibCopies, requirePdfLibAfresh, type PdfLib } from '../../src/pdf/pdf-lib-copies.ts';
import { rawPdf } from '../fixtures/hostile-pdfs.ts';
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

/** A one-page PDF whose font resources are `names` names of its own (written by hand: made with pdf-lib, its names would be known already). */
function documentWithOwnNames(names: number): Uint8Array {
  const own = Array.from({ length: names }, (_, i) => `F${i}x${randomUUID().replaceAll('-', '')}`);
  return onePagePdf('', `/Resources << /Font << ${own.map((name) => `/${name} 4 0 R`).join(' ')} >> >>`);
}

/** A one-page PDF whose catalog holds `count` references to object numbers from `first` on (none of them an object: a hostile file needs none). */
function documentWithReferences(first: number, count: number): Uint8Array {
  return onePagePdf(`/Junk [${Array.from({ length: count }, (_, i) => `${first + i} 0 R`).join(' ')}]`, '');
}

function onePagePdf(catalogExtra: string, pageExtra: string): Uint8Array {
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R ${catalogExtra} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ${pageExtra} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  return rawPdf(objects);
}

describe("the copies of pdf-lib documents are cut with (pdf-lib's table of names is freed with its copy)", () => {
  it('gives a document a fresh copy once later documents have added names past its share, and never for documents whose names it holds', async () => {
    const copies = createPdfLibCopies({ namesPerCopy: 1000 });
    const invoice = fixture('invoice-2p.pdf');
    const first = copies.forDocument();
    for (let i = 0; i < 5; i++) await (await openForCutting(invoice, copies)).cut([1]);
    expect(copies.current()).toBe(first);

    await (await openForCutting(documentWithOwnNames(1000), copies)).cut([1]);
    expect(copies.current()).toBe(first); // renewed at the next document's open
    const second = copies.forDocument();
    expect(second).not.toBe(first);
    expect(second.PDFName).not.toBe(first.PDFName);
    expect(copies.current()).toBe(second);
  });

  it('gives a document a fresh copy once later documents have referred to object numbers past its share, two references to a name', async () => {
    const copies = createPdfLibCopies({ namesPerCopy: 1000 });
    const invoice = fixture('invoice-2p.pdf');
    const first = copies.forDocument();
    await (await openForCutting(invoice, copies)).cut([1]);

    await (await openForCutting(documentWithReferences(10, 1500), copies)).cut([1]); // 750 names' worth
    expect(copies.forDocument()).toBe(first);
    await (await openForCutting(documentWithReferences(2000, 1000), copies)).cut([1]); // 500 more
    expect(copies.forDocument()).not.toBe(first);
  });

  it("keeps a copy whose names past its share came with its first document (pdf-lib's own files all have the same names)", async () => {
    const copies = createPdfLibCopies({ namesPerCopy: 10 });
    const many = documentWithOwnNames(1000);
    const first = copies.current();
    for (let i = 0; i < 3; i++) await (await openForCutting(many, copies)).cut([1]);
    expect(copies.forDocument()).toBe(first);
  });

  it('cuts the same bytes with a fresh copy as with the first, and a document opened before the change still cuts', async () => {
    const invoice = fixture('invoice-2p.pdf');
    const copies = createPdfLibCopies({ namesPerCopy: 1 });
    const before = await openForCutting(invoice, copies);
    const beforeCut = await before.cut([2, 1]);
    const first = copies.current();
    await (await openForCutting(documentWithOwnNames(10), copies)).cut([1]); // names added after the first document
    const after = await openForCutting(invoice, copies);
    expect(copies.current()).not.toBe(first);
    expect(await after.cut([2, 1])).toEqual(beforeCut);
    expect(await before.cut([2, 1])).toEqual(beforeCut);
    expect(await (await openForCutting(fixture('scanned.pdf'), copies)).cut([2])).toEqual(await (await openForCutting(fixture('scanned.pdf'))).cut([2]));
  });

  it("keeps cutting with the current copy when a fresh one cannot be loaded (pdf-lib's files replaced under the worker), and renews it once one can", async () => {
    let loadsFail = false;
    const load = () => {
      if (loadsFail) throw new Error('Cannot find module pdf-lib');
      return requirePdfLibAfresh();
    };
    const copies = createPdfLibCopies({ namesPerCopy: 1, load });
    const invoice = fixture('invoice-2p.pdf');
    const first = copies.forDocument();
    await (await openForCutting(documentWithOwnNames(10), copies)).cut([1]); // names past its share
    const expected = await (await openForCutting(invoice)).cut([2, 1]);

    loadsFail = true;
    const cutter = await openForCutting(invoice, copies);
    expect(cutter.inThread).toBeUndefined(); // cut by pdf-lib, not drawn
    expect(await cutter.cut([2, 1])).toEqual(expected);
    expect(copies.current()).toBe(first);

    loadsFail = false;
    expect(copies.forDocument()).not.toBe(first);
  });

  it('draws the pages when no copy of pdf-lib can be loaded at all', async () => {
    const copies = createPdfLibCopies({
      namesPerCopy: 1,
      load: () => {
        throw new Error('Cannot find module pdf-lib');
      },
    });
    const cutter = await openForCutting(fixture('scanned.pdf'), copies);
    expect(cutter.inThread).toBe(true);
    expect((await cutter.cut([2])).byteLength).toBeGreaterThan(0);
  });

  it('frees a copy, names and all, once its documents are dropped, and keeps it while one is open', async () => {
    const copies = createPdfLibCopies({ namesPerCopy: 1 });
    const invoice = fixture('invoice-2p.pdf');
    // Made in functions of their own: a suspended async function may keep its temporaries.
    const openFirst = async () => {
      const cutter = await openForCutting(invoice, copies);
      await (await openForCutting(documentWithOwnNames(10), copies)).cut([1]);
      return { cutter, copy: new WeakRef<PdfLib['PDFName']>(copies.current().PDFName) };
    };
    const openNext = async () => void (await (await openForCutting(invoice, copies)).cut([1]));
    const first: { cutter?: Awaited<ReturnType<typeof openForCutting>>; copy: WeakRef<object> } = await openFirst();
    await openNext(); // opened with a fresh copy, now the current one
    expect(await collected(first.copy)).toBe(false);
    const cutLater = async () => (await first.cutter!.cut([1])).byteLength;
    expect(await cutLater()).toBeGreaterThan(0);

    delete first.cutter;
    expect(await collected(first.copy)).toBe(true);
  });
});
