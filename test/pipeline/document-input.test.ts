import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoPdfReason, pdfPagesFor } from '../../src/pipeline/document-input.ts';
import { buildSections, PDF_PAGE_NOTE } from '../../src/pipeline/sections.ts';
import { TOKENS_PER_PDF_PAGE } from '../../src/models/model-ids.ts';
import type { Line, PageLayout, Span } from '../../src/domain/types.ts';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import type { GeminiStub, StubRequest } from '../helpers/gemini-stub.ts';
import { startJob, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import type { TestApp } from '../helpers/test-app.ts';

const box = { x0: 0, y0: 0, x1: 1, y1: 1 };
const span = (text: string): Span => ({ text, bbox: box, fontSize: 10 });
const line = (text: string): Line => ({ text, bbox: box, spans: [span(text)] });
const row = (...cells: string[]): Line => ({ text: cells.join(' | '), bbox: box, spans: cells.map(span), cells: cells.map(span) });
const page = (n: number, lines: Line[], hasTextLayer = true): PageLayout => ({ page: n, width: 595, height: 842, hasTextLayer, lines });

const prose = page(1, [line('Dear customer, thank you for your order of 12 March.'), line('Your invoice total is 120.00 EUR.')]);
const table = page(2, [line('Items'), row('Widget', '2', '10.00'), row('Gadget', '1', '5.00'), row('Gizmo', '3', '7.50')]);
const scan = page(3, [], false);

describe('which pages reach the model as PDF (documentInput)', () => {
  it('AUTO sends a page whose rows were split into table cells as PDF and keeps prose as text', () => {
    expect(autoPdfReason(table)).toBe('table');
    expect(autoPdfReason(prose)).toBeNull();
    expect([...pdfPagesFor([prose, table, scan], 'AUTO')]).toEqual([[2, 'table'], [3, 'scanned']]);
  });

  it('two label/value rows are not yet a table', () => {
    expect(autoPdfReason(page(1, [row('Invoice no.', 'A-1'), row('Date', '2024-01-02')]))).toBeNull();
  });

  it('AUTO calls a text layer of replacement and private-use characters poor', () => {
    expect(autoPdfReason(page(1, [line('\uFFFD\uFFFD\uE001\uE002 12.00 \uFFFD\uFFFD')]))).toBe('poor text layer');
  });

  it('AUTO calls text that came out one glyph per line poor', () => {
    expect(autoPdfReason(page(1, 'INVOICE-NUMBER'.split('').map(line)))).toBe('poor text layer');
  });

  it('a scanned page goes as PDF whatever the setting, and TEXT sends nothing else as PDF', () => {
    expect([...pdfPagesFor([prose, table, scan], 'TEXT').keys()]).toEqual([3]);
    expect([...pdfPagesFor([prose, table, scan]).keys()]).toEqual([3]);
  });

  it('PDF sends every page as PDF', () => {
    expect([...pdfPagesFor([prose, table, scan], 'PDF').keys()]).toEqual([1, 2, 3]);
  });

  it("a page sent as PDF has a note instead of its text in the section, and counts a PDF page's tokens", () => {
    const [asText] = buildSections([table], 100_000);
    const [asPdf] = buildSections([table], 100_000, new Set([2]));
    expect(asText!.text).toContain('Widget | 2 | 10.00');
    expect(asText!.pdfPages).toEqual([]);
    expect(asPdf!.text).toContain(PDF_PAGE_NOTE);
    expect(asPdf!.text).not.toContain('Widget');
    expect(asPdf!.pdfPages).toEqual([2]);
    // A budget that fits the text but not the PDF page's image tokens splits the pages.
    const sections = buildSections([prose, table], TOKENS_PER_PDF_PAGE, new Set([2]));
    expect(sections.map((s) => s.pages.map((p) => p.page))).toEqual([[1], [2]]);
  });
});

describe('documentInput through the service and the Gemini stand-in', () => {
  let stub: GeminiStub;
  let app: TestApp;
  let documentId: string;
  const schema = { type: 'object', properties: { invoice_number: { type: 'string' } } };
  const pdfPagesOf = async (request: StubRequest) => {
    const counts = await Promise.all(request.inlineData.map(async (d) => (await PDFDocument.load(Buffer.from(d.data, 'base64'))).getPageCount()));
    return { parts: request.inlineData.map((d) => d.mimeType), pages: counts.reduce((a, b) => a + b, 0) };
  };

  beforeAll(async () => {
    ({ app, stub } = await startAppWithGeminiStub({ respond: () => ({ kind: 'json', value: { invoice_number: 'INV-2024-0042' } }) }));
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
  });
  afterAll(() => app?.stop());

  const run = async (documentInput: string) => {
    const from = stub.requests.length;
    const { jobId } = await startJob(app, { documentId, jsonSchema: schema, config: { documentInput } });
    const job = await waitForJob(app, jobId!, ['COMPLETED']);
    expect(job.results).toEqual({ invoice_number: 'INV-2024-0042' });
    const [request] = stub.requests.slice(from);
    return { request: request!, sent: await pdfPagesOf(request!) };
  };

  it('PDF sends both pages of the document as one inline PDF part and no page text', async () => {
    const { request, sent } = await run('PDF');
    expect(sent).toEqual({ parts: ['application/pdf'], pages: 2 });
    expect(request.prompt).toMatch(/pages 1, 2 of the document/);
    expect(request.prompt).not.toContain('INV-2024-0042');
  });

  it('TEXT sends the text layer and no PDF', async () => {
    const { request, sent } = await run('TEXT');
    expect(sent).toEqual({ parts: [], pages: 0 });
    expect(request.prompt).toContain('INV-2024-0042');
  });

  it('the config of a job says which documentInput it used, AUTO by default', async () => {
    const { jobId } = await startJob(app, { documentId, jsonSchema: schema });
    const response = await app.gql(`query($id: ID!) { job(id: $id) { config { documentInput } } }`, { id: jobId });
    expect(response.data.job.config.documentInput).toBe('AUTO');
    await waitForJob(app, jobId!, ['COMPLETED']);
    const bad = await startJob(app, { documentId, jsonSchema: schema, config: { documentInput: 'IMAGES' } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const textOnly = await startJob(app, { documentId, jsonSchema: schema, config: { model: 'LOCAL', documentInput: 'PDF' } });
    expect(textOnly.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(textOnly.errors?.[0]?.message).toMatch(/reads PDF pages/);
  });
});
