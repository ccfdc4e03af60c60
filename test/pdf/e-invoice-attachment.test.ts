/**
 * The e-invoice XML a hybrid PDF (ZUGFeRD, Factur-X) embeds travels with the document's layout:
 * recognised by its root element, bounded in size, and left out (the layout reads as before)
 * when it is anything else. Read through the real readers: in this thread, in the reading child
 * whose layout is stored, and in the upload's inspection thread.
 */
import { describe, expect, it } from 'vitest';
import { MAX_E_INVOICE_BYTES } from '../../src/pdf/e-invoice-size-limit.ts';
import { inspectInChild, readLayoutInChild } from '../../src/pdf/pdf-in-child.ts';
import { readLayout } from '../../src/pdf/read-layout.ts';
import { hybridInvoicePdf, printedLines, zugferd1Xml, zugferd2Xml } from '../fixtures/e-invoice-pdf.ts';

const LIMITS = { timeoutMs: 60_000, maxMemoryMb: 256 };

describe('the e-invoice embedded in a PDF', () => {
  it('comes with the layout: a ZUGFeRD 2 invoice attached as factur-x.xml, its XML as attached', async () => {
    const xml = zugferd2Xml();
    const layout = await readLayout(await hybridInvoicePdf(printedLines(), [{ name: 'factur-x.xml', content: xml }]));
    expect(layout.eInvoice).toEqual({ fileName: 'factur-x.xml', syntax: 'CII', xml });
    expect(layout.pages[0]?.lines.some((l) => l.text.includes('Verkäufer'))).toBe(true);
  });

  it('is recognised by its root element, not its file name: a ZUGFeRD 1 invoice named rechnungsdaten.xml beside an XMP packet named invoice.xml', async () => {
    const xmp = '<?xml version="1.0"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>';
    const pdf = await hybridInvoicePdf(printedLines(), [
      { name: 'invoice.xml', content: xmp },
      { name: 'rechnungsdaten.xml', content: zugferd1Xml() },
    ]);
    const layout = await readLayout(pdf);
    expect(layout.eInvoice?.fileName).toBe('rechnungsdaten.xml');
    expect(layout.eInvoice?.syntax).toBe('CII');
  });

  it('is left out when no attachment is an invoice this reader takes: another XML, a file that is not UTF-8, one too large, one not named .xml', async () => {
    const tooLarge = zugferd2Xml().replace('<!-- written by hand for a test -->', `<!-- ${'x'.repeat(MAX_E_INVOICE_BYTES)} -->`);
    const latin1 = new Uint8Array([...new TextEncoder().encode(zugferd2Xml().slice(0, 300)), 0xfc, 0x3e]);
    const pdf = await hybridInvoicePdf(printedLines(), [
      { name: 'order.xml', content: '<?xml version="1.0"?><Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>' },
      { name: 'zugferd-invoice.xml', content: latin1 },
      { name: 'xrechnung.xml', content: tooLarge },
      { name: 'invoice.json', content: zugferd2Xml(), mimeType: 'application/json' },
    ]);
    const layout = await readLayout(pdf);
    expect(layout.eInvoice).toBeUndefined();
    expect(layout.pages[0]?.hasTextLayer).toBe(true);
  });

  it('is left out, promptly, when processing instructions before the root are followed by no element name', async () => {
    const attack = `${'<?a?>'.repeat(40)}<1`;
    const commented = `${'<!--a-->'.repeat(40)}<1`;
    const pdf = await hybridInvoicePdf(printedLines(), [
      { name: 'factur-x.xml', content: attack },
      { name: 'zugferd-invoice.xml', content: commented },
    ]);
    expect((await readLayout(pdf)).eInvoice).toBeUndefined();
  });

  it('is found behind processing instructions and comments that hold "?", "-" and ">" of their own', async () => {
    const xml = zugferd2Xml().replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0"?><?producer a?b > c?><!-- a - b -> c --><!---->');
    expect(xml).toContain('<?producer a?b > c?>');
    const pdf = await hybridInvoicePdf(printedLines(), [{ name: 'factur-x.xml', content: xml }]);
    expect((await readLayout(pdf)).eInvoice?.syntax).toBe('CII');
  });

  it('keeps its file name without the control characters a hostile producer put in it (jsonb refuses a NUL)', async () => {
    const pdf = await hybridInvoicePdf(printedLines(), [{ name: 'factur\u0000-x\u0007.xml', content: zugferd2Xml() }]);
    const layout = await readLayout(pdf);
    expect(layout.eInvoice?.fileName).toBe('factur-x.xml');
    expect(JSON.parse(JSON.stringify((await readLayoutInChild(pdf, LIMITS)).eInvoice))).toMatchObject({ fileName: 'factur-x.xml', syntax: 'CII' });
  });

  it('is kept by the reading child with the layout it stores, and by the upload inspection that reads a short layout', async () => {
    const xml = zugferd2Xml();
    const pdf = await hybridInvoicePdf(printedLines(), [{ name: 'factur-x.xml', content: xml }]);
    const fromChild = await readLayoutInChild(pdf, LIMITS);
    expect(fromChild.eInvoice).toEqual({ fileName: 'factur-x.xml', syntax: 'CII', xml });
    expect(fromChild.pages).toEqual((await readLayout(pdf)).pages);
    const inspection = await inspectInChild(pdf, { maxPages: 10, timeoutMs: 60_000, layoutUpToPages: 10 });
    expect(JSON.parse(inspection.layoutJson ?? '{}')).toEqual(JSON.parse(JSON.stringify(fromChild)));
  });

  it('is absent from a layout whose PDF has none, in every reader the service uses', async () => {
    const pdf = await hybridInvoicePdf(printedLines(), []);
    expect(await readLayout(pdf)).not.toHaveProperty('eInvoice');
    const fromChild = await readLayoutInChild(pdf, LIMITS);
    expect(fromChild).not.toHaveProperty('eInvoice');
    const inspection = await inspectInChild(pdf, { maxPages: 10, timeoutMs: 60_000, layoutUpToPages: 10 });
    expect(JSON.parse(inspection.layoutJson ?? '{}')).toEqual(JSON.parse(JSON.stringify(fromChild)));
  });
});
