import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectInThread } from '../../src/pdf/pdf-in-thread.ts';
import { PdfError } from '../../src/pdf/load-pdf.ts';
import { fixture } from '../helpers/job-fixtures.ts';

describe('inspecting an upload in a worker thread', () => {
  const limits = { maxPages: 2000, timeoutMs: 30_000 };

  it('counts pages and text pages as the inspection does in-process', async () => {
    expect(await inspectInThread(readFileSync(fixture('scanned.pdf')), limits)).toEqual({ pageCount: 2, textPageCount: 1 });
    expect(await inspectInThread(readFileSync(fixture('table-300.pdf')), limits)).toEqual({ pageCount: 6, textPageCount: 6 });
  });

  it('passes the kind of a refusal through', async () => {
    await expect(inspectInThread(readFileSync(fixture('encrypted.pdf')), limits)).rejects.toMatchObject({ kind: 'ENCRYPTED' });
    await expect(inspectInThread(readFileSync(fixture('invoice-2p.pdf')), { ...limits, maxPages: 1 })).rejects.toMatchObject({
      kind: 'TOO_MANY_PAGES',
    });
  });

  it('refuses a PDF that takes longer than the time limit, and the next upload is inspected normally', async () => {
    const slow = inspectInThread(readFileSync(fixture('table-300.pdf')), { ...limits, timeoutMs: 1 });
    await expect(slow).rejects.toBeInstanceOf(PdfError);
    await expect(slow).rejects.toThrow(/within/);
    expect(await inspectInThread(readFileSync(fixture('invoice-2p.pdf')), limits)).toEqual({ pageCount: 2, textPageCount: 2 });
  });
});
