import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { extractPages, openForCutting } from '../../src/pdf/extract-pages.ts';
import { readingSlots } from '../../src/pdf/reading-slots.ts';
import { createCutPagesCache, cutPages, keptPages } from '../../src/worker/cut-pages-cache.ts';
import { fixture } from '../fixtures/read-fixture.ts';

describe('pages cut as PDF, kept across jobs', () => {
  const invoice = fixture('invoice-2p.pdf');

  it('reads the document once for the jobs that ask for the same pages, at once or later, and gives them the same cut', async () => {
    const documentId = randomUUID();
    let reads = 0;
    const content = async () => {
      reads++;
      return invoice;
    };
    expect(keptPages(documentId, [2])).toBeUndefined();
    const [first, beside] = await Promise.all([cutPages(documentId, [2], content), cutPages(documentId, [2], content)]);
    const later = await cutPages(documentId, [2], content);
    expect(reads).toBe(1);
    expect(beside).toBe(first);
    expect(later).toBe(first);
    expect(keptPages(documentId, [2])).toBe(first);
    expect(first).toEqual(await extractPages(invoice, [2]));
  });

  it('keeps other pages and other documents apart', async () => {
    const documentId = randomUUID();
    const one = await cutPages(documentId, [1], async () => invoice);
    const both = await cutPages(documentId, [1, 2], async () => invoice);
    expect(both).not.toBe(one);
    expect(keptPages(randomUUID(), [1])).toBeUndefined();
  });

  it('keeps no failed cut: the next job tries again', async () => {
    const documentId = randomUUID();
    await expect(cutPages(documentId, [1], async () => Promise.reject(new Error('database away')))).rejects.toThrow('database away');
    expect(keptPages(documentId, [1])).toBeUndefined();
    expect(await cutPages(documentId, [1], async () => invoice)).toBeInstanceOf(Uint8Array);
  });
});

describe('cutting many page sets at once', () => {
  /** A document whose page n is 100 + n points wide, so that a cut shows which pages it holds, in which order. */
  async function numberedPages(count: number): Promise<Uint8Array> {
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    for (let n = 1; n <= count; n++) doc.addPage([100 + n, 200]);
    return doc.save();
  }

  async function pagesOf(pdf: Uint8Array): Promise<number[]> {
    const { PDFDocument } = await import('pdf-lib');
    return (await PDFDocument.load(pdf)).getPages().map((page) => page.getWidth() - 100);
  }

  /** The real parse and copy, logged, with how many are under way at once. */
  function watched() {
    const log: string[] = [];
    let underWay = 0;
    let mostAtOnce = 0;
    const during = async <T>(entry: string, work: () => Promise<T>): Promise<T> => {
      log.push(entry);
      mostAtOnce = Math.max(mostAtOnce, ++underWay);
      try {
        return await work();
      } finally {
        underWay--;
      }
    };
    const open = (bytes: Uint8Array) =>
      during(`open ${bytes.byteLength}`, async () => {
        const cutter = await openForCutting(bytes);
        return { cut: (pages: number[]) => during(`cut ${pages.join(',')}`, () => cutter.cut(pages)) };
      });
    return { log, open, mostAtOnce: () => mostAtOnce };
  }

  it('parses one document at a time, once for the cuts of it that wait together, first asked first cut', async () => {
    const [six, three] = await Promise.all([numberedPages(6), numberedPages(3)]);
    const parses = watched();
    const cache = createCutPagesCache({ open: parses.open });
    const [a, b] = [randomUUID(), randomUUID()];
    const cuts = await Promise.all([
      cache.cutPages(a, [1, 2], async () => six),
      cache.cutPages(b, [3], async () => three),
      cache.cutPages(a, [6, 5], async () => six),
      cache.cutPages(b, [1, 2, 3], async () => three),
      cache.cutPages(a, [4], async () => six),
    ]);
    expect(await Promise.all(cuts.map(pagesOf))).toEqual([[1, 2], [3], [6, 5], [1, 2, 3], [4]]);
    expect(parses.log).toEqual([`open ${six.byteLength}`, 'cut 1,2', 'cut 6,5', 'cut 4', `open ${three.byteLength}`, 'cut 3', 'cut 1,2,3']);
    expect(parses.mostAtOnce()).toBe(1);
  });

  it("serves documents in the order first asked: a document asked for again while it is cut waits behind the others' cuts", async () => {
    const [six, three] = await Promise.all([numberedPages(6), numberedPages(3)]);
    const log: string[] = [];
    const [a, b] = [randomUUID(), randomUUID()];
    const later: Array<Promise<Uint8Array>> = [];
    const cache = createCutPagesCache({
      open: async (bytes) => {
        const name = bytes === six ? 'a' : 'b';
        log.push(`open ${name}`);
        const cutter = await openForCutting(bytes);
        return {
          cut: async (pages) => {
            log.push(`cut ${name} ${pages.join(',')}`);
            // Document a is asked for again while each of its cuts is made, as a job's calls
            // coming back one by one ask for their next pages.
            if (name === 'a' && later.length < 3) later.push(cache.cutPages(a, [pages[0]! + 1], async () => six));
            return cutter.cut(pages);
          },
        };
      },
    });
    const first = await Promise.all([cache.cutPages(a, [1], async () => six), cache.cutPages(b, [3], async () => three)]);
    await Promise.all(later);
    expect(await Promise.all([...first, ...(await Promise.all(later))].map(pagesOf))).toEqual([[1], [3], [2], [3], [4]]);
    expect(log).toEqual(['open a', 'cut a 1', 'open b', 'cut b 3', 'open a', 'cut a 2', 'cut a 3', 'cut a 4']);
  });

  it("keeps a document's parse for its next cuts while a job holds it, until another document is cut or the last holder lets go", async () => {
    const [six, three] = await Promise.all([numberedPages(6), numberedPages(3)]);
    const parses = watched();
    const cache = createCutPagesCache({ open: parses.open });
    const [a, b] = [randomUUID(), randomUUID()];
    const letGo = cache.holdParse(a);
    // One after another, as a job's batches of cuts come while its calls come back.
    for (const page of [1, 2, 3]) expect(await pagesOf(await cache.cutPages(a, [page], async () => six))).toEqual([page]);
    await cache.cutPages(b, [1], async () => three);
    await cache.cutPages(a, [4], async () => six);
    await cache.cutPages(a, [5], async () => six);
    letGo();
    await cache.cutPages(a, [6], async () => six);
    expect(parses.log).toEqual([
      `open ${six.byteLength}`, 'cut 1', 'cut 2', 'cut 3',
      `open ${three.byteLength}`, 'cut 1',
      `open ${six.byteLength}`, 'cut 4', 'cut 5',
      `open ${six.byteLength}`, 'cut 6',
    ]);
  });

  it('keeps no parse between turns of a document no job holds', async () => {
    const six = await numberedPages(6);
    const parses = watched();
    const cache = createCutPagesCache({ open: parses.open });
    const a = randomUUID();
    for (const page of [1, 2]) await cache.cutPages(a, [page], async () => six);
    expect(parses.log).toEqual([`open ${six.byteLength}`, 'cut 1', `open ${six.byteLength}`, 'cut 2']);
  });

  it('holds at most the bound of documents being parsed when every page of a long one is asked at once', async () => {
    const pdf = await numberedPages(40);
    const parses = watched();
    const cache = createCutPagesCache({ open: parses.open, slots: 2 });
    const documents = [randomUUID(), randomUUID(), randomUUID()];
    const asked = documents.flatMap((documentId) => Array.from({ length: 40 }, (_, i) => cache.cutPages(documentId, [i + 1], async () => pdf)));
    const cuts = await Promise.all(asked);
    expect(await Promise.all(cuts.slice(0, 40).map(pagesOf))).toEqual(Array.from({ length: 40 }, (_, i) => [i + 1]));
    expect(parses.log.filter((entry) => entry.startsWith('open'))).toHaveLength(3);
    expect(parses.mostAtOnce()).toBeLessThanOrEqual(2);
  });

  it('goes on to the next cut after one fails, whether reading the document or cutting it', async () => {
    const pdf = await numberedPages(2);
    const cache = createCutPagesCache();
    const documentId = randomUUID();
    const [unread, outside, next] = await Promise.allSettled([
      cache.cutPages(documentId, [1], async () => Promise.reject(new Error('database away'))),
      cache.cutPages(documentId, [3], async () => pdf),
      cache.cutPages(documentId, [2], async () => pdf),
    ]);
    expect(unread).toMatchObject({ status: 'rejected', reason: new Error('database away') });
    expect(outside).toMatchObject({ status: 'rejected', reason: expect.any(RangeError) });
    expect(next.status).toBe('fulfilled');
    expect(await pagesOf((next as PromiseFulfilledResult<Uint8Array>).value)).toEqual([2]);
  });

  it('lets a cut no one waits for any more leave the queue without parsing its document', async () => {
    const pdf = await numberedPages(2);
    const parses = watched();
    const cache = createCutPagesCache({ open: parses.open });
    let readFirst!: () => void;
    const firstRead = new Promise<void>((resolve) => (readFirst = resolve));
    const busy = cache.cutPages(randomUUID(), [1], async () => (await firstRead, pdf));
    const job = new AbortController();
    const abandoned = cache.cutPages(randomUUID(), [2], async () => pdf, job.signal);
    job.abort(new Error('job cancelled'));
    await expect(abandoned).rejects.toThrow('job cancelled');
    readFirst();
    expect(await pagesOf(await busy)).toEqual([1]);
    expect(await pagesOf(await cache.cutPages(randomUUID(), [2], async () => pdf))).toEqual([2]);
    expect(parses.log.filter((entry) => entry.startsWith('open'))).toHaveLength(2);
  });

  it('reads nothing for a cut whose job is cancelled as the busy slot frees, and the next document is cut', async () => {
    const pdf = await numberedPages(2);
    const cache = createCutPagesCache();
    let readFirst!: () => void;
    const firstRead = new Promise<void>((resolve) => (readFirst = resolve));
    const busy = cache.cutPages(randomUUID(), [1], async () => (await firstRead, pdf));
    const job = new AbortController();
    let readsOfCancelled = 0;
    const cancelled = cache.cutPages(randomUUID(), [2], async () => (readsOfCancelled++, pdf), job.signal);
    readFirst();
    // The busy cut's waiter runs in the step after the one that made it, freed the slot and granted
    // it to the cancelled cut's turn, and before that turn goes on.
    await busy;
    job.abort(new Error('job cancelled'));
    await expect(cancelled).rejects.toThrow('job cancelled');
    // The slot came back: the next document is cut.
    expect(await pagesOf(await cache.cutPages(randomUUID(), [2], async () => pdf))).toEqual([2]);
    expect(readsOfCancelled).toBe(0);
  });

  it("drops no other document's kept parse for a cut whose job is cancelled just as a free slot is granted to it", async () => {
    const [six, three] = await Promise.all([numberedPages(6), numberedPages(3)]);
    const parses = watched();
    // Two slots: the cancelled cut's turn is granted one at once, with the other document's parse kept.
    const cache = createCutPagesCache({ open: parses.open, slots: 2 });
    const [a, b] = [randomUUID(), randomUUID()];
    const letGo = cache.holdParse(a);
    await cache.cutPages(a, [1], async () => six);
    const job = new AbortController();
    let readsOfCancelled = 0;
    const cancelled = cache.cutPages(b, [1], async () => (readsOfCancelled++, three), job.signal);
    job.abort(new Error('job cancelled'));
    await expect(cancelled).rejects.toThrow('job cancelled');
    await cache.cutPages(a, [2], async () => six);
    letGo();
    expect(readsOfCancelled).toBe(0);
    expect(parses.log).toEqual([`open ${six.byteLength}`, 'cut 1', 'cut 2']);
  });

  it('still makes a shared cut for the job that waits when the other that asked for it is cancelled', async () => {
    const pdf = await numberedPages(2);
    const cache = createCutPagesCache();
    let readFirst!: () => void;
    const firstRead = new Promise<void>((resolve) => (readFirst = resolve));
    const busy = cache.cutPages(randomUUID(), [1], async () => (await firstRead, pdf));
    const documentId = randomUUID();
    const cancelled = new AbortController();
    const left = cache.cutPages(documentId, [2], async () => pdf, cancelled.signal);
    const stays = cache.cutPages(documentId, [2], async () => pdf, new AbortController().signal);
    cancelled.abort(new Error('job cancelled'));
    await expect(left).rejects.toThrow('job cancelled');
    readFirst();
    await busy;
    expect(await pagesOf(await stays)).toEqual([2]);
    expect(cache.keptPages(documentId, [2])).toBe(await stays);
  });
});

describe('cutting a document pdf-lib cannot open', () => {
  it('does not keep other documents waiting while its pages are drawn in a thread', async () => {
    let drawn!: () => void;
    const drawing = new Promise<void>((resolve) => (drawn = resolve));
    const unopenable = new Uint8Array([1]);
    const cache = createCutPagesCache({
      open: async (bytes) => (bytes === unopenable ? { cut: async () => (await drawing, unopenable), inThread: true } : openForCutting(bytes)),
    });
    const rendered = cache.cutPages(randomUUID(), [1], async () => unopenable);
    const next = await cache.cutPages(randomUUID(), [2], async () => fixture('invoice-2p.pdf'));
    expect(next).toEqual(await extractPages(fixture('invoice-2p.pdf'), [2]));
    drawn();
    expect(await rendered).toBe(unopenable);
  });

  it('ends the drawing and frees its reading slot when the job waiting for it is cancelled', async () => {
    // pdf-lib cannot open an encrypted file; pdf.js opens this one with its empty password.
    const encrypted = fixture('aes256-empty-password.pdf');
    const cache = createCutPagesCache();
    const documentId = randomUUID();
    const job = new AbortController();
    const drawing = cache.cutPages(documentId, [1], async () => encrypted, job.signal);
    await until(() => readingSlots.inFlight === 1);
    job.abort(new Error('job cancelled'));
    await expect(drawing).rejects.toThrow('job cancelled');
    await until(() => readingSlots.inFlight === 0);
    // Withdrawn, not finished unwatched: nothing was made to keep.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(cache.keptPages(documentId, [1])).toBeUndefined();
    // Asked again, the pages are drawn anew.
    expect(await cache.cutPages(documentId, [1], async () => encrypted)).toBeInstanceOf(Uint8Array);
    expect(cache.keptPages(documentId, [1])).toBeInstanceOf(Uint8Array);
  });
  it('draws nothing for a cut whose only job is cancelled while its document is being opened', async () => {
    const encrypted = fixture('aes256-empty-password.pdf');
    let opening!: () => void;
    const openStarted = new Promise<void>((resolve) => (opening = resolve));
    let finishOpen!: () => void;
    const gate = new Promise<void>((resolve) => (finishOpen = resolve));
    // Opening a long encrypted scan takes 0.1–1 s on the main thread: held open here.
    const cache = createCutPagesCache({ open: async (bytes) => (opening(), await gate, openForCutting(bytes)) });
    const documentId = randomUUID();
    const job = new AbortController();
    const drawing = cache.cutPages(documentId, [1], async () => encrypted, job.signal);
    await openStarted;
    job.abort(new Error('job cancelled'));
    await expect(drawing).rejects.toThrow('job cancelled');
    let opened = false;
    const next = cache.cutPages(randomUUID(), [2], async () => fixture('invoice-2p.pdf')).then((pdf) => ((opened = true), pdf));
    finishOpen();
    // The turn goes on to the next document's cut without starting a drawing in between.
    let mostDrawing = 0;
    while (!opened) {
      mostDrawing = Math.max(mostDrawing, readingSlots.inFlight);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await next).toEqual(await extractPages(fixture('invoice-2p.pdf'), [2]));
    expect(mostDrawing).toBe(0);
    expect(readingSlots.inFlight).toBe(0);
    expect(cache.keptPages(documentId, [1])).toBeUndefined();
  });
});

/** Waits, a turn of the event loop at a time, until `check` holds. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; !check(); i++) {
    if (i > 10_000) throw new Error('never happened');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
