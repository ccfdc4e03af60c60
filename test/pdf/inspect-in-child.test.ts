import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it, vi } from 'vitest';
import { inspectInChild, readLayoutInChild } from '../../src/pdf/pdf-in-child.ts';
import { PdfError } from '../../src/pdf/pdf-error.ts';
import { readLayout } from '../../src/pdf/read-layout.ts';
import { acquireReadingSlot, readingSlots } from '../../src/pdf/reading-slots.ts';
import { denseTextPage } from '../fixtures/dense-text-page.ts';
import * as hostile from '../fixtures/hostile-pdfs.ts';
import { fixture } from '../helpers/job-fixtures.ts';

describe('inspecting an upload in a reader child', () => {
  const inspect = inspectInChild;
  const limits = { maxPages: 2000, timeoutMs: 30_000 };

  it('counts pages and text pages as the inspection does in-process', async () => {
    expect(await inspect(readFileSync(fixture('scanned.pdf')), limits)).toEqual({ pageCount: 2, textPageCount: 1 });
    expect(await inspect(readFileSync(fixture('table-300.pdf')), limits)).toEqual({ pageCount: 6, textPageCount: 6 });
  });

  it('reads a PDF from a file this process has open just as from its bytes, again and again, without moving its offset', async () => {
    const file = await open(fixture('scanned.pdf'), 'r');
    try {
      const fromBytes = await inspect(readFileSync(fixture('scanned.pdf')), { ...limits, layoutUpToPages: 2 });
      expect(await inspect({ fd: file.fd }, { ...limits, layoutUpToPages: 2 })).toEqual(fromBytes);
      expect(await inspect({ fd: file.fd }, limits)).toEqual({ pageCount: 2, textPageCount: 1 });
      // Its offset is still at the start: the child read by position.
      const head = Buffer.alloc(5);
      await file.read(head, 0, 5, null);
      expect(head.toString('latin1')).toBe('%PDF-');
    } finally {
      await file.close();
    }
    const encrypted = await open(fixture('encrypted.pdf'), 'r');
    try {
      await expect(inspect({ fd: encrypted.fd }, limits)).rejects.toMatchObject({ kind: 'ENCRYPTED' });
    } finally {
      await encrypted.close();
    }
  });

  it('passes the kind of a refusal through', async () => {
    await expect(inspect(readFileSync(fixture('encrypted.pdf')), limits)).rejects.toMatchObject({ kind: 'ENCRYPTED' });
    await expect(inspect(readFileSync(fixture('invoice-2p.pdf')), { ...limits, maxPages: 1 })).rejects.toMatchObject({
      kind: 'TOO_MANY_PAGES',
    });
  });

  it('also reads the layout of a document no longer than asked, as reading it in-process does', async () => {
    const inspection = await inspect(readFileSync(fixture('scanned.pdf')), { ...limits, layoutUpToPages: 2 });
    expect(inspection).toMatchObject({ pageCount: 2, textPageCount: 1 });
    expect(JSON.parse(inspection.layoutJson!)).toEqual(await readLayout(readFileSync(fixture('scanned.pdf'))));
    expect(await inspect(readFileSync(fixture('table-300.pdf')), { ...limits, layoutUpToPages: 5 })).not.toHaveProperty('layoutJson');
  });

  it('accepts a short document whose layout needs more memory than the inspection allows, on a plain inspection, and says why it has no layout', async () => {
    // Asking whether the page has text stops at its first text; its layout holds all 200,000 runs.
    // (At the service's own bound, 256 MB, the layout of 400,000 such runs did not fit either.)
    const inspection = await inspect(denseTextPage(200_000), { ...limits, maxMemoryMb: 64, layoutUpToPages: 20 });
    expect(inspection).toEqual({ pageCount: 1, textPageCount: 1, layoutMissing: expect.stringMatching(/layout.*64 MB of memory/) });
    // Reading up to the bound takes 15 s on a loaded machine.
  }, 90_000);

  it('reads again without the layout in the slot it already holds, so other uploads waiting cannot get it refused as busy', async () => {
    const held = await readingSlots.acquire();
    try {
      const inspection = inspect(denseTextPage(200_000), { ...limits, maxMemoryMb: 64, layoutUpToPages: 20 }, undefined, { tenantId: 'a', maxWaiting: 1 });
      await vi.waitUntil(() => readingSlots.inFlight === 2, { timeout: 10_000 });
      // While its layout pass runs: a job's layout read, then another tenant's upload, fill the queue.
      const layoutRead = readingSlots.acquire();
      const otherUpload = acquireReadingSlot({ tenantId: 'b', maxWaiting: 1 });
      expect(await inspection).toEqual({ pageCount: 1, textPageCount: 1, layoutMissing: expect.stringMatching(/layout.*64 MB of memory/) });
      (await layoutRead)();
      (await otherUpload)();
    } finally {
      held();
    }
  }, 90_000);

  it('stops reading when the client goes away, freeing its slot, and says so with the signal\'s reason', async () => {
    const client = new AbortController();
    const inspection = inspect(denseTextPage(200_000), { ...limits, layoutUpToPages: 20 }, undefined, { tenantId: 'a', maxWaiting: 1, signal: client.signal });
    await vi.waitUntil(() => readingSlots.inFlight === 1, { timeout: 10_000 });
    client.abort(new Error('the client closed the connection'));
    await expect(inspection).rejects.toThrow('the client closed the connection');
    expect(readingSlots.inFlight).toBe(0);
  }, 90_000);

  it("keeps no layout of more than 16 M characters (it would come over IPC into the API's heap): the reader stops sending it, the upload is accepted, and says why it has no layout", async () => {
    // 1.6 million control characters in a 50 KB file: each is 6 characters of JSON ("\u0001"),
    // once in its line's text and once in its span's.
    const inspection = await inspect(hostile.sharedDenseContentPdf(2, 800, 1000, '\x01'), { ...limits, maxMemoryMb: 256, layoutUpToPages: 20 });
    expect(inspection).toEqual({ pageCount: 2, textPageCount: 2, layoutMissing: 'page 2: the layout of its first 2 pages is over 16 M characters' });
  }, 60_000);

  it('refuses a short PDF that runs out of time before its pages are known, without reading it again', async () => {
    await expect(inspect(readFileSync(fixture('invoice-2p.pdf')), { ...limits, timeoutMs: 1, layoutUpToPages: 20 })).rejects.toThrow(/within/);
  });

  it('refuses a PDF that takes longer than the time limit, and the next upload is inspected normally', async () => {
    const slow = inspect(readFileSync(fixture('table-300.pdf')), { ...limits, timeoutMs: 1 });
    await expect(slow).rejects.toBeInstanceOf(PdfError);
    await expect(slow).rejects.toThrow(/within/);
    expect(await inspect(readFileSync(fixture('invoice-2p.pdf')), limits)).toEqual({ pageCount: 2, textPageCount: 2 });
  });
});

/** `pages` pages of a few text lines each; every 7th page is left blank (a page without text). */
async function longPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) {
    const page = doc.addPage([300, 200]);
    if (n % 7 === 0) continue;
    for (let line = 0; line < 3; line++) page.drawText(`Page ${n} line ${line}`, { x: 10, y: 150 - 20 * line, size: 10, font });
  }
  return doc.save();
}

describe('a document longer than the reader keeps its page caches', () => {
  const limits = { maxPages: 2000, timeoutMs: 60_000, maxMemoryMb: 256 };

  // pdf.js's caches are dropped twice on the way (PAGES_BETWEEN_CLEANUPS in read-pdf-task.ts).
  const PAGES = 120;

  it('counts every page once, blank pages included', async () => {
    expect(await inspectInChild(await longPdf(PAGES), limits)).toEqual({ pageCount: PAGES, textPageCount: PAGES - Math.floor(PAGES / 7) });
  });

  it('gives the same layout, pages in order, as reading it in-process', async () => {
    const bytes = await longPdf(PAGES);
    const layout = await readLayoutInChild(bytes, limits);
    expect(layout.pages.map((p) => p.page)).toEqual(Array.from({ length: PAGES }, (_, i) => i + 1));
    expect(layout).toEqual(await readLayout(bytes));
  });

  it('refuses a document over the page limit before reading any page', async () => {
    await expect(inspectInChild(await longPdf(PAGES), { ...limits, maxPages: 100 })).rejects.toMatchObject({ kind: 'TOO_MANY_PAGES' });
  });
});
