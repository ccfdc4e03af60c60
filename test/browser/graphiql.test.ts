import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { chromiumMissing, launchChromium } from './chromium.ts';

const SCHEMA = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string' },
    line_items: { type: 'array', items: { type: 'object', properties: { description: { type: 'string' }, amount: { type: 'number' } } } },
  },
};

/** Monaco renders spaces as no-break spaces; compare text as a user reads it. */
const textOf = async (locator: Locator) => (await locator.innerText()).replace(/\u00a0/g, ' ');

interface WsMessage {
  type: string;
  payload?: { data?: { jobProgress?: { seq: number; __typename: string; status?: string } } };
}

describe.skipIf(chromiumMissing('test/browser/graphiql.test.ts'))('GraphiQL in headless Chromium', () => {
  // One API (no worker: a job waits in PENDING until a test starts one) and one browser for the
  // file; each test opens its own page.
  let app: TestApp;
  let browser: Browser;
  const stops: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp({ worker: false }), launchChromium()]);
  }, 120_000);
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await browser?.close();
    await app?.stop();
  });

  it('serves a self-contained page, so GraphiQL works without internet access', async () => {
    const html = await (await fetch(app.url, { headers: { accept: 'text/html' } })).text();
    expect(html, 'the page loads GraphiQL from a CDN: install @graphql-yoga/render-graphiql').not.toMatch(/unpkg\.com/);
    expect(html).toContain('renderYogaGraphiQL');
  });

  it('a jobProgress subscription typed into GraphiQL shows the events of a job as a worker runs it', { timeout: 120_000 }, async () => {
    // No worker yet: the job waits in PENDING while GraphiQL subscribes to it.
    const uploaded = await app.upload('test/fixtures/invoice-2p.pdf');
    expect(uploaded.errors).toBeUndefined();
    const documentId = uploaded.data.uploadDocument.id as string;
    const started = await app.gql(
      'mutation($input: StartExtractionJobInput!) { startExtractionJob(input: $input) { jobId status } }',
      { input: { documentId, jsonSchema: SCHEMA, config: { model: 'LOCAL' } } },
    );
    expect(started.errors).toBeUndefined();
    const jobId = started.data.startExtractionJob.jobId as string;

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const received: WsMessage[] = [];
    page.on('websocket', (socket) => {
      socket.on('framereceived', (frame) => received.push(JSON.parse(String(frame.payload)) as WsMessage));
    });

    // GraphiQL is ready for input once it has the schema and its query editor shows the first tab.
    const introspection = page.waitForResponse((r) => r.request().postData()?.includes('__schema') === true, { timeout: 30_000 });
    await page.goto(`${app.url}?apiKey=${encodeURIComponent(app.apiKey)}`);
    expect((await introspection).status()).toBe(200);
    const queryEditor = page.locator('.graphiql-query-editor');
    await expect.poll(() => textOf(queryEditor), { timeout: 30_000 }).toContain('mutation StartJob');
    const headersPane = page.locator('.graphiql-editor-tool');
    await expect.poll(() => textOf(headersPane), { timeout: 30_000 }).toContain(`Bearer ${app.apiKey}`);
    expect(await page.locator('.graphiql-tab').allInnerTexts()).toEqual(['StartJob', 'WatchJob', 'JobResults']);

    // Type the operation the way a user would: replace the editor's text, then press run.
    await queryEditor.locator('.monaco-editor').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(
      // One line: Monaco would auto-indent and auto-close braces after typed newlines.
      `subscription Watch { jobProgress(jobId: "${jobId}") { seq __typename ... on JobStatusEvent { status } } }`,
    );
    await expect.poll(() => textOf(queryEditor)).toContain('subscription Watch');
    // Monaco hands the typed text to GraphiQL's state after a debounce; a click that lands before
    // it runs nothing. Click again (as a person would) until the WebSocket subscription starts.
    let sockets = 0;
    page.on('websocket', () => sockets++);
    for (let attempt = 0; attempt < 5 && sockets === 0; attempt++) {
      await page.locator('.graphiql-execute-button').click();
      await expect.poll(() => sockets, { timeout: 5_000 }).toBeGreaterThan(0).catch(() => {});
    }
    expect(sockets).toBe(1);
    const response = page.locator('.graphiql-response');
    await expect.poll(() => textOf(response), { timeout: 30_000 }).toContain('"PENDING"');

    const worker = await startTestApp({ database: app.database, api: false, worker: true });
    stops.push(() => worker.stop());
    await expect.poll(() => textOf(response), { timeout: 60_000 }).toContain('"COMPLETED"');
    await page.screenshot({ path: '/tmp/paperjson-graphiql.png' });

    // What arrived over the WebSocket: every event once, in order, ending with COMPLETED.
    const events = received.filter((m) => m.type === 'next').map((m) => m.payload!.data!.jobProgress!);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]).toMatchObject({ __typename: 'JobStatusEvent', status: 'PENDING' });
    expect(events.map((e) => e.__typename)).toContain('JobStartedEvent');
    expect(events.filter((e) => e.__typename === 'SubtreeResultEvent')).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ __typename: 'JobStatusEvent', status: 'COMPLETED' });
    await expect.poll(() => received.some((m) => m.type === 'complete')).toBe(true);
    expect(await textOf(response)).toContain(`"seq": ${events.length}`);
  });

  it('the first tab shows its example variables, and a reload keeps the three tabs without adding one', { timeout: 90_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${app.url}?apiKey=${encodeURIComponent(app.apiKey)}`);
    const queryEditor = page.locator('.graphiql-query-editor');
    await expect.poll(() => textOf(queryEditor), { timeout: 30_000 }).toContain('mutation StartJob');
    await page.getByRole('button', { name: 'Variables' }).click();
    const shownTool = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden)');
    await expect.poll(() => textOf(shownTool)).toContain('"documentId": "<a document id from MyDocuments>"');
    await page.reload();
    await expect.poll(() => textOf(queryEditor), { timeout: 30_000 }).toContain('mutation StartJob');
    expect(await page.locator('.graphiql-tab').allInnerTexts()).toEqual(['StartJob', 'WatchJob', 'JobResults']);
    await page.close();
  });

  it('the key leaves the address bar once read, and a reload keeps using it', { timeout: 90_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${app.url}?apiKey=${encodeURIComponent(app.apiKey)}`);
    const headersPane = page.locator('.graphiql-editor-tool');
    await expect.poll(() => textOf(headersPane), { timeout: 30_000 }).toContain(`Bearer ${app.apiKey}`);
    expect(page.url()).toBe(app.url);
    await page.reload();
    await expect.poll(() => textOf(page.locator('.graphiql-query-editor')), { timeout: 30_000 }).toContain('mutation StartJob');
    await expect.poll(() => textOf(headersPane), { timeout: 30_000 }).toContain(`Bearer ${app.apiKey}`);
    expect(await textOf(page.locator('.graphiql-query-editor'))).not.toContain('No API key yet');
    expect(page.url()).toBe(app.url);
    await page.close();
  });

  it('GraphiQL\'s script is compiled under the address without the key, so a reload reuses it', { timeout: 90_000 }, async () => {
    // Chromium reuses a compiled inline script on the next load only at the address it was
    // compiled under: compiled under ?apiKey=..., the 9 MB script was compiled again by the
    // reload (at the address without the key), seconds of DOMContentLoaded.
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    const compiledUnder: string[] = [];
    cdp.on('Debugger.scriptParsed', (script) => {
      if ((script.length ?? 0) > 1_000_000) compiledUnder.push(script.url);
    });
    await cdp.send('Debugger.enable');
    await page.goto(`${app.url}?apiKey=${encodeURIComponent(app.apiKey)}`);
    await expect.poll(() => textOf(page.locator('.graphiql-editor-tool')), { timeout: 30_000 }).toContain(`Bearer ${app.apiKey}`);
    expect(compiledUnder).toEqual([app.url]);
    await page.close();
  });

  it('without ?apiKey the headers show a placeholder that says what to paste', { timeout: 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(app.url);
    await expect.poll(() => textOf(page.locator('.graphiql-editor-tool')), { timeout: 30_000 }).toContain(
      'Bearer PASTE-YOUR-API-KEY-HERE',
    );
    await expect.poll(() => textOf(page.locator('.graphiql-query-editor'))).toContain('No API key yet');
  });
});
