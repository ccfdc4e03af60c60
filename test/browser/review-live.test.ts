import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import type { GeminiStub, StubReply, StubRequest } from '../helpers/gemini-stub.ts';
import { ANSWERS, INVOICE_SCHEMA, subtreeOf } from '../helpers/job-fixtures.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { chromiumMissing, launchChromium } from './chromium.ts';
import { originOf } from './review-helpers.ts';

/**
 * With perKeyAttribution the provider asks for an envelope ({value, evidence}, or {items, done}
 * for a list read in turns); the stand-in answers in the shape the request's schema names.
 */
function withEnvelope(request: StubRequest, value: unknown): StubReply {
  const properties = (request.responseSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  if ('items' in properties) return { kind: 'json', value: { items: value, done: true, evidence: [] } };
  if ('value' in properties) return { kind: 'json', value: { value, evidence: [] } };
  return { kind: 'json', value };
}

const START = 'mutation($input: StartExtractionJobInput!) { startExtractionJob(input: $input) { jobId } }';

describe.skipIf(chromiumMissing('test/browser/review-live.test.ts'))('the review page of a running job, and hostile values', () => {
  let stub: GeminiStub;
  let app: TestApp;
  let browser: Browser;
  let releaseLineItems: () => void = () => {};
  const lineItemsReleased = new Promise<void>((resolve) => (releaseLineItems = resolve));

  beforeAll(async () => {
    // The model stand-in answers every subtree at once except /line_items, which waits for the test.
    let started: Awaited<ReturnType<typeof startAppWithGeminiStub>>;
    [browser, started] = await Promise.all([
      launchChromium(),
      startAppWithGeminiStub({
        respond: async (request) => {
          if (subtreeOf(request) === '/line_items') await lineItemsReleased;
          return withEnvelope(request, ANSWERS[subtreeOf(request)]);
        },
      }),
    ]);
    ({ app, stub } = started);
  }, 120_000);
  afterAll(async () => {
    releaseLineItems();
    await browser?.close();
    await app?.stop();
  });

  it('follows jobProgress and fills in subtree by subtree, boxes included, until the job completes', { timeout: 120_000 }, async () => {
    const documentId = (await app.upload('test/fixtures/invoice-2p.pdf')).data.uploadDocument.id;
    const started = await app.gql(START, {
      input: { documentId, jsonSchema: INVOICE_SCHEMA, config: { model: 'GEMINI_2_5_FLASH', perKeyAttribution: true } },
    });
    const jobId = started.data.startExtractionJob.jobId as string;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${originOf(app)}/jobs/${jobId}/review?apiKey=${encodeURIComponent(app.apiKey)}`);

    // The other subtrees arrive while /line_items is still with the model.
    await page.waitForSelector('[data-tree-pointer="/notes/0/text"]', { timeout: 60_000 }).catch(async (e) => {
      // On failure, what the page showed instead (status, notices, subtree errors).
      console.log(await page.locator('body').evaluate((b) => b.outerHTML.slice(0, 3000)));
      throw e;
    });
    await page.waitForSelector('[data-tree-pointer="/invoice_number"]');
    expect(await page.locator('body').getAttribute('data-review-state')).toBe('running');
    expect(await page.locator('[data-tree-pointer^="/line_items/"]').count()).toBe(0);
    expect(await page.locator('#download-json').isDisabled()).toBe(true);
    await page.waitForSelector('body[data-pdf-state="ready"]');
    await expect.poll(() => page.locator('.box[data-pointer="/invoice_number"]').count()).toBe(1);

    releaseLineItems();
    await page.waitForSelector('body[data-review-state="completed"]', { timeout: 60_000 });
    expect(await page.locator('[data-tree-pointer="/line_items/1/description"] .value').innerText()).toBe('Ballpoint pens, blue, pack of 50');
    expect(await page.locator('[data-tree-pointer="/invoice_number"] .value').innerText()).toBe('INV-2024-0042');
    expect(await page.locator('#download-json').isDisabled()).toBe(false);
    await page.close();
  });

  it('a job cancelled half-way shows what arrived before and says it was cancelled', { timeout: 120_000 }, async () => {
    // From here on only the root's scalars are answered; every list waits until the job is cancelled.
    stub.respond((request) => (subtreeOf(request) === '' ? withEnvelope(request, ANSWERS['']) : { kind: 'hang' }));
    const documentId = (await app.upload('test/fixtures/invoice-2p.pdf')).data.uploadDocument.id;
    const started = await app.gql(START, {
      input: { documentId, jsonSchema: INVOICE_SCHEMA, config: { model: 'GEMINI_2_5_FLASH', perKeyAttribution: true } },
    });
    const jobId = started.data.startExtractionJob.jobId as string;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${originOf(app)}/jobs/${jobId}/review?apiKey=${encodeURIComponent(app.apiKey)}`);
    await page.waitForSelector('[data-tree-pointer="/invoice_number"]', { timeout: 60_000 });
    const cancelled = await app.gql('mutation($id: ID!) { cancelExtractionJob(jobId: $id) { status } }', { id: jobId });
    expect(cancelled.errors).toBeUndefined();
    await page.waitForSelector('body[data-review-state="cancelled"]', { timeout: 60_000 });
    expect(await page.locator('#notice').innerText()).toContain('was cancelled');
    // Why, beside the status: who cancelled it and what became of the subtrees already finished.
    expect(await page.locator('#job-status').innerText()).toContain('CANCELLED · Cancelled through the cancelExtractionJob mutation while PROCESSING; 1 of 4 subtrees had finished');
    expect(await page.locator('[data-tree-pointer="/invoice_number"] .value').innerText()).toBe('INV-2024-0042');
    expect(await page.locator('#download-json').isDisabled()).toBe(true);
    await page.close();
  });

  it('shows a value that holds HTML as text: nothing of it runs', { timeout: 120_000 }, async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const sheet = pdf.addPage([595, 842]);
    const hostile = '<img src=x onerror=window.pwned=1><script>window.pwned=2</script>';
    sheet.drawText('Invoice', { x: 50, y: 780, size: 18, font });
    sheet.drawText(`Invoice number: ${hostile}`, { x: 50, y: 740, size: 10, font });
    const documentId = (await app.upload({ bytes: await pdf.save(), name: 'hostile.pdf' })).data.uploadDocument.id;
    const started = await app.gql(START, {
      input: { documentId, jsonSchema: { type: 'object', properties: { invoice_number: { type: 'string' } } }, config: { model: 'LOCAL', perKeyAttribution: true } },
    });
    const jobId = started.data.startExtractionJob.jobId as string;
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${originOf(app)}/jobs/${jobId}/review?apiKey=${encodeURIComponent(app.apiKey)}`);
    await page.waitForSelector('body[data-review-state="completed"]', { timeout: 60_000 });
    const shown = await page.locator('[data-tree-pointer="/invoice_number"] .value').innerText();
    expect(shown).toContain('<script>');
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('#tree img, #tree script').count()).toBe(0);
    expect(violations).toEqual([]);
    await page.close();
  });
});
