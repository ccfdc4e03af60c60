import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { chromiumMissing, launchChromium } from './chromium.ts';
import { INVOICE_SCHEMA, originOf } from './review-helpers.ts';

describe.skipIf(chromiumMissing('test/browser/review-upload.test.ts'))('the home page and its upload form in headless Chromium', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('uploads a PDF with a pasted schema, starts a job with source boxes and lands on its review page, which fills in', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${originOf(app)}/?apiKey=${encodeURIComponent(app.apiKey)}`);
    await expect.poll(() => page.locator('#key-status').innerText(), { timeout: 30_000 }).toContain('Signed in as tenant');
    await page.setInputFiles('#pdf-file', 'test/fixtures/invoice-2p.pdf');
    await page.fill('#schema-text', JSON.stringify(INVOICE_SCHEMA));
    expect(await page.isChecked('#per-key-attribution')).toBe(true);
    await page.click('#start-job');

    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}\/review$/, { timeout: 60_000 });
    // The key travelled in the form post's body: the review page's address does not hold it.
    expect(page.url()).not.toContain(app.apiKey);
    await page.waitForSelector('body[data-review-state="completed"][data-pdf-state="ready"]', { timeout: 60_000 });
    expect(await page.locator('[data-pointer]').count()).toBeGreaterThan(3);
    expect(await page.locator('[data-tree-pointer="/invoice_number"] .value').innerText()).toBe('INV-2024-0042');

    const jobId = /\/jobs\/([0-9a-f-]{36})\/review$/.exec(page.url())![1]!;
    const { data } = await app.gql('query($id: ID!) { job(id: $id) { config { perKeyAttribution } document { filename } } }', { id: jobId });
    expect(data.job).toEqual({ config: { perKeyAttribution: true }, document: { filename: 'invoice-2p.pdf' } });

    // Back home, in the same tab: the key is remembered and the new job is listed with its review page.
    await page.goto(`${originOf(app)}/`);
    const link = page.locator(`#recent-jobs [data-job-id="${jobId}"]`);
    await expect.poll(() => link.count(), { timeout: 30_000 }).toBe(1);
    await link.click();
    await page.waitForSelector('body[data-review-state="completed"]', { timeout: 60_000 });
    expect(page.url()).toBe(`${originOf(app)}/jobs/${jobId}/review`);
    await page.close();
  });

  it('starts a job with a saved schema picked from the list', { timeout: 120_000 }, async () => {
    const saved = await app.gql('mutation($s: JSON!) { createSchema(name: "Invoice (saved)", jsonSchema: $s) { id } }', { s: INVOICE_SCHEMA });
    expect(saved.errors).toBeUndefined();
    const page = await browser.newPage();
    await page.goto(`${originOf(app)}/?apiKey=${encodeURIComponent(app.apiKey)}`);
    await expect.poll(() => page.locator('#saved-schema option').allInnerTexts(), { timeout: 30_000 }).toContain('Invoice (saved)');
    await page.selectOption('#saved-schema', { label: 'Invoice (saved)' });
    expect(JSON.parse(await page.inputValue('#schema-text'))).toEqual(INVOICE_SCHEMA);
    await page.setInputFiles('#pdf-file', 'test/fixtures/invoice-2p.pdf');
    await page.click('#start-job');
    await page.waitForSelector('body[data-review-state="completed"]', { timeout: 60_000 });
    const jobId = /\/jobs\/([0-9a-f-]{36})\/review$/.exec(page.url())![1]!;
    const { data } = await app.gql('query($id: ID!) { job(id: $id) { schema { id } } }', { id: jobId });
    expect(data.job.schema.id).toBe(saved.data.createSchema.id);
    await page.close();
  });

  /** The documents the tenant has stored: a refused form must add none. */
  const documentCount = async () => (await app.gql('{ documents(first: 100) { nodes { id } } }')).data.documents.nodes.length as number;

  it('an empty or invalid pasted schema is refused before the PDF is uploaded, saying why', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(`${originOf(app)}/?apiKey=${encodeURIComponent(app.apiKey)}`);
    await expect.poll(() => page.locator('#key-status').innerText(), { timeout: 30_000 }).toContain('Signed in');
    const before = await documentCount();
    await page.setInputFiles('#pdf-file', 'test/fixtures/invoice-2p.pdf');
    await page.fill('#schema-text', '');
    await page.selectOption('#saved-schema', '');
    await page.click('#start-job');
    await expect.poll(() => page.locator('#upload-status').innerText()).toContain('A job needs a JSON Schema');
    await page.fill('#schema-text', JSON.stringify({ type: 'object', properties: { total: { type: 'money' } } }));
    await page.click('#start-job');
    await expect.poll(() => page.locator('#upload-status').innerText()).toMatch(/^The schema is not valid: \/properties\/total/);
    expect(await page.isDisabled('#start-job')).toBe(false);
    expect(await documentCount()).toBe(before);
    await page.close();
  });

  it('preselects the newest saved schema, and an edit of its text makes it a pasted one', { timeout: 120_000 }, async () => {
    await app.gql('mutation($s: JSON!) { createSchema(name: "Older", jsonSchema: $s) { id } }', { s: { type: 'object', properties: { a: { type: 'string' } } } });
    const newest = await app.gql('mutation($s: JSON!) { createSchema(name: "Newest", jsonSchema: $s) { id } }', { s: INVOICE_SCHEMA });
    const page = await browser.newPage();
    await page.goto(`${originOf(app)}/?apiKey=${encodeURIComponent(app.apiKey)}`);
    await expect.poll(() => page.inputValue('#saved-schema'), { timeout: 30_000 }).toBe(newest.data.createSchema.id);
    expect(JSON.parse(await page.inputValue('#schema-text'))).toEqual(INVOICE_SCHEMA);
    await page.fill('#schema-text', JSON.stringify({ type: 'object', properties: { invoice_number: { type: 'string' } } }));
    expect(await page.inputValue('#saved-schema')).toBe('');
    await page.close();
  });

  it('says what is wrong with a bad key or a schema that is not JSON, and starts nothing', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(`${originOf(app)}/`);
    await page.fill('#api-key', 'pj_not_a_key');
    await page.click('#key-form button[type="submit"]');
    await expect.poll(() => page.locator('#key-status').innerText()).toContain('This key does not work');
    await page.fill('#api-key', app.apiKey);
    await page.click('#key-form button[type="submit"]');
    await expect.poll(() => page.locator('#key-status').innerText()).toContain('Signed in');
    const before = (await app.gql('{ jobs(first: 50) { nodes { id } } }')).data.jobs.nodes.length;
    await page.setInputFiles('#pdf-file', 'test/fixtures/invoice-2p.pdf');
    await page.fill('#schema-text', '{"type": "object", ');
    await page.click('#start-job');
    await expect.poll(() => page.locator('#upload-status').innerText()).toContain('not valid JSON');
    expect((await app.gql('{ jobs(first: 50) { nodes { id } } }')).data.jobs.nodes.length).toBe(before);
    await page.close();
  });
});
