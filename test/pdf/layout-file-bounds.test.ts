import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readLayoutBytesInChild } from '../../src/pdf/pdf-in-child.ts';
import { PdfError } from '../../src/pdf/pdf-error.ts';
import { fixture } from '../helpers/job-fixtures.ts';
import { hybridInvoicePdf, printedLines, zugferd2Xml } from '../fixtures/e-invoice-pdf.ts';

const LIMITS = { timeoutMs: 60_000, maxMemoryMb: 512 };

/** The reader child writes a job's layout to a temporary file (pdf/layout-file.ts): its bounds. */
describe("the layout file of a document's reader", () => {
  it('stops the reader and refuses the document as TOO_COMPLEX once its layout passes the bound', async () => {
    const pdf = readFileSync(fixture('invoice-2p.pdf'));
    // The whole layout fits a generous bound: the same document, the same reader.
    const whole = await readLayoutBytesInChild(pdf, LIMITS);
    const bound = Math.floor(whole.json.length / 2);
    const refused = await readLayoutBytesInChild(pdf, LIMITS, undefined, { maxLayoutBytes: bound }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PdfError);
    expect(refused).toMatchObject({ kind: 'TOO_COMPLEX', message: expect.stringContaining('text layout is larger than') });
  }, 60_000);

  it('leaves out an e-invoice that would take the layout past the bound, and reads the document from its print', async () => {
    const pdf = await hybridInvoicePdf(printedLines(), [{ name: 'factur-x.xml', content: zugferd2Xml() }]);
    const whole = JSON.parse((await readLayoutBytesInChild(pdf, LIMITS)).json.toString('utf8')) as { pages: unknown[]; eInvoice?: { xml: string } };
    expect(whole.eInvoice?.xml).toBe(zugferd2Xml());
    const pagesOnly = Buffer.byteLength(JSON.stringify({ pageCount: 1, pages: whole.pages }));
    const bounded = await readLayoutBytesInChild(pdf, LIMITS, undefined, { maxLayoutBytes: pagesOnly + 100 });
    expect(JSON.parse(bounded.json.toString('utf8'))).toEqual({ pageCount: 1, pages: whole.pages });
  }, 60_000);

  it("reports a failed write (a full disk) as the service's trouble, never as a damaged PDF", async () => {
    const full = await open('/dev/full', 'r+');
    const failed = await readLayoutBytesInChild(readFileSync(fixture('invoice-2p.pdf')), LIMITS, undefined, { file: full }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    expect(failed).not.toBeInstanceOf(PdfError);
    expect((failed as Error).message).toContain('could not write the layout');
    expect(String((failed as Error).cause)).toContain('ENOSPC');
  }, 60_000);
});
