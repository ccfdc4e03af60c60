import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { chromiumMissing, launchChromium } from './chromium.ts';
import { finishedJob, originOf, pointersWithBox, unwrap } from './review-helpers.ts';

describe.skipIf(chromiumMissing('test/browser/review-page.test.ts'))('the review page in headless Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let job: Awaited<ReturnType<typeof finishedJob>>;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // Chromium starts while the service does.
    [browser, app] = await Promise.all([launchChromium(), startTestApp()]);
    job = await finishedJob(app, { perKeyAttribution: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(`${originOf(app)}${path}`);
    return page;
  }

  async function openFinished(jobId = job.id): Promise<Page> {
    const page = await open(`/jobs/${jobId}/review?apiKey=${encodeURIComponent(app.apiKey)}`);
    await page.waitForSelector('body[data-review-state="completed"][data-pdf-state="ready"]', { timeout: 60_000 });
    return page;
  }

  it('draws one highlight per located value, each with the JSON Pointer of its value', { timeout: 90_000 }, async () => {
    const expected = pointersWithBox(job.results);
    expect(expected.length, 'the LOCAL job located no value at all: nothing to draw').toBeGreaterThan(3);
    const page = await openFinished();
    const drawn = await page.locator('[data-pointer]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-pointer')));
    expect(drawn.sort()).toEqual([...expected].sort());
    // The ?apiKey= link has left the address bar (and the history) once the page holds the key.
    expect(new URL(page.url()).searchParams.has('apiKey')).toBe(false);
    expect(page.url()).not.toContain(app.apiKey);
    // Every box lies on its page: its rectangle is inside the rendered page's rectangle.
    const outside = await page.locator('.box').evaluateAll((boxes) =>
      boxes.filter((box) => {
        const b = box.getBoundingClientRect();
        const p = box.parentElement!.getBoundingClientRect();
        return b.width <= 0 || b.height <= 0 || b.left < p.left - 1 || b.right > p.right + 1 || b.top < p.top - 1 || b.bottom > p.bottom + 1;
      }).length,
    );
    expect(outside).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('shows every value with its confidence and reasoning, and marks values without a verified box', { timeout: 90_000 }, async () => {
    const page = await openFinished();
    const rows = page.locator('[data-tree-pointer]');
    const plain = unwrap(job.results) as { invoice_number: string };
    const invoiceRow = page.locator('[data-tree-pointer="/invoice_number"]');
    await expect.poll(() => invoiceRow.innerText()).toContain(plain.invoice_number);
    expect(await invoiceRow.locator('.confidence').innerText()).toMatch(/^\d+%$/);
    expect(await invoiceRow.locator('.reasoning').count()).toBe(1);
    const located = new Set(pointersWithBox(job.results));
    const unmarked = await rows.evaluateAll((nodes) =>
      nodes.map((n) => ({ pointer: n.getAttribute('data-tree-pointer')!, marked: n.classList.contains('unverified'), isNull: !!n.querySelector('.value.null') })),
    );
    for (const row of unmarked) {
      if (row.isNull) continue;
      expect(row.marked, `${row.pointer} is marked as ${row.marked ? 'unverified' : 'verified'}`).toBe(!located.has(row.pointer));
    }
    await page.close();
  });

  it('hovering a value outlines its box and scrolls it into view, and hovering a box marks its value', { timeout: 90_000 }, async () => {
    const page = await openFinished();
    const pointer = pointersWithBox(job.results).at(-1)!;
    const box = page.locator(`.box[data-pointer="${pointer}"]`);
    expect(await box.evaluate((b) => getComputedStyle(b).outlineStyle)).toBe('none');
    await page.locator(`[data-tree-pointer="${pointer}"] .value`).hover();
    await expect.poll(() => box.evaluate((b) => b.classList.contains('active'))).toBe(true);
    expect(await box.evaluate((b) => getComputedStyle(b).outlineStyle)).toBe('solid');
    expect(await box.isVisible()).toBe(true);
    expect(await box.evaluate((b) => {
      const r = b.getBoundingClientRect();
      const view = document.getElementById('pages')!.getBoundingClientRect();
      return r.top >= view.top && r.bottom <= view.bottom;
    })).toBe(true);
    expect(await page.locator('.box.active').count()).toBe(1);

    const other = pointersWithBox(job.results)[0]!;
    await page.locator(`.box[data-pointer="${other}"]`).hover({ force: true });
    await expect.poll(() => page.locator(`[data-tree-pointer="${other}"]`).evaluate((r) => r.classList.contains('active'))).toBe(true);
    expect(await box.evaluate((b) => b.classList.contains('active'))).toBe(false);
    await page.close();
  });

  it('is not blank: the first page is drawn and a screenshot of it has dark pixels', { timeout: 90_000 }, async () => {
    const page = await openFinished();
    await page.waitForSelector('.page[data-page="1"][data-rendered="true"]');
    const inked = await page.locator('.page[data-page="1"] canvas').evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 128 && data[i + 1]! < 128 && data[i + 2]! < 128) dark++;
      return { dark, total: data.length / 4 };
    });
    expect(inked.dark).toBeGreaterThan(500);
    expect(inked.dark).toBeLessThan(inked.total / 2);
    // The same from outside the page: the screenshot's pixels, as a person would see them.
    const shot = await page.locator('.page[data-page="1"]').screenshot({ path: '/tmp/paperjson-review.png' });
    // Decoded in a blank page: the review page's CSP (rightly) refuses data: fetches.
    const blank = await browser.newPage();
    const pixels = await blank.evaluate(async (base64) => {
      const image = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, image.width, image.height);
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 128 && data[i + 1]! < 128 && data[i + 2]! < 128) dark++;
      return dark;
    }, shot.toString('base64'));
    expect(pixels).toBeGreaterThan(500);
    await blank.close();
    await page.close();
  });

  it('downloads the finished result as JSON and as CSV with one row per line item', { timeout: 90_000 }, async () => {
    const page = await openFinished();
    const plain = unwrap(job.results) as { invoice_number: string; line_items: Array<Record<string, unknown>> };
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
    expect(JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8'))).toEqual(plain);
    expect(jsonDownload.suggestedFilename()).toBe(`paperjson-${job.id}.json`);

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const lines = readFileSync((await csvDownload.path())!, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('invoice_number,invoice_date,total_due,line_items.description,line_items.quantity,line_items.amount');
    expect(lines).toHaveLength(1 + plain.line_items.length);
    expect(lines[1]!.startsWith(`${plain.invoice_number},`)).toBe(true);
    const first = plain.line_items[0]!;
    expect(lines[1]).toContain(String(first.amount));

    const [sources] = await Promise.all([page.waitForEvent('download'), page.click('#download-sources')]);
    expect(JSON.parse(readFileSync((await sources.path())!, 'utf8'))).toEqual(job.results);
    await page.close();
  });

  it('opened without a key, or with a key of another tenant, shows nothing of the job', { timeout: 60_000 }, async () => {
    const requests: string[] = [];
    const page = await browser.newPage();
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    const noKey = await page.goto(`${originOf(app)}/jobs/${job.id}/review`);
    expect(noKey!.status()).toBe(401);
    expect(await page.locator('body').getAttribute('data-review-state')).toBe('unauthenticated');
    const text = await page.locator('body').innerText();
    expect(text).toContain('API key needed');
    expect(text).not.toContain(job.document.filename);
    expect(await page.locator('[data-pointer], [data-tree-pointer], canvas').count()).toBe(0);
    expect(requests.filter((p) => p === '/graphql' || p.startsWith('/documents/'))).toEqual([]);

    const otherKey = await app.newTenant();
    const other = await page.goto(`${originOf(app)}/jobs/${job.id}/review?apiKey=${encodeURIComponent(otherKey)}`);
    expect(other!.status()).toBe(404);
    expect(await page.locator('body').innerText()).not.toContain(job.document.filename);
    expect(await page.locator('[data-pointer], canvas').count()).toBe(0);

    // A wrong key is said to be wrong (not missing) and leaves the address bar, as on the home page.
    const wrong = await page.goto(`${originOf(app)}/jobs/${job.id}/review?apiKey=pj_wrong_key_of_nobody`);
    expect(wrong!.status()).toBe(401);
    expect(await page.locator('body').innerText()).toContain('This key does not work: Unknown or revoked API key.');
    await expect.poll(() => page.url()).toBe(`${originOf(app)}/jobs/${job.id}/review`);

    // The key form of the 401 page opens the page (the key goes in the POST body, not the URL).
    await page.goto(`${originOf(app)}/jobs/${job.id}/review`);
    await page.fill('input[name="apiKey"]', app.apiKey);
    await page.click('button[type="submit"]');
    await page.waitForSelector('body[data-review-state="completed"]', { timeout: 60_000 });
    expect(page.url()).not.toContain(app.apiKey);
    await page.close();
  });

  it('its header says "1 page" of a one-page document and "2 pages" of a two-page one', { timeout: 90_000 }, async () => {
    const onePage = await finishedJob(app, { perKeyAttribution: false, fixture: 'test/fixtures/two-column.pdf' });
    const page = await openFinished(onePage.id);
    expect(await page.locator('#job-document').innerText()).toBe('two-column.pdf · 1 page · LOCAL');
    await page.goto(`${originOf(app)}/jobs/${job.id}/review?apiKey=${encodeURIComponent(app.apiKey)}`);
    await expect.poll(() => page.locator('#job-document').innerText(), { timeout: 30_000 }).toBe('invoice-2p.pdf · 2 pages · LOCAL');
    await page.close();
  });

  it('a job started without perKeyAttribution shows its values and says boxes need that option', { timeout: 90_000 }, async () => {
    const plainJob = await finishedJob(app, { perKeyAttribution: false });
    const page = await openFinished(plainJob.id);
    expect(await page.locator('#notice').innerText()).toContain('perKeyAttribution');
    expect(await page.locator('[data-pointer]').count()).toBe(0);
    const results = plainJob.results as { invoice_number: string };
    expect(await page.locator('[data-tree-pointer="/invoice_number"] .value').innerText()).toBe(results.invoice_number);
    await page.close();
  });
});
